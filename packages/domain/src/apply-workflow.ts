import { computeExchangeDeadlines } from './exchange-deadlines.ts';
import type { MechanismState, SequencedStatement } from './mechanism-state.ts';
import { applyMergePatch } from './settings.ts';
import type { IncidentReportBody } from './statements/incident.ts';
import type { Ref, Statement } from './statements/statement.ts';
import type {
  CaseRecord,
  CommitmentRecord,
  ExchangeRecord,
  FindingRecord,
  IncidentRecord,
  IncidentStatus,
  ReleaseRecord,
  WorkflowRecord,
} from './workflow-records.ts';

function refOf(statement: Statement, rel: Ref['rel']): string | undefined {
  return statement.refs.find((ref) => ref.rel === rel)?.digest;
}

function recordOf<K extends WorkflowRecord['kind']>(
  state: MechanismState,
  digest: string | undefined,
  kind: K,
): Extract<WorkflowRecord, { kind: K }> | undefined {
  const record = digest === undefined ? undefined : state.records.get(digest);
  return record?.kind === kind ? (record as Extract<WorkflowRecord, { kind: K }>) : undefined;
}

/** Moves an incident forward, never back (except by withdrawal, which is final). */
const INCIDENT_ORDER: readonly IncidentStatus[] = [
  'reported',
  'responded',
  'admitted',
  'under_investigation',
  'finding_final',
  'released',
];

function advanceIncident(
  state: MechanismState,
  digest: string,
  status: IncidentStatus,
  touched: string[],
  patch: Partial<IncidentRecord> = {},
): void {
  const incident = recordOf(state, digest, 'incident');
  if (incident === undefined) return;
  const terminal = incident.status === 'withdrawn' || incident.status === 'declined';
  const forward = INCIDENT_ORDER.indexOf(status) > INCIDENT_ORDER.indexOf(incident.status);
  const next =
    status === 'withdrawn' || status === 'declined' || (!terminal && forward) ? status : incident.status;
  state.records.set(digest, { ...incident, ...patch, status: next });
  touched.push(digest);
}

/** Marks every incident (and claim) a case is about. */
function advanceCaseSubjects(
  state: MechanismState,
  kase: CaseRecord,
  status: IncidentStatus,
  touched: string[],
): void {
  for (const subject of kase.subjects) advanceIncident(state, subject, status, touched);
}

function setRecord(state: MechanismState, record: WorkflowRecord, touched: string[]): void {
  state.records.set(record.digest, record);
  touched.push(record.digest);
}

function applyEndorsement(
  state: MechanismState,
  sequenced: SequencedStatement & { statement: Extract<Statement, { type: 'endorse' }> },
  touched: string[],
): void {
  const { statement, digest, logTime } = sequenced;
  const targetDigest = refOf(statement, 'endorses');
  const target = targetDigest === undefined ? undefined : state.records.get(targetDigest);
  if (target?.kind === 'finding') {
    const kase = recordOf(state, target.caseDigest, 'case');
    const member = state.members.get(`${statement.issuer.org}/${statement.issuer.member}`);
    const counts = statement.issuer.org === target.org && member?.roles.includes('approver') === true;
    const endorsements = [
      ...target.endorsements.filter(
        (e) => !(e.org === statement.issuer.org && e.member === statement.issuer.member),
      ),
      {
        org: statement.issuer.org,
        member: statement.issuer.member,
        position: statement.body.position,
        digest,
        counts,
      },
    ];
    const concurring = endorsements.filter((e) => e.counts && e.position === 'concur').length;
    const final =
      target.finalAt === undefined && kase?.status === 'open' && concurring >= state.settings.finding_quorum;
    setRecord(state, { ...target, endorsements, finalAt: final ? logTime : target.finalAt }, touched);
    if (final) {
      const closed: CaseRecord = { ...kase, finalFinding: target.digest, status: 'finding_final' };
      setRecord(state, closed, touched);
      advanceCaseSubjects(state, closed, 'finding_final', touched);
    }
  } else if (
    target?.kind === 'release' &&
    statement.body.position === 'concur' &&
    target.publishedAt === undefined
  ) {
    setRecord(state, { ...target, publishedAt: logTime }, touched);
    for (const subject of target.summarises) {
      const summarised = state.records.get(subject);
      if (summarised?.kind === 'incident') advanceIncident(state, subject, 'released', touched);
      if (summarised?.kind === 'finding') {
        const kase = recordOf(state, summarised.caseDigest, 'case');
        if (kase !== undefined) advanceCaseSubjects(state, kase, 'released', touched);
      }
    }
  }
}

/**
 * Applies a workflow statement (DESIGN.md §6 state machines) that validation accepted; returns the digests of
 * the records it created or changed.
 */
export function applyWorkflowStatement(
  state: MechanismState,
  sequenced: SequencedStatement,
): readonly string[] {
  const { statement, digest, index, logTime } = sequenced;
  const touched: string[] = [];
  const base = { digest, index, org: statement.issuer.org, audience: statement.audience };
  switch (statement.type) {
    case 'incident.report':
      setRecord(
        state,
        {
          ...base,
          kind: 'incident',
          member: statement.issuer.member,
          reportedAt: logTime,
          body: statement.body,
          amendments: [],
          responses: [],
          caseDigest: undefined,
          status: 'reported',
        },
        touched,
      );
      break;
    case 'incident.amend': {
      const incident = recordOf(state, refOf(statement, 'amends'), 'incident');
      if (incident === undefined) break;
      const body = applyMergePatch(incident.body, statement.body.patch) as IncidentReportBody;
      setRecord(state, { ...incident, body, amendments: [...incident.amendments, digest] }, touched);
      break;
    }
    case 'incident.withdraw': {
      const target = refOf(statement, 'withdraws');
      if (target !== undefined) advanceIncident(state, target, 'withdrawn', touched);
      break;
    }
    case 'incident.response': {
      const incident = recordOf(state, refOf(statement, 'responds_to'), 'incident');
      if (incident === undefined) break;
      const claimsAction = statement.body.action !== undefined;
      const responses = [
        ...incident.responses,
        { digest, org: statement.issuer.org, position: statement.body.position, at: logTime, claimsAction },
      ];
      advanceIncident(state, incident.digest, 'responded', touched, { responses });
      if (claimsAction)
        setRecord(state, { ...base, kind: 'claim', claimedAt: logTime, caseDigest: undefined }, touched);
      break;
    }
    case 'exchange.request': {
      const deadlines = computeExchangeDeadlines(
        state.settings,
        statement.body.priority,
        logTime,
        statement.body,
      );
      if (typeof deadlines === 'string') break;
      const record: ExchangeRecord = {
        ...base,
        kind: 'exchange',
        member: statement.issuer.member,
        requestKind: statement.body.kind,
        priority: statement.body.priority,
        recipients: statement.body.recipients,
        subject: statement.body.subject,
        sentAt: logTime,
        ...deadlines,
        acks: [],
        replies: [],
        closed: undefined,
        status: 'sent',
      };
      setRecord(state, record, touched);
      break;
    }
    case 'exchange.ack': {
      const exchange = recordOf(state, refOf(statement, 'responds_to'), 'exchange');
      if (exchange === undefined) break;
      const acks = [...exchange.acks, { org: statement.issuer.org, at: logTime }];
      setRecord(
        state,
        { ...exchange, acks, status: exchange.status === 'sent' ? 'acknowledged' : exchange.status },
        touched,
      );
      break;
    }
    case 'exchange.reply': {
      const exchange = recordOf(state, refOf(statement, 'responds_to'), 'exchange');
      if (exchange === undefined) break;
      const replies = [
        ...exchange.replies,
        { org: statement.issuer.org, at: logTime, outcome: statement.body.outcome, digest },
      ];
      setRecord(
        state,
        { ...exchange, replies, status: exchange.status === 'closed' ? 'closed' : 'replied' },
        touched,
      );
      if (statement.body.action !== undefined)
        setRecord(state, { ...base, kind: 'claim', claimedAt: logTime, caseDigest: undefined }, touched);
      break;
    }
    case 'exchange.close': {
      const exchange = recordOf(state, refOf(statement, 'responds_to'), 'exchange');
      if (exchange === undefined) break;
      setRecord(
        state,
        { ...exchange, closed: { satisfied: statement.body.satisfied, at: logTime }, status: 'closed' },
        touched,
      );
      break;
    }
    case 'case.open': {
      const subjects = statement.refs.filter((ref) => ref.rel === 'subject').map((ref) => ref.digest);
      const admitted = statement.body.decision === 'admit';
      const kase: CaseRecord = {
        ...base,
        kind: 'case',
        decision: statement.body.decision,
        subjects,
        analysts: statement.body.decision === 'admit' ? statement.body.team.analysts : [],
        observers: statement.body.decision === 'admit' ? statement.body.team.observers : [],
        openedAt: logTime,
        missionBy: statement.body.decision === 'admit' ? statement.body.mission_by : undefined,
        findingBy: statement.body.decision === 'admit' ? statement.body.finding_by : undefined,
        notes: 0,
        accessDenials: [],
        findings: [],
        finalFinding: undefined,
        status: admitted ? 'open' : 'declined',
      };
      setRecord(state, kase, touched);
      for (const subject of subjects) {
        const record = state.records.get(subject);
        if (record?.kind === 'incident')
          advanceIncident(state, subject, admitted ? 'admitted' : 'declined', touched, {
            caseDigest: digest,
          });
        if (record?.kind === 'claim') setRecord(state, { ...record, caseDigest: digest }, touched);
      }
      break;
    }
    case 'case.note':
    case 'case.access_denied': {
      const kase = recordOf(state, refOf(statement, 'subject'), 'case');
      if (kase === undefined) break;
      const next: CaseRecord =
        statement.type === 'case.note'
          ? { ...kase, notes: kase.notes + 1 }
          : {
              ...kase,
              accessDenials: [
                ...kase.accessDenials,
                { party: statement.body.party, kind: statement.body.kind, at: logTime },
              ],
            };
      setRecord(state, next, touched);
      advanceCaseSubjects(state, next, 'under_investigation', touched);
      break;
    }
    case 'case.finding': {
      const kase = recordOf(state, refOf(statement, 'subject'), 'case');
      if (kase === undefined) break;
      const finding: FindingRecord = {
        ...base,
        kind: 'finding',
        caseDigest: kase.digest,
        member: statement.issuer.member,
        draftedAt: logTime,
        determination: statement.body.determination,
        attribution: statement.body.attribution,
        confidence: statement.body.confidence,
        endorsements: [],
        finalAt: undefined,
      };
      setRecord(state, finding, touched);
      const next: CaseRecord = { ...kase, findings: [...kase.findings, digest] };
      setRecord(state, next, touched);
      advanceCaseSubjects(state, next, 'under_investigation', touched);
      break;
    }
    case 'endorse':
      applyEndorsement(state, { ...sequenced, statement }, touched);
      break;
    case 'commitment.propose': {
      const commitment: CommitmentRecord = {
        ...base,
        kind: 'commitment',
        title: statement.body.title,
        obligated: statement.body.obligated,
        indicators: statement.body.indicators,
        effectiveFrom: statement.body.effective_from,
        effectiveTo: statement.body.effective_to,
        proposedAt: logTime,
        accepted: [],
        inForceAt: undefined,
        withdrawnAt: undefined,
        assessments: [],
        status: 'proposed',
      };
      setRecord(state, commitment, touched);
      break;
    }
    case 'commitment.accept': {
      const commitment = recordOf(state, refOf(statement, 'responds_to'), 'commitment');
      if (commitment === undefined) break;
      const accepted = [...commitment.accepted, { org: statement.issuer.org, at: logTime }];
      const inForce = commitment.obligated.every((org) => accepted.some((a) => a.org === org));
      setRecord(
        state,
        {
          ...commitment,
          accepted,
          inForceAt: inForce ? logTime : undefined,
          status: inForce ? 'in_force' : 'proposed',
        },
        touched,
      );
      break;
    }
    case 'commitment.withdraw': {
      const commitment = recordOf(state, refOf(statement, 'withdraws'), 'commitment');
      if (commitment !== undefined)
        setRecord(state, { ...commitment, withdrawnAt: logTime, status: 'withdrawn' }, touched);
      break;
    }
    case 'indicator.assessment': {
      const commitment = recordOf(state, refOf(statement, 'subject'), 'commitment');
      if (commitment === undefined) break;
      const assessment = {
        indicator: statement.body.indicator,
        start: statement.body.period.start,
        end: statement.body.period.end,
        status: statement.body.status,
        digest,
      };
      setRecord(state, { ...commitment, assessments: [...commitment.assessments, assessment] }, touched);
      break;
    }
    case 'release': {
      const release: ReleaseRecord = {
        ...base,
        kind: 'release',
        summarises: statement.refs.filter((ref) => ref.rel === 'summarises').map((ref) => ref.digest),
        releasedAt: logTime,
        publishedAt: undefined,
      };
      setRecord(state, release, touched);
      break;
    }
    default:
      // Membership statements are applied in mechanism-state.ts; report.publish changes no record.
      break;
  }
  return touched;
}
