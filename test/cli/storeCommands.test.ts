import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writeRun } from '../../src/store/writers/writeRun.js';
import { holdStoreOpen } from '../store/holdStoreOpen.js';
import { tempStoreDir } from '../store/tempStoreDir.js';
import { captureOutput } from '../helpers/captureOutput.js';
import { runIds } from '../store/runIds.js';


const temp = tempStoreDir();
afterAll(() => {
  chmodSync(join(temp.dir, 'readonly'), 0o755);
  temp.remove();
});

/** A store with runs 'a' and 'b', which differ in one config key and one metric. */
async function twoRunStore(path: string): Promise<void> {
  const store = await I2xStore.create(path);
  try {
    await writeRun(store, { runId: 'a', configName: 'quickstart', status: 'done', config: { train: { epochs: 3 } }, metrics: { acc: 0.9 }, createdAt: new Date('2026-01-01T10:00:00Z') });
    await writeRun(store, { runId: 'b', configName: 'quickstart', status: 'done', config: { train: { epochs: 5 } }, metrics: { acc: 0.95 }, createdAt: new Date('2026-01-01T11:00:00Z') });
  } finally {
    store.close();
  }
}


describe('i2x query', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses a DELETE without --write, saying to add it, and changes nothing', async () => {
    const path = temp.path('query-delete.duckdb');
    await twoRunStore(path);
    const io = captureOutput();
    expect(await main(['query', "DELETE FROM runs WHERE run_id = 'a'", '--store', path])).toBe(1);
    expect(io.err()).toBe(
      `i2x query: [E_STORE] i2x query opens the store ${path} read-only, and a DELETE statement would change it; ` +
        'nothing was changed. To change the store, add --write: i2x query --write "<SQL>"\n',
    );
    expect(await runIds(path)).toEqual(['a', 'b']);
  });

  it('runs a DELETE with --write', async () => {
    const path = temp.path('query-write.duckdb');
    await twoRunStore(path);
    captureOutput();
    expect(await main(['query', "DELETE FROM runs WHERE run_id = 'a'", '--write', '--store', path])).toBe(0);
    expect(await runIds(path)).toEqual(['b']);
  });

  it('runs SQL whose first line is a -- comment (not taken for an option), with options on either side', async () => {
    const path = temp.path('query-comment.duckdb');
    await twoRunStore(path);
    const sql = "-- the runs, by id\nSELECT run_id FROM runs ORDER BY run_id -- trailing\n";
    for (const args of [['query', sql, '--csv', '--store', path], ['query', '--csv', '--store', path, sql], ['query', '--csv', '--store', path, '--', sql]]) {
      const io = captureOutput();
      expect(await main(args)).toBe(0);
      expect(io.out()).toBe('run_id\na\nb\n');
      vi.restoreAllMocks();
    }
    // an option's value that starts with '-' and holds whitespace reaches the command as typed
    const odd = captureOutput();
    expect(await main(['runs', '--store', '-odd dir/i2x.duckdb'])).toBe(1);
    expect(odd.err()).toMatch(/^i2x runs: \[E_STORE\] The i2x store .*-odd dir\/i2x\.duckdb does not exist/);
    vi.restoreAllMocks();
    // an option name with a typo is still refused by name
    const io = captureOutput();
    expect(await main(['query', sql, '--cvs', '--store', path])).toBe(2);
    expect(io.err()).toMatch(/^i2x query: \[E_USAGE\] unknown option '--cvs'/);
  });

  it('reports SQL DuckDB cannot run as an i2x error, not a stack', async () => {
    const path = temp.path('query-bad.duckdb');
    await twoRunStore(path);
    const io = captureOutput();
    expect(await main(['query', 'SELEC 1', '--store', path])).toBe(1);
    expect(io.err()).toMatch(new RegExp(`^i2x query: \\[E_STORE\\] the query failed on ${path}: Parser Error: syntax error at or near "SELEC"`));
  });

  it('says which store is missing and that i2x run creates it', async () => {
    const path = temp.path('missing.duckdb');
    const io = captureOutput();
    expect(await main(['runs', '--store', path])).toBe(1);
    expect(io.err()).toBe(
      `i2x runs: [E_STORE] The i2x store ${path} does not exist: no run has written its results there yet. \`i2x run <config>\` creates it (its database stage); or point at another store file.\n`,
    );
  });
});

describe('query, runs and diff on a read-only store', () => {
  // A read-only folder (which root can still write to), and the file held read-only by another process, which
  // only lets readers in: both pass only if the commands open the store read-only.
  const path = join(temp.dir, 'readonly', 'i2x.duckdb');
  let holder: Awaited<ReturnType<typeof holdStoreOpen>>;
  beforeAll(async () => {
    await twoRunStore(path);
    chmodSync(path, 0o444);
    chmodSync(join(temp.dir, 'readonly'), 0o555);
    holder = await holdStoreOpen(path, 'READ_ONLY');
  });
  afterAll(async () => {
    await holder.release();
    chmodSync(join(temp.dir, 'readonly'), 0o755);
  });
  afterEach(() => vi.restoreAllMocks());

  it('query', async () => {
    const io = captureOutput();
    expect(await main(['query', 'SELECT run_id, status FROM runs ORDER BY run_id', '--csv', '--store', path])).toBe(0);
    expect(io.out()).toBe('run_id,status\na,done\nb,done\n');
    expect(io.err()).toBe('');
  });

  it('runs', async () => {
    const io = captureOutput();
    expect(await main(['runs', '--store', path])).toBe(0);
    expect(io.out().split('\n').filter((line) => /^\s*[ab]\s/.test(line)).map((line) => line.trim().split(/\s+/).slice(0, 3))).toEqual([
      ['a', 'quickstart', 'done'],
      ['b', 'quickstart', 'done'],
    ]);
    expect(io.err()).toBe('');
  });

  it('diff', async () => {
    const io = captureOutput();
    expect(await main(['diff', 'a', 'b', '--store', path])).toBe(0);
    expect(io.out()).toBe('config.train.epochs: 3 -> 5\nmetrics.acc: 0.9 -> 0.95\n');
    expect(io.err()).toBe('');
  });
});
