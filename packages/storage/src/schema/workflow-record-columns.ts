import { canonicalizeJson } from '@jmm/core';
import { listExchangeObligations, type WorkflowRecord } from '@jmm/domain';
import type { ViewerRecord } from '@jmm/domain';
import type { Insertable } from 'kysely';
import { StorageError } from '../storage-error.ts';
import { audienceToColumns } from './audience-columns.ts';
import { jsonFromColumn } from './column-values.ts';
import type { WorkflowRecordOrgsTable } from './workflow-record-orgs.table.ts';
import type { WorkflowRecordsTable } from './workflow-records.table.ts';

/** Findings, releases and claims have no status field; their rows get one derived from the record. */
export type FindingStatus = 'draft' | 'final';
export type ReleaseStatus = 'pending' | 'published';
export type ClaimStatus = 'unexamined' | 'in_case';

/** The status a row stores and lists filter on. */
export function statusOfRecord(record: WorkflowRecord): string {
  switch (record.kind) {
    case 'finding':
      return record.finalAt === undefined ? 'draft' : 'final';
    case 'release':
      return record.publishedAt === undefined ? 'pending' : 'published';
    case 'claim':
      return record.caseDigest === undefined ? 'unexamined' : 'in_case';
    case 'incident':
    case 'exchange':
    case 'case':
    case 'commitment':
      return record.status;
  }
}

/**
 * RFC 3339 UTC in `toISOString()` form. Statements may write `…:00Z` or `…:00.5Z`; text comparison of
 * mixed forms is not time order (`Z` sorts after `.`), so every stored and compared time goes through here.
 * Schema-validated timestamps always parse; anything else is kept as it is rather than refusing the batch.
 */
export function normaliseTime(text: string): string {
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? text : new Date(millis).toISOString();
}

function optionalTime(text: string | undefined): string | null {
  return text === undefined ? null : normaliseTime(text);
}

/** The log time of the statement that created the record. */
function createdAtOf(record: WorkflowRecord): string {
  switch (record.kind) {
    case 'incident':
      return record.reportedAt;
    case 'exchange':
      return record.sentAt;
    case 'claim':
      return record.claimedAt;
    case 'case':
      return record.openedAt;
    case 'finding':
      return record.draftedAt;
    case 'commitment':
      return record.proposedAt;
    case 'release':
      return record.releasedAt;
  }
}

/**
 * The earliest deadline still open. For an exchange that is the earliest obligation `listExchangeObligations`
 * reports (any obligation is overdue exactly when the earliest is, so `due_at < now` is "overdue at now"); for
 * an open case its `finding_by`.
 */
function dueAtOf(record: WorkflowRecord): string | null {
  if (record.kind === 'exchange') {
    const deadlines = listExchangeObligations(record, record.sentAt).map((o) => normaliseTime(o.deadline));
    return deadlines.length === 0 ? null : deadlines.reduce((a, b) => (b < a ? b : a));
  }
  if (record.kind === 'case' && record.status === 'open') return optionalTime(record.findingBy);
  return null;
}

/** The record as RFC 8785 JSON, its bigint log index as a decimal string (JSON has no 64-bit integers). */
export function recordToColumn(record: WorkflowRecord): string {
  return canonicalizeJson({ ...record, index: record.index.toString() });
}

/**
 * The record back from its row. Rows are written only by this package from records the engine computed, so
 * only the identity is checked; a mismatch means the row was changed behind the application.
 */
export function recordFromColumn(row: { digest: string; kind: string; record: string }): WorkflowRecord {
  const value = jsonFromColumn(row.record, 'workflow_records.record');
  const identity = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const index = identity.index;
  if (
    identity.kind !== row.kind ||
    identity.digest !== row.digest ||
    typeof index !== 'string' ||
    !/^(0|[1-9]\d{0,18})$/.test(index)
  ) {
    throw new StorageError('corrupt_data', `the stored record ${row.digest} does not match its row`);
  }
  return { ...identity, index: BigInt(index) } as unknown as WorkflowRecord;
}

/** Organisations a record names, by role, for `workflow_record_orgs`. */
function namedOrgsOf(viewer: string, record: WorkflowRecord): Insertable<WorkflowRecordOrgsTable>[] {
  const rows = (role: string, orgs: readonly string[]) =>
    [...new Set(orgs)].map((org) => ({ viewer, digest: record.digest, role, org }));
  return [
    ...rows('recipient', record.kind === 'exchange' ? record.recipients : []),
    ...rows('obligated', record.kind === 'commitment' ? record.obligated : []),
  ];
}

/** The row of a viewer's record and the organisations it names: a pure function of the two. */
export function workflowRecordToRows({ viewer, record }: ViewerRecord): {
  readonly row: Insertable<WorkflowRecordsTable>;
  readonly orgs: Insertable<WorkflowRecordOrgsTable>[];
} {
  const createdAt = normaliseTime(createdAtOf(record));
  const incident = record.kind === 'incident' ? record.body : undefined;
  let subtype: string | null = null;
  if (record.kind === 'incident') subtype = record.body.kind;
  if (record.kind === 'exchange') subtype = record.requestKind;
  if (record.kind === 'case') subtype = record.decision;
  let party: string | null = null;
  if (record.kind === 'incident') party = record.body.alleged_responsible?.party ?? null;
  if (record.kind === 'finding') party = record.attribution?.party ?? null;
  let timeStart = createdAt;
  let timeEnd: string | null = null;
  if (record.kind === 'incident') {
    timeStart = normaliseTime(record.body.time.start);
    timeEnd = normaliseTime(record.body.time.end);
  } else if (record.kind === 'commitment') {
    timeStart = normaliseTime(record.effectiveFrom);
    timeEnd = optionalTime(record.effectiveTo);
  }
  const caseDigest =
    record.kind === 'incident' || record.kind === 'claim' || record.kind === 'finding'
      ? (record.caseDigest ?? null)
      : null;
  return {
    row: {
      viewer,
      digest: record.digest,
      kind: record.kind,
      idx: record.index,
      org: record.org,
      member: 'member' in record ? record.member : null,
      ...audienceToColumns(record.audience),
      status: statusOfRecord(record),
      subtype,
      party,
      mechanism_type: incident?.category.mechanism_type ?? null,
      event_type: incident?.category.event_type ?? null,
      admin1: incident?.location.admin1 ?? null,
      lat: incident?.location.lat ?? null,
      lon: incident?.location.lon ?? null,
      case_digest: caseDigest,
      time_start: timeStart,
      time_end: timeEnd,
      created_at: createdAt,
      due_at: dueAtOf(record),
      record: recordToColumn(record),
    },
    orgs: namedOrgsOf(viewer, record),
  };
}
