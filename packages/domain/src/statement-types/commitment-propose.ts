import { commitmentProposeBodySchema } from '../statements/commitment.ts';
import type { CommitmentRecord } from '../workflow-records.ts';
import { fail } from './fail.ts';
import { recordOf } from './record-of.ts';
import { requireParty } from './require-party.ts';
import { recordBase, setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `commitment.propose`: an undertaking of obligated parties with measurable indicators, in force once every
 * obligated party accepted. Mediators, the secretariat and verifiers may endorse it: recorded support, which
 * changes nothing.
 */
export const commitmentProposeHandler: StatementHandler<'commitment.propose'> = {
  body: commitmentProposeBodySchema,
  validate(statement, state) {
    for (const org of statement.body.obligated) requireParty(state, org, 'an obligated party');
  },
  apply(state, sequenced) {
    const { statement, logTime } = sequenced;
    const touched: string[] = [];
    const commitment: CommitmentRecord = {
      ...recordBase(sequenced),
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
    return touched;
  },
  endorsement: {
    validateEndorsement(_endorsement, endorsed, state) {
      if (recordOf(state, endorsed, 'commitment')?.status === 'withdrawn')
        fail('state_conflict', 'the commitment was withdrawn');
    },
  },
};
