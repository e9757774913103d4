import {
  canOrgRead,
  viewerOf,
  type Audience,
  type CaseStatus,
  type CommitmentStatus,
  type ExchangeStatus,
  type IncidentStatus,
  type StatementType,
  type WorkflowRecord,
} from '@jmm/domain';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import { audienceFromColumns } from '../schema/audience-columns.ts';
import type { Database } from '../schema/database.ts';
import { statementTypeFromColumn } from '../schema/statement-type-from-column.ts';
import {
  normaliseTime,
  recordFromColumn,
  type ClaimStatus,
  type FindingStatus,
  type ReleaseStatus,
} from '../schema/workflow-record-columns.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';
import { decodeRecordCursor, encodeRecordCursor, type RecordSort } from './record-cursor.ts';

export type WorkflowKind = WorkflowRecord['kind'];
export type RecordOfKind<K extends WorkflowKind> = Extract<WorkflowRecord, { kind: K }>;

/** Filters every list has: the issuing organisation of the creating statement, and any of some statuses. */
interface CommonFilter<S extends string> {
  readonly org?: string | undefined;
  readonly status?: readonly S[] | undefined;
}

/** WGS84 degrees; `west > east` crosses the antimeridian (RFC 7946 §5.2). */
export interface BoundingBox {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

export interface IncidentFilter extends CommonFilter<IncidentStatus> {
  readonly incidentKind?: 'allegation' | 'observation' | undefined;
  readonly allegedParty?: string | undefined;
  readonly mechanismType?: string | undefined;
  readonly eventType?: string | undefined;
  readonly admin1?: string | undefined;
  /** Incidents whose time span overlaps [from, to] (either end open). */
  readonly period?: { readonly from?: string | undefined; readonly to?: string | undefined } | undefined;
  readonly bbox?: BoundingBox | undefined;
}

export interface ExchangeFilter extends CommonFilter<ExchangeStatus> {
  readonly recipient?: string | undefined;
  /** Exchanges with (or without) an obligation past its deadline at log time `at`. */
  readonly overdue?: { readonly at: string; readonly overdue: boolean } | undefined;
}

export interface FindingFilter extends CommonFilter<FindingStatus> {
  readonly caseDigest?: string | undefined;
  readonly attributedParty?: string | undefined;
}

export interface CommitmentFilter extends CommonFilter<CommitmentStatus> {
  readonly obligated?: string | undefined;
}

export interface RecordFilters {
  incident: IncidentFilter;
  exchange: ExchangeFilter;
  case: CommonFilter<CaseStatus>;
  finding: FindingFilter;
  commitment: CommitmentFilter;
  release: CommonFilter<ReleaseStatus>;
  claim: CommonFilter<ClaimStatus>;
}

/** Every filter field of every kind, as the query builder sees them. */
type FilterFields = CommonFilter<string> &
  Omit<IncidentFilter, 'status'> &
  Omit<ExchangeFilter, 'status'> &
  Omit<FindingFilter, 'status'> &
  Omit<CommitmentFilter, 'status'>;

/** Records per page at most. */
export const MAX_RECORDS_PER_PAGE = 200;

export interface RecordQuery<K extends WorkflowKind> {
  /** The reader's organisation; undefined for the public. Records come from that viewer's fold only. */
  readonly reader: string | undefined;
  readonly filter?: RecordFilters[K] | undefined;
  /** Default `newest`. */
  readonly sort?: RecordSort | undefined;
  /** 1 to MAX_RECORDS_PER_PAGE. */
  readonly limit: number;
  /** `nextCursor` of the previous page, with the same kind and sort. */
  readonly cursor?: string | undefined;
}

export interface RecordPage<R> {
  readonly records: readonly R[];
  /** Undefined on the last page. */
  readonly nextCursor: string | undefined;
}

/** A statement on a record's timeline. */
export interface TimelineStatement {
  readonly digest: string;
  readonly index: bigint;
  readonly type: StatementType;
  readonly org: string;
  readonly logTime: string;
  readonly audience: Audience;
}

export interface Timeline {
  /** In log index order, the record's own statement first. */
  readonly statements: readonly TimelineStatement[];
  /** True when the timeline was cut at MAX_TIMELINE_STATEMENTS. */
  readonly truncated: boolean;
}

/**
 * How many refs away from a record its timeline reaches. Four covers the longest chain the workflow makes:
 * incident ← case.open ← case.finding ← release ← endorse.
 */
export const MAX_TIMELINE_DEPTH = 4;
export const MAX_TIMELINE_STATEMENTS = 1000;

/**
 * Reads of the per-viewer projections (DESIGN.md §1.7). Every read names its reader, and rows are selected by
 * that reader's viewer key: a record, its status, its filter and sort columns are the fold of exactly the
 * statements the reader may read (mechanism-views.ts), by construction rather than by filtering afterwards.
 * Errors are StorageErrors: `invalid_argument` for a bad limit or cursor, `corrupt_data`, `database_unavailable`.
 */
export interface WorkflowRepository {
  /** One page of the reader's records of `kind`, filtered and sorted. */
  listRecords<K extends WorkflowKind>(kind: K, query: RecordQuery<K>): Promise<RecordPage<RecordOfKind<K>>>;
  /** The record with this digest as the reader sees it; undefined when the reader's fold has no such record. */
  findRecord(digest: string, reader: string | undefined): Promise<WorkflowRecord | undefined>;
  /**
   * Every statement the reader may read that refers to `digest` directly or through a chain of refs (a case
   * about the incident, the case's findings, their endorsements and releases), at most MAX_TIMELINE_DEPTH
   * refs away, with the statement itself first. A chain is followed only through statements the reader may
   * read, so the timeline reveals no link the reader could not see. Undefined if the statement is not in the
   * log or the reader may not read it.
   */
  listTimeline(digest: string, reader: string | undefined): Promise<Timeline | undefined>;
  /**
   * The statements among `digests` that are in the log and the reader may read: `canOrgRead` on the audience,
   * and for the public a release only once its viewer shows it (withheld until a verifier concurs).
   */
  filterReadable(digests: readonly string[], reader: string | undefined): Promise<Set<string>>;
}

type RecordsBuilder = ExpressionBuilder<Database, 'workflow_records'>;

function namesOrg(eb: RecordsBuilder, role: 'recipient' | 'obligated', org: string) {
  return eb.exists(
    eb
      .selectFrom('workflow_record_orgs')
      .select('workflow_record_orgs.org')
      .whereRef('workflow_record_orgs.viewer', '=', 'workflow_records.viewer')
      .whereRef('workflow_record_orgs.digest', '=', 'workflow_records.digest')
      .where('workflow_record_orgs.role', '=', role)
      .where('workflow_record_orgs.org', '=', org),
  );
}

/** A time a filter compares with, in the stored form; anything that is not a time is the caller's mistake. */
function filterTime(text: string): string {
  if (Number.isNaN(Date.parse(text)))
    throw new StorageError('invalid_argument', `${JSON.stringify(text.slice(0, 40))} is not a time`);
  return normaliseTime(text);
}

/**
 * A time column, as a value no index range applies to where the dialect needs that hint. A period filter on a
 * list in log order must walk the log order index (`workflow_records_scan_idx`, which carries the time columns)
 * and stop after a page; left as a plain column, SQLite prefers the range `time_start <= to` on the time index,
 * which for a recent period is most of the log, read and then sorted. The price is an old, narrow period listed
 * newest first, which walks the index entries of every newer record.
 */
function timeValue(column: 'time_start' | 'time_end', hideFromIndexes: boolean) {
  return hideFromIndexes
    ? sql<string>`(${sql.ref(`workflow_records.${column}`)} || '')`
    : sql.ref<string>(`workflow_records.${column}`);
}

function filterConditions(
  eb: RecordsBuilder,
  filter: FilterFields,
  hideTimeFromIndexes: boolean,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const equal = (
    column: 'org' | 'subtype' | 'party' | 'mechanism_type' | 'event_type' | 'admin1' | 'case_digest',
    value: string | undefined,
  ) => {
    if (value !== undefined) conditions.push(eb(`workflow_records.${column}`, '=', value));
  };
  equal('org', filter.org);
  if (filter.status !== undefined) {
    // An empty set of statuses matches nothing, as it says.
    conditions.push(
      filter.status.length === 0 ? eb.lit(false) : eb('workflow_records.status', 'in', [...filter.status]),
    );
  }
  equal('subtype', filter.incidentKind);
  equal('party', filter.allegedParty ?? filter.attributedParty);
  equal('mechanism_type', filter.mechanismType);
  equal('event_type', filter.eventType);
  equal('admin1', filter.admin1);
  equal('case_digest', filter.caseDigest);
  if (filter.recipient !== undefined) conditions.push(namesOrg(eb, 'recipient', filter.recipient));
  if (filter.obligated !== undefined) conditions.push(namesOrg(eb, 'obligated', filter.obligated));
  const { period, bbox, overdue } = filter;
  if (period?.from !== undefined) {
    // An open-ended span (a commitment without an end date) overlaps everything after its start.
    const from = filterTime(period.from);
    conditions.push(
      eb.or([
        eb('workflow_records.time_end', 'is', null),
        eb(timeValue('time_end', hideTimeFromIndexes), '>=', from),
      ]),
    );
  }
  if (period?.to !== undefined)
    conditions.push(eb(timeValue('time_start', hideTimeFromIndexes), '<=', filterTime(period.to)));
  if (bbox !== undefined) {
    conditions.push(eb.between('workflow_records.lat', bbox.south, bbox.north));
    conditions.push(
      bbox.west <= bbox.east
        ? eb.between('workflow_records.lon', bbox.west, bbox.east)
        : eb.or([eb('workflow_records.lon', '>=', bbox.west), eb('workflow_records.lon', '<=', bbox.east)]),
    );
  }
  if (overdue !== undefined) {
    // due_at is the earliest open deadline, so "some obligation is overdue at `at`" is `due_at < at`, the
    // strict comparison listExchangeObligations makes.
    const at = filterTime(overdue.at);
    conditions.push(
      overdue.overdue
        ? eb('workflow_records.due_at', '<', at)
        : eb.or([eb('workflow_records.due_at', 'is', null), eb('workflow_records.due_at', '>=', at)]),
    );
  }
  return conditions;
}

export function createWorkflowRepository(database: StorageDatabase): WorkflowRepository {
  const { db } = database;
  /**
   * A release statement is readable by a viewer only once that viewer's fold shows its record: members at
   * once, the public after a verifier's (public) concurrence (`isRecordShown`).
   */
  const isReleaseShown = async (digest: string, reader: string | undefined): Promise<boolean> =>
    (await db
      .selectFrom('workflow_records')
      .select('digest')
      .where('viewer', '=', viewerOf(reader))
      .where('digest', '=', digest)
      .executeTakeFirst()) !== undefined;
  return {
    listRecords: <K extends WorkflowKind>(kind: K, query: RecordQuery<K>) =>
      withStorageErrors(database, 'listRecords', async (): Promise<RecordPage<RecordOfKind<K>>> => {
        const { limit } = query;
        if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_RECORDS_PER_PAGE) {
          throw new StorageError(
            'invalid_argument',
            `limit must be an integer from 1 to ${MAX_RECORDS_PER_PAGE}, not ${limit}`,
          );
        }
        const sort = query.sort ?? 'newest';
        const cursor = query.cursor === undefined ? undefined : decodeRecordCursor(query.cursor, kind, sort);
        const filter: FilterFields = query.filter ?? {};
        const byTime = sort === 'time_desc' || sort === 'time_asc';
        const direction = sort === 'newest' || sort === 'time_desc' ? 'desc' : 'asc';
        const after = direction === 'desc' ? '<' : '>';

        let select = db
          .selectFrom('workflow_records')
          .select(['workflow_records.digest', 'workflow_records.kind', 'workflow_records.record'])
          .select(['workflow_records.idx', 'workflow_records.time_start'])
          .where('workflow_records.viewer', '=', viewerOf(query.reader))
          .where('workflow_records.kind', '=', kind)
          .where((eb) =>
            eb.and(filterConditions(eb, filter, !byTime && database.capabilities.needsIndexHints)),
          );
        if (cursor !== undefined) {
          select = select.where((eb) =>
            byTime && cursor.key !== undefined
              ? eb.or([
                  eb('workflow_records.time_start', after, cursor.key),
                  eb.and([
                    eb('workflow_records.time_start', '=', cursor.key),
                    eb('workflow_records.idx', after, cursor.index),
                  ]),
                ])
              : eb('workflow_records.idx', after, cursor.index),
          );
        }
        if (byTime) select = select.orderBy('workflow_records.time_start', direction);
        const rows = await select
          .orderBy('workflow_records.idx', direction)
          .limit(limit + 1)
          .execute();

        const page = rows.slice(0, limit);
        const last = page.at(-1);
        const nextCursor =
          rows.length > limit && last !== undefined
            ? encodeRecordCursor({ kind, sort, key: byTime ? last.time_start : undefined, index: last.idx })
            : undefined;
        return { records: page.map((row) => recordFromColumn(row) as RecordOfKind<K>), nextCursor };
      }),

    findRecord: (digest, reader) =>
      withStorageErrors(database, 'findRecord', async () => {
        const row = await db
          .selectFrom('workflow_records')
          .select(['digest', 'kind', 'record'])
          .where('viewer', '=', viewerOf(reader))
          .where('digest', '=', digest)
          .executeTakeFirst();
        return row === undefined ? undefined : recordFromColumn(row);
      }),

    listTimeline: (digest, reader) =>
      withStorageErrors(database, 'listTimeline', async () => {
        const columns = [
          'statements.digest',
          'statements.idx',
          'statements.type',
          'statements.org',
          'statements.log_time',
          'statements.audience_kind',
          'statements.audience_orgs',
        ] as const;
        const root = await db
          .selectFrom('statements')
          .select(columns)
          .where('statements.digest', '=', digest)
          .executeTakeFirst();
        const readable = async (row: NonNullable<typeof root>): Promise<TimelineStatement | undefined> => {
          const statement = timelineStatementFromRow(row);
          if (!canOrgRead(statement.audience, statement.org, reader)) return undefined;
          return statement.type !== 'release' || (await isReleaseShown(statement.digest, reader))
            ? statement
            : undefined;
        };
        const first = root === undefined ? undefined : await readable(root);
        if (first === undefined) return undefined;
        const found = new Map([[first.digest, first]]);

        // Breadth first, one query per level and chunk; refs only point back in the log, so there are no
        // cycles, and the depth bound keeps a busy record's timeline bounded too.
        let frontier = [digest];
        let truncated = false;
        for (let depth = 0; depth < MAX_TIMELINE_DEPTH && frontier.length > 0 && !truncated; depth++) {
          const next: string[] = [];
          for (const chunk of splitIntoChunks(frontier)) {
            const rows = await db
              .selectFrom('statement_refs')
              .innerJoin('statements', 'statements.digest', 'statement_refs.from_digest')
              .select(columns)
              .where('statement_refs.to_digest', 'in', chunk)
              .orderBy('statements.idx')
              .execute();
            for (const row of rows) {
              const statement = found.has(row.digest) ? undefined : await readable(row);
              if (statement === undefined) continue;
              if (found.size >= MAX_TIMELINE_STATEMENTS) {
                truncated = true;
                break;
              }
              found.set(statement.digest, statement);
              next.push(statement.digest);
            }
          }
          frontier = next;
        }
        const statements = [...found.values()].sort((a, b) => (a.index < b.index ? -1 : 1));
        return { statements, truncated };
      }),

    filterReadable: (digests, reader) =>
      withStorageErrors(database, 'filterReadable', async () => {
        const readable = new Set<string>();
        for (const chunk of splitIntoChunks([...new Set(digests)])) {
          const rows = await db
            .selectFrom('statements')
            .select(['digest', 'type', 'org', 'audience_kind', 'audience_orgs'])
            .where('digest', 'in', chunk)
            .execute();
          for (const row of rows) {
            if (!canOrgRead(audienceFromColumns(row.audience_kind, row.audience_orgs), row.org, reader))
              continue;
            if (row.type === 'release' && !(await isReleaseShown(row.digest, reader))) continue;
            readable.add(row.digest);
          }
        }
        return readable;
      }),
  };
}

function timelineStatementFromRow(row: {
  digest: string;
  idx: bigint;
  type: string;
  org: string;
  log_time: string;
  audience_kind: string;
  audience_orgs: string | null;
}): TimelineStatement {
  const type = statementTypeFromColumn(row.digest, row.type);
  return {
    digest: row.digest,
    index: row.idx,
    type,
    org: row.org,
    logTime: row.log_time,
    audience: audienceFromColumns(row.audience_kind, row.audience_orgs),
  };
}
