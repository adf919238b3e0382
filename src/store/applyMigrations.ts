import type { DuckDBConnection } from '@duckdb/node-api';
import { I2xError } from '../util/I2xError.js';
import { type Migration, migrations as allMigrations } from './migrations.js';

/**
 * Brings the store at `path` up to the newest schema version and returns that version. Each migration runs in
 * its own transaction together with its `schema_migrations` row, so a store is always at some whole version;
 * running this again on an up-to-date store does nothing.
 */
export async function applyMigrations(
  connection: DuckDBConnection,
  path: string,
  migrations: readonly Migration[] = allMigrations,
): Promise<number> {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version <= migrations[i - 1].version) {
      throw new I2xError(
        'E_STORE',
        `Migration versions must increase: version ${migrations[i].version} follows ${migrations[i - 1].version}.`,
      );
    }
  }
  await connection.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)`,
  );
  const current = await storedSchemaVersion(connection);
  refuseNewerSchema(path, current, newestSchemaVersion(migrations));
  let applied = current;
  for (const migration of migrations) {
    if (migration.version <= applied) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(migration.sql);
      await connection.run('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
      await connection.run('COMMIT');
      applied = migration.version;
    } catch (err) {
      await connection.run('ROLLBACK');
      throw new I2xError(
        'E_STORE',
        `Migration ${migration.version} (${migration.description}) failed on ${path}: ${(err as Error).message}. ` +
          `The store is left at version ${applied}.`,
        { cause: err },
      );
    }
  }
  return applied;
}

/** The newest schema version of `migrations` (by default this i2x's; 0 without any). */
export function newestSchemaVersion(migrations: readonly Migration[] = allMigrations): number {
  return migrations.length > 0 ? migrations[migrations.length - 1].version : 0;
}

/** The version a store's `schema_migrations` records (the table must exist). */
export async function storedSchemaVersion(connection: DuckDBConnection): Promise<number> {
  const reader = await connection.runAndReadAll('SELECT coalesce(max(version), 0)::INTEGER FROM schema_migrations');
  return Number(reader.getRows()[0][0]);
}

/** Refuses a store written by a newer i2x (its version above `newest`), which this one cannot read or migrate. */
export function refuseNewerSchema(path: string, current: number, newest: number): void {
  if (current > newest) {
    throw new I2xError(
      'E_STORE',
      `The i2x store ${path} has schema version ${current}, newer than this i2x knows (${newest}). ` +
        'Upgrade i2x, or point it at another store file.',
    );
  }
}
