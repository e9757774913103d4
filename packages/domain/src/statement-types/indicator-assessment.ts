import { indicatorAssessmentBodySchema } from '../statements/commitment.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireTarget } from './require-target.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `indicator.assessment`: a verifier assesses one indicator of a commitment in force; ref `subject` it. */
export const indicatorAssessmentHandler: StatementHandler<'indicator.assessment'> = {
  body: indicatorAssessmentBodySchema,
  validate(statement, state) {
    const commitment = requireTarget(statement, state, 'subject', 'commitment');
    if (commitment.status !== 'in_force') fail('state_conflict', 'only a commitment in force is assessed');
    if (!commitment.indicators.some((indicator) => indicator.id === statement.body.indicator))
      fail('invalid_statement', `no indicator ${statement.body.indicator}`);
  },
  apply(state, { statement, digest }) {
    const touched: string[] = [];
    const commitment = recordOf(state, refOf(statement, 'subject'), 'commitment');
    if (commitment === undefined) return touched;
    const assessment = {
      indicator: statement.body.indicator,
      start: statement.body.period.start,
      end: statement.body.period.end,
      status: statement.body.status,
      digest,
    };
    setRecord(state, { ...commitment, assessments: [...commitment.assessments, assessment] }, touched);
    return touched;
  },
};
