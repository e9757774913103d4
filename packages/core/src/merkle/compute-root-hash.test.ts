import { describe, expect, it } from 'vitest';
import {
  REFERENCE_LEAVES,
  REFERENCE_ROOTS,
  ReferenceTree,
  makeLeafHashes,
} from '../../test/support/rfc6962-reference.ts';
import { computeRootHash } from './compute-root-hash.ts';
import { EMPTY_ROOT_HASH, hashLeaf } from './merkle-hash.ts';

const leafHashes = REFERENCE_LEAVES.map(hashLeaf);

describe('computeRootHash', () => {
  it.each(REFERENCE_ROOTS.map((root, size) => [size, root] as const))(
    'matches the RFC 6962 reference root of the first %i leaves',
    (size, root) => {
      expect(computeRootHash(leafHashes.slice(0, size))).toEqual(root);
      expect(computeRootHash(leafHashes, 0n, BigInt(size))).toEqual(root);
    },
  );

  it('computes MTH of any slice as the tree over that slice alone', () => {
    const many = makeLeafHashes(40);
    const reference = new ReferenceTree(many);
    for (let begin = 0; begin <= 40; begin += 3) {
      for (let end = begin; end <= 40; end += 5) {
        expect(computeRootHash(many, BigInt(begin), BigInt(end))).toEqual(reference.mth(begin, end));
      }
    }
  });

  it('returns a copy of the empty root, so callers cannot corrupt the shared constant', () => {
    const root = computeRootHash([]);
    expect(root).toEqual(EMPTY_ROOT_HASH);
    root[0] = 0;
    expect(EMPTY_ROOT_HASH[0]).toBe(0xe3);
  });

  it.each([
    [-1n, 2n],
    [3n, 2n],
    [0n, 9n],
  ])('rejects the slice [%s, %s) of 8 leaves with invalid_range', (begin, end) => {
    expect(() => computeRootHash(leafHashes, begin, end)).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });

  it('rejects a leaf hash that is not 32 bytes with invalid_argument', () => {
    expect(() => computeRootHash([leafHashes[0]!, new Uint8Array(31)])).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});
