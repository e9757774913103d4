import { describe, expect, it } from 'vitest';
import { makeLeafHashes } from '../../test/support/rfc6962-reference.ts';
import { computeRootHash } from './compute-root-hash.ts';
import { hashChildren } from './merkle-hash.ts';
import { assembleProof, planConsistencyProof, planInclusionProof } from './proof-plan.ts';
import { UINT64_MAX } from './uint64.ts';

describe('planInclusionProof', () => {
  it('asks for perfect sibling subtrees in a perfect tree, bottom first', () => {
    expect(planInclusionProof(5n, 8n)).toEqual({
      nodes: [
        { level: 0, index: 4n },
        { level: 1, index: 3n },
        { level: 2, index: 0n },
      ],
      elements: [
        { begin: 0, end: 1 },
        { begin: 1, end: 2 },
        { begin: 2, end: 3 },
      ],
    });
  });

  it('rebuilds an unfinished right edge from the subtrees that cover it', () => {
    // In a tree of 7, leaf 1's path needs MTH(D[4:7]): the ephemeral node over [4, 6) and leaf 6.
    const plan = planInclusionProof(1n, 7n);
    expect(plan.nodes).toEqual([
      { level: 0, index: 0n },
      { level: 1, index: 1n },
      { level: 1, index: 2n },
      { level: 0, index: 6n },
    ]);
    expect(plan.elements).toEqual([
      { begin: 0, end: 1 },
      { begin: 1, end: 2 },
      { begin: 2, end: 4 },
    ]);
  });

  it('is empty for the only leaf of a one-leaf tree', () => {
    expect(planInclusionProof(0n, 1n)).toEqual({ nodes: [], elements: [] });
  });

  it('plans the 64-element proof of the last leaf of the largest tree', () => {
    expect(planInclusionProof(UINT64_MAX - 1n, UINT64_MAX).elements).toHaveLength(63);
    expect(planInclusionProof(0n, UINT64_MAX).elements).toHaveLength(64);
  });

  it.each([
    [0n, 0n],
    [3n, 3n],
    [-1n, 3n],
    [0n, UINT64_MAX + 1n],
  ])('rejects leaf %s of a tree of size %s with invalid_range', (index, size) => {
    expect(() => planInclusionProof(index, size)).toThrow(expect.objectContaining({ code: 'invalid_range' }));
  });
});

describe('planConsistencyProof', () => {
  it('follows the RFC 9162 §2.1.4 example from size 3 to 7: c, d, g, l', () => {
    // The RFC's tree of 7 leaves: the proof between the trees of 3 and 7 leaves is [c, d, g, l] with
    // c = leaf 2, d = leaf 3, g = MTH(D[0:2]) and l = MTH(D[4:7]).
    const plan = planConsistencyProof(3n, 7n);
    expect(plan.nodes).toEqual([
      { level: 0, index: 2n },
      { level: 0, index: 3n },
      { level: 1, index: 0n },
      { level: 1, index: 2n },
      { level: 0, index: 6n },
    ]);
    expect(plan.elements.map(({ begin, end }) => end - begin)).toEqual([1, 1, 1, 2]);
  });

  it('omits the old root when the old tree is a perfect subtree (size 4 to 7: l only)', () => {
    expect(planConsistencyProof(4n, 7n).nodes).toEqual([
      { level: 1, index: 2n },
      { level: 0, index: 6n },
    ]);
  });

  it('is empty for equal sizes', () => {
    expect(planConsistencyProof(5n, 5n)).toEqual({ nodes: [], elements: [] });
  });

  it.each([
    [0n, 4n],
    [5n, 4n],
    [-1n, 4n],
    [1n, UINT64_MAX + 1n],
  ])('rejects sizes %s to %s with invalid_range', (size1, size2) => {
    expect(() => planConsistencyProof(size1, size2)).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});

describe('assembleProof', () => {
  const leaves = makeLeafHashes(7);

  it('folds an ephemeral element right to left into MTH of its range', () => {
    const plan = planInclusionProof(1n, 7n);
    const hashes = [
      leaves[0]!,
      hashChildren(leaves[2]!, leaves[3]!),
      hashChildren(leaves[4]!, leaves[5]!),
      leaves[6]!,
    ];
    expect(assembleProof(plan, hashes)).toEqual([
      leaves[0],
      computeRootHash(leaves, 2n, 4n),
      computeRootHash(leaves, 4n, 7n),
    ]);
  });

  it('rejects the wrong number of hashes with invalid_argument', () => {
    expect(() => assembleProof(planInclusionProof(1n, 7n), leaves.slice(0, 3))).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });

  it('rejects a hash that is not 32 bytes with invalid_argument', () => {
    expect(() => assembleProof(planInclusionProof(0n, 2n), [new Uint8Array(0)])).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});
