import type { PlainValue } from './QueryResult.js';

/**
 * The text of one value in CLI output: numbers and strings as they are, bigints as digits, lists and structs
 * as JSON, NULL as `nullText` ('NULL' in tables, '' in CSV).
 */
export function formatCell(value: PlainValue, nullText: string): string {
  if (value === null) return nullText;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}
