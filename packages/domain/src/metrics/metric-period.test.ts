import { describe, expect, it } from 'vitest';
import {
  describePeriod,
  isInPeriod,
  periodRange,
  previousMetricPeriod,
  resolveMetricPeriod,
  type PeriodKind,
} from './metric-period.ts';

const period = (kind: PeriodKind, at: string) => resolveMetricPeriod(kind, Date.parse(at));

describe('resolveMetricPeriod', () => {
  describe('a week', () => {
    it('starts on Monday 00:00 UTC and lasts seven days', () => {
      expect(period('week', '2026-07-01T12:00:00Z')).toEqual({
        kind: 'week',
        start: '2026-06-29T00:00:00.000Z',
        end: '2026-07-06T00:00:00.000Z',
      });
    });

    it('holds Sunday 23:59:59.999 but not the Monday after', () => {
      expect(period('week', '2026-07-05T23:59:59.999Z').start).toBe('2026-06-29T00:00:00.000Z');
      expect(period('week', '2026-07-06T00:00:00.000Z').start).toBe('2026-07-06T00:00:00.000Z');
    });

    it('on a Monday starts that Monday, and crosses a year end', () => {
      expect(period('week', '2026-06-01T00:00:00Z').start).toBe('2026-06-01T00:00:00.000Z');
      expect(period('week', '2027-01-01T08:00:00Z')).toMatchObject({
        start: '2026-12-28T00:00:00.000Z',
        end: '2027-01-04T00:00:00.000Z',
      });
    });
  });

  describe('a month', () => {
    it('runs from the 1st 00:00 UTC to the next 1st', () => {
      expect(period('month', '2026-07-31T23:59:59.999Z')).toMatchObject({
        start: '2026-07-01T00:00:00.000Z',
        end: '2026-08-01T00:00:00.000Z',
      });
      expect(period('month', '2026-08-01T00:00:00.000Z').start).toBe('2026-08-01T00:00:00.000Z');
      expect(period('month', '2026-12-15T00:00:00Z').end).toBe('2027-01-01T00:00:00.000Z');
    });

    it('is in UTC, not in a mechanism time zone', () => {
      // 2026-08-01T02:00 in Asia/Karachi (UTC+5) is still July in UTC.
      expect(period('month', '2026-07-31T21:00:00Z').start).toBe('2026-07-01T00:00:00.000Z');
    });
  });

  it('keeps years before 100 as they are', () => {
    expect(period('month', '0050-03-10T00:00:00Z')).toMatchObject({
      start: '0050-03-01T00:00:00.000Z',
      end: '0050-04-01T00:00:00.000Z',
    });
  });

  describe('a quarter', () => {
    it('starts in January, April, July or October', () => {
      expect(period('quarter', '2026-05-10T00:00:00Z')).toMatchObject({
        start: '2026-04-01T00:00:00.000Z',
        end: '2026-07-01T00:00:00.000Z',
      });
      expect(period('quarter', '2026-11-30T00:00:00Z')).toMatchObject({
        start: '2026-10-01T00:00:00.000Z',
        end: '2027-01-01T00:00:00.000Z',
      });
      expect(period('quarter', '2026-06-30T23:59:59.999Z').start).toBe('2026-04-01T00:00:00.000Z');
      expect(period('quarter', '2026-07-01T00:00:00Z').start).toBe('2026-07-01T00:00:00.000Z');
    });
  });
});

describe('previousMetricPeriod', () => {
  it('is the period of the same kind just before, across year ends', () => {
    expect(previousMetricPeriod(period('month', '2027-01-10T00:00:00Z'))).toEqual({
      kind: 'month',
      start: '2026-12-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
    expect(previousMetricPeriod(period('quarter', '2027-02-10T00:00:00Z')).start).toBe(
      '2026-10-01T00:00:00.000Z',
    );
    expect(previousMetricPeriod(period('week', '2027-01-01T00:00:00Z'))).toMatchObject({
      start: '2026-12-21T00:00:00.000Z',
      end: '2026-12-28T00:00:00.000Z',
    });
  });

  it('ends where the period starts', () => {
    const march = period('month', '2026-03-15T00:00:00Z');
    expect(previousMetricPeriod(march)).toMatchObject({
      start: '2026-02-01T00:00:00.000Z',
      end: march.start,
    });
  });
});

describe('isInPeriod', () => {
  it('includes the start and excludes the end', () => {
    const july = periodRange(period('month', '2026-07-10T00:00:00Z'));
    expect(isInPeriod(july, Date.parse('2026-07-01T00:00:00.000Z'))).toBe(true);
    expect(isInPeriod(july, Date.parse('2026-07-31T23:59:59.999Z'))).toBe(true);
    expect(isInPeriod(july, Date.parse('2026-08-01T00:00:00.000Z'))).toBe(false);
    expect(isInPeriod(july, Date.parse('2026-06-30T23:59:59.999Z'))).toBe(false);
  });
});

describe('describePeriod', () => {
  it('says whether the period had ended by as_of', () => {
    const july = period('month', '2026-07-10T00:00:00Z');
    expect(describePeriod(july, Date.parse('2026-07-31T23:59:59.999Z')).complete).toBe(false);
    expect(describePeriod(july, Date.parse('2026-08-01T00:00:00.000Z')).complete).toBe(true);
  });
});
