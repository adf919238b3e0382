import { DuckDBDataChunk, DuckDBInstance, DuckDBVector, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrations } from '../src/store/migrations.js';
import { replaceRows } from '../src/store/replaceRows.js';
import { column } from '../src/store/column.js';
import type { ColumnSource } from '../src/store/ColumnSource.js';

/** One way of loading prototype intensities, timed. */
export interface AlternativeResult {
  readonly method: string;
  readonly rows: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rowsPerSecond: number;
}

type Load = (connection: DuckDBConnection, samples: Int32Array, intensities: Float32Array, K: number) => Promise<void>;

/** A value at a time: appendVarchar / appendInteger / appendFloat / endRow for every row. */
const rowAppender: Load = async (connection, samples, intensities, K) => {
  const appender = await connection.createAppender('prototype_intensity');
  try {
    for (let i = 0; i < intensities.length; i++) {
      appender.appendVarchar('bench');
      appender.appendInteger(0);
      appender.appendInteger(samples[Math.floor(i / K)]);
      appender.appendInteger(i % K);
      if (Number.isNaN(intensities[i])) appender.appendNull();
      else appender.appendFloat(intensities[i]);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
};

/** Data chunks straight into the table, run_id included (DuckDB copies each VARCHAR in one native call). */
const chunksIntoTable: Load = async (connection, samples, intensities, K) => {
  const appender = await connection.createAppender('prototype_intensity');
  const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
  const runId: ColumnSource = (vector, _first, count) => {
    for (let r = 0; r < count; r++) vector.setItem(r, 'bench');
  };
  const sources = [runId, column.ints(new Int32Array(intensities.length)), column.repeatEach(samples, K), column.cycle(K), column.floats(intensities)];
  try {
    for (let first = 0; first < intensities.length; first += DuckDBVector.standardSize()) {
      const count = Math.min(DuckDBVector.standardSize(), intensities.length - first);
      const chunk = DuckDBDataChunk.create(types, count);
      sources.forEach((source, c) => {
        const vector = chunk.getColumnVector(c);
        source(vector, first, count);
        vector.flush();
      });
      appender.appendDataChunk(chunk);
    }
  } finally {
    appender.closeSync();
  }
};

/** What the store does: data chunks into a staging table without run_id, then INSERT ... SELECT in a transaction. */
const stagingTable: Load = async (connection, samples, intensities, K) => {
  await replaceRows(connection, 'prototype_intensity', 'bench', { checkpoint: 0 }, (target) =>
    target.appendColumns(intensities.length, {
      sample: column.repeatEach(samples, K),
      prototype: column.cycle(K),
      intensity: column.floats(intensities),
    }),
  );
};

/** Times each way of loading one checkpoint (N x K rows) into a fresh store file. */
export async function runStoreBenchAlternatives(samples = 60_000, prototypes = 32): Promise<AlternativeResult[]> {
  const sampleIds = Int32Array.from({ length: samples }, (_, i) => i);
  const intensities = Float32Array.from({ length: samples * prototypes }, (_, i) => (i % 1000 === 7 ? NaN : Math.random()));
  const results: AlternativeResult[] = [];
  for (const [method, load] of Object.entries({ rowAppender, chunksIntoTable, stagingTable })) {
    const dir = mkdtempSync(join(tmpdir(), 'i2x-store-alt-'));
    const instance = await DuckDBInstance.create(join(dir, 'alt.duckdb'));
    try {
      const connection = await instance.connect();
      try {
        await connection.run(migrations[0].sql);
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        await load(connection, sampleIds, intensities, prototypes);
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuStarted);
        const rows = intensities.length;
        results.push({
          method,
          rows,
          seconds: Number(seconds.toFixed(3)),
          cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
          rowsPerSecond: Math.round(rows / seconds),
        });
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runStoreBenchAlternatives(), null, 1));
}
