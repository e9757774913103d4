import type { Audience, StatementType } from '@jmm/domain';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import { audienceFromColumns } from '../schema/audience-columns.ts';
import { bytesFromColumn } from '../schema/column-values.ts';
import { statementTypeFromColumn } from '../schema/statement-type-from-column.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

/** A statement in the log with what the server needs to decide who may see it and to prove it. */
export interface StoredStatement {
  readonly digest: string;
  readonly index: bigint;
  readonly logTime: string;
  /** Leaf data (the JCS entry JSON). */
  readonly entry: Uint8Array;
  /** The stored DSSE envelope; show it only to readers `canOrgRead` admits. */
  readonly envelope: Uint8Array;
  readonly type: StatementType;
  /** The issuing organisation and member. */
  readonly org: string;
  readonly member: string;
  readonly audience: Audience;
}

export interface EntryRepository {
  /**
   * Leaf data of entries `startIndex` … `startIndex + count - 1`, in index order, for an entry bundle
   * (`/log/tile/entries/<N>[.p/<W>]`, c2sp.org/tlog-tiles). Shorter than `count` if the log is: the caller
   * checks the bundle against the checkpoint it serves.
   */
  readEntryBundle(startIndex: bigint, count: number): Promise<Uint8Array[]>;
  /** The statement with this digest, or undefined if it is not in the log. */
  findStatement(digest: string): Promise<StoredStatement | undefined>;
  /** The statements among `digests` that are in the log, by digest (one query per chunk of digests). */
  findStatements(digests: readonly string[]): Promise<Map<string, StoredStatement>>;
  /** The log time of each entry among `indexes` that is in the log, by index. */
  findLogTimes(indexes: readonly bigint[]): Promise<Map<bigint, string>>;
  /** The newest `limit` statements of these types, newest first (statements_type_idx). */
  listStatementsOfTypes(types: readonly StatementType[], limit: number): Promise<StoredStatement[]>;
  /** The statements that refer to any of `digests` with relation `rel`, in log order (statement_refs_to_idx). */
  listReferringStatements(digests: readonly string[], rel: string): Promise<StoredStatement[]>;
}

const STATEMENT_COLUMNS = [
  'statements.digest',
  'statements.idx',
  'statements.log_time',
  'statements.type',
  'statements.org',
  'statements.member',
  'statements.audience_kind',
  'statements.audience_orgs',
  'entries.entry',
  'envelopes.envelope',
] as const;

export function createEntryRepository(database: StorageDatabase): EntryRepository {
  const { db } = database;
  const selectStatements = () =>
    db
      .selectFrom('statements')
      .innerJoin('entries', 'entries.digest', 'statements.digest')
      .innerJoin('envelopes', 'envelopes.digest', 'statements.digest')
      .select(STATEMENT_COLUMNS);
  const storedStatementFrom = (row: {
    digest: string;
    idx: bigint;
    log_time: string;
    type: string;
    org: string;
    member: string;
    audience_kind: string;
    audience_orgs: string | null;
    entry: Uint8Array;
    envelope: Uint8Array;
  }): StoredStatement => {
    const type = statementTypeFromColumn(row.digest, row.type);
    return {
      digest: row.digest,
      index: row.idx,
      logTime: row.log_time,
      entry: bytesFromColumn(row.entry),
      envelope: bytesFromColumn(row.envelope),
      type,
      org: row.org,
      member: row.member,
      audience: audienceFromColumns(row.audience_kind, row.audience_orgs),
    };
  };
  return {
    readEntryBundle: (startIndex, count) =>
      withStorageErrors(database, 'readEntryBundle', async () => {
        if (!Number.isSafeInteger(count) || count < 0) {
          throw new StorageError('invalid_argument', `count must be a non-negative integer, not ${count}`);
        }
        if (count === 0) return [];
        const rows = await db
          .selectFrom('entries')
          .select(['entry'])
          .where('idx', '>=', startIndex)
          .where('idx', '<', startIndex + BigInt(count))
          .orderBy('idx')
          .execute();
        return rows.map((row) => bytesFromColumn(row.entry));
      }),

    findStatement: (digest) =>
      withStorageErrors(database, 'findStatement', async () => {
        const row = await selectStatements().where('statements.digest', '=', digest).executeTakeFirst();
        return row === undefined ? undefined : storedStatementFrom(row);
      }),

    findStatements: (digests) =>
      withStorageErrors(database, 'findStatements', async () => {
        const found = new Map<string, StoredStatement>();
        for (const chunk of splitIntoChunks([...new Set(digests)])) {
          const rows = await selectStatements().where('statements.digest', 'in', chunk).execute();
          for (const row of rows) found.set(row.digest, storedStatementFrom(row));
        }
        return found;
      }),

    findLogTimes: (indexes) =>
      withStorageErrors(database, 'findLogTimes', async () => {
        const found = new Map<bigint, string>();
        for (const chunk of splitIntoChunks([...new Set(indexes)])) {
          const rows = await db
            .selectFrom('entries')
            .select(['idx', 'log_time'])
            .where('idx', 'in', chunk)
            .execute();
          for (const row of rows) found.set(row.idx, row.log_time);
        }
        return found;
      }),

    listStatementsOfTypes: (types, limit) =>
      withStorageErrors(database, 'listStatementsOfTypes', async () => {
        if (!Number.isSafeInteger(limit) || limit < 1)
          throw new StorageError('invalid_argument', `limit must be a positive integer, not ${limit}`);
        if (types.length === 0) return [];
        const rows = await selectStatements()
          .where('statements.type', 'in', [...types])
          .orderBy('statements.idx', 'desc')
          .limit(limit)
          .execute();
        return rows.map(storedStatementFrom);
      }),

    listReferringStatements: (digests, rel) =>
      withStorageErrors(database, 'listReferringStatements', async () => {
        const found = new Map<string, StoredStatement>();
        for (const chunk of splitIntoChunks([...new Set(digests)])) {
          const rows = await selectStatements()
            .innerJoin('statement_refs', 'statement_refs.from_digest', 'statements.digest')
            .where('statement_refs.to_digest', 'in', chunk)
            .where('statement_refs.rel', '=', rel)
            .execute();
          for (const row of rows) found.set(row.digest, storedStatementFrom(row));
        }
        return [...found.values()].sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
      }),
  };
}
