import { I2xError } from '../util/I2xError.js';
import { schema, type TableName } from './schema.js';

/** Column values that pick the rows one write replaces, e.g. `{ checkpoint: 3 }`. NULL matches NULL. */
export type RowFilter = Readonly<Record<string, string | number | boolean | null>>;

/** The SQL that picks a run's rows matching a filter: `where` uses `$1..$n`, bound to `values`, cast like the table. */
export interface RowFilterClause {
  /** 'run_id' and the filter's columns, in that order */
  readonly columns: readonly string[];
  /** `$i::TYPE` per column, to use in a SELECT list or a WHERE clause */
  readonly params: readonly string[];
  readonly values: readonly (string | number | boolean | null)[];
  readonly where: string;
}

/**
 * The WHERE clause for the rows of `table` that belong to `runId` and match `filter`; refuses a filter on a
 * column the table does not have (or on run_id) with the columns it could use.
 */
export function rowFilterClause(table: TableName, runId: string, filter: RowFilter): RowFilterClause {
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
  const columns = ['run_id', ...filterColumns];
  const params = columns.map((name, i) => `$${i + 1}::${columnTypes[name]}`);
  return {
    columns,
    params,
    values: [runId, ...filterColumns.map((name) => filter[name])],
    where: columns.map((name, i) => `"${name}" IS NOT DISTINCT FROM ${params[i]}`).join(' AND '),
  };
}
