import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writeConfidenceGroups } from '../../src/store/writers/writeConfidenceGroups.js';
import { tempStoreDir } from './tempStoreDir.js';

const temp = tempStoreDir();
let store: I2xStore;
beforeAll(async () => {
  store = await I2xStore.create(temp.path('query.duckdb'));
});
afterAll(() => {
  store.close();
  temp.remove();
});

describe('query', () => {
  test('converts DuckDB values to plain JS', async () => {
    const result = await store.query(
      `SELECT 42::BIGINT AS safe, 9007199254740993::BIGINT AS big, 0.1::FLOAT AS f, 0.1::DOUBLE AS d,
              DATE '2024-02-03' AS day, TIMESTAMP '2024-02-03 04:05:06.789' AS ts, [1.5::FLOAT, NULL] AS list,
              {'k': 2::HUGEINT} AS struct, 1.25::DECIMAL(5, 2) AS dec, true AS flag, NULL AS nothing`,
    );
    expect(result.columns).toEqual(['safe', 'big', 'f', 'd', 'day', 'ts', 'list', 'struct', 'dec', 'flag', 'nothing']);
    expect(result.types.slice(0, 3)).toEqual(['BIGINT', 'BIGINT', 'FLOAT']);
    expect(result.rows).toEqual([
      [42, 9007199254740993n, 0.1, 0.1, '2024-02-03', '2024-02-03T04:05:06.789Z', [1.5, null], { k: 2 }, 1.25, true, null],
    ]);
  });

  test('takes parameters and makes duplicate column names unique', async () => {
    const result = await store.query('SELECT $1::INTEGER AS a, $2 AS a', [3, 'x']);
    expect(result.columns).toHaveLength(2);
    expect(new Set(result.columns).size).toBe(2);
    expect(result.rows).toEqual([[3, 'x']]);
  });

  test('a SQL error says what went wrong', async () => {
    await expect(store.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
  });
});

describe('exportParquet', () => {
  test('writes the query result to a Parquet file and leaves no temp file', async () => {
    await writeConfidenceGroups(store, 'r', 0, Int32Array.of(1, 2, 3), Int32Array.of(0, -1, 0));
    const path = temp.path('out/groups.parquet');
    expect(await store.exportParquet('SELECT sample, grp FROM confidence_groups ORDER BY sample;', path)).toBe(3);
    expect(readdirSync(temp.path('out'))).toEqual(['groups.parquet']);
    const back = await store.query(`SELECT * FROM read_parquet('${path}') ORDER BY sample`);
    expect(back.rows).toEqual([
      [1, 0],
      [2, -1],
      [3, 0],
    ]);
  });

  test('a failing query writes nothing', async () => {
    const path = temp.path('bad/out.parquet');
    await expect(store.exportParquet('SELECT * FROM missing', path)).rejects.toThrow(/Cannot export Parquet to .*out\.parquet/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(temp.path('bad'))).toEqual([]);
  });
});
