import { describe, expect, it } from 'vitest';
import { MetricsLog, rowOf } from './metrics.fixture.ts';

const AS_OF = '2026-08-20T00:00:00Z';

/**
 * July: pa alleges against pb twice (cross-border fire on the 10th, an incursion one second before August).
 * August to as_of: pa alleges three times (fire at 00:00 on the 1st, fire, and an incursion amended to an
 * airspace violation), pb once against pa (an attack), the verifier once against pb; pa also files an
 * observation and an allegation it withdraws. After as_of pa alleges once more.
 */
function incidentLog(): MetricsLog {
  const log = new MetricsLog();
  log.report('2026-07-10T00:00:00Z');
  log.report('2026-07-31T23:59:59Z', { category: 'incursion' });
  log.report('2026-08-01T00:00:00Z');
  log.report('2026-08-05T00:00:00Z');
  const amended = log.report('2026-08-06T00:00:00Z', { category: 'incursion' });
  log.add(
    'incident.amend',
    'pa/reporter',
    '2026-08-07T00:00:00Z',
    { patch: { category: { mechanism_type: 'airspace_violation' } }, reason: 'aircraft, not troops' },
    { refs: [{ rel: 'amends', digest: amended }] },
  );
  log.report('2026-08-08T00:00:00Z', { by: 'pb/reporter', against: 'pa', category: 'cross_border_attack' });
  const withdrawn = log.report('2026-08-09T00:00:00Z');
  log.add(
    'incident.withdraw',
    'pa/reporter',
    '2026-08-10T00:00:00Z',
    { reason: 'duplicate' },
    { refs: [{ rel: 'withdraws', digest: withdrawn }] },
  );
  log.report('2026-08-11T00:00:00Z', { kind: 'observation' });
  log.report('2026-08-12T00:00:00Z', { by: 'ver/analyst', category: 'militant_presence' });
  log.report('2026-08-25T00:00:00Z');
  return log;
}

describe('incident metrics', () => {
  const log = incidentLog();

  describe('alleged_by', () => {
    it('counts each party’s allegations reported in the period, by category after amendments', () => {
      const pa = rowOf(log.metrics(AS_OF).incidents.alleged_by, 'pa');
      expect(pa.total).toMatchObject({ value: 3, previous: 2, change: 1, relative_change: 0.5 });
      expect(pa.by_category.cross_border_fire).toMatchObject({ value: 2, previous: 1, change: 1 });
      expect(pa.by_category.airspace_violation).toMatchObject({
        value: 1,
        previous: 0,
        relative_change: null,
      });
      expect(pa.by_category.incursion).toMatchObject({
        value: 0,
        previous: 1,
        change: -1,
        relative_change: -1,
      });
      expect(pa.by_category.militant_presence.value).toBe(0);
    });

    it('lists every party, and no row for a verifier', () => {
      const rows = log.metrics(AS_OF).incidents.alleged_by;
      expect(rows.map((row) => row.party)).toEqual(['pa', 'pb']);
      expect(rowOf(rows, 'pb').total).toMatchObject({ value: 1, previous: 0 });
      expect(rowOf(rows, 'pb').by_category.cross_border_attack.value).toBe(1);
    });
  });

  describe('alleged_against', () => {
    it('counts allegations naming the party, whoever reported them', () => {
      const rows = log.metrics(AS_OF).incidents.alleged_against;
      const pb = rowOf(rows, 'pb');
      expect(pb.total).toMatchObject({ value: 4, previous: 2 });
      expect(pb.by_category.militant_presence.value).toBe(1);
      expect(rowOf(rows, 'pa').total).toMatchObject({ value: 1, previous: 0 });
    });
  });

  it('ignores statements logged after as_of', () => {
    expect(rowOf(log.metrics(AS_OF).incidents.alleged_by, 'pa').total.value).toBe(3);
    expect(rowOf(log.metrics('2026-08-31T00:00:00Z').incidents.alleged_by, 'pa').total.value).toBe(4);
    // Before the withdrawal was logged, the withdrawn allegation still counted.
    expect(rowOf(log.metrics('2026-08-09T12:00:00Z').incidents.alleged_by, 'pa').total.value).toBe(4);
  });

  it('puts a report in the period of its log time, start inclusive and end exclusive', () => {
    const week = log.metrics(AS_OF, 'week', { periodAt: '2026-08-05T12:00:00Z' });
    expect(week.period).toMatchObject({ start: '2026-08-03T00:00:00.000Z', end: '2026-08-10T00:00:00.000Z' });
    // 5th and 6th; the week before holds 31 July 23:59:59 and 1 August 00:00.
    expect(rowOf(week.incidents.alleged_by, 'pa').total).toMatchObject({ value: 2, previous: 2 });
  });

  it('reports quarters against the quarter before', () => {
    const quarter = log.metrics(AS_OF, 'quarter');
    expect(quarter.previous_period.start).toBe('2026-04-01T00:00:00.000Z');
    expect(rowOf(quarter.incidents.alleged_by, 'pa').total).toMatchObject({
      value: 5,
      previous: 0,
      change: 5,
      relative_change: null,
    });
  });
});
