// Proofs computed from tiles equal the RFC 9162 proofs computed from the leaves, for a log grown to 100,000
// leaves in batches ending at about twenty seeded random checkpoint sizes. The store holds only what such a
// log publishes (full tiles, and the partial tiles of each checkpoint), so a proof that reads a tile not
// valid at its tree size fails.
import { describe, expect, it } from 'vitest';
import { verifyConsistencyProof, verifyInclusionProof, type CompactRange } from '../src/merkle/index.ts';
import {
  computeRootHashFromTiles,
  computeTileUpdate,
  generateConsistencyProofFromTiles,
  generateInclusionProofFromTiles,
} from '../src/tiles/index.ts';
import { MemoryTileStore } from './support/memory-tile-store.ts';
import { ReferenceTree, makeLeafHashes, seededRandom } from './support/rfc6962-reference.ts';

const MAX_LEAVES = 100_000;
const random = seededRandom(0x6a6d6d);
const pick = (below: number) => Math.floor(random() * below);

const checkpoints = [
  ...new Set([...Array.from({ length: 19 }, () => 1 + pick(MAX_LEAVES)), MAX_LEAVES]),
].sort((a, b) => a - b);
const leaves = makeLeafHashes(MAX_LEAVES);
const reference = new ReferenceTree(leaves);
const store = new MemoryTileStore();

// Grow the log once, checkpoint by checkpoint, alternating between a persisted right edge and one rebuilt
// from the partial tiles.
const publishedRoots: Uint8Array[] = [];
{
  let size = 0;
  let range: CompactRange | undefined;
  for (const [i, checkpoint] of checkpoints.entries()) {
    const options = i % 2 === 0 && range !== undefined ? { compactRange: range } : {};
    const update = await computeTileUpdate(
      BigInt(size),
      leaves.slice(size, checkpoint),
      store.readTile,
      options,
    );
    store.write(update.tiles);
    publishedRoots.push(update.rootHash);
    size = checkpoint;
    range = update.compactRange;
  }
}

describe('a tiled log grown to 100,000 leaves', () => {
  it('publishes the RFC 9162 root at every checkpoint', () => {
    expect(publishedRoots).toEqual(checkpoints.map((n) => reference.mth(0, n)));
  });

  it.each(checkpoints)('answers inclusion proofs at size %i as the leaves do', async (n) => {
    const root = reference.mth(0, n);
    expect(await computeRootHashFromTiles(BigInt(n), store.readTile)).toEqual(root);
    for (const m of [0, n - 1, pick(n), pick(n), pick(n)]) {
      const proof = await generateInclusionProofFromTiles(BigInt(m), BigInt(n), store.readTile);
      expect(proof).toEqual(reference.path(m, 0, n));
      verifyInclusionProof(leaves[m]!, BigInt(m), BigInt(n), proof, root);
    }
  });

  it.each(checkpoints.map((n, i) => [n, checkpoints[i - 1] ?? 1] as const))(
    'answers consistency proofs to size %i as the leaves do',
    async (n, previous) => {
      for (const m of [1, previous, 1 + pick(n), 1 + pick(n), n]) {
        const proof = await generateConsistencyProofFromTiles(BigInt(m), BigInt(n), store.readTile);
        expect(proof).toEqual(reference.proof(m, n));
        verifyConsistencyProof(BigInt(m), BigInt(n), proof, reference.mth(0, m), reference.mth(0, n));
      }
    },
  );
});
