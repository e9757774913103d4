import { memberKey } from '../member-key.ts';
import { caseOpenBodySchema } from '../statements/case.ts';
import type { CaseRecord } from '../workflow-records.ts';
import { advanceIncident } from './advance-incident.ts';
import { fail } from './fail.ts';
import { isMemberWithRole } from './is-member-with-role.ts';
import { requireParty } from './require-party.ts';
import { recordBase, setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `case.open`: a verifier approver admits or declines its subjects — allegations, or claims of action taken —
 * each at most once; an admitted case has a team and deadlines ahead.
 */
export const caseOpenHandler: StatementHandler<'case.open'> = {
  body: caseOpenBodySchema,
  validate(statement, state, context) {
    const issuerOrg = statement.issuer.org;
    const subjects = statement.refs.filter((ref) => ref.rel === 'subject');
    if (subjects.length === 0 || subjects.length !== statement.refs.length)
      fail('invalid_ref', 'a case refers only to its subjects, at least one');
    for (const { digest } of subjects) {
      const record = state.records.get(digest);
      const admissible =
        (record?.kind === 'incident' && record.body.kind === 'allegation' && record.status !== 'withdrawn') ||
        record?.kind === 'claim';
      if (!admissible) fail('invalid_ref', 'a case is about allegations or claimed actions');
      if (record.caseDigest !== undefined) fail('state_conflict', `${digest} already has a case`);
    }
    if (statement.body.decision === 'admit') {
      const { team, finding_by: findingBy, mission_by: missionBy } = statement.body;
      for (const analyst of team.analysts) {
        if (analyst.org !== issuerOrg || !isMemberWithRole(state, analyst.org, analyst.member, 'analyst')) {
          fail('invalid_statement', `${analyst.org}/${analyst.member} is not an analyst of ${issuerOrg}`);
        }
      }
      for (const observer of team.observers) {
        requireParty(state, observer.org, 'an observer’s organisation');
        if (state.members.get(memberKey(observer.org, observer.member))?.active !== true)
          fail('invalid_statement', `no member ${observer.org}/${observer.member}`);
      }
      const { logTime } = context;
      if (
        findingBy <= logTime ||
        (missionBy !== undefined && (missionBy <= logTime || missionBy > findingBy))
      ) {
        fail('invalid_statement', 'deadlines lie ahead: log time < mission_by ≤ finding_by');
      }
    }
  },
  apply(state, sequenced) {
    const { statement, digest, logTime } = sequenced;
    const touched: string[] = [];
    const subjects = statement.refs.filter((ref) => ref.rel === 'subject').map((ref) => ref.digest);
    const admitted = statement.body.decision === 'admit';
    const kase: CaseRecord = {
      ...recordBase(sequenced),
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
        advanceIncident(state, subject, admitted ? 'admitted' : 'declined', touched, { caseDigest: digest });
      if (record?.kind === 'claim') setRecord(state, { ...record, caseDigest: digest }, touched);
    }
    return touched;
  },
};
