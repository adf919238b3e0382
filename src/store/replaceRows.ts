import type { DuckDBConnection } from '@duckdb/node-api';
import { I2xError } from '../util/I2xError.js';
import { ColumnAppender } from './ColumnAppender.js';
import { schema, type TableName } from './schema.js';

/** Column values that pick the rows one write replaces, e.g. `{ checkpoint: 3 }`. NULL matches NULL. */
export type RowFilter = Readonly<Record<string, string | number | boolean | null>>;

const STAGING_TABLE = 'i2x_staging';

/**
 * Replaces the rows of `table` that belong to `runId` and match `filter` with the rows `append` writes, so that
 * re-running a stage never duplicates rows and a failed write leaves the previous rows untouched.
 *
 * `append` fills a temporary staging table that has the table's columns except `run_id` and the `filter`
 * columns (those are the same on every new row). Then one transaction deletes the old rows and copies the new
 * ones in (DELETE + INSERT ... SELECT + COMMIT; ROLLBACK on error). Staging avoids writing run_id string by
 * string and keeps the transaction short; see bench/storeBench.ts for the figures. Returns the rows written.
 * `append` must not call other methods of the same store: they wait for this call to finish.
 */
export async function replaceRows(
  connection: DuckDBConnection,
  table: TableName,
  runId: string,
  filter: RowFilter,
  append: (target: ColumnAppender) => void | Promise<void>,
): Promise<number> {
  const columnTypes: Readonly<Record<string, string>> = schema[table].columns;
  const filterColumns = Object.keys(filter);
  for (const name of filterColumns) {
    if (!(name in columnTypes) || name === 'run_id') {
      throw new I2xError(
        'E_STORE',
        `Cannot filter ${table} on "${name}": use columns of ${table} other than run_id ` +
          `(${Object.keys(columnTypes).filter((c) => c !== 'run_id').join(', ')}).`,
      );
    }
  }
  const fixed = ['run_id', ...filterColumns];
  const staged = Object.keys(columnTypes).filter((name) => !fixed.includes(name));
  const fixedValues = [runId, ...filterColumns.map((name) => filter[name])];
  const params = fixed.map((name, i) => `$${i + 1}::${columnTypes[name]}`);

  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${STAGING_TABLE} (${staged.map((name) => `"${name}" ${columnTypes[name]}`).join(', ')})`,
  );
  try {
    const target = await ColumnAppender.create(connection, STAGING_TABLE, staged, {
      schemaName: 'main',
      catalog: 'temp',
      label: table,
    });
    try {
      await append(target);
    } catch (err) {
      try {
        target.discard();
      } catch {
        // The caller's error is the one worth reporting; the staging table is dropped below either way.
      }
      throw err;
    }
    target.close();

    const where = fixed.map((name, i) => `"${name}" IS NOT DISTINCT FROM ${params[i]}`).join(' AND ');
    const names = [...fixed, ...staged].map((name) => `"${name}"`).join(', ');
    const selected = [...params, ...staged.map((name) => `"${name}"`)].join(', ');
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(`DELETE FROM ${table} WHERE ${where}`, fixedValues);
      const inserted = await connection.run(
        `INSERT INTO ${table} (${names}) SELECT ${selected} FROM temp.main.${STAGING_TABLE}`,
        fixedValues,
      );
      await connection.run('COMMIT');
      return Number(inserted.rowsChanged);
    } catch (err) {
      await connection.run('ROLLBACK').catch(() => undefined); // fails only if DuckDB already ended the transaction
      throw new I2xError(
        'E_STORE',
        `Cannot replace the rows of ${table} for run ${runId} ${JSON.stringify(filter)}: ${(err as Error).message}. ` +
          'The previous rows are kept; check the values written (e.g. NULL in a NOT NULL column).',
        { cause: err },
      );
    }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS temp.main.${STAGING_TABLE}`);
  }
}
