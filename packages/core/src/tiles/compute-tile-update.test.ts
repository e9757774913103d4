import { describe, expect, it } from 'vitest';
import { MemoryTileStore } from '../../test/support/memory-tile-store.ts';
import { makeLeafHashes, seededRandom } from '../../test/support/rfc6962-reference.ts';
import { concatBytes } from '../encoding/index.ts';
import { CompactRange } from '../merkle/compact-range.ts';
import { computeRootHash } from '../merkle/compute-root-hash.ts';
import { UINT64_MAX } from '../merkle/uint64.ts';
import { computeTileUpdate, type TileUpdate } from './compute-tile-update.ts';
import { listTilesForGrowth } from './list-tiles-for-growth.ts';

const leaves = makeLeafHashes(1500);

/** The expected bytes of hash tile (level, index, width): MTH of each 256^level-leaf block. */
function expectedTile(level: number, index: bigint, width: number): Uint8Array {
  const span = 256 ** level;
  const first = Number(index) * 256;
  return concatBytes(
    ...Array.from({ length: width }, (_, i) =>
      computeRootHash(leaves, BigInt((first + i) * span), BigInt((first + i + 1) * span)),
    ),
  );
}

async function grow(batches: readonly number[], persistRange: boolean) {
  const store = new MemoryTileStore();
  let size = 0n;
  let range: CompactRange | undefined;
  const updates: TileUpdate[] = [];
  for (const batch of batches) {
    const added = leaves.slice(Number(size), Number(size) + batch);
    const update = await computeTileUpdate(
      size,
      added,
      store.readTile,
      persistRange && range ? { compactRange: range } : {},
    );
    store.write(update.tiles);
    updates.push(update);
    size = update.treeSize;
    range = update.compactRange;
  }
  return { store, updates };
}

describe('computeTileUpdate', () => {
  const random = seededRandom(7);
  const batches = Array.from({ length: 40 }, () => Math.floor(random() * 60));
  batches.push(1, 255, 1, 256, 300);

  describe.each([
    ['rebuilding the right edge from partial tiles', false],
    ['given the previous compact range', true],
  ])('when %s', (_how, persistRange) => {
    it('writes exactly the tiles listTilesForGrowth names, with the right hashes, and the right root', async () => {
      const { updates } = await grow(batches, persistRange);
      let oldSize = 0n;
      for (const update of updates) {
        expect(update.tiles.map(({ level, index, width }) => ({ level, index, width }))).toEqual(
          listTilesForGrowth(oldSize, update.treeSize),
        );
        for (const tile of update.tiles)
          expect(tile.data).toEqual(expectedTile(tile.level, tile.index, tile.width));
        expect(update.rootHash).toEqual(computeRootHash(leaves, 0n, update.treeSize));
        expect(update.compactRange.end).toBe(update.treeSize);
        oldSize = update.treeSize;
      }
      expect(oldSize).toBeGreaterThan(1000n);
    });
  });

  it('reads only the partial tiles it extends when given the compact range', async () => {
    const { store } = await grow([300, 20], false);
    store.reads.length = 0;
    const range = new CompactRange();
    for (const leaf of leaves.slice(0, 320)) range.append(leaf);
    await computeTileUpdate(320n, leaves.slice(320, 330), store.readTile, { compactRange: range });
    expect(store.reads).toEqual(['0/1/64']);
    store.reads.length = 0;
    await computeTileUpdate(320n, leaves.slice(320, 330), store.readTile);
    expect(store.reads.sort()).toEqual(['0/1/64', '1/0/1']);
  });

  it('does not change the compact range it is given', async () => {
    const { store } = await grow([10], false);
    const range = new CompactRange();
    for (const leaf of leaves.slice(0, 10)) range.append(leaf);
    await computeTileUpdate(10n, leaves.slice(10, 20), store.readTile, { compactRange: range });
    expect(range.end).toBe(10n);
  });

  it('returns no tiles and the same root for an empty batch', async () => {
    const { store } = await grow([100], false);
    const update = await computeTileUpdate(100n, [], store.readTile);
    expect(update.tiles).toEqual([]);
    expect(update.rootHash).toEqual(computeRootHash(leaves, 0n, 100n));
  });

  it('rejects a compact range that does not cover [0, oldSize) with invalid_argument', async () => {
    const range = new CompactRange(0n, 1n, [leaves[0]!]);
    await expect(
      computeTileUpdate(2n, [], new MemoryTileStore().readTile, { compactRange: range }),
    ).rejects.toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    await expect(
      computeTileUpdate(1n, [], new MemoryTileStore().readTile, { compactRange: new CompactRange(1n, 1n) }),
    ).rejects.toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('rejects a leaf hash that is not 32 bytes with invalid_argument', async () => {
    await expect(computeTileUpdate(0n, [new Uint8Array(3)], new MemoryTileStore().readTile)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });

  it('rejects a partial tile of the wrong length with invalid_tile', async () => {
    const short = () => Promise.resolve(new Uint8Array(31));
    await expect(computeTileUpdate(3n, [leaves[3]!], short)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_tile' }),
    );
  });

  it('rejects growth past 2^64 − 1 leaves or from a negative size with invalid_range', async () => {
    const store = new MemoryTileStore();
    await expect(computeTileUpdate(UINT64_MAX, [leaves[0]!], store.readTile)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
    await expect(computeTileUpdate(-1n, [], store.readTile)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});
