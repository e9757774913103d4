import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.ts';

describe('percentile', () => {
  it('is undefined for an empty sample and the value itself for a single one', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([7], 0.9)).toBe(7);
  });

  it('gives the middle of an odd sample and the mean of the middle two of an even one', () => {
    expect(percentile([3, 1, 2], 0.5)).toBe(2);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });

  it('interpolates linearly between closest ranks (R type 7, NumPy default)', () => {
    // rank (10 − 1) · 0.9 = 8.1: 9 + 0.1 · (10 − 9)
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.9)).toBeCloseTo(9.1, 10);
    // rank (3 − 1) · 0.9 = 1.8: 48 + 0.8 · (72 − 48)
    expect(percentile([72, 10, 48], 0.9)).toBeCloseTo(67.2, 10);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 1)).toBe(3);
  });

  it('leaves its input in place', () => {
    const sample = [3, 1, 2];
    percentile(sample, 0.5);
    expect(sample).toEqual([3, 1, 2]);
  });
});
