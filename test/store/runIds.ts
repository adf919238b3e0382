import { I2xStore } from '../../src/store/I2xStore.js';

/** The run ids in the store at `path`, read through a read-only open. */
export async function runIds(path: string): Promise<unknown[]> {
  const store = await I2xStore.create(path, { readOnly: true });
  try {
    return (await store.query('SELECT run_id FROM runs ORDER BY run_id')).rows.map((row) => row[0]);
  } finally {
    store.close();
  }
}
