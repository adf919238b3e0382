import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { I2xError } from '../../src/util/I2xError.js';
import { tempStoreDir } from './tempStoreDir.js';

const temp = tempStoreDir();
afterAll(() => temp.remove());

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Starts a node process that opens `path` with DuckDB and keeps it open until its stdin closes. */
async function holdOpen(path: string): Promise<ChildProcess> {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(path)});
    process.stdout.write('open\\n');
    process.stdin.resume();
    process.stdin.on('end', () => { instance.closeSync(); process.exit(0); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${stderr}`)));
  });
  return child;
}

describe('one process per store file', () => {
  test('a second process gets a clear E_STORE error naming the file', async () => {
    const path = temp.path('locked.duckdb');
    (await I2xStore.create(path)).close();
    const holder = await holdOpen(path);
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
      holder.stdin?.end();
      await new Promise((resolve) => holder.once('exit', resolve));
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
