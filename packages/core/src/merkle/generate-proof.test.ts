import { describe, expect, it } from 'vitest';
import { REFERENCE_LEAVES, REFERENCE_ROOTS } from '../../test/support/rfc6962-reference.ts';
import { decodeHex } from '../encoding/index.ts';
import { generateConsistencyProof, generateInclusionProof } from './generate-proof.ts';
import { hashLeaf } from './merkle-hash.ts';
import { verifyConsistencyProof } from './verify-consistency-proof.ts';
import { verifyInclusionProof } from './verify-inclusion-proof.ts';

// Known-answer proofs over the RFC 6962 reference tree, from transparency-dev/merkle proof/verify_test.go
// (which numbers leaves from 1; here they are 0-based indexes).
const leafHashes = REFERENCE_LEAVES.map(hashLeaf);
const h = (hex: string) => decodeHex(hex);

const INCLUSION: readonly (readonly [index: bigint, size: bigint, proof: readonly string[]])[] = [
  [
    0n,
    8n,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5n,
    8n,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2n, 3n, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1n,
    5n,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [0n, 1n, []],
];

const CONSISTENCY: readonly (readonly [size1: bigint, size2: bigint, proof: readonly string[]])[] = [
  [1n, 1n, []],
  [
    1n,
    8n,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6n,
    8n,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2n,
    5n,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6n,
    7n,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

describe('generateInclusionProof', () => {
  it.each(INCLUSION)(
    'gives the known proof of leaf %s in the reference tree of size %s',
    (index, size, proof) => {
      const generated = generateInclusionProof(index, size, leafHashes);
      expect(generated).toEqual(proof.map(h));
      verifyInclusionProof(
        leafHashes[Number(index)]!,
        index,
        size,
        generated,
        REFERENCE_ROOTS[Number(size)]!,
      );
    },
  );

  it('rejects a tree larger than the leaves given with invalid_range', () => {
    expect(() => generateInclusionProof(0n, 9n, leafHashes)).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});

describe('generateConsistencyProof', () => {
  it.each(CONSISTENCY)('gives the known proof from size %s to size %s', (size1, size2, proof) => {
    const generated = generateConsistencyProof(size1, size2, leafHashes);
    expect(generated).toEqual(proof.map(h));
    verifyConsistencyProof(
      size1,
      size2,
      generated,
      REFERENCE_ROOTS[Number(size1)]!,
      REFERENCE_ROOTS[Number(size2)]!,
    );
  });

  it('rejects a proof from the empty tree with invalid_range', () => {
    expect(() => generateConsistencyProof(0n, 3n, leafHashes)).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});
