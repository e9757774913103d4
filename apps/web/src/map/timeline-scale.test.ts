import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  WEEK_MS,
  bucketInstants,
  chooseBucketUnit,
  createTimeScale,
  formatRange,
  floorToUnit,
  moveRange,
  parseRange,
  resizeRange,
  snapRange,
} from './timeline-scale.ts';

const at = (iso: string) => Date.parse(iso);

describe('floorToUnit', () => {
  it('floors to UTC midnight for days', () => {
    expect(floorToUnit(at('2025-03-05T17:42:00Z'), 'day')).toBe(at('2025-03-05T00:00:00Z'));
  });

  it('floors to the Monday of the ISO week for weeks', () => {
    // 2025-03-05 is a Wednesday; 2025-03-09 a Sunday; 2025-03-10 a Monday.
    expect(floorToUnit(at('2025-03-05T17:42:00Z'), 'week')).toBe(at('2025-03-03T00:00:00Z'));
    expect(floorToUnit(at('2025-03-09T23:59:59Z'), 'week')).toBe(at('2025-03-03T00:00:00Z'));
    expect(floorToUnit(at('2025-03-10T00:00:00Z'), 'week')).toBe(at('2025-03-10T00:00:00Z'));
  });
});

describe('chooseBucketUnit', () => {
  it('counts per day over a short span and per week over a long one', () => {
    expect(chooseBucketUnit(0, 30 * DAY_MS)).toBe('day');
    expect(chooseBucketUnit(0, 200 * DAY_MS)).toBe('week');
  });
});

describe('bucketInstants', () => {
  it('returns no buckets for no instants', () => {
    expect(bucketInstants([]).buckets).toEqual([]);
  });

  it('counts instants per day, keeping empty days between them', () => {
    const histogram = bucketInstants([
      at('2025-03-01T10:00:00Z'),
      at('2025-03-01T23:00:00Z'),
      at('2025-03-03T01:00:00Z'),
    ]);
    expect(histogram.unit).toBe('day');
    expect(histogram.buckets).toEqual([
      { start: at('2025-03-01T00:00:00Z'), end: at('2025-03-02T00:00:00Z'), count: 2 },
      { start: at('2025-03-02T00:00:00Z'), end: at('2025-03-03T00:00:00Z'), count: 0 },
      { start: at('2025-03-03T00:00:00Z'), end: at('2025-03-04T00:00:00Z'), count: 1 },
    ]);
  });

  it('counts per ISO week over a long span, every instant in exactly one bucket', () => {
    const instants = [at('2025-01-01T00:00:00Z'), at('2025-02-14T12:00:00Z'), at('2025-06-30T08:00:00Z')];
    const histogram = bucketInstants(instants);
    expect(histogram.unit).toBe('week');
    expect(histogram.buckets[0]?.start).toBe(at('2024-12-30T00:00:00Z'));
    expect(histogram.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(3);
    expect(histogram.buckets.every((bucket) => bucket.end - bucket.start === WEEK_MS)).toBe(true);
  });

  it('leaves out instants that are not numbers', () => {
    expect(bucketInstants([Number.NaN, at('2025-03-01T00:00:00Z')]).buckets).toHaveLength(1);
  });
});

describe('createTimeScale', () => {
  const domain = { from: 1000, to: 2000 };

  describe('left to right', () => {
    const scale = createTimeScale(domain, 500, 'ltr');
    it('puts the start on the left and the end on the right', () => {
      expect(scale.toPixel(1000)).toBe(0);
      expect(scale.toPixel(1500)).toBe(250);
      expect(scale.toPixel(2000)).toBe(500);
    });
    it('inverts pixels to instants', () => {
      expect(scale.toInstant(250)).toBe(1500);
    });
    it('clamps outside the domain', () => {
      expect(scale.toPixel(0)).toBe(0);
      expect(scale.toInstant(900)).toBe(2000);
    });
  });

  describe('right to left', () => {
    const scale = createTimeScale(domain, 500, 'rtl');
    it('puts the start on the right and the end on the left', () => {
      expect(scale.toPixel(1000)).toBe(500);
      expect(scale.toPixel(2000)).toBe(0);
      expect(scale.toPixel(1200)).toBe(400);
    });
    it('inverts pixels to instants', () => {
      expect(scale.toInstant(400)).toBe(1200);
      expect(scale.toInstant(-10)).toBe(2000);
    });
  });
});

describe('brushed ranges', () => {
  const domain = { from: at('2025-03-01T00:00:00Z'), to: at('2025-03-11T00:00:00Z') };

  describe('snapRange', () => {
    it('covers the whole days under the brush, in either drag direction', () => {
      const expected = { from: at('2025-03-02T00:00:00Z'), to: at('2025-03-05T00:00:00Z') };
      expect(snapRange(at('2025-03-02T13:00:00Z'), at('2025-03-04T02:00:00Z'), 'day', domain)).toEqual(
        expected,
      );
      expect(snapRange(at('2025-03-04T02:00:00Z'), at('2025-03-02T13:00:00Z'), 'day', domain)).toEqual(
        expected,
      );
    });

    it('selects one bucket for a click', () => {
      const instant = at('2025-03-02T13:00:00Z');
      expect(snapRange(instant, instant, 'day', domain)).toEqual({
        from: at('2025-03-02T00:00:00Z'),
        to: at('2025-03-03T00:00:00Z'),
      });
    });

    it('does not run past the end of the domain', () => {
      expect(snapRange(at('2025-03-10T12:00:00Z'), domain.to, 'day', domain).to).toBe(domain.to);
    });
  });

  describe('moveRange', () => {
    const range = { from: at('2025-03-02T00:00:00Z'), to: at('2025-03-04T00:00:00Z') };
    it('moves by whole buckets, keeping the length', () => {
      expect(moveRange(range, 1, 'day', domain)).toEqual({
        from: at('2025-03-03T00:00:00Z'),
        to: at('2025-03-05T00:00:00Z'),
      });
    });
    it('stops at either end of the domain', () => {
      expect(moveRange(range, -5, 'day', domain)).toEqual({
        from: domain.from,
        to: at('2025-03-03T00:00:00Z'),
      });
      expect(moveRange(range, 50, 'day', domain)).toEqual({
        from: at('2025-03-09T00:00:00Z'),
        to: domain.to,
      });
    });
  });

  describe('resizeRange', () => {
    const range = { from: at('2025-03-02T00:00:00Z'), to: at('2025-03-04T00:00:00Z') };
    it('moves the end by whole buckets', () => {
      expect(resizeRange(range, 2, 'day', domain).to).toBe(at('2025-03-06T00:00:00Z'));
      expect(resizeRange(range, -1, 'day', domain).to).toBe(at('2025-03-03T00:00:00Z'));
    });
    it('keeps at least one bucket and stays inside the domain', () => {
      expect(resizeRange(range, -10, 'day', domain).to).toBe(at('2025-03-03T00:00:00Z'));
      expect(resizeRange(range, 100, 'day', domain).to).toBe(domain.to);
    });
  });
});

describe('formatRange and parseRange', () => {
  const range = { from: at('2025-03-02T00:00:00Z'), to: at('2025-03-05T00:00:00Z') };

  it('writes both ends inclusive, at whole seconds', () => {
    expect(formatRange(range)).toEqual({ from: '2025-03-02T00:00:00Z', to: '2025-03-04T23:59:59Z' });
  });

  it('reads back the half-open range', () => {
    expect(parseRange(formatRange(range))).toEqual(range);
  });

  it('reads nothing from no range or from text that is not a timestamp', () => {
    expect(parseRange(undefined)).toBeUndefined();
    expect(parseRange({ from: 'yesterday', to: '2025-03-04T23:59:59Z' })).toBeUndefined();
  });
});
