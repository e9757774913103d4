import { describe, expect, it } from 'vitest';
import { makeLeafHashes } from '../../test/support/rfc6962-reference.ts';
import { isCoreError } from '../core-error.ts';
import { computeRootHash } from './compute-root-hash.ts';
import { generateConsistencyProof } from './generate-proof.ts';
import { UINT64_MAX } from './uint64.ts';
import { verifyConsistencyProof } from './verify-consistency-proof.ts';

const leaves = makeLeafHashes(13);
const roots = Array.from({ length: 14 }, (_, size) => computeRootHash(leaves, 0n, BigInt(size)));

function outcome(
  size1: bigint,
  size2: bigint,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
) {
  try {
    verifyConsistencyProof(size1, size2, proof, root1, root2);
    return 'verified';
  } catch (error) {
    if (isCoreError(error)) return error.code;
    throw error;
  }
}

describe('verifyConsistencyProof', () => {
  const proof = generateConsistencyProof(5n, 13n, leaves);

  it('returns when the new tree extends the old one', () => {
    expect(outcome(5n, 13n, proof, roots[5]!, roots[13]!)).toBe('verified');
  });

  it('uses the old root as the first hash when the old tree is a perfect subtree', () => {
    const fromFour = generateConsistencyProof(4n, 13n, leaves);
    expect(outcome(4n, 13n, fromFour, roots[4]!, roots[13]!)).toBe('verified');
    expect(outcome(4n, 13n, [roots[4]!, ...fromFour], roots[4]!, roots[13]!)).toBe('invalid_proof');
  });

  describe('when the sizes are equal', () => {
    it('accepts an empty proof with equal roots', () => {
      expect(outcome(7n, 7n, [], roots[7]!, roots[7]!)).toBe('verified');
    });
    it('rejects different roots', () => {
      expect(outcome(7n, 7n, [], roots[7]!, roots[6]!)).toBe('invalid_proof');
    });
    it('rejects a non-empty proof', () => {
      expect(outcome(7n, 7n, [roots[7]!], roots[7]!, roots[7]!)).toBe('invalid_proof');
    });
  });

  describe('when the claim is false', () => {
    it('rejects a first root that is not the old tree', () => {
      expect(outcome(5n, 13n, proof, roots[6]!, roots[13]!)).toBe('invalid_proof');
    });
    it('rejects a second root that is not the new tree', () => {
      expect(outcome(5n, 13n, proof, roots[5]!, roots[12]!)).toBe('invalid_proof');
    });
    it('rejects a proof with a hash too many or too few', () => {
      expect(outcome(5n, 13n, [...proof, roots[1]!], roots[5]!, roots[13]!)).toBe('invalid_proof');
      expect(outcome(5n, 13n, proof.slice(0, -1), roots[5]!, roots[13]!)).toBe('invalid_proof');
    });
    it('rejects an empty proof between different sizes', () => {
      expect(outcome(5n, 13n, [], roots[5]!, roots[13]!)).toBe('invalid_proof');
    });
  });

  describe('when the input is malformed', () => {
    it.each([
      ['a proof from the empty tree', 0n, 13n],
      ['a proof from the empty tree to itself', 0n, 0n],
      ['a shrinking tree', 13n, 5n],
      ['a negative size', -1n, 13n],
      ['a size beyond uint64', 5n, UINT64_MAX + 1n],
    ])('rejects %s', (_what, size1, size2) => {
      expect(outcome(size1, size2, proof, roots[5]!, roots[13]!)).toBe('invalid_proof');
    });
    it('rejects roots or proof hashes that are not 32 bytes', () => {
      const short = new Uint8Array(31);
      expect(outcome(5n, 13n, proof, short, roots[13]!)).toBe('invalid_proof');
      expect(outcome(5n, 13n, proof, roots[5]!, short)).toBe('invalid_proof');
      expect(outcome(5n, 13n, [short, ...proof.slice(1)], roots[5]!, roots[13]!)).toBe('invalid_proof');
    });
  });
});
