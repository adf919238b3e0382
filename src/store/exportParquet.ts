import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { I2xError } from '../util/I2xError.js';

/**
 * Writes the result of `sql` to a Parquet file at `path` and returns its row count. DuckDB writes a temp file
 * beside `path` that is then renamed over it, so readers never see half a file.
 */
export async function exportParquet(connection: DuckDBConnection, sql: string, path: string): Promise<number> {
  const query = sql.trim().replace(/;+\s*$/, '');
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const result = await connection.run(`COPY (${query}) TO '${tmp.replaceAll("'", "''")}' (FORMAT PARQUET)`);
    renameSync(tmp, path);
    return Number(result.rowsChanged);
  } catch (err) {
    rmSync(tmp, { force: true, recursive: true });
    throw new I2xError(
      'E_STORE',
      `Cannot export Parquet to ${path}: ${(err as Error).message}. Check the query (one SELECT, no trailing ` +
        'statements) and that the folder is writable.',
      { cause: err },
    );
  }
}
