import {
  audienceSchema,
  casualtiesSchema,
  categorySchema,
  evidenceSchema,
  INCIDENT_STATUSES,
  indicatorSchema,
  listExchangeObligations,
  locationSchema,
  timeSpanSchema,
  type CaseRecord,
  type CommitmentRecord,
  type ExchangeRecord,
  type FindingRecord,
  type StatementOf,
  type WorkflowRecord,
  type IncidentRecord,
  computeResponseDeadline,
  type Settings,
} from '@jmm/domain';
import { z } from 'zod';
import { digestParamSchema, logIntegerSchema } from './api-schemas.ts';

/**
 * The JSON views of workflow records (DESIGN.md §6) the query API answers with: snake_case like the
 * statements, log indexes as numbers like every other route, absent values as null. One schema per view
 * documents it in /api/docs and checks every answer on the way out.
 *
 * Each record comes from the reader's own fold (mechanism-views.ts), so every part it gathered — responses,
 * amendments, replies, findings, assessments, its case — comes from a statement the reader may read; views
 * need no filtering for that. Only a case's `subjects` are refs inside the case statement and may name
 * statements the reader may not read: `toCase` leaves those out.
 */

/** The subjects of cases, whose readability `toCase` needs. */
export function listCaseSubjects(records: readonly CaseRecord[]): string[] {
  return records.flatMap((record) => record.subjects);
}

const recordBase = {
  digest: digestParamSchema.describe('Digest of the statement that created the record'),
  index: logIntegerSchema.describe('Log index of that statement'),
  org: z.string().describe('The issuing organisation'),
  audience: audienceSchema,
};

/** The fields every record view shares, from the statement that created the record. */
function viewRecordBase(record: Pick<WorkflowRecord, 'digest' | 'index' | 'org' | 'audience'>) {
  return { digest: record.digest, index: Number(record.index), org: record.org, audience: record.audience };
}

const incidentSummarySchema = z.object({
  ...recordBase,
  member: z.string().nullable().describe('The reporting member; null in public output (organisation only)'),
  reported_at: z.string().describe('Log time of the report'),
  status: z.enum(INCIDENT_STATUSES),
  case_digest: z.string().nullable(),
  respond_by: z
    .string()
    .nullable()
    .describe(
      'For an allegation naming a party: when that party owes its response (log time of the report plus the routine respond_hours of the settings)',
    ),
  kind: z.enum(['allegation', 'observation']),
  category: categorySchema,
  time: timeSpanSchema,
  location: locationSchema,
  casualties: casualtiesSchema.nullable(),
  alleged_responsible: z.object({ actor: z.string(), party: z.string().nullable() }).nullable(),
  amendments: z.array(z.string()).describe('Digests of the amendments applied, in log order'),
  responses: z
    .array(
      z.object({
        digest: z.string(),
        org: z.string(),
        position: z.string(),
        at: z.string(),
        claims_action: z.boolean(),
      }),
    )
    .describe('The responses you may read (`status` counts every response)'),
  evidence_count: z.number().int(),
});

/** An incident in a list: the report with amendments applied, without its narrative and evidence list. */
export const incidentListItemSchema = incidentSummarySchema.describe('An incident (list view)');

/** One incident: everything, with the narrative and evidence. */
export const incidentSchema = incidentSummarySchema
  .extend({ narrative: z.string(), evidence: z.array(evidenceSchema) })
  .describe('An incident');

/** `settings` are the reader's view of them (the fold the record comes from), for the response deadline. */
export function toIncidentListItem(
  record: IncidentRecord,
  forPublic: boolean,
  settings: Settings,
): z.infer<typeof incidentListItemSchema> {
  const { body } = record;
  return {
    ...viewRecordBase(record),
    // Public output names the organisation only, never a member (DESIGN.md §1.7).
    member: forPublic ? null : record.member,
    reported_at: record.reportedAt,
    status: record.status,
    case_digest: record.caseDigest ?? null,
    respond_by: computeResponseDeadline(settings, record) ?? null,
    kind: body.kind,
    category: body.category,
    time: body.time,
    location: body.location,
    casualties: body.casualties ?? null,
    alleged_responsible:
      body.alleged_responsible === undefined
        ? null
        : { actor: body.alleged_responsible.actor, party: body.alleged_responsible.party ?? null },
    amendments: [...record.amendments],
    responses: record.responses.map((response) => ({
      digest: response.digest,
      org: response.org,
      position: response.position,
      at: response.at,
      claims_action: response.claimsAction,
    })),
    evidence_count: body.evidence.length,
  };
}

export function toIncident(
  record: IncidentRecord,
  forPublic: boolean,
  settings: Settings,
): z.infer<typeof incidentSchema> {
  return {
    ...toIncidentListItem(record, forPublic, settings),
    narrative: record.body.narrative,
    evidence: record.body.evidence,
  };
}

export const exchangeSchema = z
  .object({
    ...recordBase,
    member: z.string().nullable().describe('The requesting member; null in public output'),
    request_kind: z.enum(['information', 'action', 'notification']),
    priority: z.enum(['routine', 'priority', 'flash']),
    recipients: z.array(z.string()),
    subject: z.string(),
    sent_at: z.string(),
    acknowledge_by: z.string(),
    respond_by: z.string(),
    acks: z.array(z.object({ org: z.string(), at: z.string() })),
    replies: z.array(z.object({ org: z.string(), at: z.string(), outcome: z.string(), digest: z.string() })),
    closed: z.object({ satisfied: z.boolean(), at: z.string() }).nullable(),
    status: z.enum(['sent', 'acknowledged', 'replied', 'closed']),
    obligations: z
      .array(
        z.object({
          org: z.string(),
          due: z.enum(['acknowledge', 'reply']),
          deadline: z.string(),
          overdue: z.boolean(),
        }),
      )
      .describe("What each recipient still owes at the list's `as_of` log time"),
    overdue: z.boolean().describe('Whether any obligation is past its deadline at `as_of`'),
  })
  .describe('An exchange');

/** An exchange with what its recipients still owe at log time `now`. */
export function toExchange(
  record: ExchangeRecord,
  now: string,
  forPublic: boolean,
): z.infer<typeof exchangeSchema> {
  const obligations = listExchangeObligations(record, now);
  return {
    ...viewRecordBase(record),
    member: forPublic ? null : record.member,
    request_kind: record.requestKind,
    priority: record.priority,
    recipients: [...record.recipients],
    subject: record.subject,
    sent_at: record.sentAt,
    acknowledge_by: record.acknowledgeBy,
    respond_by: record.respondBy,
    acks: record.acks.map(({ org, at }) => ({ org, at })),
    replies: record.replies.map(({ org, at, outcome, digest }) => ({ org, at, outcome, digest })),
    closed: record.closed === undefined ? null : { satisfied: record.closed.satisfied, at: record.closed.at },
    status: record.status,
    obligations,
    overdue: obligations.some((obligation) => obligation.overdue),
  };
}

const memberRefSchema = z.object({ org: z.string(), member: z.string().nullable() });

export const caseSchema = z
  .object({
    ...recordBase,
    decision: z.enum(['admit', 'decline']),
    subjects: z.array(z.string()),
    analysts: z.array(memberRefSchema),
    observers: z.array(memberRefSchema),
    opened_at: z.string(),
    mission_by: z.string().nullable(),
    finding_by: z.string().nullable(),
    notes: z.number().int(),
    access_denials: z.array(
      z.object({ party: z.string(), kind: z.enum(['denied', 'delayed']), at: z.string() }),
    ),
    findings: z.array(z.string()),
    final_finding: z.string().nullable(),
    status: z.enum(['declined', 'open', 'finding_final']),
  })
  .describe('A case');

export function toCase(
  record: CaseRecord,
  subjectsReadable: ReadonlySet<string>,
  forPublic: boolean,
): z.infer<typeof caseSchema> {
  // Public output names organisations only (DESIGN.md §1.7): the team is listed by organisation.
  const team = (refs: CaseRecord['analysts']) =>
    refs.map(({ org, member }) => ({ org, member: forPublic ? null : member }));
  return {
    ...viewRecordBase(record),
    decision: record.decision,
    subjects: record.subjects.filter((digest) => subjectsReadable.has(digest)),
    analysts: team(record.analysts),
    observers: team(record.observers),
    opened_at: record.openedAt,
    mission_by: record.missionBy ?? null,
    finding_by: record.findingBy ?? null,
    notes: record.notes,
    access_denials: record.accessDenials.map(({ party, kind, at }) => ({ party, kind, at })),
    findings: [...record.findings],
    final_finding: record.finalFinding ?? null,
    status: record.status,
  };
}

export const commitmentSchema = z
  .object({
    ...recordBase,
    title: z.string(),
    obligated: z.array(z.string()),
    indicators: z.array(indicatorSchema),
    effective_from: z.string(),
    effective_to: z.string().nullable(),
    proposed_at: z.string(),
    accepted: z.array(z.object({ org: z.string(), at: z.string() })),
    in_force_at: z.string().nullable(),
    withdrawn_at: z.string().nullable(),
    assessments: z.array(
      z.object({
        indicator: z.string(),
        start: z.string(),
        end: z.string(),
        status: z.string(),
        digest: z.string(),
      }),
    ),
    status: z.enum(['proposed', 'in_force', 'withdrawn']),
  })
  .describe('A commitment');

export function toCommitment(record: CommitmentRecord): z.infer<typeof commitmentSchema> {
  return {
    ...viewRecordBase(record),
    title: record.title,
    obligated: [...record.obligated],
    indicators: [...record.indicators],
    effective_from: record.effectiveFrom,
    effective_to: record.effectiveTo ?? null,
    proposed_at: record.proposedAt,
    accepted: record.accepted.map(({ org, at }) => ({ org, at })),
    in_force_at: record.inForceAt ?? null,
    withdrawn_at: record.withdrawnAt ?? null,
    assessments: record.assessments.map((a) => ({ ...a })),
    status: record.status,
  };
}

export const findingSchema = z
  .object({
    ...recordBase,
    member: z.string().nullable().describe('The analyst who drafted it; null in public output'),
    case_digest: z.string(),
    drafted_at: z.string(),
    status: z.enum(['draft', 'final']),
    final_at: z.string().nullable(),
    determination: z.string(),
    attribution: z.object({ party: z.string(), degree: z.string() }).nullable(),
    source_reliability: z.string(),
    information_credibility: z.number(),
    confidence: z.string(),
    methods: z.array(z.string()),
    summary: z.string(),
    evidence_count: z.number().int(),
    endorsements: z
      .array(
        z.object({
          org: z.string(),
          member: z.string().nullable(),
          position: z.enum(['concur', 'dissent']),
          counts: z.boolean().describe('Counts toward the quorum (a verifier approver), or is recorded only'),
          text: z.string().nullable().describe('The reasons given: a dissent always states them'),
          digest: z.string(),
        }),
      )
      .describe('The latest position of each endorser you may read'),
  })
  .describe('A finding of a case, with its endorsements and dissents');

/**
 * A finding as the reader is shown it: the record from the reader's fold, what the finding says (`body`, from
 * its statement) and the reasons each endorsement gives (`texts`, by endorsement digest).
 */
export function toFinding(
  record: FindingRecord,
  body: StatementOf<'case.finding'>['body'],
  texts: ReadonlyMap<string, string | undefined>,
  forPublic: boolean,
): z.infer<typeof findingSchema> {
  return {
    ...viewRecordBase(record),
    member: forPublic ? null : record.member,
    case_digest: record.caseDigest,
    drafted_at: record.draftedAt,
    status: record.finalAt === undefined ? 'draft' : 'final',
    final_at: record.finalAt ?? null,
    determination: body.determination,
    attribution: body.attribution ?? null,
    source_reliability: body.source_reliability,
    information_credibility: body.information_credibility,
    confidence: body.confidence,
    methods: [...body.methods],
    summary: body.summary,
    evidence_count: body.evidence.length,
    endorsements: record.endorsements.map((e) => ({
      org: e.org,
      member: forPublic ? null : e.member,
      position: e.position,
      counts: e.counts,
      text: texts.get(e.digest) ?? null,
      digest: e.digest,
    })),
  };
}

/** A page of a list. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    records: z.array(item),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  });
}
