/**
 * What differs between the dialects, as flags and classifiers rather than `if (dialect === …)` (STYLE.md,
 * after Kysely's adapters). Everything else — migrations, queries, repositories — is the same code for both.
 */
export interface DatabaseCapabilities {
  /** For log lines and error messages only; behaviour never branches on it. */
  readonly name: string;
  /** Column type for byte strings in DDL (`blob` in SQLite, `bytea` in PostgreSQL). */
  readonly binaryType: 'blob' | 'bytea';
  /**
   * Whether several connections can write at once. SQLite serialises writers on one file lock (and
   * better-sqlite3 waits synchronously for it), so one process should hold one connection; PostgreSQL lets a
   * pool write concurrently and relies on row locks.
   */
  readonly concurrentWriters: boolean;
  /** Whether session advisory locks exist to elect the one sequencer among several servers (DESIGN.md §5). */
  readonly advisoryLocks: boolean;
  /**
   * SQL that makes a write's commit asynchronous: it returns before the write is flushed to disk, and a power
   * cut can lose it (never corrupt the database, never reorder it after a later synchronous commit, which
   * flushes it too). Only for records whose loss in a power cut is acceptable — the access log — never for the
   * log. `inTransaction` runs first inside the write's transaction (PostgreSQL's `synchronous_commit`, which
   * SET LOCAL scopes to it); `before` and `after` run around the transaction on the same connection (SQLite
   * refuses to change `synchronous` inside one).
   */
  readonly asynchronousCommit: {
    readonly inTransaction?: string;
    readonly before?: string;
    readonly after?: string;
  };
  /**
   * Whether queries must keep the planner on the index they were written for by hiding a column from the
   * others (`column || ''`). SQLite plans without table statistics (nothing runs ANALYZE), so a range on a
   * time column looks cheaper to it than walking the log-order index of a paged list, however wide the range;
   * PostgreSQL plans from statistics, and a hidden column would only cost it an index it could use well.
   */
  readonly needsIndexHints: boolean;
  /** Largest value an integer column holds: both dialects store signed 64-bit integers. */
  readonly maxInteger: bigint;
  /** Whether a driver error is a primary-key or unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** Whether a driver error means the database is unreachable, busy or out of resources: retry later. */
  isUnavailable(error: unknown): boolean;
}
