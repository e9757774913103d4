// Every inclusion and consistency proof in every tree of up to 64 leaves: each one verifies, matches the RFC
// 9162 recursion written out literally, and stops verifying when a proof hash, a root, the leaf, the index or
// a size is disturbed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCoreError } from '../src/core-error.ts';
import {
  computeRootHash,
  generateConsistencyProof,
  generateInclusionProof,
  planConsistencyProof,
  planInclusionProof,
  verifyConsistencyProof,
  verifyInclusionProof,
  type ProofPlan,
} from '../src/merkle/index.ts';
import { ReferenceTree, makeLeafHashes } from './support/rfc6962-reference.ts';

const MAX_SIZE = 64;
// Flipping all 256 bits of every hash in every proof up to 64 leaves would take some 26 million hashes. Trees
// of up to 8 leaves (every proof shape up to three levels) get every bit; larger ones get one bit per hash, at
// a position that advances with each flip (stride 97, coprime to 256) so the sweep covers every position.
const EVERY_BIT_MAX_SIZE = 8;
const LOW_BITS = [0, 1, 2, 3, 4, 5, 6];

const leaves = makeLeafHashes(MAX_SIZE);
const reference = new ReferenceTree(leaves);
const roots = Array.from({ length: MAX_SIZE + 1 }, (_, size) => computeRootHash(leaves, 0n, BigInt(size)));

// Hundreds of thousands of rejected claims each throw a CoreError; capturing a stack trace for each would
// dominate the run time, and no assertion here looks at stacks.
const stackTraceLimit = Error.stackTraceLimit;
beforeAll(() => {
  Error.stackTraceLimit = 0;
});
afterAll(() => {
  Error.stackTraceLimit = stackTraceLimit;
});

let nextBit = 0;
function bitsToFlip(size: number): number[] {
  if (size <= EVERY_BIT_MAX_SIZE) return Array.from({ length: 256 }, (_, bit) => bit);
  nextBit = (nextBit + 97) % 256;
  return [nextBit];
}

function flipBit(hash: Uint8Array, bit: number): Uint8Array {
  const copy = hash.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

function verifies(verify: () => void): boolean {
  try {
    verify();
    return true;
  } catch (error) {
    if (isCoreError(error, 'invalid_proof')) return false;
    throw error;
  }
}

// RFC 9162 verification binds the tree size and leaf index only through the shape of the path: which proof
// hashes go left and which go right. Two claims with the same shape run the same hash computation, so a
// verifier cannot tell them apart (leaf 0 of 6 and leaf 0 of 7 both have the shape RRR). The shape is taken
// from the planner, an implementation independent of the verifier's bit arithmetic.
function elementRanges(plan: ProofPlan): [bigint, bigint][] {
  return plan.elements.map(({ begin, end }) => {
    const first = plan.nodes[begin]!;
    const last = plan.nodes[end - 1]!;
    return [first.index << BigInt(first.level), (last.index + 1n) << BigInt(last.level)];
  });
}

const shapes = new Map<string, string | undefined>();
function memoized(key: string, shape: () => string | undefined): string | undefined {
  if (!shapes.has(key)) shapes.set(key, shape());
  return shapes.get(key);
}

function inclusionShape(index: bigint, size: bigint): string | undefined {
  return memoized(`i${String(index)}/${String(size)}`, () => planInclusionShape(index, size));
}

function planInclusionShape(index: bigint, size: bigint): string | undefined {
  try {
    return elementRanges(planInclusionProof(index, size))
      .map(([start]) => (start < index ? 'L' : 'R'))
      .join('');
  } catch {
    return undefined;
  }
}

// For consistency proofs: S is the subtree ending at the old size (the seed; absent when the old tree is a
// perfect subtree and its root seeds the computation), L hashes left of it, R hashes right of the old tree.
function consistencyShape(size1: bigint, size2: bigint): string | undefined {
  return memoized(`c${String(size1)}/${String(size2)}`, () => planConsistencyShape(size1, size2));
}

function planConsistencyShape(size1: bigint, size2: bigint): string | undefined {
  if (size1 === size2 && size1 > 0n) return '=';
  try {
    return elementRanges(planConsistencyProof(size1, size2))
      .map(([, end]) => (end < size1 ? 'L' : end === size1 ? 'S' : 'R'))
      .join('');
  } catch {
    return undefined;
  }
}

describe('every inclusion proof in trees of up to 64 leaves', () => {
  it('cannot tell apart claims whose paths have the same shape, as RFC 9162 §2.1.3.2 specifies', () => {
    const proof = generateInclusionProof(0n, 6n, leaves);
    expect(
      verifies(() => {
        verifyInclusionProof(leaves[0]!, 0n, 7n, proof, roots[6]!);
      }),
    ).toBe(true);
    expect(inclusionShape(0n, 6n)).toBe(inclusionShape(0n, 7n));
  });

  it.each(Array.from({ length: MAX_SIZE }, (_, i) => i + 1))('size %i', (n) => {
    const size = BigInt(n);
    const root = roots[n]!;
    // Disturbed claims that verified anyway; collected rather than asserted one by one to keep this fast.
    const wrong: string[] = [];
    for (let m = 0; m < n; m++) {
      const index = BigInt(m);
      const leaf = leaves[m]!;
      const proof = generateInclusionProof(index, size, leaves);
      expect(proof).toEqual(reference.path(m, 0, n));
      expect(
        verifies(() => {
          verifyInclusionProof(leaf, index, size, proof, root);
        }),
      ).toBe(true);

      proof.forEach((hash, j) => {
        for (const bit of bitsToFlip(n)) {
          const corrupted = proof.with(j, flipBit(hash, bit));
          if (
            verifies(() => {
              verifyInclusionProof(leaf, index, size, corrupted, root);
            })
          )
            wrong.push(`${m}: proof[${j}] bit ${bit}`);
        }
      });
      for (const bit of bitsToFlip(n)) {
        expect(
          verifies(() => {
            verifyInclusionProof(leaf, index, size, proof, flipBit(root, bit));
          }),
        ).toBe(false);
        expect(
          verifies(() => {
            verifyInclusionProof(flipBit(leaf, bit), index, size, proof, root);
          }),
        ).toBe(false);
      }

      const shape = inclusionShape(index, size);
      for (const bit of LOW_BITS) {
        const otherIndex = index ^ (1n << BigInt(bit));
        const otherSize = size ^ (1n << BigInt(bit));
        if (
          verifies(() => {
            verifyInclusionProof(leaf, otherIndex, size, proof, root);
          }) !==
          (inclusionShape(otherIndex, size) === shape)
        )
          wrong.push(`${m}: index bit ${bit}`);
        if (
          verifies(() => {
            verifyInclusionProof(leaf, index, otherSize, proof, root);
          }) !==
          (inclusionShape(index, otherSize) === shape)
        )
          wrong.push(`${m}: size bit ${bit}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('every consistency proof in trees of up to 64 leaves', () => {
  it.each(Array.from({ length: MAX_SIZE }, (_, i) => i + 1))('to size %i', (n) => {
    const size2 = BigInt(n);
    const root2 = roots[n]!;
    const wrong: string[] = [];
    for (let m = 1; m <= n; m++) {
      const size1 = BigInt(m);
      const root1 = roots[m]!;
      const proof = generateConsistencyProof(size1, size2, leaves);
      expect(proof).toEqual(reference.proof(m, n));
      expect(
        verifies(() => {
          verifyConsistencyProof(size1, size2, proof, root1, root2);
        }),
      ).toBe(true);

      proof.forEach((hash, j) => {
        for (const bit of bitsToFlip(n)) {
          const corrupted = proof.with(j, flipBit(hash, bit));
          if (
            verifies(() => {
              verifyConsistencyProof(size1, size2, corrupted, root1, root2);
            })
          )
            wrong.push(`${m}: proof[${j}] bit ${bit}`);
        }
      });
      for (const bit of bitsToFlip(n)) {
        expect(
          verifies(() => {
            verifyConsistencyProof(size1, size2, proof, flipBit(root1, bit), root2);
          }),
        ).toBe(false);
        expect(
          verifies(() => {
            verifyConsistencyProof(size1, size2, proof, root1, flipBit(root2, bit));
          }),
        ).toBe(false);
      }

      const shape = consistencyShape(size1, size2);
      for (const bit of LOW_BITS) {
        const otherSize1 = size1 ^ (1n << BigInt(bit));
        const otherSize2 = size2 ^ (1n << BigInt(bit));
        if (
          verifies(() => {
            verifyConsistencyProof(otherSize1, size2, proof, root1, root2);
          }) !==
          (consistencyShape(otherSize1, size2) === shape)
        )
          wrong.push(`${m}: size1 bit ${bit}`);
        if (
          verifies(() => {
            verifyConsistencyProof(size1, otherSize2, proof, root1, root2);
          }) !==
          (consistencyShape(size1, otherSize2) === shape)
        )
          wrong.push(`${m}: size2 bit ${bit}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
