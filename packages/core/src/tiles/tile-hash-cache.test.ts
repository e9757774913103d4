import { describe, expect, it } from 'vitest';
import { MemoryTileStore } from '../../test/support/memory-tile-store.ts';
import { makeLeafHashes } from '../../test/support/rfc6962-reference.ts';
import { generateInclusionProof } from '../merkle/generate-proof.ts';
import { computeTileUpdate } from './compute-tile-update.ts';
import { generateInclusionProofFromTiles } from './generate-proof-from-tiles.ts';
import { readNodeHashes } from './read-node-hashes.ts';
import { TileHashCache } from './tile-hash-cache.ts';

const leaves = makeLeafHashes(1000);
const store = new MemoryTileStore();
store.write((await computeTileUpdate(0n, leaves, store.readTile)).tiles);

describe('TileHashCache', () => {
  it('gives the same proofs as reading afresh, and reads each tile only once', async () => {
    const cache = new TileHashCache();
    store.reads.length = 0;
    for (const index of [0n, 1n, 300n, 999n, 0n, 300n]) {
      expect(await generateInclusionProofFromTiles(index, 1000n, store.readTile, { cache })).toEqual(
        generateInclusionProof(index, 1000n, leaves),
      );
    }
    expect(store.reads.sort()).toEqual(['0/0/256', '0/1/256', '0/3/232', '1/0/3']);
    expect(cache.size).toBe(4);
  });

  it('drops the least recently used tile when full', async () => {
    const cache = new TileHashCache(2);
    const read = (index: bigint) => readNodeHashes(1000n, [{ level: 0, index }], store.readTile, { cache });
    await read(0n); // tile 0/0
    await read(256n); // tile 0/1
    await read(1n); // tile 0/0 again: now the most recent
    await read(512n); // tile 0/2 pushes out 0/1
    store.reads.length = 0;
    await read(2n);
    await read(257n);
    expect(store.reads).toEqual(['0/1/256']);
    expect(cache.size).toBe(2);
  });

  it('hands out copies, so callers cannot corrupt what it holds', async () => {
    const cache = new TileHashCache();
    const [first] = await readNodeHashes(1000n, [{ level: 3, index: 0n }], store.readTile, { cache });
    first!.fill(0);
    const [again] = await readNodeHashes(1000n, [{ level: 3, index: 0n }], store.readTile, { cache });
    expect(again).not.toEqual(first);
  });

  it.each([0, -1, 1.5])('rejects a capacity of %s with invalid_argument', (maxTiles) => {
    expect(() => new TileHashCache(maxTiles)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
