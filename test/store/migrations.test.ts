import { afterAll, describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { I2xStore } from '../../src/store/I2xStore.js';
import { applyMigrations } from '../../src/store/applyMigrations.js';
import { migrations } from '../../src/store/migrations.js';
import { schema } from '../../src/store/schema.js';
import { I2xError } from '../../src/util/I2xError.js';
import { tempStoreDir } from './tempStoreDir.js';

const temp = tempStoreDir();

/** A new store file `name` migrated to `version` only, holding the rows `inserts` adds; returns its path. */
async function storeAtVersion(name: string, version: number, inserts: readonly string[]): Promise<string> {
  const path = temp.path(name);
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    expect(await applyMigrations(connection, path, migrations.filter((m) => m.version <= version))).toBe(version);
    for (const sql of inserts) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return path;
}
afterAll(() => temp.remove());

describe('migrations', () => {
  test('opening a store twice keeps it at the same version without error', async () => {
    const path = temp.path('twice.duckdb');
    const first = await I2xStore.create(path);
    first.close();
    const second = await I2xStore.create(path);
    try {
      expect(second.schemaVersion).toBe(migrations[migrations.length - 1].version);
      expect(first.schemaVersion).toBe(second.schemaVersion);
      const applied = await second.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.rows).toEqual(migrations.map((m) => [m.version]));
    } finally {
      second.close();
    }
  });

  test('the migrated tables have exactly the columns and types schema.ts describes', async () => {
    const store = await I2xStore.create(temp.path('shape.duckdb'));
    try {
      const result = await store.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'main' AND table_name <> 'schema_migrations'
         ORDER BY table_name, ordinal_position`,
      );
      const actual: Record<string, Record<string, string>> = {};
      for (const [table, name, type] of result.rows as string[][]) (actual[table] ??= {})[name] = type;
      const expected = Object.fromEntries(Object.entries(schema).map(([table, spec]) => [table, spec.columns]));
      expect(actual).toEqual(expected);
      for (const [table, spec] of Object.entries(schema)) {
        expect(Object.keys(actual[table]), table).toEqual(Object.keys(spec.columns));
      }
    } finally {
      store.close();
    }
  });

  test('version 3 upgrades a version-2 store in place: its rows are kept, the new columns are NULL', async () => {
    const path = await storeAtVersion('v2.duckdb', 2, [
      `INSERT INTO finetune_results (run_id, strategy, seed, test_acc) VALUES ('r', 'full', 0, 0.9)`,
      `INSERT INTO curation VALUES ('r', 4, true, 'p1')`,
      `INSERT INTO prototypes (run_id, prototype, n_samples, dominant_class) VALUES ('r', 0, 3, 7)`,
    ]);
    const store = await I2xStore.create(path);
    try {
      expect(store.schemaVersion).toBe(migrations[migrations.length - 1].version); // opened at the latest version (3 and every later one applied)
      expect((await store.query('SELECT strategy, test_acc, invocation FROM finetune_results')).rows).toEqual([['full', 0.9, null]]);
      expect((await store.query('SELECT * FROM curation')).rows).toEqual([['r', 4, true, 'p1', null]]);
      expect((await store.query('SELECT n_samples, dominant_class, class_samples, dominant_classes FROM prototypes')).rows).toEqual([[3, 7, null, null]]);
    } finally {
      store.close();
    }
  });

  test('version 4 adds an empty planted table to a version-3 store and keeps its rows', async () => {
    const path = await storeAtVersion('v3.duckdb', 3, [
      `INSERT INTO samples VALUES ('r', 0, 'train', 7, 12)`,
    ]);
    const store = await I2xStore.create(path);
    try {
      expect(store.schemaVersion).toBe(migrations[migrations.length - 1].version);
      expect((await store.query('SELECT * FROM samples')).rows).toEqual([['r', 0, 'train', 7, 12]]);
      expect((await store.query('SELECT count(*)::INTEGER FROM planted')).rows).toEqual([[0]]);
    } finally {
      store.close();
    }
  });

  test('version 5 adds an empty finetune_comparisons table to a version-4 store and keeps its rows', async () => {
    const path = await storeAtVersion('v4.duckdb', 4, [
      `INSERT INTO finetune_results (run_id, strategy, seed, test_acc) VALUES ('r', 'full->full', 1, 0.5)`,
    ]);
    const store = await I2xStore.create(path);
    try {
      expect(store.schemaVersion).toBe(migrations[migrations.length - 1].version); // 5 and every later one applied
      expect((await store.query('SELECT run_id, strategy, seed, test_acc FROM finetune_results')).rows).toEqual([['r', 'full->full', 1, 0.5]]);
      expect((await store.query('SELECT count(*)::INTEGER FROM finetune_comparisons')).rows).toEqual([[0]]);
    } finally {
      store.close();
    }
  });

  test('version 6 adds the empty scorecard and test-prediction tables to a version-5 store and keeps its rows', async () => {
    const path = await storeAtVersion('v5.duckdb', 5, [
      `INSERT INTO planted (run_id, split, sample, plant, kind, original_label, given_label) VALUES ('r', 'train', 3, 0, 'label-flip', 2, 7)`,
    ]);
    const store = await I2xStore.create(path);
    try {
      expect(store.schemaVersion).toBe(migrations[migrations.length - 1].version);
      expect((await store.query('SELECT sample, kind, given_label FROM planted')).rows).toEqual([[3, 'label-flip', 7]]);
      for (const table of ['sample_scores', 'detection_scores', 'detection_curves', 'prototype_plant_shares', 'test_predictions']) {
        expect((await store.query(`SELECT count(*)::INTEGER FROM ${table}`)).rows).toEqual([[0]]);
      }
    } finally {
      store.close();
    }
  });

  test('version 7 (after 6) adds empty saliency_quality tables to a version-5 store and keeps its rows', async () => {
    const path = await storeAtVersion('v5-quality.duckdb', 5, [
      `INSERT INTO finetune_comparisons (run_id, strategy, baseline, metric, n) VALUES ('r', 'full', 'full->full', 'test_accuracy', 2)`,
    ]);
    const store = await I2xStore.create(path);
    try {
      expect(store.schemaVersion).toBe(migrations[migrations.length - 1].version);
      expect((await store.query('SELECT run_id, strategy, n FROM finetune_comparisons')).rows).toEqual([['r', 'full', 2]]);
      expect((await store.query('SELECT (SELECT count(*) FROM saliency_quality)::INTEGER, (SELECT count(*) FROM saliency_quality_curves)::INTEGER')).rows).toEqual([[0, 0]]);
    } finally {
      store.close();
    }
  });

  test('version 8 adds within_label and agreement to a version-7 store: its rows are kept, the new columns NULL', async () => {
    const path = await storeAtVersion('v7.duckdb', 7, [
      `INSERT INTO detection_scores VALUES ('r', 'planted', 'label-flip', 'aum', 'auroc', -1, 0.75, NULL)`,
      `INSERT INTO detection_curves VALUES ('r', 'planted', 'label-flip', 'aum', 0, 0, 0)`,
      `INSERT INTO finetune_results (run_id, strategy, seed, test_acc) VALUES ('r', 'curated->full', 1, 0.5)`,
      `INSERT INTO finetune_comparisons (run_id, strategy, baseline, metric, n, mean_diff) VALUES ('r', 'curated->full', 'full->full', 'test_accuracy', 2, 0.25)`,
    ]);
    const store = await I2xStore.create(path);
    try {
      expect(store.schemaVersion).toBe(migrations[migrations.length - 1].version);
      expect((await store.query('SELECT kind, method, value, within_label FROM detection_scores')).rows).toEqual([['label-flip', 'aum', 0.75, null]]);
      expect((await store.query('SELECT kind, point, within_label FROM detection_curves')).rows).toEqual([['label-flip', 0, null]]);
      expect((await store.query('SELECT strategy, test_acc, agreement FROM finetune_results')).rows).toEqual([['curated->full', 0.5, null]]);
      expect((await store.query('SELECT metric, mean_diff, agreement FROM finetune_comparisons')).rows).toEqual([['test_accuracy', 0.25, null]]);
    } finally {
      store.close();
    }
  });

  test('a store from a newer i2x is refused, naming both versions', async () => {
    const path = temp.path('newer.duckdb');
    (await I2xStore.create(path)).close();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(`INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')`);
    connection.closeSync();
    instance.closeSync();
    const opening = I2xStore.create(path);
    await expect(opening).rejects.toBeInstanceOf(I2xError);
    await expect(opening).rejects.toThrow(new RegExp(`schema version 99, newer than this i2x knows \\(${migrations[migrations.length - 1].version}\\)`));
  });

  test('a failing migration is rolled back and the versions before it stay applied', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const broken = [
        { version: 1, description: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
        { version: 2, description: 'broken', sql: 'CREATE TABLE b (x INTEGER); SELECT * FROM missing_table' },
      ];
      await expect(applyMigrations(connection, 'mem', broken)).rejects.toThrow(/Migration 2 \(broken\).*left at version 1/s);
      const tables = await connection.runAndReadAll(`SELECT table_name FROM information_schema.tables ORDER BY 1`);
      expect(tables.getRows()).toEqual([['a'], ['schema_migrations']]);
      expect(await applyMigrations(connection, 'mem', broken.slice(0, 1))).toBe(1);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  test('migration versions must increase', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const unordered = [
        { version: 2, description: 'b', sql: 'SELECT 1' },
        { version: 1, description: 'a', sql: 'SELECT 1' },
      ];
      await expect(applyMigrations(connection, 'mem', unordered)).rejects.toThrow(/version 1 follows 2/);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
