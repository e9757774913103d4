import { exchangeCloseBodySchema } from '../statements/exchange.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireTarget } from './require-target.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `exchange.close`: the requester closes its exchange, satisfied or not; ref `responds_to` the request. */
export const exchangeCloseHandler: StatementHandler<'exchange.close'> = {
  body: exchangeCloseBodySchema,
  validate(statement, state) {
    const exchange = requireTarget(statement, state, 'responds_to', 'exchange');
    if (exchange.org !== statement.issuer.org)
      fail('forbidden_type', 'only the requester closes an exchange');
    if (exchange.closed !== undefined) fail('state_conflict', 'the exchange is already closed');
  },
  apply(state, { statement, logTime }) {
    const touched: string[] = [];
    const exchange = recordOf(state, refOf(statement, 'responds_to'), 'exchange');
    if (exchange === undefined) return touched;
    setRecord(
      state,
      { ...exchange, closed: { satisfied: statement.body.satisfied, at: logTime }, status: 'closed' },
      touched,
    );
    return touched;
  },
};
