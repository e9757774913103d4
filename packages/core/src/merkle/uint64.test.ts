import { describe, expect, it } from 'vitest';
import { UINT64_MAX, bitLength, isUint64, largestPowerOfTwoBelow, trailingZeros } from './uint64.ts';

describe('isUint64', () => {
  it('accepts 0 through 2^64 − 1 only', () => {
    expect([0n, 1n, UINT64_MAX].map(isUint64)).toEqual([true, true, true]);
    expect([-1n, UINT64_MAX + 1n].map(isUint64)).toEqual([false, false]);
  });
});

describe('bitLength', () => {
  it('counts the binary digits, across the 32-bit chunks it works in', () => {
    expect([0n, 1n, 2n, 5n, 0xffff_ffffn, 0x1_0000_0000n, UINT64_MAX].map(bitLength)).toEqual([
      0, 1, 2, 3, 32, 33, 64,
    ]);
  });
});

describe('trailingZeros', () => {
  it('counts the zero bits below the lowest set bit', () => {
    expect([1n, 2n, 12n, 1n << 40n, 1n << 63n].map(trailingZeros)).toEqual([0, 1, 2, 40, 63]);
  });
});

describe('largestPowerOfTwoBelow', () => {
  it('is the split point k < n of RFC 9162 §2.1.1', () => {
    expect([2n, 3n, 4n, 5n, 8n, 9n, UINT64_MAX].map(largestPowerOfTwoBelow)).toEqual([
      1n,
      2n,
      2n,
      4n,
      4n,
      8n,
      1n << 63n,
    ]);
  });
});
