import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { I2xStore } from '../src/store/I2xStore.js';
import { writePrototypeIntensity } from '../src/store/writers/writePrototypeIntensity.js';

/** Rows loaded, wall-clock seconds until the last commit, their ratio, and more. */
export interface StoreBenchResult {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** CPU seconds this process used while loading (DuckDB's threads included); less sensitive than `seconds`
   * to other processes sharing the machine. */
  readonly cpuSeconds: number;
  /** Seconds `close()` then took (DuckDB checkpoints the write-ahead log into the file). */
  readonly closeSeconds: number;
  /** Size of the store file afterwards. */
  readonly fileMegabytes: number;
}

/**
 * Loads prototype intensities of the I2X setting (by default 60k samples x 32 prototypes x 10 checkpoints =
 * 19.2M rows) into a fresh store file with `writePrototypeIntensity`, one call (= one transaction) per
 * checkpoint, the way the pipeline does, and times it from the first call to the last commit.
 * About 1 in 1000 intensities is NaN (stored as NULL).
 */
export async function runStoreBench(samples = 60_000, prototypes = 32, checkpoints = 10): Promise<StoreBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'i2x-store-bench-'));
  try {
    const sampleIds = Int32Array.from({ length: samples }, (_, i) => i);
    const intensities = Float32Array.from({ length: samples * prototypes }, (_, i) => (i % 1000 === 7 ? NaN : Math.random()));
    const path = join(dir, 'bench.duckdb');
    const store = await I2xStore.create(path);
    let closeSeconds = 0;
    let result: Omit<StoreBenchResult, 'closeSeconds' | 'fileMegabytes'>;
    try {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      let rows = 0;
      for (let checkpoint = 0; checkpoint < checkpoints; checkpoint++) {
        rows += await writePrototypeIntensity(store, 'bench', checkpoint, sampleIds, intensities, prototypes);
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStarted);
      const stored = await store.query('SELECT count(*) FROM prototype_intensity');
      if (stored.rows[0][0] !== rows) throw new Error(`stored ${String(stored.rows[0][0])} rows, wrote ${rows}`);
      result = {
        rows,
        seconds: Number(seconds.toFixed(3)),
        rowsPerSecond: Math.round(rows / seconds),
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
      };
    } finally {
      const closing = performance.now();
      store.close();
      closeSeconds = (performance.now() - closing) / 1000;
    }
    const fileMegabytes = Number((statSync(path).size / 2 ** 20).toFixed(1));
    return { ...result, closeSeconds: Number(closeSeconds.toFixed(3)), fileMegabytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runStoreBench()));
}
