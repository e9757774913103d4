import { commitmentWithdrawBodySchema } from '../statements/commitment.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireTarget } from './require-target.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `commitment.withdraw`: the proposer or an obligated party withdraws the commitment; ref `withdraws` it. */
export const commitmentWithdrawHandler: StatementHandler<'commitment.withdraw'> = {
  body: commitmentWithdrawBodySchema,
  validate(statement, state) {
    const issuerOrg = statement.issuer.org;
    const commitment = requireTarget(statement, state, 'withdraws', 'commitment');
    if (commitment.org !== issuerOrg && !commitment.obligated.includes(issuerOrg))
      fail('forbidden_type', 'only the proposer or an obligated party withdraws');
    if (commitment.status === 'withdrawn') fail('state_conflict', 'already withdrawn');
  },
  apply(state, { statement, logTime }) {
    const touched: string[] = [];
    const commitment = recordOf(state, refOf(statement, 'withdraws'), 'commitment');
    if (commitment !== undefined)
      setRecord(state, { ...commitment, withdrawnAt: logTime, status: 'withdrawn' }, touched);
    return touched;
  },
};
