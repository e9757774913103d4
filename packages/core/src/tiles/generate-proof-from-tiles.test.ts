import { describe, expect, it } from 'vitest';
import { MemoryTileStore } from '../../test/support/memory-tile-store.ts';
import { ReferenceTree, makeLeafHashes } from '../../test/support/rfc6962-reference.ts';
import { CompactRange } from '../merkle/compact-range.ts';
import { computeRootHash } from '../merkle/compute-root-hash.ts';
import { generateConsistencyProof, generateInclusionProof } from '../merkle/generate-proof.ts';
import { computeTileUpdate } from './compute-tile-update.ts';
import {
  computeRootHashFromTiles,
  generateConsistencyProofFromTiles,
  generateInclusionProofFromTiles,
} from './generate-proof-from-tiles.ts';

// A log that published a checkpoint after every single leaf up to 600, so the store holds the partial tiles
// of every size, and nothing else: a proof that reads a tile not valid at its size fails.
const MAX_SIZE = 600;
const leaves = makeLeafHashes(MAX_SIZE);
const store = new MemoryTileStore();
let range = new CompactRange();
for (let size = 0; size < MAX_SIZE; size++) {
  const update = await computeTileUpdate(BigInt(size), [leaves[size]!], store.readTile, {
    compactRange: range,
  });
  store.write(update.tiles);
  range = update.compactRange;
}

const reference = new ReferenceTree(leaves);

// Sizes on both sides of tile boundaries, where partial tiles turn full and new levels appear.
const SIZES = [1, 2, 3, 255, 256, 257, 300, 511, 512, 513, 600];

/** Every value below `n` for small trees; for larger ones the first and last few and every 7th in between. */
function sample(from: number, n: number): number[] {
  return Array.from({ length: n - from }, (_, i) => i + from).filter(
    (m) => n <= 100 || m < from + 8 || m >= n - 8 || m % 7 === 0,
  );
}

describe('generateInclusionProofFromTiles', () => {
  it.each(SIZES)('equals the proof from leaves for every leaf of a tree of size %i', async (n) => {
    for (const m of sample(0, n)) {
      const proof = await generateInclusionProofFromTiles(BigInt(m), BigInt(n), store.readTile);
      expect(proof).toEqual(reference.path(m, 0, n));
    }
    expect(await generateInclusionProofFromTiles(0n, BigInt(n), store.readTile)).toEqual(
      generateInclusionProof(0n, BigInt(n), leaves),
    );
  });

  it('rejects a leaf outside the tree with invalid_range', async () => {
    await expect(generateInclusionProofFromTiles(5n, 5n, store.readTile)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});

describe('generateConsistencyProofFromTiles', () => {
  it.each(SIZES)('equals the proof from leaves from every smaller size to size %i', async (n) => {
    for (const m of sample(1, n + 1)) {
      const proof = await generateConsistencyProofFromTiles(BigInt(m), BigInt(n), store.readTile);
      expect(proof).toEqual(reference.proof(m, n));
    }
    expect(await generateConsistencyProofFromTiles(1n, BigInt(n), store.readTile)).toEqual(
      generateConsistencyProof(1n, BigInt(n), leaves),
    );
  });
});

describe('computeRootHashFromTiles', () => {
  it('equals the root from leaves at every size', async () => {
    for (let n = 0; n <= MAX_SIZE; n++) {
      expect(await computeRootHashFromTiles(BigInt(n), store.readTile)).toEqual(
        computeRootHash(leaves, 0n, BigInt(n)),
      );
    }
    expect(await computeRootHashFromTiles(600n, store.readTile)).toEqual(computeRootHash(leaves));
  });
});
