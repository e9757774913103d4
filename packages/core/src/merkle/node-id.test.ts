import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../core-error.ts';
import { rangeNodes } from './node-id.ts';
import { UINT64_MAX } from './uint64.ts';

describe('rangeNodes', () => {
  it('covers a tree of size 7 with subtrees of 4, 2 and 1 leaves', () => {
    expect(rangeNodes(0n, 7n)).toEqual([
      { level: 2, index: 0n },
      { level: 1, index: 2n },
      { level: 0, index: 6n },
    ]);
  });

  it('covers an unaligned range with rising then falling levels', () => {
    // [3, 13): leaf 3, [4, 8), [8, 12), leaf 12.
    expect(rangeNodes(3n, 13n)).toEqual([
      { level: 0, index: 3n },
      { level: 2, index: 1n },
      { level: 2, index: 2n },
      { level: 0, index: 12n },
    ]);
  });

  it('is empty for an empty range', () => {
    expect(rangeNodes(5n, 5n)).toEqual([]);
  });

  it('handles the largest uint64 tree with one subtree per bit', () => {
    const nodes = rangeNodes(0n, UINT64_MAX);
    expect(nodes).toHaveLength(64);
    expect(nodes[0]).toEqual({ level: 63, index: 0n });
    expect(nodes[63]).toEqual({ level: 0, index: UINT64_MAX - 1n });
  });

  it.each([
    [-1n, 0n],
    [2n, 1n],
    [0n, UINT64_MAX + 1n],
  ])('rejects [%s, %s) with invalid_range', (begin, end) => {
    expect(() => rangeNodes(begin, end)).toThrow(expect.objectContaining({ code: 'invalid_range' }));
  });

  it('always returns contiguous, aligned, maximal perfect subtrees', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: UINT64_MAX }),
        fc.bigInt({ min: 0n, max: UINT64_MAX }),
        (a, b) => {
          const [begin, end] = a <= b ? [a, b] : [b, a];
          let next = begin;
          for (const { level, index } of rangeNodes(begin, end)) {
            const size = 1n << BigInt(level);
            expect(index * size).toBe(next);
            // Maximal: the parent would reach outside the range.
            const parentStart = (index >> 1n) * size * 2n;
            expect(parentStart < begin || parentStart + size * 2n > end).toBe(true);
            next += size;
          }
          expect(next).toBe(end);
        },
      ),
    );
  });

  it('throws only CoreError', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (begin, end) => {
        try {
          rangeNodes(begin, end);
        } catch (error) {
          expect(isCoreError(error, 'invalid_range')).toBe(true);
        }
      }),
    );
  });
});
