// Property tests: whatever bytes and numbers reach the verifiers, the only failure is CoreError('invalid_proof'),
// and a genuine proof that has been tampered with never verifies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../src/core-error.ts';
import {
  UINT64_MAX,
  computeRootHash,
  generateConsistencyProof,
  generateInclusionProof,
  rootFromInclusionProof,
  verifyConsistencyProof,
  verifyInclusionProof,
} from '../src/merkle/index.ts';
import { makeLeafHashes } from './support/rfc6962-reference.ts';

const MAX_SIZE = 40;
const leaves = makeLeafHashes(MAX_SIZE);
const roots = Array.from({ length: MAX_SIZE + 1 }, (_, size) => computeRootHash(leaves, 0n, BigInt(size)));

/** 'verified', or the code of the CoreError thrown; any other exception fails the property. */
function outcome(verify: () => unknown): string {
  try {
    verify();
    return 'verified';
  } catch (error) {
    if (isCoreError(error)) return error.code;
    throw error;
  }
}

const hashLike = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
);
const treeNumber = fc.oneof(
  fc.bigInt({ min: 0n, max: 70n }),
  fc.bigInt({ min: 0n, max: UINT64_MAX }),
  fc.constantFrom(UINT64_MAX, UINT64_MAX + 1n, -1n, 1n << 63n),
  fc.bigInt(),
);
const proofLike = fc.array(hashLike, { maxLength: 70 });

/** A proof with one structural or byte-level change; `undefined` when the change happened to be a no-op. */
function tamper(proof: readonly Uint8Array[]) {
  return fc
    .tuple(
      fc.constantFrom('drop', 'duplicate', 'insert', 'replace', 'swap', 'shorten', 'extend', 'flip'),
      fc.nat(),
      fc.nat(),
      fc.uint8Array({ maxLength: 33 }),
    )
    .map(([kind, a, b, bytes]) => {
      const out = [...proof];
      const i = proof.length === 0 ? 0 : a % proof.length;
      const j = proof.length === 0 ? 0 : b % proof.length;
      if (kind === 'insert') out.splice(a % (proof.length + 1), 0, bytes);
      else if (proof.length === 0) out.push(bytes);
      else if (kind === 'drop') out.splice(i, 1);
      else if (kind === 'duplicate') out.splice(i, 0, proof[i]!);
      else if (kind === 'replace') out[i] = bytes;
      else if (kind === 'swap') [out[i], out[j]] = [proof[j]!, proof[i]!];
      else if (kind === 'shorten') out[i] = proof[i]!.subarray(0, b % 32);
      else if (kind === 'extend') out[i] = Uint8Array.of(...proof[i]!, b % 256);
      else out[i] = proof[i]!.map((byte, k) => (k === b % 32 ? byte ^ (1 << (a % 8)) : byte));
      const unchanged = out.length === proof.length && out.every((hash, k) => sameBytes(hash, proof[k]!));
      return unchanged ? undefined : out;
    });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, k) => byte === b[k]);
}

const inclusionCase = fc
  .integer({ min: 1, max: MAX_SIZE })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })));
const consistencyCase = fc
  .integer({ min: 1, max: MAX_SIZE })
  .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

describe('verifyInclusionProof and rootFromInclusionProof', () => {
  it('throw only invalid_proof on arbitrary input', () => {
    fc.assert(
      fc.property(hashLike, treeNumber, treeNumber, proofLike, hashLike, (leaf, index, size, proof, root) => {
        expect(['verified', 'invalid_proof']).toContain(
          outcome(() => {
            verifyInclusionProof(leaf, index, size, proof, root);
          }),
        );
        expect(['verified', 'invalid_proof']).toContain(
          outcome(() => rootFromInclusionProof(leaf, index, size, proof)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('reject every tampered proof', () => {
    fc.assert(
      fc.property(
        inclusionCase.chain(([n, m]) =>
          tamper(generateInclusionProof(BigInt(m), BigInt(n), leaves)).map((proof) => [n, m, proof] as const),
        ),
        ([n, m, proof]) => {
          fc.pre(proof !== undefined);
          expect(
            outcome(() => {
              verifyInclusionProof(leaves[m]!, BigInt(m), BigInt(n), proof, roots[n]!);
            }),
          ).toBe('invalid_proof');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('throw only invalid_proof for a genuine proof with a disturbed index or size', () => {
    fc.assert(
      fc.property(inclusionCase, treeNumber, fc.boolean(), ([n, m], other, disturbIndex) => {
        const proof = generateInclusionProof(BigInt(m), BigInt(n), leaves);
        const [index, size] = disturbIndex ? [other, BigInt(n)] : [BigInt(m), other];
        expect(['verified', 'invalid_proof']).toContain(
          outcome(() => {
            verifyInclusionProof(leaves[m]!, index, size, proof, roots[n]!);
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('verifyConsistencyProof', () => {
  it('throws only invalid_proof on arbitrary input', () => {
    fc.assert(
      fc.property(
        treeNumber,
        treeNumber,
        proofLike,
        hashLike,
        hashLike,
        (size1, size2, proof, root1, root2) => {
          expect(['verified', 'invalid_proof']).toContain(
            outcome(() => {
              verifyConsistencyProof(size1, size2, proof, root1, root2);
            }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects every tampered proof', () => {
    fc.assert(
      fc.property(
        consistencyCase.chain(([m, n]) =>
          tamper(generateConsistencyProof(BigInt(m), BigInt(n), leaves)).map(
            (proof) => [m, n, proof] as const,
          ),
        ),
        ([m, n, proof]) => {
          fc.pre(proof !== undefined);
          expect(
            outcome(() => {
              verifyConsistencyProof(BigInt(m), BigInt(n), proof, roots[m]!, roots[n]!);
            }),
          ).toBe('invalid_proof');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('throws only invalid_proof for a genuine proof with disturbed sizes', () => {
    fc.assert(
      fc.property(consistencyCase, treeNumber, fc.boolean(), ([m, n], other, disturbFirst) => {
        const proof = generateConsistencyProof(BigInt(m), BigInt(n), leaves);
        const [size1, size2] = disturbFirst ? [other, BigInt(n)] : [BigInt(m), other];
        expect(['verified', 'invalid_proof']).toContain(
          outcome(() => {
            verifyConsistencyProof(size1, size2, proof, roots[m]!, roots[n]!);
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
