import { commitmentAcceptBodySchema } from '../statements/commitment.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireTarget } from './require-target.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `commitment.accept`: an obligated party accepts, once; the last acceptance puts the commitment in force. */
export const commitmentAcceptHandler: StatementHandler<'commitment.accept'> = {
  body: commitmentAcceptBodySchema,
  validate(statement, state) {
    const issuerOrg = statement.issuer.org;
    const commitment = requireTarget(statement, state, 'responds_to', 'commitment');
    if (!commitment.obligated.includes(issuerOrg)) fail('forbidden_type', 'only an obligated party accepts');
    if (commitment.status === 'withdrawn') fail('state_conflict', 'the commitment was withdrawn');
    if (commitment.accepted.some((a) => a.org === issuerOrg))
      fail('state_conflict', `${issuerOrg} already accepted`);
  },
  apply(state, { statement, logTime }) {
    const touched: string[] = [];
    const commitment = recordOf(state, refOf(statement, 'responds_to'), 'commitment');
    if (commitment === undefined) return touched;
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
    return touched;
  },
};
