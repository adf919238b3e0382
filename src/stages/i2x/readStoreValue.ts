import { existsSync } from 'node:fs';
import type { DuckDBValue } from '@duckdb/node-api';
import { I2xStore } from '../../store/I2xStore.js';

/**
 * The first value `sql` reads from the store at `path` (undefined for no row), opened read-only so that
 * `i2x status` works on a read-only store; or, when the store cannot be read, why. For stages whose outputs are
 * rows in the store to check that they are still there (`Stage.missingOutputs`).
 */
export async function readStoreValue(
  path: string,
  sql: string,
  params: DuckDBValue[],
): Promise<{ readonly value: unknown } | { readonly unreadable: string }> {
  if (!existsSync(path)) return { unreadable: `the store ${path}` };
  let store: I2xStore;
  try {
    store = await I2xStore.create(path, { readOnly: true });
  } catch (err) {
    // e.g. a store at an older schema version: running the stage again migrates it
    return { unreadable: `a readable store ${path} (${(err as Error).message})` };
  }
  try {
    return { value: (await store.query(sql, params)).rows[0]?.[0] };
  } finally {
    store.close();
  }
}
