import { caseNoteBodySchema } from '../statements/case.ts';
import type { CaseRecord } from '../workflow-records.ts';
import { advanceCaseSubjects } from './advance-incident.ts';
import { distinctSha256 } from './distinct-sha256.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireCaseTeam } from './require-case-team.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `case.note`: an investigation note by the case team or its approvers; ref `subject` the case. */
export const caseNoteHandler: StatementHandler<'case.note'> = {
  body: caseNoteBodySchema,
  validate(statement, state) {
    requireCaseTeam(statement, state, { approvers: true });
  },
  apply(state, { statement }) {
    const touched: string[] = [];
    const kase = recordOf(state, refOf(statement, 'subject'), 'case');
    if (kase === undefined) return touched;
    const next: CaseRecord = { ...kase, notes: kase.notes + 1 };
    setRecord(state, next, touched);
    advanceCaseSubjects(state, next, 'under_investigation', touched);
    return touched;
  },
  listEvidence: (statement) => distinctSha256(statement.body.evidence),
};
