import { describe, expect, it } from 'vitest';
import {
  countMeasure,
  percentileMeasure,
  shareMeasure,
  suppressRow,
  toMetricCell,
  type Disclosure,
} from './metric-cell.ts';

const MEMBERS: Disclosure = { publicMode: false, minCellSize: 5 };
const PUBLIC: Disclosure = { publicMode: true, minCellSize: 5 };

describe('toMetricCell', () => {
  it('reports the value, the previous value and the absolute and relative change', () => {
    expect(toMetricCell(countMeasure(6), countMeasure(4), MEMBERS)).toEqual({
      value: 6,
      previous: 4,
      change: 2,
      relative_change: 0.5,
      suppressed: false,
      previous_suppressed: false,
    });
  });

  it('has no relative change from zero, and no change from an undefined value', () => {
    expect(toMetricCell(countMeasure(3), countMeasure(0), MEMBERS)).toMatchObject({
      change: 3,
      relative_change: null,
    });
    expect(toMetricCell(shareMeasure(1, 2), shareMeasure(0, 0), MEMBERS)).toMatchObject({
      value: 0.5,
      previous: null,
      change: null,
      relative_change: null,
      suppressed: false,
    });
  });

  it('rounds to four decimals, the change from the rounded values', () => {
    expect(toMetricCell(shareMeasure(2, 3), shareMeasure(1, 3), MEMBERS)).toMatchObject({
      value: 0.6667,
      previous: 0.3333,
      change: 0.3334,
      relative_change: 1.0003,
    });
  });

  describe('in public mode', () => {
    it('hides a count below the minimum cell size, and every change from it', () => {
      expect(toMetricCell(countMeasure(4), countMeasure(9), PUBLIC)).toEqual({
        value: null,
        previous: 9,
        change: null,
        relative_change: null,
        suppressed: true,
        previous_suppressed: false,
      });
      expect(toMetricCell(countMeasure(5), countMeasure(0), PUBLIC)).toMatchObject({
        value: 5,
        previous: null,
        suppressed: false,
        previous_suppressed: true,
      });
    });

    it('hides a share whose numerator or denominator is small, and a median of a small sample', () => {
      expect(toMetricCell(shareMeasure(4, 10), shareMeasure(5, 10), PUBLIC)).toMatchObject({
        value: null,
        suppressed: true,
        previous: 0.5,
      });
      expect(
        toMetricCell(percentileMeasure([1, 2, 3, 4], 0.5), percentileMeasure([1, 2, 3, 4, 5], 0.5), PUBLIC),
      ).toMatchObject({ value: null, suppressed: true, previous: 3 });
    });

    it('hides what it is told to (secondary suppression)', () => {
      expect(toMetricCell(countMeasure(50), countMeasure(50), PUBLIC, { current: true })).toMatchObject({
        value: null,
        suppressed: true,
        previous: 50,
      });
    });
  });
});

describe('suppressRow', () => {
  it('hides nothing for members', () => {
    expect(suppressRow([0, 1, 9], MEMBERS)).toEqual([false, false, false]);
  });

  it('hides every count below the minimum cell size', () => {
    expect(suppressRow([0, 3, 9, 12], PUBLIC)).toEqual([true, true, false, false]);
  });

  it('hides the smallest other count too when only one would be hidden, so the total does not reveal it', () => {
    expect(suppressRow([12, 3, 9, 20], PUBLIC)).toEqual([false, true, true, false]);
    expect(suppressRow([6, 6, 2], PUBLIC)).toEqual([true, false, true]);
    expect(suppressRow([3], PUBLIC)).toEqual([true]);
  });
});
