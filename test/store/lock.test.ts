import { afterAll, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { I2xError } from '../../src/util/I2xError.js';
import { holdStoreOpen } from './holdStoreOpen.js';
import { tempStoreDir } from './tempStoreDir.js';

const temp = tempStoreDir();
afterAll(() => temp.remove());

describe('one process per store file', () => {
  test('a second process gets a clear E_STORE error naming the file', async () => {
    const path = temp.path('locked.duckdb');
    (await I2xStore.create(path)).close();
    const holder = await holdStoreOpen(path);
    try {
      const error = await I2xStore.create(path).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(I2xError);
      expect((error as I2xError).code).toBe('E_STORE');
      expect((error as I2xError).message).toContain(`The i2x store ${path} is in use by another i2x process (PID ${holder.pid})`);
      expect((error as I2xError).message).toContain('Wait for that process to finish');
    } finally {
      await holder.release();
    }
    const reopened = await I2xStore.create(path);
    reopened.close();
  });

  test('a second open in the same process is refused until the first is closed', async () => {
    const path = temp.path('same-process.duckdb');
    const first = await I2xStore.create(path);
    try {
      await expect(I2xStore.create(path)).rejects.toThrow(`The i2x store ${path} is already open in this process`);
    } finally {
      first.close();
    }
    const second = await I2xStore.create(path);
    second.close();
    await expect(second.query('SELECT 1')).rejects.toThrow(/is closed; open it again/);
  });

  test('of two concurrent opens in one process, exactly one succeeds', async () => {
    const path = temp.path('concurrent.duckdb');
    const outcomes = await Promise.allSettled([I2xStore.create(path), I2xStore.create(path)]);
    const opened = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(opened).toHaveLength(1);
    opened[0].close();
  });
});
