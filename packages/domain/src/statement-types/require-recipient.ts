import type { MechanismState } from '../mechanism-state.ts';
import type { StatementOf } from '../statements/statement.ts';
import type { ExchangeRecord } from '../workflow-records.ts';
import { fail } from './fail.ts';
import { requireTarget } from './require-target.ts';

/** The open exchange `statement` responds to, of which the issuer's organisation is a recipient. */
export function requireRecipient(
  statement: StatementOf<'exchange.ack' | 'exchange.reply'>,
  state: MechanismState,
): ExchangeRecord {
  const exchange = requireTarget(statement, state, 'responds_to', 'exchange');
  if (!exchange.recipients.includes(statement.issuer.org))
    fail('forbidden_type', 'only a recipient acknowledges or replies');
  if (exchange.closed !== undefined) fail('state_conflict', 'the exchange is closed');
  return exchange;
}
