import type { DuckDBConnection } from '@duckdb/node-api';
import { I2xError } from '../util/I2xError.js';
import { rowFilterClause, type RowFilter } from './rowFilter.js';
import type { TableName } from './schema.js';

/**
 * Deletes the rows of `table` that belong to `runId` and match `filter` (one statement, so all or none) and
 * returns how many went. With `replaceRows` inside `I2xStore.transaction`, a stage replaces a whole set of
 * rows whose keys may differ from the last run's (e.g. fewer fine-tuning strategies).
 */
export async function deleteRows(connection: DuckDBConnection, table: TableName, runId: string, filter: RowFilter): Promise<number> {
  const clause = rowFilterClause(table, runId, filter);
  try {
    const deleted = await connection.run(`DELETE FROM ${table} WHERE ${clause.where}`, [...clause.values]);
    return Number(deleted.rowsChanged);
  } catch (err) {
    throw new I2xError('E_STORE', `Cannot delete the rows of ${table} for run ${runId} ${JSON.stringify(filter)}: ${(err as Error).message}.`, { cause: err });
  }
}
