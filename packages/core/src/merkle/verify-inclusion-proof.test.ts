import { describe, expect, it } from 'vitest';
import { makeLeafHashes } from '../../test/support/rfc6962-reference.ts';
import { isCoreError } from '../core-error.ts';
import { computeRootHash } from './compute-root-hash.ts';
import { generateInclusionProof } from './generate-proof.ts';
import { UINT64_MAX } from './uint64.ts';
import { rootFromInclusionProof, verifyInclusionProof } from './verify-inclusion-proof.ts';

const leaves = makeLeafHashes(13);
const root = computeRootHash(leaves);
const proof = generateInclusionProof(9n, 13n, leaves);

function failure(verify: () => unknown): string {
  try {
    verify();
  } catch (error) {
    if (isCoreError(error)) return error.code;
    throw error;
  }
  return 'verified';
}

describe('verifyInclusionProof', () => {
  it('returns when the proof leads from the leaf to the root', () => {
    expect(
      failure(() => {
        verifyInclusionProof(leaves[9]!, 9n, 13n, proof, root);
      }),
    ).toBe('verified');
  });

  describe('when the claim is false', () => {
    it('rejects another leaf', () => {
      expect(
        failure(() => {
          verifyInclusionProof(leaves[8]!, 9n, 13n, proof, root);
        }),
      ).toBe('invalid_proof');
    });
    it('rejects another root', () => {
      expect(
        failure(() => {
          verifyInclusionProof(leaves[9]!, 9n, 13n, proof, leaves[0]!);
        }),
      ).toBe('invalid_proof');
    });
    it('rejects a proof with one hash too many', () => {
      expect(
        failure(() => {
          verifyInclusionProof(leaves[9]!, 9n, 13n, [...proof, root], root);
        }),
      ).toBe('invalid_proof');
    });
    it('rejects a proof with one hash too few', () => {
      expect(
        failure(() => {
          verifyInclusionProof(leaves[9]!, 9n, 13n, proof.slice(0, -1), root);
        }),
      ).toBe('invalid_proof');
    });
  });

  describe('when the input is malformed', () => {
    it.each([
      ['an index equal to the size', 13n, 13n],
      ['a negative index', -1n, 13n],
      ['a size beyond uint64', 9n, UINT64_MAX + 1n],
    ])('rejects %s', (_what, index, size) => {
      expect(
        failure(() => {
          verifyInclusionProof(leaves[9]!, index, size, proof, root);
        }),
      ).toBe('invalid_proof');
    });
    it('rejects a leaf hash, proof hash or root that is not 32 bytes', () => {
      const short = new Uint8Array(31);
      expect(
        failure(() => {
          verifyInclusionProof(short, 9n, 13n, proof, root);
        }),
      ).toBe('invalid_proof');
      expect(
        failure(() => {
          verifyInclusionProof(leaves[9]!, 9n, 13n, [short, ...proof.slice(1)], root);
        }),
      ).toBe('invalid_proof');
      expect(
        failure(() => {
          verifyInclusionProof(leaves[9]!, 9n, 13n, proof, short);
        }),
      ).toBe('invalid_proof');
    });
  });
});

describe('rootFromInclusionProof', () => {
  it('is the root the proof leads to, without comparing it to anything', () => {
    expect(rootFromInclusionProof(leaves[9]!, 9n, 13n, proof)).toEqual(root);
    expect(rootFromInclusionProof(leaves[0]!, 9n, 13n, proof)).not.toEqual(root);
  });

  it('is the leaf hash itself for the one-leaf tree', () => {
    expect(rootFromInclusionProof(leaves[0]!, 0n, 1n, [])).toBe(leaves[0]);
  });
});
