import { DomainError, type DomainErrorCode } from './domain-error.ts';
import { computeExchangeDeadlines } from './exchange-deadlines.ts';
import { memberKey, type MechanismState } from './mechanism-state.ts';
import { applyMergePatch } from './settings.ts';
import { incidentReportBodySchema } from './statements/incident.ts';
import type { Ref, Statement } from './statements/statement.ts';
import type { WorkflowRecord } from './workflow-records.ts';

function fail(code: DomainErrorCode, message: string): never {
  throw new DomainError(code, message);
}

/** The one ref with relation `rel`, which must point at a workflow record of `kind`. */
function target<K extends WorkflowRecord['kind']>(
  statement: Statement,
  state: MechanismState,
  rel: Ref['rel'],
  kind: K,
): Extract<WorkflowRecord, { kind: K }> {
  const refs = statement.refs.filter((ref) => ref.rel === rel);
  if (refs.length !== 1) fail('invalid_ref', `a ${statement.type} has exactly one "${rel}" ref`);
  const record = state.records.get(refs[0]!.digest);
  if (record?.kind !== kind)
    fail('invalid_ref', `the "${rel}" ref of a ${statement.type} must point at a ${kind}`);
  return record as Extract<WorkflowRecord, { kind: K }>;
}

function requireParty(state: MechanismState, org: string, what: string): void {
  if (state.orgs.get(org)?.kind !== 'party')
    fail('invalid_statement', `${what} ${org} is not a party of this mechanism`);
}

function isMemberWithRole(state: MechanismState, org: string, member: string, role: string): boolean {
  const record = state.members.get(memberKey(org, member));
  return record?.active === true && (record.roles as readonly string[]).includes(role);
}

/**
 * The rules of each workflow statement that depend on the records it refers to (DESIGN.md §3, §6): who may act on
 * which record, in which state. Runs after the generic checks in validate-statement.ts; changes nothing.
 */
export function validateWorkflowStatement(
  statement: Statement,
  state: MechanismState,
  logTime: string,
  rootHashAt?: (treeSize: bigint) => string | undefined,
): void {
  const issuerOrg = statement.issuer.org;
  switch (statement.type) {
    case 'incident.report': {
      const party = statement.body.alleged_responsible?.party;
      if (party !== undefined) {
        requireParty(state, party, 'the alleged responsible party');
        if (party === issuerOrg)
          fail('invalid_statement', 'a party does not allege against itself; report an observation');
      }
      break;
    }
    case 'incident.amend': {
      const incident = target(statement, state, 'amends', 'incident');
      if (incident.org !== issuerOrg)
        fail('forbidden_type', 'only the reporting organisation amends its report');
      if (incident.status === 'withdrawn') fail('state_conflict', 'the report was withdrawn');
      const amended = incidentReportBodySchema.safeParse(
        applyMergePatch(incident.body, statement.body.patch),
      );
      if (!amended.success)
        fail(
          'invalid_statement',
          `the amended report is not valid: ${amended.error.issues[0]?.message ?? ''}`,
        );
      break;
    }
    case 'incident.withdraw': {
      const incident = target(statement, state, 'withdraws', 'incident');
      if (incident.org !== issuerOrg)
        fail('forbidden_type', 'only the reporting organisation withdraws its report');
      if (incident.status === 'withdrawn') fail('state_conflict', 'the report is already withdrawn');
      break;
    }
    case 'incident.response': {
      const incident = target(statement, state, 'responds_to', 'incident');
      if (incident.org === issuerOrg)
        fail('forbidden_type', 'a party responds to the other side’s reports, not its own');
      const alleged = incident.body.alleged_responsible?.party;
      if (incident.body.kind === 'allegation' && alleged !== undefined && alleged !== issuerOrg) {
        fail('forbidden_type', `the response to this allegation is ${alleged}’s to give`);
      }
      if (incident.status === 'withdrawn') fail('state_conflict', 'the report was withdrawn');
      break;
    }
    case 'exchange.request': {
      for (const org of statement.body.recipients) {
        if (!state.orgs.has(org))
          fail('invalid_statement', `recipient ${org} is not an organisation of this mechanism`);
        if (org === issuerOrg) fail('invalid_statement', 'an organisation does not send requests to itself');
      }
      const deadlines = computeExchangeDeadlines(
        state.settings,
        statement.body.priority,
        logTime,
        statement.body,
      );
      if (typeof deadlines === 'string') fail('invalid_statement', `deadline out of bounds: ${deadlines}`);
      break;
    }
    case 'exchange.ack':
    case 'exchange.reply': {
      const exchange = target(statement, state, 'responds_to', 'exchange');
      if (!exchange.recipients.includes(issuerOrg))
        fail('forbidden_type', 'only a recipient acknowledges or replies');
      if (exchange.closed !== undefined) fail('state_conflict', 'the exchange is closed');
      const done = statement.type === 'exchange.ack' ? exchange.acks : exchange.replies;
      if (done.some((entry) => entry.org === issuerOrg))
        fail('state_conflict', `${issuerOrg} already did that`);
      break;
    }
    case 'exchange.close': {
      const exchange = target(statement, state, 'responds_to', 'exchange');
      if (exchange.org !== issuerOrg) fail('forbidden_type', 'only the requester closes an exchange');
      if (exchange.closed !== undefined) fail('state_conflict', 'the exchange is already closed');
      break;
    }
    case 'case.open': {
      const subjects = statement.refs.filter((ref) => ref.rel === 'subject');
      if (subjects.length === 0 || subjects.length !== statement.refs.length)
        fail('invalid_ref', 'a case refers only to its subjects, at least one');
      for (const { digest } of subjects) {
        const record = state.records.get(digest);
        const admissible =
          (record?.kind === 'incident' &&
            record.body.kind === 'allegation' &&
            record.status !== 'withdrawn') ||
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
        if (
          findingBy <= logTime ||
          (missionBy !== undefined && (missionBy <= logTime || missionBy > findingBy))
        ) {
          fail('invalid_statement', 'deadlines lie ahead: log time < mission_by ≤ finding_by');
        }
      }
      break;
    }
    case 'case.note':
    case 'case.access_denied':
    case 'case.finding': {
      const kase = target(statement, state, 'subject', 'case');
      if (kase.status !== 'open') fail('state_conflict', 'the case is not open');
      const inTeam = kase.analysts.some((a) => a.org === issuerOrg && a.member === statement.issuer.member);
      const approver =
        kase.org === issuerOrg && isMemberWithRole(state, issuerOrg, statement.issuer.member, 'approver');
      if (!inTeam && !(approver && statement.type !== 'case.finding'))
        fail('forbidden_type', 'only the case team works on a case');
      if (statement.type === 'case.access_denied')
        requireParty(state, statement.body.party, 'the party named');
      if (statement.type === 'case.finding' && statement.body.attribution !== undefined)
        requireParty(state, statement.body.attribution.party, 'the attributed party');
      break;
    }
    case 'commitment.propose':
      for (const org of statement.body.obligated) requireParty(state, org, 'an obligated party');
      break;
    case 'commitment.accept': {
      const commitment = target(statement, state, 'responds_to', 'commitment');
      if (!commitment.obligated.includes(issuerOrg))
        fail('forbidden_type', 'only an obligated party accepts');
      if (commitment.status === 'withdrawn') fail('state_conflict', 'the commitment was withdrawn');
      if (commitment.accepted.some((a) => a.org === issuerOrg))
        fail('state_conflict', `${issuerOrg} already accepted`);
      break;
    }
    case 'commitment.withdraw': {
      const commitment = target(statement, state, 'withdraws', 'commitment');
      if (commitment.org !== issuerOrg && !commitment.obligated.includes(issuerOrg))
        fail('forbidden_type', 'only the proposer or an obligated party withdraws');
      if (commitment.status === 'withdrawn') fail('state_conflict', 'already withdrawn');
      break;
    }
    case 'indicator.assessment': {
      const commitment = target(statement, state, 'subject', 'commitment');
      if (commitment.status !== 'in_force') fail('state_conflict', 'only a commitment in force is assessed');
      if (!commitment.indicators.some((indicator) => indicator.id === statement.body.indicator))
        fail('invalid_statement', `no indicator ${statement.body.indicator}`);
      break;
    }
    case 'release':
      if (statement.audience.kind !== 'public') fail('invalid_statement', 'a release is public');
      if (!statement.refs.some((ref) => ref.rel === 'summarises'))
        fail('invalid_ref', 'a release summarises at least one statement');
      break;
    case 'report.publish':
      if (statement.audience.kind !== 'public') fail('invalid_statement', 'a published report is public');
      if (BigInt(statement.body.checkpoint.tree_size) > state.size)
        fail('invalid_statement', 'the report names a checkpoint the log has not reached');
      if (
        rootHashAt !== undefined &&
        rootHashAt(BigInt(statement.body.checkpoint.tree_size)) !== statement.body.checkpoint.root_hash
      )
        fail('invalid_statement', 'the report names a root hash the log never had at that size');
      break;
    default:
      break;
  }
}

/** Endorsements of workflow records: findings (quorum), releases (publication), commitments (support). */
export function validateWorkflowEndorsement(
  statement: Extract<Statement, { type: 'endorse' }>,
  record: WorkflowRecord,
  state: MechanismState,
): void {
  const { org, member } = statement.issuer;
  if (record.kind === 'finding') {
    if (record.finalAt !== undefined) fail('state_conflict', 'the finding is already final');
    const kase = state.records.get(record.caseDigest);
    // Once a case has its final finding, its other drafts are superseded: endorsing one cannot reopen the case.
    if (kase?.kind !== 'case' || kase.status !== 'open') fail('state_conflict', 'the case is no longer open');
    const approver = org === record.org && isMemberWithRole(state, org, member, 'approver');
    const observer = kase.observers.some((o) => o.org === org && o.member === member);
    if (!approver && !observer)
      fail('forbidden_type', 'verifier approvers and the case’s observers endorse findings');
  } else if (record.kind === 'release') {
    if (record.publishedAt !== undefined) fail('state_conflict', 'the release is already public');
    // The concurrence makes the release public, so the public must be able to read it: then the public's view
    // (a fold of public statements only) sees the release become public exactly when it does.
    if (statement.body.position === 'concur' && statement.audience.kind !== 'public')
      fail('invalid_statement', 'a concurrence with a release is public: it publishes the release');
  } else if (record.kind === 'commitment') {
    if (record.status === 'withdrawn') fail('state_conflict', 'the commitment was withdrawn');
  }
}
