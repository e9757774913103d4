import { describe, expect, it } from 'vitest';
import { MetricsLog, rowOf, SHORT_DEADLINES } from './metrics.fixture.ts';

const AS_OF = '2026-08-20T00:00:00Z';

/**
 * Allegations against pb, with a 48-hour response deadline:
 *   July   A0 20th, never answered (late);  B0 30th 00:00, answered 1 Aug 12:00 (60 h, late)
 *   August A1 1st, 10 h (on time);  A2 2nd, exactly 48 h (on time);  A3 3rd, 72 h (late);
 *          A4 5th, never answered (late);  A5 19th 12:00, not yet due at as_of (pending);
 *          A6 10th, answered only after as_of (late at as_of).
 * pa also answers an allegation against itself, and a report against pa is answered by pa only.
 */
function responseLog(): MetricsLog {
  const log = new MetricsLog(SHORT_DEADLINES);
  log.report('2026-07-20T00:00:00Z');
  const b0 = log.report('2026-07-30T00:00:00Z');
  const a1 = log.report('2026-08-01T00:00:00Z');
  log.respond('2026-08-01T10:00:00Z', a1);
  log.respond('2026-08-01T12:00:00Z', b0);
  const a2 = log.report('2026-08-02T00:00:00Z');
  const a3 = log.report('2026-08-03T00:00:00Z');
  log.respond('2026-08-04T00:00:00Z', a2);
  log.report('2026-08-05T00:00:00Z');
  log.respond('2026-08-06T00:00:00Z', a3);
  // A second response does not change the time of the first.
  log.respond('2026-08-07T00:00:00Z', a1);
  const a6 = log.report('2026-08-10T00:00:00Z');
  log.report('2026-08-19T12:00:00Z');
  const againstPa = log.report('2026-08-11T00:00:00Z', { by: 'pb/reporter', against: 'pa' });
  log.respond('2026-08-11T05:00:00Z', againstPa, 'pa/liaison');
  log.respond('2026-08-21T00:00:00Z', a6);
  return log;
}

describe('response metrics', () => {
  const log = responseLog();
  const pb = rowOf(log.metrics(AS_OF).responses, 'pb');

  it('counts the allegations against the party reported in the period and those it answered', () => {
    expect(pb.allegations).toMatchObject({ value: 6, previous: 2, change: 4, relative_change: 2 });
    expect(pb.responded).toMatchObject({ value: 3, previous: 1 });
  });

  it('judges timeliness against the routine respond_hours, pending allegations left out', () => {
    expect(pb.responses_due).toMatchObject({ value: 5, previous: 2 });
    expect(pb.responded_on_time).toMatchObject({ value: 2, previous: 0 });
    expect(pb.responded_on_time_share).toMatchObject({
      value: 0.4,
      previous: 0,
      change: 0.4,
      relative_change: null,
    });
  });

  it('reports the median and p90 hours to the first response', () => {
    expect(pb.hours_to_first_response_median).toMatchObject({ value: 48, previous: 60, change: -12 });
    // [10, 48, 72]: rank 1.8 → 48 + 0.8 · 24
    expect(pb.hours_to_first_response_p90).toMatchObject({ value: 67.2, previous: 60 });
  });

  it('counts overdue allegations at as_of, and at the end of the previous period', () => {
    // At as_of: A0, A4, A6. At 1 August 00:00: A0 only — B0's deadline is that very instant, not yet passed.
    expect(pb.overdue).toMatchObject({ value: 3, previous: 1 });
  });

  it('measures the other party from its own responses', () => {
    const pa = rowOf(log.metrics(AS_OF).responses, 'pa');
    expect(pa).toMatchObject({
      allegations: { value: 1, previous: 0 },
      responded_on_time_share: { value: 1, previous: null },
      hours_to_first_response_median: { value: 5, previous: null },
      overdue: { value: 0 },
    });
  });

  it('takes the deadline from the settings it is given', () => {
    const relaxed = {
      ...SHORT_DEADLINES,
      deadlines: { ...SHORT_DEADLINES.deadlines, routine: { acknowledge_hours: 24, respond_hours: 96 } },
    };
    const row = rowOf(log.metrics(AS_OF, 'month', { settings: relaxed }).responses, 'pb');
    // A3 (72 h) is now on time; A4 and A6 (due on the 9th and 14th) are still late, A5 still pending.
    expect(row.responded_on_time).toMatchObject({ value: 3 });
    expect(row.responses_due).toMatchObject({ value: 5 });
  });

  it('does not count a response logged after as_of', () => {
    const later = rowOf(log.metrics('2026-08-22T00:00:00Z').responses, 'pb');
    expect(later.responded.value).toBe(4);
    expect(pb.responded.value).toBe(3);
  });
});
