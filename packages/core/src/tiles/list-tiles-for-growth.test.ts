import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UINT64_MAX } from '../merkle/uint64.ts';
import { listTilesForGrowth } from './list-tiles-for-growth.ts';
import { tileWidthForTreeSize } from './tile-id.ts';

const id = (level: number, index: bigint, width = 256) => ({ level, index, width });

describe('listTilesForGrowth', () => {
  it('lists the tiles of the c2sp.org/tlog-tiles example tree of 70,000 leaves', () => {
    const tiles = listTilesForGrowth(0n, 70_000n);
    const level0 = tiles.filter((t) => t.level === 0);
    expect(level0).toHaveLength(274);
    expect(level0.slice(0, 273).every((t) => t.width === 256)).toBe(true);
    expect(level0[273]).toEqual(id(0, 273n, 112));
    expect(tiles.filter((t) => t.level > 0)).toEqual([id(1, 0n), id(1, 1n, 17), id(2, 0n, 1)]);
  });

  it('completes a level-0 tile and starts level 1 at 256 leaves', () => {
    expect(listTilesForGrowth(255n, 256n)).toEqual([id(0, 0n), id(1, 0n, 1)]);
    expect(listTilesForGrowth(256n, 257n)).toEqual([id(0, 1n, 1)]);
  });

  it('lists nothing when the tree does not grow', () => {
    expect(listTilesForGrowth(1000n, 1000n)).toEqual([]);
  });

  it('lists exactly the tiles whose width differs between the two sizes', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 200_000n }),
        fc.bigInt({ min: 0n, max: 70_000n }),
        (oldSize, growth) => {
          const newSize = oldSize + growth;
          const expected = [];
          for (let level = 0; level < 3; level++) {
            for (let index = 0n; tileWidthForTreeSize(newSize, level, index) > 0; index++) {
              const width = tileWidthForTreeSize(newSize, level, index);
              if (width !== tileWidthForTreeSize(oldSize, level, index))
                expected.push(id(level, index, width));
            }
          }
          expect(listTilesForGrowth(oldSize, newSize)).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('handles growth at the top of the uint64 range', () => {
    const tiles = listTilesForGrowth(UINT64_MAX - 1n, UINT64_MAX);
    expect(tiles).toEqual([id(0, (UINT64_MAX - 1n) >> 8n, 255)]);
  });

  it.each([
    [5n, 4n],
    [-1n, 4n],
    [0n, UINT64_MAX + 1n],
  ])('rejects growth from %s to %s with invalid_range', (oldSize, newSize) => {
    expect(() => listTilesForGrowth(oldSize, newSize)).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});
