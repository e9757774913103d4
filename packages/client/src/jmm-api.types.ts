// Request and response shapes of the JMM HTTP API (DESIGN.md §7), as the client reads them. They mirror the
// server's OpenAPI schemas (apps/server/src/routes/*) without importing the server: the client runs in
// browsers, and the OpenAPI document at /api/docs is the contract between the two.
import type { Envelope } from '@jmm/core';
import type {
  Audience,
  Category,
  IncidentReportBody,
  IncidentStatus,
  MetricDefinition,
  MetricsResult,
  OrgKind,
  PeriodKind,
  ReportAudience,
  ReportDocument,
  Role,
  Settings,
  StatementOf,
} from '@jmm/domain';

// ---- sign-in (POST /api/v1/auth/challenge, /api/v1/auth/login) ----

export interface Session {
  readonly token: string;
  readonly csrf_token: string;
  readonly expires_at: string;
  readonly org: string;
  readonly member: string;
  readonly roles: readonly Role[];
  readonly key_id: string;
}

// ---- GET /api/v1/mechanism ----

export interface MechanismInfo {
  readonly origin: string;
  readonly name: string;
  readonly log_vkey: string;
  readonly witnesses: readonly { readonly name: string; readonly vkey: string; readonly org: string }[];
  readonly orgs: readonly { readonly id: string; readonly name: string; readonly kind: OrgKind }[];
  readonly settings: Settings;
  readonly tree_size: number;
  readonly synthetic: boolean;
}

// ---- record lists (GET /api/v1/incidents, /exchanges, /cases, /commitments) ----

export type RecordSort = 'newest' | 'oldest' | 'time_desc' | 'time_asc';

/** Paging shared by every list: `cursor` is the previous page's `next_cursor`, with the same filters. */
export interface PageQuery {
  /** 1 to 200; default 50. */
  readonly limit?: number;
  readonly cursor?: string;
  readonly sort?: RecordSort;
}

export interface Page<R> {
  readonly records: readonly R[];
  readonly next_cursor: string | null;
}

export interface IncidentListQuery extends PageQuery {
  readonly status?: readonly IncidentStatus[];
  readonly reporter?: string;
  readonly party?: string;
  readonly kind?: 'allegation' | 'observation';
  readonly mechanism_type?: Category['mechanism_type'];
  readonly event_type?: Category['event_type'];
  readonly admin1?: string;
  /** RFC 3339 UTC: incidents whose time span ends at or after this. */
  readonly from?: string;
  /** RFC 3339 UTC: incidents whose time span starts at or before this. */
  readonly to?: string;
  /** WGS84 degrees; west > east crosses the antimeridian. */
  readonly bbox?: {
    readonly west: number;
    readonly south: number;
    readonly east: number;
    readonly north: number;
  };
}

export type ExchangeStatus = 'sent' | 'acknowledged' | 'replied' | 'closed';
export interface ExchangeListQuery extends PageQuery {
  readonly status?: readonly ExchangeStatus[];
  readonly requester?: string;
  readonly recipient?: string;
  readonly overdue?: boolean;
}

export type CaseStatus = 'declined' | 'open' | 'finding_final';
export interface CaseListQuery extends PageQuery {
  readonly status?: readonly CaseStatus[];
}

export type CommitmentStatus = 'proposed' | 'in_force' | 'withdrawn';
export interface CommitmentListQuery extends PageQuery {
  readonly status?: readonly CommitmentStatus[];
  readonly obligated?: string;
}

interface RecordBase {
  /** Digest of the statement that created the record. */
  readonly digest: string;
  readonly index: number;
  readonly org: string;
  readonly audience: Audience;
}

export interface IncidentListItem extends RecordBase {
  readonly member: string | null;
  readonly reported_at: string;
  readonly status: IncidentStatus;
  readonly case_digest: string | null;
  readonly respond_by: string | null;
  readonly kind: 'allegation' | 'observation';
  readonly category: Category;
  readonly time: IncidentReportBody['time'];
  readonly location: IncidentReportBody['location'];
  readonly casualties: NonNullable<IncidentReportBody['casualties']> | null;
  readonly alleged_responsible: { readonly actor: string; readonly party: string | null } | null;
  readonly amendments: readonly string[];
  readonly responses: readonly {
    readonly digest: string;
    readonly org: string;
    readonly position: string;
    readonly at: string;
    readonly claims_action: boolean;
  }[];
  readonly evidence_count: number;
}

export interface Incident extends IncidentListItem {
  readonly narrative: string;
  readonly evidence: IncidentReportBody['evidence'];
}

export interface Exchange extends RecordBase {
  readonly member: string | null;
  readonly request_kind: 'information' | 'action' | 'notification';
  readonly priority: 'routine' | 'priority' | 'flash';
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly sent_at: string;
  readonly acknowledge_by: string;
  readonly respond_by: string;
  readonly acks: readonly { readonly org: string; readonly at: string }[];
  readonly replies: readonly {
    readonly org: string;
    readonly at: string;
    readonly outcome: string;
    readonly digest: string;
  }[];
  readonly closed: { readonly satisfied: boolean; readonly at: string } | null;
  readonly status: ExchangeStatus;
  readonly obligations: readonly {
    readonly org: string;
    readonly due: 'acknowledge' | 'reply';
    readonly deadline: string;
    readonly overdue: boolean;
  }[];
  readonly overdue: boolean;
}

export interface Case extends RecordBase {
  readonly decision: 'admit' | 'decline';
  readonly subjects: readonly string[];
  readonly analysts: readonly { readonly org: string; readonly member: string | null }[];
  readonly observers: readonly { readonly org: string; readonly member: string | null }[];
  readonly opened_at: string;
  readonly mission_by: string | null;
  readonly finding_by: string | null;
  readonly notes: number;
  readonly access_denials: readonly {
    readonly party: string;
    readonly kind: 'denied' | 'delayed';
    readonly at: string;
  }[];
  readonly findings: readonly string[];
  readonly final_finding: string | null;
  readonly status: CaseStatus;
}

export interface Commitment extends RecordBase {
  readonly title: string;
  readonly obligated: readonly string[];
  /** As the commitment.propose body lists them. */
  readonly indicators: readonly Readonly<Record<string, unknown>>[];
  readonly effective_from: string;
  readonly effective_to: string | null;
  readonly proposed_at: string;
  readonly accepted: readonly { readonly org: string; readonly at: string }[];
  readonly in_force_at: string | null;
  readonly withdrawn_at: string | null;
  readonly assessments: readonly {
    readonly indicator: string;
    readonly start: string;
    readonly end: string;
    readonly status: string;
    readonly digest: string;
  }[];
  readonly status: CommitmentStatus;
}

// ---- GET /api/v1/records/:digest/timeline ----

export interface Timeline {
  readonly digest: string;
  readonly kind: string;
  readonly truncated: boolean;
  readonly statements: readonly {
    readonly digest: string;
    readonly index: number;
    readonly type: string;
    readonly org: string;
    readonly log_time: string;
    /** What the statement says, decoded from its envelope; `member` is null in public output. */
    readonly statement: {
      readonly issuer: { readonly org: string; readonly member: string | null };
      readonly issued_at: string;
      readonly audience: Audience;
      readonly refs: readonly { readonly rel: string; readonly digest: string }[];
      readonly body: Readonly<Record<string, unknown>>;
    };
  }[];
}

// ---- GET /api/v1/findings, /api/v1/findings/:digest ----

export interface FindingListQuery extends PageQuery {
  readonly status?: readonly ('draft' | 'final')[];
  /** The case's digest. */
  readonly case?: string;
  /** The party the finding attributes the event to. */
  readonly attributed?: string;
}

export interface Finding extends RecordBase {
  readonly member: string | null;
  readonly case_digest: string;
  readonly drafted_at: string;
  readonly status: 'draft' | 'final';
  readonly final_at: string | null;
  readonly determination: string;
  readonly attribution: { readonly party: string; readonly degree: string } | null;
  readonly source_reliability: string;
  readonly information_credibility: number;
  readonly confidence: string;
  readonly methods: readonly string[];
  readonly summary: string;
  readonly evidence_count: number;
  readonly endorsements: readonly {
    readonly org: string;
    readonly member: string | null;
    readonly position: 'concur' | 'dissent';
    /** Counts toward the quorum (a verifier approver), or is recorded only (a party observer). */
    readonly counts: boolean;
    readonly text: string | null;
    readonly digest: string;
  }[];
}

// ---- GET /api/v1/inbox ----

export interface Inbox {
  /** The log time deadlines are judged at. */
  readonly as_of: string;
  readonly items: readonly {
    /** The statement type that settles the item, e.g. exchange.ack. */
    readonly action: string;
    readonly digest: string;
    readonly subject_type: string;
    readonly subject: string | null;
    readonly deadline: string | null;
    readonly since: string;
    readonly overdue: boolean;
  }[];
}

// ---- GET /api/v1/metrics ----

export interface MetricsQuery {
  readonly period?: PeriodKind;
  /** A date (YYYY-MM-DD) or RFC 3339 UTC instant in the period; default the latest checkpoint's log time. */
  readonly at?: string;
  /** The tree size of a published checkpoint to compute at; default the latest. */
  readonly size?: number;
  /**
   * The metrics a report for this audience carries (`computeAudienceMetrics`): `public` for anyone, `mechanism`
   * for signed-in members. Default: what the caller may read.
   */
  readonly audience?: ReportAudience;
}

export interface MetricsAnswer {
  readonly checkpoint: { readonly tree_size: number; readonly root_hash: string; readonly log_time: string };
  readonly metrics: MetricsResult;
  /** Each metric path pattern (`responses.<party>.overdue`) with its definition (METRIC_DEFINITIONS). */
  readonly definitions: Readonly<Record<string, MetricDefinition>>;
}

// ---- GET /api/v1/statements/:digest ----

/** The parts of a statement read that are not the sequenced answer itself. */
export interface StatementReadExtras {
  readonly envelope: Envelope;
  readonly type: string;
  readonly org: string;
}

// ---- GET /api/v1/releases, /api/v1/reports ----

/** Publications are listed in log order only (no time sorts): newest (default) or oldest first. */
export interface PublicationListQuery extends Omit<PageQuery, 'sort'> {
  readonly sort?: 'newest' | 'oldest';
}

export type ReleaseStatus = 'pending' | 'published';
export interface ReleaseListQuery extends PublicationListQuery {
  readonly status?: readonly ReleaseStatus[];
}

/** A mediator's public summary; the public sees it only once a verifier approver concurred (`published`). */
export interface Release {
  readonly digest: string;
  readonly index: number;
  readonly org: string;
  /** Null in public output. */
  readonly member: string | null;
  readonly audience: Audience;
  readonly issued_at: string;
  /** When the release was logged. */
  readonly log_time: string;
  readonly status: ReleaseStatus;
  readonly published: boolean;
  /** Log time of the concurrence that published it. */
  readonly published_at: string | null;
  readonly title: string;
  readonly summary: string;
  readonly period: { readonly start: string; readonly end: string } | null;
  readonly admin1: readonly string[];
  /** Digests of the statements it summarises. */
  readonly summarises: readonly string[];
}

/** A published periodic report (`report.publish`) and the checkpoint its values were computed at. */
export interface ReportSummary {
  readonly digest: string;
  readonly index: number;
  readonly org: string;
  readonly member: string | null;
  /** Its values are the metrics this audience gets at its checkpoint. */
  readonly audience: ReportAudience;
  readonly issued_at: string;
  readonly log_time: string;
  readonly title: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly checkpoint: { readonly tree_size: number; readonly root_hash: string };
  /** The published metric values, by path (see `listReportValues` in @jmm/domain). */
  readonly values: Readonly<Record<string, number>>;
  readonly value_count: number;
  /** Its rendered documents (HTML, PDF), content-addressed, each served at `url` to the report's audience. */
  readonly documents: readonly (ReportDocument & { readonly url: string })[];
}

/** POST /api/v1/reports/documents: a stored report document, to list in a report.publish by its SHA-256. */
export interface UploadedReportDocument {
  /** Lowercase hex. */
  readonly sha256: string;
  readonly bytes: number;
  readonly media_type: ReportDocument['media_type'];
  /** Where it is served once a report lists it. */
  readonly url: string;
}

// ---- POST /api/v1/reports/drafts ----

/** What the secretariat asks the server to draft: a period (`2026-10`, `2026-Q3`, `2026-W40`) and audience. */
export interface ReportDraftRequest {
  readonly period: string;
  readonly audience: ReportAudience;
  /** Draft a period that has not ended at the latest checkpoint, numbers as they stand. */
  readonly partial?: boolean;
}

/** A report the server drafted: the unsigned `report.publish` body, and its stored documents. */
export interface ReportDraft {
  /** Sign it unchanged, with audience `audience`: the log requires exactly these values. */
  readonly body: StatementOf<'report.publish'>['body'];
  readonly audience: ReportAudience;
  /** The rendered PDF and HTML (as `body.documents`), with where each is served once a report lists it. */
  readonly documents: readonly (UploadedReportDocument & {
    /** Where the secretariat reads it before then (signed in). */
    readonly preview_url: string;
  })[];
}

// ---- GET /api/v1/members, /api/v1/demo/members ----

export interface MemberKey {
  readonly key_id: string;
  /** Raw Ed25519 public key, standard base64. */
  readonly public_key: string;
  readonly enrolled_index: number;
  readonly enrolled_at: string | null;
  readonly revoked_index: number | null;
  readonly revoked_at: string | null;
}

/** A member as the signed-in member's organisation knows it. */
export interface Member {
  readonly org: string;
  readonly member: string;
  /** The member's `member.profile` name where the reader may read it, else the role title. */
  readonly display_name: string;
  /** The public role title of the enrolment (never a personal name). */
  readonly role_title: string;
  readonly roles: readonly Role[];
  /** False once revoked. */
  readonly active: boolean;
  readonly keys: readonly MemberKey[];
}

/** A demonstration member with its key seed: synthetic and public by design, never served by a real mechanism. */
export interface DemoMember {
  readonly org: string;
  readonly member: string;
  readonly display_name: string;
  readonly roles: readonly Role[];
  /** The Ed25519 private key seed (32 bytes), standard base64: `ed25519.createSigner(decodeBase64(seed))`. */
  readonly seed: string;
}

// ---- GET /api/v1/settings/changes ----

/** A rule change (`settings.change` or `org.admit`), effective once every party concurs. */
export interface RuleChange {
  readonly digest: string;
  readonly index: number;
  readonly type: 'settings.change' | 'org.admit';
  readonly org: string;
  readonly member: string;
  readonly issued_at: string;
  readonly log_time: string;
  readonly reason: string;
  /** settings.change: the RFC 7396 merge patch. */
  readonly patch: Readonly<Record<string, unknown>> | null;
  /** org.admit: the organisation to admit. */
  readonly admits: { readonly id: string; readonly name: string; readonly kind: OrgKind } | null;
  readonly status: 'pending' | 'in_effect';
  readonly effective_at: string | null;
  /** Parties whose concurrence is still missing. */
  readonly awaiting: readonly string[];
  readonly endorsements: readonly {
    readonly digest: string;
    readonly org: string;
    readonly member: string;
    readonly position: 'concur' | 'dissent';
    readonly text: string | null;
    readonly log_time: string;
  }[];
}

// ---- GET /api/v1/access-log ----

export interface AccessLogQuery {
  /** 1 to 500; default 100. */
  readonly limit?: number;
}

/** A read of restricted content by a member of the caller's organisation, or of evidence it uploaded. */
export interface AccessLogEntry {
  readonly id: string;
  readonly time: string;
  /** The reader's organisation. */
  readonly org: string | null;
  readonly member: string | null;
  readonly action: string;
  /** The digest read, or the resource (a list, a metrics query). */
  readonly resource: string | null;
}

// ---- GET /api/v1/events (text/event-stream) ----

/** The data of a `checkpoint` event: what /log/checkpoint says, nothing more. */
export interface CheckpointEvent {
  readonly tree_size: number;
  /** Null for an empty log. */
  readonly log_time: string | null;
}
