import { exchangeAckBodySchema } from '../statements/exchange.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireRecipient } from './require-recipient.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `exchange.ack`: a recipient acknowledges a request, once; ref `responds_to` it. */
export const exchangeAckHandler: StatementHandler<'exchange.ack'> = {
  body: exchangeAckBodySchema,
  validate(statement, state) {
    const issuerOrg = statement.issuer.org;
    const exchange = requireRecipient(statement, state);
    if (exchange.acks.some((entry) => entry.org === issuerOrg))
      fail('state_conflict', `${issuerOrg} already did that`);
  },
  apply(state, { statement, logTime }) {
    const touched: string[] = [];
    const exchange = recordOf(state, refOf(statement, 'responds_to'), 'exchange');
    if (exchange === undefined) return touched;
    const acks = [...exchange.acks, { org: statement.issuer.org, at: logTime }];
    setRecord(
      state,
      { ...exchange, acks, status: exchange.status === 'sent' ? 'acknowledged' : exchange.status },
      touched,
    );
    return touched;
  },
};
