import { describe, expect, it } from 'vitest';
import { MemoryTileStore } from '../../test/support/memory-tile-store.ts';
import { makeLeafHashes } from '../../test/support/rfc6962-reference.ts';
import { computeRootHash } from '../merkle/compute-root-hash.ts';
import { UINT64_MAX } from '../merkle/uint64.ts';
import { computeTileUpdate } from './compute-tile-update.ts';
import { readNodeHashes } from './read-node-hashes.ts';

const leaves = makeLeafHashes(600);
const store = new MemoryTileStore();
store.write((await computeTileUpdate(0n, leaves, store.readTile)).tiles);

describe('readNodeHashes', () => {
  it('reads nodes at and above tile rows, each tile once', async () => {
    store.reads.length = 0;
    const hashes = await readNodeHashes(
      600n,
      [
        { level: 0, index: 599n },
        { level: 3, index: 2n },
        { level: 8, index: 1n },
        { level: 9, index: 0n },
        { level: 6, index: 8n },
      ],
      store.readTile,
    );
    expect(hashes).toEqual([
      leaves[599],
      computeRootHash(leaves, 16n, 24n),
      computeRootHash(leaves, 256n, 512n),
      computeRootHash(leaves, 0n, 512n),
      computeRootHash(leaves, 512n, 576n),
    ]);
    expect(store.reads.sort()).toEqual(['0/0/256', '0/2/88', '1/0/2']);
  });

  it('copies a node read straight from a tile, so callers never alias tile buffers', async () => {
    const [hash] = await readNodeHashes(600n, [{ level: 0, index: 0n }], store.readTile);
    hash!.fill(0);
    expect((await readNodeHashes(600n, [{ level: 0, index: 0n }], store.readTile))[0]).toEqual(leaves[0]);
  });

  it.each([
    ['a node past the tree size', 600n, 0, 600n],
    ['a node that straddles the tree size', 600n, 4, 37n],
    ['a negative level', 600n, -1, 0n],
    ['a level above 63', 600n, 64, 0n],
    ['a negative index', 600n, 0, -1n],
    ['a tree size beyond uint64', UINT64_MAX + 1n, 0, 0n],
  ])('rejects %s with invalid_range', async (_what, size, level, index) => {
    await expect(readNodeHashes(size, [{ level, index }], store.readTile)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });

  it('rejects a tile of the wrong length with invalid_tile', async () => {
    const wrong = () => Promise.resolve(new Uint8Array(32 * 255));
    await expect(readNodeHashes(600n, [{ level: 0, index: 0n }], wrong)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_tile' }),
    );
  });

  it("passes the storage's own errors through", async () => {
    const failing = () => Promise.reject(new Error('disk on fire'));
    await expect(readNodeHashes(600n, [{ level: 0, index: 0n }], failing)).rejects.toThrow('disk on fire');
  });
});
