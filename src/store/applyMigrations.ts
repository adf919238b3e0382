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
  const reader = await connection.runAndReadAll('SELECT coalesce(max(version), 0)::INTEGER FROM schema_migrations');
  const current = Number(reader.getRows()[0][0]);
  const newest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0;
  if (current > newest) {
    throw new I2xError(
      'E_STORE',
      `The i2x store ${path} has schema version ${current}, newer than this i2x knows (${newest}). ` +
        'Upgrade i2x, or point it at another store file.',
    );
  }
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
