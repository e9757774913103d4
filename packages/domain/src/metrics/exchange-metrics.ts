import type { ExchangeRecord } from '../workflow-records.ts';
import { judgeDeadline } from './judge-deadline.ts';
import { countMeasure, percentileMeasure, shareMeasure } from './metric-cell.ts';
import type { MetricDefinitions, Measures } from './metric-group.ts';
import { isInPeriod, type PeriodRange } from './metric-period.ts';
import { hoursBetween, type MetricsContext } from './metrics-context.ts';

/**
 * Exchanges per recipient party, against each request's own deadlines (acknowledge_by, respond_by: the
 * settings' defaults for its priority or the request's overrides). The cohort is the requests to the party sent
 * in the period. A reply also acknowledges (as in listExchangeObligations); notifications need no reply; a
 * request closed by its requester before a deadline lifts that obligation.
 */
export const EXCHANGE_METRICS = {
  requests: 'Requests to the party sent in the period',
  acknowledged: 'Of those, requests the party acknowledged (or replied to) by as_of',
  acknowledgements_due: 'Of those, requests acknowledged or whose acknowledge_by passed while open, by as_of',
  acknowledged_on_time: 'Of those, requests acknowledged by their acknowledge_by',
  acknowledged_on_time_share: 'acknowledged_on_time / acknowledgements_due',
  hours_to_acknowledge_median: 'Median hours from request to acknowledgement, over acknowledged requests',
  hours_to_acknowledge_p90: '90th percentile of hours from request to acknowledgement',
  replies_expected: 'Requests to the party sent in the period that need a reply (not notifications)',
  replied: 'Of those, requests the party replied to by as_of',
  replies_due: 'Of those, requests replied to or whose respond_by passed while open, by as_of',
  replied_on_time: 'Of those, requests replied to by their respond_by',
  replied_on_time_share: 'replied_on_time / replies_due',
  hours_to_reply_median: 'Median hours from request to reply, over replied requests',
  hours_to_reply_p90: '90th percentile of hours from request to reply',
  overdue_acknowledgements:
    'Open requests (any period) the party had not acknowledged past acknowledge_by, at the end of the period (as_of for the current period)',
  overdue_replies:
    'Open requests (any period) the party had not replied to past respond_by, at the end of the period (as_of for the current period)',
} as const satisfies MetricDefinitions;

function firstAt(entries: readonly { readonly org: string; readonly at: string }[], org: string) {
  let first: number | undefined;
  for (const entry of entries) {
    if (entry.org !== org) continue;
    const at = Date.parse(entry.at);
    if (first === undefined || at < first) first = at;
  }
  return first;
}

interface RecipientFacts {
  readonly sentAt: number;
  readonly acknowledgedAt: number | undefined;
  readonly repliedAt: number | undefined;
  readonly needsReply: boolean;
  readonly acknowledgeBy: number;
  readonly respondBy: number;
  readonly closedAt: number | undefined;
}

function recipientFacts(exchange: ExchangeRecord, org: string): RecipientFacts {
  const acked = firstAt(exchange.acks, org);
  const repliedAt = firstAt(exchange.replies, org);
  return {
    sentAt: Date.parse(exchange.sentAt),
    acknowledgedAt: acked === undefined ? repliedAt : Math.min(acked, repliedAt ?? acked),
    repliedAt,
    needsReply: exchange.requestKind !== 'notification',
    acknowledgeBy: Date.parse(exchange.acknowledgeBy),
    respondBy: Date.parse(exchange.respondBy),
    closedAt: exchange.closed === undefined ? undefined : Date.parse(exchange.closed.at),
  };
}

export function measureExchanges(
  context: MetricsContext,
  party: string,
  range: PeriodRange,
): Measures<typeof EXCHANGE_METRICS> {
  const counts = { requests: 0, ackDue: 0, ackOnTime: 0, expected: 0, replyDue: 0, replyOnTime: 0 };
  const ackHours: number[] = [];
  const replyHours: number[] = [];
  let overdueAcks = 0;
  let overdueReplies = 0;
  const snapshot = Math.min(range.end, context.asOf);
  for (const exchange of context.exchanges) {
    if (!exchange.recipients.includes(party)) continue;
    const facts = recipientFacts(exchange, party);
    const openAtSnapshot = facts.closedAt === undefined || facts.closedAt > snapshot;
    const notYet = (at: number | undefined) => at === undefined || at > snapshot;
    if (openAtSnapshot && notYet(facts.acknowledgedAt) && snapshot > facts.acknowledgeBy) overdueAcks += 1;
    if (openAtSnapshot && facts.needsReply && notYet(facts.repliedAt) && snapshot > facts.respondBy)
      overdueReplies += 1;
    if (!isInPeriod(range, facts.sentAt)) continue;
    counts.requests += 1;
    if (facts.acknowledgedAt !== undefined) ackHours.push(hoursBetween(facts.sentAt, facts.acknowledgedAt));
    const ack = judgeDeadline(facts.acknowledgedAt, facts.acknowledgeBy, context.asOf, facts.closedAt);
    if (ack === 'on_time' || ack === 'late') counts.ackDue += 1;
    if (ack === 'on_time') counts.ackOnTime += 1;
    if (!facts.needsReply) continue;
    counts.expected += 1;
    if (facts.repliedAt !== undefined) replyHours.push(hoursBetween(facts.sentAt, facts.repliedAt));
    const reply = judgeDeadline(facts.repliedAt, facts.respondBy, context.asOf, facts.closedAt);
    if (reply === 'on_time' || reply === 'late') counts.replyDue += 1;
    if (reply === 'on_time') counts.replyOnTime += 1;
  }
  return {
    requests: countMeasure(counts.requests),
    acknowledged: countMeasure(ackHours.length),
    acknowledgements_due: countMeasure(counts.ackDue),
    acknowledged_on_time: countMeasure(counts.ackOnTime),
    acknowledged_on_time_share: shareMeasure(counts.ackOnTime, counts.ackDue),
    hours_to_acknowledge_median: percentileMeasure(ackHours, 0.5),
    hours_to_acknowledge_p90: percentileMeasure(ackHours, 0.9),
    replies_expected: countMeasure(counts.expected),
    replied: countMeasure(replyHours.length),
    replies_due: countMeasure(counts.replyDue),
    replied_on_time: countMeasure(counts.replyOnTime),
    replied_on_time_share: shareMeasure(counts.replyOnTime, counts.replyDue),
    hours_to_reply_median: percentileMeasure(replyHours, 0.5),
    hours_to_reply_p90: percentileMeasure(replyHours, 0.9),
    overdue_acknowledgements: countMeasure(overdueAcks),
    overdue_replies: countMeasure(overdueReplies),
  };
}
