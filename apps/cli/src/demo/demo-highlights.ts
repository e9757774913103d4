import { listExchangeObligations, type MechanismState } from '@jmm/domain';
import type { DemoParty } from './demo-world.ts';

type PerParty = Record<DemoParty, number>;

/**
 * What the generated six months contain, read back from the log's workflow records at the end: enough to see
 * at a glance (and to test) that the scenario exercises every path — both parties late and on time, dissent,
 * declined cases, commitments kept and broken. The mechanism's metrics proper are defined in @jmm/domain.
 */
export interface DemoHighlights {
  readonly allegationsBy: PerParty;
  readonly observations: number;
  readonly withdrawn: number;
  /** Allegations answered after the routine respond_hours, per party responding. */
  readonly respondedLate: PerParty;
  readonly exchanges: number;
  readonly acknowledgedLate: PerParty;
  readonly repliedLate: PerParty;
  /** Obligations overdue at the demo's end (never acknowledged or answered). */
  readonly overdueAtEnd: PerParty;
  readonly closedSatisfied: number;
  readonly closedUnsatisfied: number;
  readonly casesAdmitted: number;
  readonly casesDeclined: number;
  readonly accessProblems: PerParty;
  readonly findings: number;
  readonly findingsFinal: number;
  readonly dissentingEndorsements: number;
  readonly commitmentsInForce: number;
  readonly commitmentsWithdrawn: number;
  readonly assessments: Readonly<Record<string, number>>;
  /** Party-months of the acknowledgement indicator (share of requests acknowledged on time ≥ its threshold). */
  readonly acknowledgementIndicator: { readonly met: PerParty; readonly missed: PerParty };
}

function perParty(): PerParty {
  return { pk: 0, af: 0 };
}

function isParty(org: string): org is DemoParty {
  return org === 'pk' || org === 'af';
}

export function summarizeDemoActivity(state: Readonly<MechanismState>, end: string): DemoHighlights {
  const allegationsBy = perParty();
  const respondedLate = perParty();
  const responseWindow = state.settings.deadlines.routine.respond_hours * 3600 * 1000;
  const acknowledgedLate = perParty();
  const repliedLate = perParty();
  const overdueAtEnd = perParty();
  const accessProblems = perParty();
  const assessments: Record<string, number> = {};
  const monthly = new Map<string, { due: number; onTime: number }>();
  let observations = 0;
  let withdrawn = 0;
  let exchanges = 0;
  let closedSatisfied = 0;
  let closedUnsatisfied = 0;
  let casesAdmitted = 0;
  let casesDeclined = 0;
  let findings = 0;
  let findingsFinal = 0;
  let dissentingEndorsements = 0;
  let commitmentsInForce = 0;
  let commitmentsWithdrawn = 0;
  let acknowledgementThreshold: { threshold: number; from: string } | undefined;

  for (const record of state.records.values()) {
    if (record.kind === 'incident') {
      if (record.body.kind === 'observation') observations += 1;
      else if (isParty(record.org)) allegationsBy[record.org] += 1;
      if (record.status === 'withdrawn') withdrawn += 1;
      const first = record.responses[0];
      const due = Date.parse(record.reportedAt) + responseWindow;
      if (
        record.body.kind === 'allegation' &&
        first !== undefined &&
        Date.parse(first.at) > due &&
        isParty(first.org)
      )
        respondedLate[first.org] += 1;
    } else if (record.kind === 'exchange') {
      exchanges += 1;
      if (record.closed !== undefined) {
        if (record.closed.satisfied) closedSatisfied += 1;
        else closedUnsatisfied += 1;
      }
      for (const org of record.recipients.filter(isParty)) {
        const ack = record.acks.find((a) => a.org === org);
        const reply = record.replies.find((r) => r.org === org);
        if (ack !== undefined && ack.at > record.acknowledgeBy) acknowledgedLate[org] += 1;
        if (reply !== undefined && reply.at > record.respondBy) repliedLate[org] += 1;
        if (record.acknowledgeBy <= end) {
          const key = `${org}/${record.sentAt.slice(0, 7)}`;
          const month = monthly.get(key) ?? { due: 0, onTime: 0 };
          month.due += 1;
          if (ack !== undefined && ack.at <= record.acknowledgeBy) month.onTime += 1;
          monthly.set(key, month);
        }
      }
      for (const obligation of listExchangeObligations(record, end)) {
        if (obligation.overdue && isParty(obligation.org)) overdueAtEnd[obligation.org] += 1;
      }
    } else if (record.kind === 'case') {
      if (record.decision === 'admit') casesAdmitted += 1;
      else casesDeclined += 1;
      for (const denial of record.accessDenials) if (isParty(denial.party)) accessProblems[denial.party] += 1;
    } else if (record.kind === 'finding') {
      findings += 1;
      if (record.finalAt !== undefined) findingsFinal += 1;
      dissentingEndorsements += record.endorsements.filter((e) => e.position === 'dissent').length;
    } else if (record.kind === 'commitment') {
      if (record.status === 'in_force') commitmentsInForce += 1;
      if (record.status === 'withdrawn') commitmentsWithdrawn += 1;
      for (const assessment of record.assessments) {
        assessments[assessment.status] = (assessments[assessment.status] ?? 0) + 1;
      }
      const indicator = record.indicators.find(
        (i) => i.kind === 'computed' && i.metric === 'exchange_acknowledged_on_time_share',
      );
      if (indicator?.kind === 'computed' && record.inForceAt !== undefined && record.status === 'in_force') {
        acknowledgementThreshold = { threshold: indicator.threshold, from: record.inForceAt.slice(0, 7) };
      }
    }
  }

  const met = perParty();
  const missed = perParty();
  if (acknowledgementThreshold !== undefined) {
    const { threshold, from } = acknowledgementThreshold;
    const lastMonth = end.slice(0, 7);
    for (const [key, month] of monthly) {
      const [org, period] = key.split('/') as [DemoParty, string];
      // Whole months only: from the month after the commitment came into force to the month before the end.
      if (period <= from || period >= lastMonth || month.due === 0) continue;
      if (month.onTime / month.due >= threshold) met[org] += 1;
      else missed[org] += 1;
    }
  }
  return {
    allegationsBy,
    observations,
    withdrawn,
    respondedLate,
    exchanges,
    acknowledgedLate,
    repliedLate,
    overdueAtEnd,
    closedSatisfied,
    closedUnsatisfied,
    casesAdmitted,
    casesDeclined,
    accessProblems,
    findings,
    findingsFinal,
    dissentingEndorsements,
    commitmentsInForce,
    commitmentsWithdrawn,
    assessments,
    acknowledgementIndicator: { met, missed },
  };
}
