import { Migrator } from 'kysely';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import { StorageError } from '../storage-error.ts';
import { createStorageMigrationProvider } from './storage-migrations.ts';

/**
 * Applies every migration not yet applied. On PostgreSQL each runs in its own transaction, so a failed
 * migration leaves the schema at the previous one; Kysely runs SQLite's without one (its adapter declares no
 * transactional DDL), so a migration cut off there is left half applied and runs again from its start at the
 * next call: migrations from 0011 on are written to be idempotent. A second call applies nothing. Kysely's
 * migration lock (an advisory lock on PostgreSQL) keeps two servers from migrating at once. Returns the names
 * of the migrations it applied.
 */
export async function migrateToLatest(database: StorageDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: createStorageMigrationProvider(database.capabilities),
  });
  let resultSet;
  try {
    resultSet = await migrator.migrateToLatest();
  } catch (cause) {
    throw new StorageError('migration_failed', 'the storage migrations could not run', { cause });
  }
  const { error, results = [] } = resultSet;
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageError('migration_failed', `storage migration ${failed} failed`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
