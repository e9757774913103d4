import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../schema/database.ts';
import { StorageError } from '../storage-error.ts';
import type { DatabaseCapabilities } from './database-capabilities.ts';
import { driverErrorCode, MAX_INT64, type StorageDatabase } from './storage-database.ts';

export interface SqliteDatabaseOptions {
  /** File path of the database (`./data/jmm.sqlite` by default in the server); its directory must exist. */
  readonly path: string;
  /** How long a statement waits for another connection's write lock before failing (default 5 s). */
  readonly busyTimeoutMillis?: number;
}

const SQLITE_CAPABILITIES: DatabaseCapabilities = {
  name: 'sqlite',
  binaryType: 'blob',
  concurrentWriters: false,
  advisoryLocks: false,
  // NORMAL in WAL mode syncs the WAL at checkpoints, not at each commit; the next FULL commit (the log's)
  // syncs every frame before its own.
  asynchronousCommit: { before: 'PRAGMA synchronous = NORMAL', after: 'PRAGMA synchronous = FULL' },
  needsIndexHints: true,
  maxInteger: MAX_INT64,
  isUniqueViolation: (error) => {
    const code = driverErrorCode(error);
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  },
  isUnavailable: (error) => {
    const code = driverErrorCode(error) ?? '';
    return ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL'].some(
      (prefix) => code === prefix || code.startsWith(`${prefix}_`),
    );
  },
};

/**
 * Opens (creating if needed) a SQLite database over better-sqlite3 (DESIGN.md §5: the embedded default).
 *
 * - `journal_mode=WAL`: readers do not block the writer and the writer does not block readers.
 * - `synchronous=FULL`: in WAL mode, NORMAL may lose the last transactions on power loss; FULL syncs the WAL
 *   at every COMMIT, so a batch the engine acknowledged survives a crash (the port's "durable once it
 *   resolves").
 * - `foreign_keys=ON`: SQLite leaves them off per connection unless asked.
 * - `defaultSafeIntegers`: integers come back as `bigint`, so log indexes and tree sizes above 2^53
 *   round-trip exactly.
 *
 * Kysely's SQLite driver holds one connection and runs one query at a time on it, so within a process writes
 * are already serialised; other processes wait on the file lock up to the busy timeout.
 */
export function createSqliteDatabase(options: SqliteDatabaseOptions): StorageDatabase {
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(options.path);
  } catch (cause) {
    throw new StorageError('database_unavailable', `cannot open the SQLite database at ${options.path}`, {
      cause,
    });
  }
  try {
    sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMillis ?? 5000)}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.defaultSafeIntegers(true);
  } catch (cause) {
    sqlite.close();
    throw new StorageError(
      'database_unavailable',
      `cannot configure the SQLite database at ${options.path}`,
      {
        cause,
      },
    );
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, capabilities: SQLITE_CAPABILITIES };
}
