import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { DatabaseCapabilities } from './database-capabilities.ts';

/**
 * An open database: the Kysely instance every repository queries, and what its dialect can do. Open one per
 * process and database (SQLite especially: see `concurrentWriters`); close it with `db.destroy()`.
 */
export interface StorageDatabase {
  readonly db: Kysely<Database>;
  readonly capabilities: DatabaseCapabilities;
}

/** Signed 64-bit integer bound, shared by both dialects. */
export const MAX_INT64 = 2n ** 63n - 1n;

/** The `code` property drivers put on their errors (better-sqlite3's SqliteError, pg's DatabaseError, Node's). */
export function driverErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
