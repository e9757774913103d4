import type { MemberRef } from './statements/case.ts';
import type { Indicator } from './statements/commitment.ts';
import type { ExchangePriority } from './statements/exchange.ts';
import type { IncidentReportBody } from './statements/incident.ts';
import type { Audience } from './statements/statement.ts';

/**
 * The state machines of DESIGN.md §6, one record per workflow object, keyed by the digest of the statement
 * that created it. Records are immutable values: applying a statement replaces a record, so the sequencer can
 * copy the map per batch cheaply, and storage projects exactly these values.
 */

/** reported → responded → admitted/declined → under investigation → finding final → released; or withdrawn. */
export const INCIDENT_STATUSES = [
  'reported',
  'responded',
  'admitted',
  'declined',
  'under_investigation',
  'finding_final',
  'released',
  'withdrawn',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface IncidentResponseSummary {
  readonly digest: string;
  readonly org: string;
  readonly position: string;
  readonly at: string;
  readonly claimsAction: boolean;
}

export interface IncidentRecord {
  readonly kind: 'incident';
  readonly digest: string;
  readonly index: bigint;
  readonly org: string;
  readonly member: string;
  readonly audience: Audience;
  readonly reportedAt: string;
  /** The report body with every amendment applied. */
  readonly body: IncidentReportBody;
  readonly amendments: readonly string[];
  readonly responses: readonly IncidentResponseSummary[];
  readonly caseDigest: string | undefined;
  readonly status: IncidentStatus;
}

/** sent → acknowledged → replied → closed; overdue when a deadline passes in log time (see exchange-deadlines.ts). */
export type ExchangeStatus = 'sent' | 'acknowledged' | 'replied' | 'closed';

export interface ExchangeRecord {
  readonly kind: 'exchange';
  readonly digest: string;
  readonly index: bigint;
  readonly org: string;
  readonly member: string;
  readonly audience: Audience;
  readonly requestKind: 'information' | 'action' | 'notification';
  readonly priority: ExchangePriority;
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly sentAt: string;
  readonly acknowledgeBy: string;
  readonly respondBy: string;
  readonly acks: readonly { readonly org: string; readonly at: string }[];
  readonly replies: readonly {
    readonly org: string;
    readonly at: string;
    readonly outcome: string;
    readonly digest: string;
  }[];
  readonly closed: { readonly satisfied: boolean; readonly at: string } | undefined;
  readonly status: ExchangeStatus;
}

/** A response or reply in which a party claims to have acted: verifiable like an allegation. */
export interface ClaimRecord {
  readonly kind: 'claim';
  readonly digest: string;
  readonly index: bigint;
  readonly org: string;
  readonly audience: Audience;
  readonly claimedAt: string;
  readonly caseDigest: string | undefined;
}

export type CaseStatus = 'declined' | 'open' | 'finding_final';

export interface CaseRecord {
  readonly kind: 'case';
  readonly digest: string;
  readonly index: bigint;
  readonly org: string;
  readonly audience: Audience;
  readonly decision: 'admit' | 'decline';
  readonly subjects: readonly string[];
  readonly analysts: readonly MemberRef[];
  readonly observers: readonly MemberRef[];
  readonly openedAt: string;
  readonly missionBy: string | undefined;
  readonly findingBy: string | undefined;
  readonly notes: number;
  readonly accessDenials: readonly {
    readonly party: string;
    readonly kind: 'denied' | 'delayed';
    readonly at: string;
  }[];
  readonly findings: readonly string[];
  readonly finalFinding: string | undefined;
  readonly status: CaseStatus;
}

export interface EndorsementPosition {
  readonly org: string;
  readonly member: string;
  readonly position: 'concur' | 'dissent';
  readonly digest: string;
  /** Counts toward the quorum (a verifier approver) or is recorded only (a party observer). */
  readonly counts: boolean;
}

export interface FindingRecord {
  readonly kind: 'finding';
  readonly digest: string;
  readonly index: bigint;
  readonly caseDigest: string;
  readonly org: string;
  readonly member: string;
  readonly audience: Audience;
  readonly draftedAt: string;
  readonly determination: string;
  readonly attribution: { readonly party: string; readonly degree: string } | undefined;
  readonly confidence: string;
  /** Latest position of each endorser (`org/member`). */
  readonly endorsements: readonly EndorsementPosition[];
  readonly finalAt: string | undefined;
}

export type CommitmentStatus = 'proposed' | 'in_force' | 'withdrawn';

export interface CommitmentRecord {
  readonly kind: 'commitment';
  readonly digest: string;
  readonly index: bigint;
  readonly org: string;
  readonly audience: Audience;
  readonly title: string;
  readonly obligated: readonly string[];
  readonly indicators: readonly Indicator[];
  readonly effectiveFrom: string;
  readonly effectiveTo: string | undefined;
  readonly proposedAt: string;
  readonly accepted: readonly { readonly org: string; readonly at: string }[];
  readonly inForceAt: string | undefined;
  readonly withdrawnAt: string | undefined;
  readonly assessments: readonly {
    readonly indicator: string;
    readonly start: string;
    readonly end: string;
    readonly status: string;
    readonly digest: string;
  }[];
  readonly status: CommitmentStatus;
}

export interface ReleaseRecord {
  readonly kind: 'release';
  readonly digest: string;
  readonly index: bigint;
  readonly org: string;
  readonly audience: Audience;
  readonly summarises: readonly string[];
  readonly releasedAt: string;
  /** Public once a verifier approver concurred. */
  readonly publishedAt: string | undefined;
}

export type WorkflowRecord =
  | IncidentRecord
  | ExchangeRecord
  | ClaimRecord
  | CaseRecord
  | FindingRecord
  | CommitmentRecord
  | ReleaseRecord;

/**
 * The other records a handler may look up once it holds `record` (issue 9: the sequencer loads only what a
 * batch can reach, RecordWorkingSet): an incident's, claim's or finding's case; a case's subjects and findings;
 * what a release summarises. Every `state.records.get` in statement-types/ reads a ref's digest or one of these;
 * a lookup of anything else throws `record_not_loaded`, which the engine and rebuild tests would show.
 */
export function listLinkedRecordDigests(record: WorkflowRecord): readonly string[] {
  switch (record.kind) {
    case 'incident':
    case 'claim':
    case 'finding':
      return record.caseDigest === undefined ? [] : [record.caseDigest];
    case 'case':
      return [...record.subjects, ...record.findings];
    case 'release':
      return record.summarises;
    case 'exchange':
    case 'commitment':
      return [];
  }
}
