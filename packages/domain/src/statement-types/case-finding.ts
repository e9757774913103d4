import { memberKey } from '../member-key.ts';
import { caseFindingBodySchema } from '../statements/case.ts';
import type { CaseRecord, FindingRecord } from '../workflow-records.ts';
import { advanceCaseSubjects } from './advance-incident.ts';
import { distinctSha256 } from './distinct-sha256.ts';
import { fail } from './fail.ts';
import { isMemberWithRole } from './is-member-with-role.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireCaseTeam } from './require-case-team.ts';
import { requireParty } from './require-party.ts';
import { recordBase, setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `case.finding`: a draft finding by the case team's analysts; ref `subject` the case. It is final once the
 * settings' quorum of verifier approvers of its organisation concur while the case is open; the case's party
 * observers may concur or dissent, recorded but not counted. The first final finding closes the case.
 */
export const caseFindingHandler: StatementHandler<'case.finding'> = {
  body: caseFindingBodySchema,
  validate(statement, state) {
    requireCaseTeam(statement, state, { approvers: false });
    if (statement.body.attribution !== undefined)
      requireParty(state, statement.body.attribution.party, 'the attributed party');
  },
  apply(state, sequenced) {
    const { statement, digest, logTime } = sequenced;
    const touched: string[] = [];
    const kase = recordOf(state, refOf(statement, 'subject'), 'case');
    if (kase === undefined) return touched;
    const finding: FindingRecord = {
      ...recordBase(sequenced),
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
    return touched;
  },
  listEvidence: (statement) => distinctSha256(statement.body.evidence),
  endorsement: {
    validateEndorsement({ issuer: { org, member } }, endorsed, state) {
      const finding = recordOf(state, endorsed, 'finding');
      if (finding === undefined) return;
      if (finding.finalAt !== undefined) fail('state_conflict', 'the finding is already final');
      const kase = state.records.get(finding.caseDigest);
      // Once a case has its final finding, its other drafts are superseded: endorsing one cannot reopen the case.
      if (kase?.kind !== 'case' || kase.status !== 'open')
        fail('state_conflict', 'the case is no longer open');
      const approver = org === finding.org && isMemberWithRole(state, org, member, 'approver');
      const observer = kase.observers.some((o) => o.org === org && o.member === member);
      if (!approver && !observer)
        fail('forbidden_type', 'verifier approvers and the case’s observers endorse findings');
    },
    applyEndorsement(state, { statement, digest, logTime }, endorsed) {
      const touched: string[] = [];
      const finding = recordOf(state, endorsed, 'finding');
      if (finding === undefined) return touched;
      const { org, member } = statement.issuer;
      const kase = recordOf(state, finding.caseDigest, 'case');
      const counts =
        org === finding.org && state.members.get(memberKey(org, member))?.roles.includes('approver') === true;
      const endorsements = [
        ...finding.endorsements.filter((e) => !(e.org === org && e.member === member)),
        { org, member, position: statement.body.position, digest, counts },
      ];
      const concurring = endorsements.filter((e) => e.counts && e.position === 'concur').length;
      const final =
        finding.finalAt === undefined &&
        kase?.status === 'open' &&
        concurring >= state.settings.finding_quorum;
      setRecord(state, { ...finding, endorsements, finalAt: final ? logTime : finding.finalAt }, touched);
      if (final) {
        const closed: CaseRecord = { ...kase, finalFinding: finding.digest, status: 'finding_final' };
        setRecord(state, closed, touched);
        advanceCaseSubjects(state, closed, 'finding_final', touched);
      }
      return touched;
    },
  },
};
