import { describe, expect, it } from 'vitest';
import { listExchangeObligations } from '../exchange-deadlines.ts';
import { createMetricsContext } from './metrics-context.ts';
import { later, MetricsLog, rowOf, SHORT_DEADLINES } from './metrics.fixture.ts';

const AS_OF = '2026-08-20T00:00:00Z';

/**
 * Requests to pb (routine: acknowledge within 24 h, reply within 48 h unless the request says otherwise):
 *   E0 25 Jul: nothing (both late, both overdue at 1 Aug and at as_of)
 *   E1 1 Aug: ack 6 h, reply 24 h (both on time)      E2 2 Aug: ack 36 h, reply 72 h (both late)
 *   E3 3 Aug: no ack, reply 12 h (the reply acknowledges: both on time)
 *   E4 4 Aug: a notification, ack 1 h (no reply owed)  E5 5 Aug: nothing (both late, both overdue)
 *   E6 6 Aug: closed by pa after 12 h, unanswered (both lifted)
 *   E7 19 Aug 12:00: nothing yet (both pending)
 *   E8 10 Aug: its own deadlines, ack by 2 h and reply by 4 h: ack 3 h (late), reply 4 h (on time)
 *   E9 7 Aug: a mediator's notification to pa and pb: pa acks in 2 h, pb never (late, overdue)
 */
function exchangeLog(): MetricsLog {
  const log = new MetricsLog(SHORT_DEADLINES);
  const at = (time: string, hours: number) => later(time, hours);
  log.request('2026-07-25T00:00:00Z', ['pb']);
  const e1 = log.request('2026-08-01T00:00:00Z', ['pb']);
  log.ack(at('2026-08-01T00:00:00Z', 6), e1);
  log.reply(at('2026-08-01T00:00:00Z', 24), e1);
  const e2 = log.request('2026-08-02T00:00:00Z', ['pb'], { kind: 'action' });
  const e3 = log.request('2026-08-03T00:00:00Z', ['pb']);
  log.reply(at('2026-08-03T00:00:00Z', 12), e3);
  log.ack(at('2026-08-02T00:00:00Z', 36), e2);
  const e4 = log.request('2026-08-04T00:00:00Z', ['pb'], { kind: 'notification' });
  log.ack(at('2026-08-04T00:00:00Z', 1), e4);
  log.reply(at('2026-08-02T00:00:00Z', 72), e2);
  log.request('2026-08-05T00:00:00Z', ['pb']);
  const e6 = log.request('2026-08-06T00:00:00Z', ['pb']);
  log.close(at('2026-08-06T00:00:00Z', 12), e6);
  const e9 = log.request('2026-08-07T00:00:00Z', ['pa', 'pb'], { kind: 'notification', from: 'med/envoy' });
  log.ack(at('2026-08-07T00:00:00Z', 2), e9, 'pa/liaison');
  const e8 = log.request('2026-08-10T00:00:00Z', ['pb'], {
    acknowledge_by: '2026-08-10T02:00:00Z',
    respond_by: '2026-08-10T04:00:00Z',
  });
  log.ack(at('2026-08-10T00:00:00Z', 3), e8);
  log.reply(at('2026-08-10T00:00:00Z', 4), e8);
  log.request('2026-08-19T12:00:00Z', ['pb']);
  return log;
}

describe('exchange metrics', () => {
  const log = exchangeLog();
  const pb = rowOf(log.metrics(AS_OF).exchanges, 'pb');

  it('counts requests to each recipient party sent in the period', () => {
    expect(pb.requests).toMatchObject({ value: 9, previous: 1, change: 8, relative_change: 8 });
    expect(rowOf(log.metrics(AS_OF).exchanges, 'pa').requests).toMatchObject({ value: 1, previous: 0 });
  });

  it('times acknowledgements against each request’s own acknowledge_by', () => {
    expect(pb.acknowledged).toMatchObject({ value: 5, previous: 0 });
    expect(pb.acknowledgements_due).toMatchObject({ value: 7, previous: 1 });
    expect(pb.acknowledged_on_time).toMatchObject({ value: 3, previous: 0 });
    expect(pb.acknowledged_on_time_share).toMatchObject({ value: 0.4286, previous: 0 });
    // [1, 3, 6, 12, 36]: median 6; p90 at rank 3.6 is 12 + 0.6 · 24
    expect(pb.hours_to_acknowledge_median).toMatchObject({ value: 6, previous: null });
    expect(pb.hours_to_acknowledge_p90).toMatchObject({ value: 26.4 });
  });

  it('times replies against respond_by, owing none for a notification', () => {
    expect(pb.replies_expected).toMatchObject({ value: 7, previous: 1 });
    expect(pb.replied).toMatchObject({ value: 4, previous: 0 });
    expect(pb.replies_due).toMatchObject({ value: 5, previous: 1 });
    expect(pb.replied_on_time).toMatchObject({ value: 3 });
    expect(pb.replied_on_time_share).toMatchObject({ value: 0.6, previous: 0 });
    // [4, 12, 24, 72]: median 18; p90 at rank 2.7 is 24 + 0.7 · 48
    expect(pb.hours_to_reply_median).toMatchObject({ value: 18 });
    expect(pb.hours_to_reply_p90).toMatchObject({ value: 57.6 });
  });

  it('counts overdue obligations at as_of and at the end of the previous period', () => {
    expect(pb.overdue_acknowledgements).toMatchObject({ value: 3, previous: 1 });
    expect(pb.overdue_replies).toMatchObject({ value: 2, previous: 1 });
  });

  it('agrees with listExchangeObligations at as_of', () => {
    const context = createMetricsContext({
      statements: log.statements,
      settings: log.settings,
      periodKind: 'month',
      asOf: AS_OF,
      publicMode: false,
    });
    const overdue = context.exchanges
      .flatMap((exchange) => listExchangeObligations(exchange, new Date(AS_OF).toISOString()))
      .filter((obligation) => obligation.org === 'pb' && obligation.overdue);
    expect(overdue.filter((o) => o.due === 'acknowledge')).toHaveLength(pb.overdue_acknowledgements.value!);
    expect(overdue.filter((o) => o.due === 'reply')).toHaveLength(pb.overdue_replies.value!);
  });

  it('measures each recipient separately', () => {
    expect(rowOf(log.metrics(AS_OF).exchanges, 'pa')).toMatchObject({
      acknowledged_on_time_share: { value: 1 },
      hours_to_acknowledge_median: { value: 2 },
      replies_expected: { value: 0 },
      replied_on_time_share: { value: null, suppressed: false },
      overdue_acknowledgements: { value: 0 },
    });
  });

  it('judges pending obligations once their deadline passes', () => {
    // At 21 Aug E7's acknowledgement (due 20 Aug 12:00) is late and overdue; its reply (21 Aug 12:00) not yet.
    const row = rowOf(log.metrics('2026-08-21T00:00:00Z').exchanges, 'pb');
    expect(row.acknowledgements_due.value).toBe(8);
    expect(row.overdue_acknowledgements.value).toBe(4);
    expect(row.overdue_replies.value).toBe(2);
  });
});
