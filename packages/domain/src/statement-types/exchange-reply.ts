import { exchangeReplyBodySchema } from '../statements/exchange.ts';
import { distinctSha256 } from './distinct-sha256.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireRecipient } from './require-recipient.ts';
import { setClaimRecord, setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `exchange.reply`: a recipient's substantive answer, once; ref `responds_to` the request. A reply that
 * describes action taken creates a claim, which verifiers can take up like an allegation.
 */
export const exchangeReplyHandler: StatementHandler<'exchange.reply'> = {
  body: exchangeReplyBodySchema,
  validate(statement, state) {
    const issuerOrg = statement.issuer.org;
    const exchange = requireRecipient(statement, state);
    if (exchange.replies.some((entry) => entry.org === issuerOrg))
      fail('state_conflict', `${issuerOrg} already did that`);
  },
  apply(state, sequenced) {
    const { statement, digest, logTime } = sequenced;
    const touched: string[] = [];
    const exchange = recordOf(state, refOf(statement, 'responds_to'), 'exchange');
    if (exchange === undefined) return touched;
    const replies = [
      ...exchange.replies,
      { org: statement.issuer.org, at: logTime, outcome: statement.body.outcome, digest },
    ];
    setRecord(
      state,
      { ...exchange, replies, status: exchange.status === 'closed' ? 'closed' : 'replied' },
      touched,
    );
    if (statement.body.action !== undefined) setClaimRecord(state, sequenced, touched);
    return touched;
  },
  listEvidence: (statement) => distinctSha256(statement.body.evidence),
};
