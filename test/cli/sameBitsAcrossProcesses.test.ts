import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { schema } from '../../src/store/schema.js';

/*
 * Same config and seed, same bits, in separate processes: `i2x run` in two fresh working directories must
 * leave byte-identical checkpoints and stage outputs, and the same rows in DuckDB. Only wall-clock fields
 * differ (they are masked below). Seed 0 is the default and was once "no seed" to tfjs's initialisers, so
 * it is one of the two seeds; the other runs on one thread where seed 0 runs on the default two workers.
 */
const MAIN = resolve('dist/src/cli/main.js');

/** Keys whose values are wall-clock times or rates: they differ between any two runs. */
const TIMING_KEY = /^(startedAt|finishedAt|writtenAt|durationMs|created_at)$|seconds$|persecond$/i;

function configYaml(seed: number, workers: number): string {
  return [
    'name: bits',
    `seed: ${seed}`,
    `workers: ${workers}`,
    'data: { trainSubset: { perClass: 6 }, testSubset: { first: 40 }, valFraction: 0.2 }',
    'model: { width: 0.25 }',
    'train: { epochs: 2, batchSize: 16, checkpoints: { everyEpochs: 1 } }',
    'analysis:',
    '  prototypes: { k: 3, pcaComponents: 3 }',
    '  groups: { minClusterSize: 4, minSamples: 2 }',
    '  saliency: { compare: { samples: 8 } }',
    'quality: { sampleSize: 4, steps: 4 }',
    '',
  ].join('\n');
}

/** Runs `i2x run config.yaml` in a new working directory and resolves to that directory when the process exits. */
function runInFreshProcess(root: string, label: string, yaml: string): Promise<string> {
  const cwd = join(root, label);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'config.yaml'), yaml);
  const child = spawn(process.execPath, [MAIN, 'run', 'config.yaml'], {
    cwd,
    env: { ...process.env, I2X_QUIET: '1', I2X_BACKEND: 'wasm' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolvePromise(cwd) : reject(new Error(`i2x run in ${cwd} exited ${status}: ${stderr}`))));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !TIMING_KEY.test(key)).map(([key, v]) => [key, withoutTimings(v)]));
}

/** When the store says a run was analysed: the report prints it (e.g. 'Analysed 2026-12-02T06:40:13.237Z.'). */
const WALL_CLOCK_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;

/** A file's content for comparison: JSON without its timing fields, the report's HTML without its wall-clock times, anything else as raw bytes (hex). */
function comparableContent(path: string): unknown {
  if (path.endsWith('.json')) return withoutTimings(JSON.parse(readFileSync(path, 'utf8')));
  if (path.endsWith('.html')) return readFileSync(path, 'utf8').replace(WALL_CLOCK_TIME, '<time>');
  return readFileSync(path).toString('hex');
}

async function storeRows(path: string): Promise<Record<string, unknown[]>> {
  const store = await I2xStore.create(path);
  try {
    const tables: Record<string, unknown[]> = {};
    for (const table of Object.keys(schema)) {
      const result = await store.query(`SELECT * FROM ${table} ORDER BY ALL`);
      const keep = result.columns.map((column) => !TIMING_KEY.test(column));
      tables[table] = result.rows.map((row) => withoutTimings(row.filter((_, c) => keep[c]).map((v) => (typeof v === 'string' && v.startsWith('{') ? JSON.parse(v) : v))));
    }
    return tables;
  } finally {
    store.close();
  }
}

describe('same config and seed in two separate processes', () => {
  it.each([
    { seed: 0, workers: 2 },
    { seed: 7, workers: 1 },
  ])('gives bit-identical checkpoints, stage outputs and store rows (seed $seed, $workers worker(s))', async ({ seed, workers }) => {
    const root = mkdtempSync(join(tmpdir(), `i2x-bits-${seed}-`));
    const yaml = configYaml(seed, workers);
    // the two processes run at the same time: each on its own, neither seeing the other's files or timing
    const [a, b] = await Promise.all([runInFreshProcess(root, 'a', yaml), runInFreshProcess(root, 'b', yaml)]);

    for (const [top, expectedFile] of [['checkpoints', 'weights.bin'], [join('artifacts', 'bits'), 'features.bin']]) {
      const files = filesUnder(join(a, top));
      expect(filesUnder(join(b, top))).toEqual(files);
      expect(files.some((f) => f.endsWith(expectedFile))).toBe(true);
      for (const file of files) {
        expect(comparableContent(join(b, top, file)), relative(b, join(b, top, file))).toEqual(comparableContent(join(a, top, file)));
      }
    }
    const rowsA = await storeRows(join(a, 'artifacts', 'i2x.duckdb'));
    expect(rowsA.prototype_intensity.length).toBeGreaterThan(0);
    expect(await storeRows(join(b, 'artifacts', 'i2x.duckdb'))).toEqual(rowsA);
  });
});
