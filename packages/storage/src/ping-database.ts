import { sql } from 'kysely';
import type { StorageDatabase } from './dialect/storage-database.ts';
import { withStorageErrors } from './with-storage-errors.ts';

/** Resolves if the database answers a query (a readiness probe); else StorageError('database_unavailable'). */
export async function pingDatabase(database: StorageDatabase): Promise<void> {
  await withStorageErrors(database, 'pingDatabase', () => sql`select 1`.execute(database.db));
}
