import type { JS } from '@duckdb/node-api';
import type { ColumnSource } from './ColumnSource.js';
import { column } from './column.js';

/**
 * Column sources for a few records (small tables): `pick` maps each column name to the record's value for it
 * (undefined and NaN become NULL; objects meant for JSON columns should be passed through `toJsonText`).
 */
export function recordColumns<R>(
  records: readonly R[],
  pick: Readonly<Record<string, (record: R) => JS | undefined>>,
): Record<string, ColumnSource> {
  const sources: Record<string, ColumnSource> = {};
  for (const [name, get] of Object.entries(pick)) sources[name] = column.values(records.map(get));
  return sources;
}
