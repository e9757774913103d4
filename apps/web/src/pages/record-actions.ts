import type { Timeline } from '@jmm/client';
import { satisfiesRule, STATEMENT_RULES, type OrgKind, type Role, type StatementType } from '@jmm/domain';
import type { MessageKey } from '../i18n/i18n-context.tsx';

/** A next step on a record page: the form to open, and what it refers to. */
export interface RecordAction {
  readonly type: StatementType;
  readonly label: MessageKey;
  readonly href: string;
}

interface Member {
  readonly org: string;
  readonly orgKind: OrgKind;
  readonly roles: readonly Role[];
}

function action(
  type: StatementType,
  label: MessageKey,
  rel: string,
  digest: string,
  extra = '',
): RecordAction {
  return { type, label, href: `/compose/${type}?ref=${rel}:${digest}${extra}` };
}

/**
 * The statements a member could sign next about a record, from the authorisation table (rules.ts) and the
 * record's history; the server still checks the finer rules (the other party responds, the case team files).
 */
export function listRecordActions(timeline: Timeline, member: Member | undefined): RecordAction[] {
  if (member === undefined) return [];
  const may = (type: StatementType) => satisfiesRule(STATEMENT_RULES[type], member.orgKind, member.roles);
  const actions: RecordAction[] = [];
  const first = timeline.statements[0];
  const root = timeline.digest;
  if (timeline.kind === 'incident' && first !== undefined) {
    const ownReport = first.org === member.org;
    if (!ownReport && may('incident.response'))
      actions.push(action('incident.response', 'record.act.respond', 'responds_to', root));
    if (ownReport && may('incident.amend'))
      actions.push(action('incident.amend', 'record.act.amend', 'amends', root));
    if (ownReport && may('incident.withdraw'))
      actions.push(action('incident.withdraw', 'record.act.withdraw', 'withdraws', root));
    const cased = timeline.statements.some((statement) => statement.type === 'case.open');
    if (!cased && may('case.open')) actions.push(action('case.open', 'record.act.openCase', 'subject', root));
  }
  const kase = timeline.statements.find(
    (statement) => statement.type === 'case.open' && statement.statement.body.decision === 'admit',
  );
  if (kase !== undefined) {
    if (may('case.finding'))
      actions.push(action('case.finding', 'record.act.finding', 'subject', kase.digest));
    if (may('case.note')) actions.push(action('case.note', 'record.act.note', 'subject', kase.digest));
    if (may('case.access_denied'))
      actions.push(action('case.access_denied', 'record.act.accessDenied', 'subject', kase.digest));
  }
  for (const finding of timeline.statements.filter((statement) => statement.type === 'case.finding')) {
    if (may('endorse'))
      actions.push(action('endorse', 'record.act.endorseFinding', 'endorses', finding.digest));
    if (may('release')) actions.push(action('release', 'record.act.release', 'summarises', finding.digest));
  }
  for (const release of timeline.statements.filter((statement) => statement.type === 'release')) {
    if (member.orgKind === 'verifier' && may('endorse'))
      actions.push(
        action('endorse', 'record.act.endorseRelease', 'endorses', release.digest, '&audience=public'),
      );
  }
  if (timeline.kind === 'exchange' && first !== undefined && first.org !== member.org) {
    if (may('exchange.ack')) actions.push(action('exchange.ack', 'record.act.ack', 'responds_to', root));
    if (may('exchange.reply'))
      actions.push(action('exchange.reply', 'record.act.reply', 'responds_to', root));
  }
  if (timeline.kind === 'exchange' && first?.org === member.org && may('exchange.close'))
    actions.push(action('exchange.close', 'record.act.close', 'responds_to', root));
  if (timeline.kind === 'commitment') {
    if (may('commitment.accept'))
      actions.push(action('commitment.accept', 'record.act.accept', 'responds_to', root));
    if (may('indicator.assessment'))
      actions.push(action('indicator.assessment', 'record.act.assess', 'subject', root));
    if (may('commitment.withdraw'))
      actions.push(action('commitment.withdraw', 'record.act.withdrawCommitment', 'withdraws', root));
  }
  return actions;
}
