import { describe, expect, it } from 'vitest';
import { computeExchangeDeadlines, listExchangeObligations } from './exchange-deadlines.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type { ExchangeRecord } from './workflow-records.ts';

const SENT = '2026-06-01T00:00:00.000Z';
const hours = (n: number) => new Date(Date.parse(SENT) + n * 3600_000).toISOString();

describe('computeExchangeDeadlines', () => {
  it('takes the settings’ defaults for the priority', () => {
    expect(computeExchangeDeadlines(DEFAULT_SETTINGS, 'flash', SENT, {})).toEqual({
      acknowledgeBy: hours(2),
      respondBy: hours(24),
    });
    expect(computeExchangeDeadlines(DEFAULT_SETTINGS, 'routine', SENT, {})).toEqual({
      acknowledgeBy: hours(48),
      respondBy: hours(14 * 24),
    });
  });

  it('accepts overrides from one hour to four times the default', () => {
    expect(
      computeExchangeDeadlines(DEFAULT_SETTINGS, 'flash', SENT, {
        acknowledge_by: hours(1),
        respond_by: hours(96),
      }),
    ).toEqual({ acknowledgeBy: hours(1), respondBy: hours(96) });
    expect(computeExchangeDeadlines(DEFAULT_SETTINGS, 'flash', SENT, { acknowledge_by: hours(0.5) })).toBe(
      'acknowledge_by_out_of_bounds',
    );
    expect(computeExchangeDeadlines(DEFAULT_SETTINGS, 'flash', SENT, { acknowledge_by: hours(8.5) })).toBe(
      'acknowledge_by_out_of_bounds',
    );
    expect(computeExchangeDeadlines(DEFAULT_SETTINGS, 'flash', SENT, { respond_by: hours(97) })).toBe(
      'respond_by_out_of_bounds',
    );
    expect(
      computeExchangeDeadlines(DEFAULT_SETTINGS, 'routine', SENT, {
        acknowledge_by: hours(40),
        respond_by: hours(30),
      }),
    ).toBe('respond_before_acknowledge');
  });
});

describe('listExchangeObligations', () => {
  const exchange: ExchangeRecord = {
    kind: 'exchange',
    digest: 'sha256:x',
    index: 1n,
    org: 'pa',
    member: 'liaison',
    audience: { kind: 'mechanism' },
    requestKind: 'information',
    priority: 'priority',
    recipients: ['pb', 'ver'],
    subject: 's',
    sentAt: SENT,
    acknowledgeBy: hours(12),
    respondBy: hours(72),
    acks: [{ org: 'pb', at: hours(3) }],
    replies: [{ org: 'ver', at: hours(5), outcome: 'information_provided', digest: 'sha256:y' }],
    closed: undefined,
    status: 'replied',
  };

  it('lists what each recipient still owes, overdue by log time', () => {
    expect(listExchangeObligations(exchange, hours(10))).toEqual([
      { org: 'pb', due: 'reply', deadline: hours(72), overdue: false },
    ]);
    expect(listExchangeObligations(exchange, hours(73))).toEqual([
      { org: 'pb', due: 'reply', deadline: hours(72), overdue: true },
    ]);
    expect(listExchangeObligations({ ...exchange, acks: [] }, hours(13))).toEqual([
      { org: 'pb', due: 'acknowledge', deadline: hours(12), overdue: true },
      { org: 'pb', due: 'reply', deadline: hours(72), overdue: false },
    ]);
  });

  it('owes no reply to a notification and nothing once closed', () => {
    expect(listExchangeObligations({ ...exchange, requestKind: 'notification' }, hours(100))).toEqual([]);
    expect(
      listExchangeObligations({ ...exchange, closed: { satisfied: true, at: hours(6) } }, hours(100)),
    ).toEqual([]);
  });
});
