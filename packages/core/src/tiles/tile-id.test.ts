import { describe, expect, it } from 'vitest';
import { UINT64_MAX } from '../merkle/uint64.ts';
import { tileWidthForTreeSize } from './tile-id.ts';

describe('tileWidthForTreeSize', () => {
  it('follows the c2sp.org/tlog-tiles example of a tree of 70,000 leaves', () => {
    expect(tileWidthForTreeSize(70_000n, 0, 272n)).toBe(256);
    expect(tileWidthForTreeSize(70_000n, 0, 273n)).toBe(112);
    expect(tileWidthForTreeSize(70_000n, 0, 274n)).toBe(0);
    expect(tileWidthForTreeSize(70_000n, 1, 0n)).toBe(256);
    expect(tileWidthForTreeSize(70_000n, 1, 1n)).toBe(17);
    expect(tileWidthForTreeSize(70_000n, 2, 0n)).toBe(1);
    expect(tileWidthForTreeSize(70_000n, 3, 0n)).toBe(0);
  });

  it('gives a full level-0 tile and a level-1 tile of width 1 for 256 leaves', () => {
    expect(tileWidthForTreeSize(256n, 0, 0n)).toBe(256);
    expect(tileWidthForTreeSize(256n, 1, 0n)).toBe(1);
  });

  it.each([
    [-1n, 0, 0n],
    [UINT64_MAX + 1n, 0, 0n],
    [1n, 64, 0n],
    [1n, -1, 0n],
    [1n, 0.5, 0n],
    [1n, 0, -1n],
  ])('rejects size %s, level %s, index %s with invalid_range', (size, level, index) => {
    expect(() => tileWidthForTreeSize(size, level, index)).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});
