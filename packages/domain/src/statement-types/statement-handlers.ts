import type { StatementType } from '../statements/statement.ts';
import { caseAccessDeniedHandler } from './case-access-denied.ts';
import { caseFindingHandler } from './case-finding.ts';
import { caseNoteHandler } from './case-note.ts';
import { caseOpenHandler } from './case-open.ts';
import { commitmentAcceptHandler } from './commitment-accept.ts';
import { commitmentProposeHandler } from './commitment-propose.ts';
import { commitmentWithdrawHandler } from './commitment-withdraw.ts';
import { createEndorseHandler } from './endorse.ts';
import { exchangeAckHandler } from './exchange-ack.ts';
import { exchangeCloseHandler } from './exchange-close.ts';
import { exchangeReplyHandler } from './exchange-reply.ts';
import { exchangeRequestHandler } from './exchange-request.ts';
import { incidentAmendHandler } from './incident-amend.ts';
import { incidentReportHandler } from './incident-report.ts';
import { incidentResponseHandler } from './incident-response.ts';
import { incidentWithdrawHandler } from './incident-withdraw.ts';
import { indicatorAssessmentHandler } from './indicator-assessment.ts';
import { mechanismGenesisHandler } from './mechanism-genesis.ts';
import { memberEnrollHandler } from './member-enroll.ts';
import { memberProfileHandler } from './member-profile.ts';
import { memberRevokeHandler } from './member-revoke.ts';
import { orgAdmitHandler } from './org-admit.ts';
import { releaseHandler } from './release.ts';
import { reportPublishHandler } from './report-publish.ts';
import { settingsChangeHandler } from './settings-change.ts';
import type { EndorsementHooks, StatementHandler } from './statement-handler.ts';

/** One handler per statement type; indexed with a type parameter `T`, it gives `StatementHandler<T>`. */
type StatementHandlers = { readonly [T in StatementType]: StatementHandler<T> };

/**
 * Every statement type's handler (STYLE.md habit 14). The `satisfies` clause demands exactly one per type, so a
 * type added to statementSchema does not compile until it has one.
 */
export const STATEMENT_HANDLERS = {
  'mechanism.genesis': mechanismGenesisHandler,
  'org.admit': orgAdmitHandler,
  'settings.change': settingsChangeHandler,
  'member.enroll': memberEnrollHandler,
  'member.revoke': memberRevokeHandler,
  'member.profile': memberProfileHandler,
  endorse: createEndorseHandler(endorsementOf),
  'incident.report': incidentReportHandler,
  'incident.amend': incidentAmendHandler,
  'incident.withdraw': incidentWithdrawHandler,
  'incident.response': incidentResponseHandler,
  'exchange.request': exchangeRequestHandler,
  'exchange.ack': exchangeAckHandler,
  'exchange.reply': exchangeReplyHandler,
  'exchange.close': exchangeCloseHandler,
  'case.open': caseOpenHandler,
  'case.note': caseNoteHandler,
  'case.access_denied': caseAccessDeniedHandler,
  'case.finding': caseFindingHandler,
  'commitment.propose': commitmentProposeHandler,
  'commitment.accept': commitmentAcceptHandler,
  'commitment.withdraw': commitmentWithdrawHandler,
  'indicator.assessment': indicatorAssessmentHandler,
  release: releaseHandler,
  'report.publish': reportPublishHandler,
} satisfies StatementHandlers;

/**
 * The handler of statements of `type`, typed for them: `handlerOf(statement.type)` takes `statement`, whatever
 * its type, without a cast. (Indexed through its mapped type, the table lets TypeScript correlate a union of
 * statements with each member's entry: microsoft/TypeScript#47109.)
 */
export function handlerOf<T extends StatementType>(type: T): StatementHandler<T> {
  const handlers: StatementHandlers = STATEMENT_HANDLERS;
  return handlers[type];
}

/** The endorsement hooks of `type`, read from the table at call time (the endorse handler is in it). */
function endorsementOf(type: StatementType): EndorsementHooks | undefined {
  return handlerOf(type).endorsement;
}
