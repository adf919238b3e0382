import { formatCell } from './formatCell.js';
import type { QueryResult } from './QueryResult.js';

const NUMERIC_TYPE = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|DECIMAL(\(.*\))?)$/;

/**
 * A query result as an aligned text table for the terminal: a header, a rule of dashes, then one line per row;
 * columns two spaces apart, columns of numeric type right-aligned, NULL shown as 'NULL', trailing spaces trimmed.
 */
export function formatTable(result: QueryResult): string {
  const cells = result.rows.map((row) => row.map((value) => formatCell(value, 'NULL').replace(/\r?\n/g, '\\n')));
  const rightAligned = result.types.map((type) => NUMERIC_TYPE.test(type));
  const widths = result.columns.map((name, c) => cells.reduce((width, row) => Math.max(width, row[c].length), name.length));
  const line = (texts: string[]): string =>
    texts
      .map((text, c) => (rightAligned[c] ? text.padStart(widths[c]) : text.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const lines = [line(result.columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)];
  return lines.join('\n') + '\n';
}
