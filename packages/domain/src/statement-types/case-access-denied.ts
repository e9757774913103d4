import { caseAccessDeniedBodySchema } from '../statements/case.ts';
import type { CaseRecord } from '../workflow-records.ts';
import { advanceCaseSubjects } from './advance-incident.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireCaseTeam } from './require-case-team.ts';
import { requireParty } from './require-party.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `case.access_denied`: the case team records a party denying or delaying access; ref `subject` the case. */
export const caseAccessDeniedHandler: StatementHandler<'case.access_denied'> = {
  body: caseAccessDeniedBodySchema,
  validate(statement, state) {
    requireCaseTeam(statement, state, { approvers: true });
    requireParty(state, statement.body.party, 'the party named');
  },
  apply(state, { statement, logTime }) {
    const touched: string[] = [];
    const kase = recordOf(state, refOf(statement, 'subject'), 'case');
    if (kase === undefined) return touched;
    const next: CaseRecord = {
      ...kase,
      accessDenials: [
        ...kase.accessDenials,
        { party: statement.body.party, kind: statement.body.kind, at: logTime },
      ],
    };
    setRecord(state, next, touched);
    advanceCaseSubjects(state, next, 'under_investigation', touched);
    return touched;
  },
};
