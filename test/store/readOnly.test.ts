import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { applyMigrations } from '../../src/store/applyMigrations.js';
import { migrations } from '../../src/store/migrations.js';
import { refusedWriteStatement } from '../../src/store/refusedWriteStatement.js';
import { writeRun } from '../../src/store/writers/writeRun.js';
import { I2xError } from '../../src/util/I2xError.js';
import { holdStoreOpen } from './holdStoreOpen.js';
import { tempStoreDir } from './tempStoreDir.js';
import { runIds } from './runIds.js';

const temp = tempStoreDir();
afterAll(() => temp.remove());

const NEWEST = migrations[migrations.length - 1].version;

async function storeWithOneRun(name: string): Promise<string> {
  const path = temp.path(name);
  const store = await I2xStore.create(path);
  try {
    await writeRun(store, { runId: 'a', configName: 'quickstart', status: 'done' });
  } finally {
    store.close();
  }
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<I2xError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(I2xError);
  return error as I2xError;
}


describe('a store opened read-only', () => {
  test('reads, and refuses every write: SQL statements and the writers', async () => {
    const path = await storeWithOneRun('refuses.duckdb');
    const store = await I2xStore.create(path, { readOnly: true });
    try {
      expect(store.readOnly).toBe(true);
      expect(store.schemaVersion).toBe(NEWEST);
      expect((await store.query('SELECT run_id, status FROM runs')).rows).toEqual([['a', 'done']]);
      const deleted = await store.query('DELETE FROM runs').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refusedWriteStatement(deleted)).toBe('DELETE');
      const written = await rejection(writeRun(store, { runId: 'b', configName: 'other', status: 'done' }));
      expect(written.code).toBe('E_STORE');
      expect(written.message).toBe(
        `The i2x store ${path} is open read-only, so rows of runs cannot be written; open it with I2xStore.create(path) to write.`,
      );
    } finally {
      store.close();
    }
    expect(await runIds(path)).toEqual(['a']);
  });

  test('shares the file with another process that reads it (a writable open would be refused)', async () => {
    const path = await storeWithOneRun('shared.duckdb');
    const holder = await holdStoreOpen(path, 'READ_ONLY');
    try {
      expect(await runIds(path)).toEqual(['a']);
      expect((await rejection(I2xStore.create(path))).message).toContain('is in use by another i2x process');
    } finally {
      await holder.release();
    }
  });

  test('of a missing file says which file and that i2x run creates it, and creates nothing', async () => {
    const path = join(temp.dir, 'no-such-folder', 'i2x.duckdb');
    const error = await rejection(I2xStore.create(path, { readOnly: true }));
    expect(error.code).toBe('E_STORE');
    expect(error.message).toBe(
      `The i2x store ${path} does not exist: no run has written its results there yet. \`i2x run <config>\` creates it (its database stage); or point at another store file.`,
    );
    expect(existsSync(join(temp.dir, 'no-such-folder'))).toBe(false);
  });

  test('of an older store is refused without migrating it', async () => {
    const path = temp.path('older.duckdb');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await applyMigrations(connection, path, migrations.slice(0, 1));
    connection.closeSync();
    instance.closeSync();

    const error = await rejection(I2xStore.create(path, { readOnly: true }));
    expect(error.message).toBe(
      `The i2x store ${path} has schema version 1, older than this i2x's (${NEWEST}), and a store opened read-only is not migrated. ` +
        'Open it once for writing to migrate it (any `i2x run`, or `i2x query --write "SELECT 1"`), or point at another store file.',
    );
    const raw = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const check = await raw.connect();
    try {
      expect((await check.runAndReadAll('SELECT max(version) FROM schema_migrations')).getRowsJS()).toEqual([[1]]);
    } finally {
      check.closeSync();
      raw.closeSync();
    }
  });

  test('of a DuckDB file i2x never opened reports schema version 0', async () => {
    const path = temp.path('foreign.duckdb');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t (a INTEGER)');
    connection.closeSync();
    instance.closeSync();
    expect((await rejection(I2xStore.create(path, { readOnly: true }))).message).toContain('has schema version 0, older than');
  });

  test('of a newer store says to upgrade i2x', async () => {
    const path = await storeWithOneRun('newer.duckdb');
    const store = await I2xStore.create(path);
    await store.query("INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')");
    store.close();
    const error = await rejection(I2xStore.create(path, { readOnly: true }));
    expect(error.message).toBe(`The i2x store ${path} has schema version 99, newer than this i2x knows (${NEWEST}). Upgrade i2x, or point it at another store file.`);
  });

  test("of ':memory:' is refused", async () => {
    await expect(I2xStore.create(':memory:', { readOnly: true })).rejects.toThrow("A read-only i2x store needs a file: ':memory:' starts empty");
  });
});
