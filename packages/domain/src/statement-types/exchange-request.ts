import { computeExchangeDeadlines } from '../exchange-deadlines.ts';
import { exchangeRequestBodySchema } from '../statements/exchange.ts';
import type { ExchangeRecord } from '../workflow-records.ts';
import { fail } from './fail.ts';
import { recordBase, setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `exchange.request`: a request or notification to other organisations, with deadlines in log time. */
export const exchangeRequestHandler: StatementHandler<'exchange.request'> = {
  body: exchangeRequestBodySchema,
  validate(statement, state, context) {
    for (const org of statement.body.recipients) {
      if (!state.orgs.has(org))
        fail('invalid_statement', `recipient ${org} is not an organisation of this mechanism`);
      if (org === statement.issuer.org)
        fail('invalid_statement', 'an organisation does not send requests to itself');
    }
    const deadlines = computeExchangeDeadlines(
      state.settings,
      statement.body.priority,
      context.logTime,
      statement.body,
    );
    if (typeof deadlines === 'string') fail('invalid_statement', `deadline out of bounds: ${deadlines}`);
  },
  apply(state, sequenced) {
    const { statement, logTime } = sequenced;
    const touched: string[] = [];
    const deadlines = computeExchangeDeadlines(
      state.settings,
      statement.body.priority,
      logTime,
      statement.body,
    );
    if (typeof deadlines === 'string') return touched;
    const record: ExchangeRecord = {
      ...recordBase(sequenced),
      kind: 'exchange',
      member: statement.issuer.member,
      requestKind: statement.body.kind,
      priority: statement.body.priority,
      recipients: statement.body.recipients,
      subject: statement.body.subject,
      sentAt: logTime,
      ...deadlines,
      acks: [],
      replies: [],
      closed: undefined,
      status: 'sent',
    };
    setRecord(state, record, touched);
    return touched;
  },
};
