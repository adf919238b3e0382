import type { DuckDBConnection } from '@duckdb/node-api';
import { I2xError } from '../util/I2xError.js';
import { ColumnAppender } from './ColumnAppender.js';
import { rowFilterClause, type RowFilter } from './rowFilter.js';
import { schema, type TableName } from './schema.js';

export type { RowFilter } from './rowFilter.js';

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
 *
 * With `inTransaction` (what `I2xStore.transaction` passes) the caller's transaction is already open: the
 * DELETE and INSERT run inside it, with no BEGIN / COMMIT / ROLLBACK of their own, and an error is left for
 * that transaction to roll back.
 */
export async function replaceRows(
  connection: DuckDBConnection,
  table: TableName,
  runId: string,
  filter: RowFilter,
  append: (target: ColumnAppender) => void | Promise<void>,
  options: { readonly inTransaction?: boolean } = {},
): Promise<number> {
  const columnTypes: Readonly<Record<string, string>> = schema[table].columns;
  const clause = rowFilterClause(table, runId, filter);
  const staged = Object.keys(columnTypes).filter((name) => !clause.columns.includes(name));
  const values = [...clause.values];

  let failed = false;
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

    const names = [...clause.columns, ...staged].map((name) => `"${name}"`).join(', ');
    const selected = [...clause.params, ...staged.map((name) => `"${name}"`)].join(', ');
    if (!options.inTransaction) await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(`DELETE FROM ${table} WHERE ${clause.where}`, values);
      const inserted = await connection.run(
        `INSERT INTO ${table} (${names}) SELECT ${selected} FROM temp.main.${STAGING_TABLE}`,
        values,
      );
      if (!options.inTransaction) await connection.run('COMMIT');
      return Number(inserted.rowsChanged);
    } catch (err) {
      if (!options.inTransaction) await connection.run('ROLLBACK').catch(() => undefined); // fails only if DuckDB already ended the transaction
      throw new I2xError(
        'E_STORE',
        `Cannot replace the rows of ${table} for run ${runId} ${JSON.stringify(filter)}: ${(err as Error).message}. ` +
          `${options.inTransaction ? 'The enclosing transaction is rolled back, so the previous rows of every table it wrote are kept' : 'The previous rows are kept'}; ` +
          'check the values written (e.g. NULL in a NOT NULL column).',
        { cause: err },
      );
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    // After a failed statement inside a transaction DuckDB refuses every statement until ROLLBACK, which also
    // drops the staging table; that refusal must not hide the error that caused it.
    await connection.run(`DROP TABLE IF EXISTS temp.main.${STAGING_TABLE}`).catch((err: unknown) => {
      if (!failed) throw err;
    });
  }
}
