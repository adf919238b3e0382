import type { DuckDBConnection } from '@duckdb/node-api';
import { I2xError } from '../util/I2xError.js';
import { newestSchemaVersion, refuseNewerSchema, storedSchemaVersion } from './applyMigrations.js';

/**
 * The schema version of a store opened read-only, which must be the one this i2x writes: a read-only store is
 * not migrated, so an older or newer one is refused with what to do. A file without `schema_migrations` is at 0.
 */
export async function readOnlySchemaVersion(connection: DuckDBConnection, path: string): Promise<number> {
  const tables = await connection.runAndReadAll(
    "SELECT count(*)::INTEGER FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'schema_migrations'",
  );
  const hasHistory = Number(tables.getRows()[0][0]) > 0;
  const current = hasHistory ? await storedSchemaVersion(connection) : 0;
  const newest = newestSchemaVersion();
  refuseNewerSchema(path, current, newest);
  if (current < newest) {
    throw new I2xError(
      'E_STORE',
      `The i2x store ${path} has schema version ${current}, older than this i2x's (${newest}), and a store opened ` +
        'read-only is not migrated. Open it once for writing to migrate it (any `i2x run`, or ' +
        '`i2x query --write "SELECT 1"`), or point at another store file.',
    );
  }
  return current;
}
