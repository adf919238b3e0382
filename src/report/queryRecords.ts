import type { DuckDBValue } from '@duckdb/node-api';
import type { I2xStore } from '../store/I2xStore.js';
import type { PlainValue } from '../store/QueryResult.js';

/** Runs `sql` and returns its rows as objects keyed by column name. */
export async function queryRecords(
  store: I2xStore,
  sql: string,
  params?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<Record<string, PlainValue>[]> {
  const result = await store.query(sql, params);
  return result.rows.map((row) => Object.fromEntries(result.columns.map((name, c) => [name, row[c]])));
}
