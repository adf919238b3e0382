import { formatCell } from './formatCell.js';
import type { QueryResult } from './QueryResult.js';

/**
 * A query result as CSV (RFC 4180): a header line, then one line per row; a field is quoted when it holds a
 * comma, quote, line break or leading/trailing space; NULL is an empty field; lists and structs are JSON text.
 */
export function formatCsv(result: QueryResult): string {
  const field = (text: string): string => (/[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [result.columns, ...result.rows.map((row) => row.map((value) => formatCell(value, '')))];
  return lines.map((texts) => texts.map(field).join(',')).join('\n') + '\n';
}
