import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema/database.ts';
import type { DatabaseCapabilities } from './database-capabilities.ts';
import { driverErrorCode, MAX_INT64, type StorageDatabase } from './storage-database.ts';

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly connectionString: string;
  /** Connections in the pool. */
  readonly poolSize: number;
  /** Called when an idle pooled connection fails (the next query on the pool reconnects). */
  readonly onIdleConnectionError?: (error: Error) => void;
}

/** Node socket errors that mean the server went away or cannot be reached. */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);

const POSTGRES_CAPABILITIES: DatabaseCapabilities = {
  name: 'postgres',
  binaryType: 'bytea',
  concurrentWriters: true,
  advisoryLocks: true,
  // postgresql.org/docs/current/wal-async-commit.html: lost at most the last few hundred milliseconds of such
  // commits in a crash, never out of order with synchronous ones.
  asynchronousCommit: { inTransaction: 'SET LOCAL synchronous_commit = off' },
  needsIndexHints: false,
  maxInteger: MAX_INT64,
  isUniqueViolation: (error) => driverErrorCode(error) === '23505',
  isUnavailable: (error) => {
    const code = driverErrorCode(error);
    if (code !== undefined) {
      // SQLSTATE classes 08 (connection exception) and 53 (insufficient resources); 57P01–57P03 (the server
      // is shutting down or starting).
      return (
        NETWORK_ERROR_CODES.has(code) ||
        code.startsWith('08') ||
        code.startsWith('53') ||
        code === '57P01' ||
        code === '57P02' ||
        code === '57P03'
      );
    }
    // pg reports a dropped connection and an exhausted pool with plain Errors that carry no code.
    const message = error instanceof Error ? error.message : '';
    return (
      message.startsWith('Connection terminated') ||
      message.startsWith('timeout exceeded when trying to connect')
    );
  },
};

/**
 * Connects a pool to PostgreSQL (DESIGN.md §5: server deployments). The pool parses `int8` as `bigint`, so
 * log indexes and tree sizes round-trip exactly instead of arriving as strings; the override is per pool, not
 * pg's global type registry, so other users of `pg` in the process are unaffected. `bytea` arrives as a
 * Buffer, which repositories copy into plain Uint8Arrays.
 */
export function createPostgresDatabase(options: PostgresDatabaseOptions): StorageDatabase {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (text: string) => BigInt(text));
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize, types });
  // An idle client's error is emitted on the pool; unhandled, it would crash the process. The failed client
  // is already removed from the pool, so reporting it is enough.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  // A checked-out client that loses its connection (server restart, failover) emits 'error' on itself, not on
  // the pool; without a listener Node would crash the process. The query in flight fails and is reported as
  // StorageError('database_unavailable') by the caller, so the event itself only needs reporting.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onIdleConnectionError?.(error));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, capabilities: POSTGRES_CAPABILITIES };
}
