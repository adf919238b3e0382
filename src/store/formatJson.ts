import type { PlainValue, QueryResult } from './QueryResult.js';

/**
 * A query result as a JSON array with one object per row (keys in column order), indented by two spaces.
 * Integers beyond 2^53 are written as strings, since JSON numbers cannot hold them exactly.
 */
export function formatJson(result: QueryResult): string {
  const objects = result.rows.map((row) => {
    const object: Record<string, PlainValue> = {};
    result.columns.forEach((name, c) => (object[name] = row[c]));
    return object;
  });
  return JSON.stringify(objects, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item), 2) + '\n';
}
