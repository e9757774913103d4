import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import type { AccessLogTable } from '../schema/access-log.table.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

/** One read of restricted content (DESIGN.md §1.7). */
export interface AccessRecord {
  readonly time: Date;
  /** The reader; undefined for an unauthenticated request (e.g. a refused one). */
  readonly org: string | undefined;
  readonly member: string | undefined;
  /** What was done, e.g. `statement.read`, `blob.read`, `export`. */
  readonly action: string;
  /** The statement read, when the access concerns one. */
  readonly targetDigest: string | undefined;
  /** Any other resource read (a blob digest, an export name). */
  readonly resource: string | undefined;
  /**
   * Absent for the record in the reader's own organisation's log. Set on a copy written for the organisation
   * whose content was read (the uploader of an evidence file), whose log then shows the read as well.
   */
  readonly ownerOrg?: string | undefined;
}

export interface StoredAccessRecord extends AccessRecord {
  readonly id: string;
}

export interface AccessLogRepository {
  /**
   * Appends a record; resolves its id. The commit is asynchronous (ADR 12): resolved means written, and a later
   * read sees it, but a power cut or a crash of the database server (not of this process) before the next
   * synchronous commit can lose it.
   */
  appendAccess(record: AccessRecord): Promise<string>;
  /** Appends several records in one transaction, as `appendAccess` does; resolves their ids in order. */
  appendAccesses(records: readonly AccessRecord[]): Promise<string[]>;
  /**
   * The reads by members of `org`, and the copies kept for `org` of reads of its content by others (`ownerOrg`),
   * newest first, `limit` at most. To page, pass the last record of the
   * previous page as `before`: records are ordered by (time, id), so equal times neither repeat nor vanish.
   */
  listAccessByOrg(
    org: string,
    options: { readonly limit: number; readonly before?: Pick<StoredAccessRecord, 'time' | 'id'> },
  ): Promise<StoredAccessRecord[]>;
}

/**
 * Writes access-log rows in one transaction with an asynchronous commit (DatabaseCapabilities): a member's read
 * is recorded before it is answered, but it does not wait for a disk flush — on SQLite that flush blocks the
 * event loop, and every restricted page read would pay one. The price (ADR 12): a power cut can lose the reads
 * recorded since the last synchronous commit, which flushes them; a statement is never lost.
 *
 * Invariant: no other write runs on the connection while its commits are asynchronous. The setting is restored
 * before the connection is handed back; if it cannot be (a rollback that failed and left a transaction open),
 * the database is closed rather than let a log commit return before it is durable: every later call fails until
 * the server is restarted.
 */
async function insertAsynchronously(
  database: StorageDatabase,
  rows: readonly Insertable<AccessLogTable>[],
): Promise<void> {
  const { inTransaction, before, after } = database.capabilities.asynchronousCommit;
  let restoreFailure: unknown;
  await database.db.connection().execute(async (connection) => {
    if (before !== undefined) await sql.raw(before).execute(connection);
    try {
      await connection.transaction().execute(async (trx) => {
        if (inTransaction !== undefined) await sql.raw(inTransaction).execute(trx);
        // Chunks keep each INSERT under SQLite's bound-parameter limit (8 columns per row).
        for (let start = 0; start < rows.length; start += 500)
          await trx
            .insertInto('access_log')
            .values(rows.slice(start, start + 500))
            .execute();
      });
    } finally {
      if (after !== undefined)
        await sql
          .raw(after)
          .execute(connection)
          .catch((error: unknown) => {
            restoreFailure = error;
          });
    }
  });
  // Outside the connection's callback: a pool waits for its connections to be handed back before it closes.
  if (restoreFailure !== undefined) {
    await database.db.destroy();
    throw new StorageError(
      'database_unavailable',
      'the database is closed: its commits could not be made synchronous again after an access-log write',
      { cause: restoreFailure },
    );
  }
}

/** The row of one access record, under a fresh id. */
function accessRow(record: AccessRecord): Insertable<AccessLogTable> & { readonly id: string } {
  return {
    id: randomUUID(),
    time: record.time.toISOString(),
    org: record.org ?? null,
    member: record.member ?? null,
    action: record.action,
    target_digest: record.targetDigest ?? null,
    resource: record.resource ?? null,
    owner_org: record.ownerOrg ?? null,
  };
}

export function createAccessLogRepository(database: StorageDatabase): AccessLogRepository {
  const { db } = database;
  return {
    appendAccess: (record) =>
      withStorageErrors(database, 'appendAccess', async () => {
        const row = accessRow(record);
        await insertAsynchronously(database, [row]);
        return row.id;
      }),

    appendAccesses: (records) =>
      withStorageErrors(database, 'appendAccesses', async () => {
        const rows = records.map(accessRow);
        await insertAsynchronously(database, rows);
        return rows.map((row) => row.id);
      }),

    listAccessByOrg: (org, options) =>
      withStorageErrors(database, 'listAccessByOrg', async () => {
        if (!Number.isSafeInteger(options.limit) || options.limit < 1) {
          throw new StorageError(
            'invalid_argument',
            `limit must be a positive integer, not ${options.limit}`,
          );
        }
        let query = db
          .selectFrom('access_log')
          .selectAll()
          .where((eb) =>
            eb.or([eb.and([eb('org', '=', org), eb('owner_org', 'is', null)]), eb('owner_org', '=', org)]),
          );
        const { before } = options;
        if (before !== undefined) {
          const time = before.time.toISOString();
          query = query.where((eb) =>
            eb.or([eb('time', '<', time), eb.and([eb('time', '=', time), eb('id', '<', before.id)])]),
          );
        }
        const rows = await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
        return rows.map((row) => ({
          id: row.id,
          time: new Date(row.time),
          org: row.org ?? undefined,
          member: row.member ?? undefined,
          action: row.action,
          targetDigest: row.target_digest ?? undefined,
          resource: row.resource ?? undefined,
          ...(row.owner_org === null ? {} : { ownerOrg: row.owner_org }),
        }));
      }),
  };
}
