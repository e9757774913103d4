import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHex, encodeHex, encodeUtf8 } from '../encoding/index.ts';
import { createWebEd25519, ed25519 as browserEd25519 } from './ed25519.browser.ts';
import { ed25519 as nodeEd25519, verifyEd25519Sync } from './ed25519.node.ts';
import type { Ed25519 } from './ed25519.types.ts';
import { computeKeyId } from './key-id.ts';

// RFC 8032 §7.1, tests 1–3.
const RFC8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

/** A SubtleCrypto whose every Ed25519 operation fails, like a browser without Ed25519 in WebCrypto. */
const subtleWithoutEd25519 = {
  generateKey: () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError')),
} as unknown as SubtleCrypto;

const implementations: [string, Ed25519][] = [
  ['node:crypto', nodeEd25519],
  ['WebCrypto', browserEd25519],
  ['@noble/curves fallback', createWebEd25519(subtleWithoutEd25519)],
  ['@noble/curves without SubtleCrypto', createWebEd25519(undefined)],
];

describe.each(implementations)('Ed25519 via %s', (_name, implementation) => {
  it.each(RFC8032)('reproduces RFC 8032 §7.1 signatures and verifies them', async (vector) => {
    const signer = await implementation.createSigner(decodeHex(vector.seed));
    expect(encodeHex(signer.publicKey)).toBe(vector.publicKey);
    const signature = await signer.sign(decodeHex(vector.message));
    expect(encodeHex(signature)).toBe(vector.signature);
    await expect(implementation.verify(signer.publicKey, decodeHex(vector.message), signature)).resolves.toBe(
      true,
    );
  });

  it('rejects a signature over a different message, by another key, or of the wrong length', async () => {
    const vector = RFC8032[1]!;
    const publicKey = decodeHex(vector.publicKey);
    const signature = decodeHex(vector.signature);
    await expect(implementation.verify(publicKey, encodeUtf8('other'), signature)).resolves.toBe(false);
    await expect(
      implementation.verify(decodeHex(RFC8032[0]!.publicKey), decodeHex('72'), signature),
    ).resolves.toBe(false);
    await expect(implementation.verify(publicKey, decodeHex('72'), signature.subarray(1))).resolves.toBe(
      false,
    );
    await expect(implementation.verify(publicKey.subarray(1), decodeHex('72'), signature)).resolves.toBe(
      false,
    );
  });

  it('treats a public key that is not a curve point as a failed verification', async () => {
    // y = 2 has no x on edwards25519 (not a quadratic residue), so the encoding decodes to no point.
    const notAPoint = new Uint8Array(32);
    notAPoint[0] = 2;
    await expect(
      implementation.verify(notAPoint, decodeHex('72'), decodeHex(RFC8032[1]!.signature)),
    ).resolves.toBe(false);
  });

  it('rejects a seed of the wrong length with invalid_key', async () => {
    await expect(implementation.createSigner(new Uint8Array(31))).rejects.toMatchObject({
      code: 'invalid_key',
    });
  });
});

describe('Ed25519 interoperability', () => {
  it('every implementation verifies every other implementation’s signatures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 64 }),
        async (seed, message) => {
          const signatures = await Promise.all(
            implementations.map(async ([, implementation]) => {
              const signer = await implementation.createSigner(seed);
              return { publicKey: signer.publicKey, signature: await signer.sign(message) };
            }),
          );
          for (const { publicKey, signature } of signatures) {
            expect(signature).toEqual(signatures[0]!.signature);
            for (const [, implementation] of implementations) {
              expect(await implementation.verify(publicKey, message, signature)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('node:crypto offers a synchronous verify with the same answers', () => {
    const vector = RFC8032[2]!;
    expect(
      verifyEd25519Sync(decodeHex(vector.publicKey), decodeHex(vector.message), decodeHex(vector.signature)),
    ).toBe(true);
    expect(verifyEd25519Sync(decodeHex(vector.publicKey), decodeHex('00'), decodeHex(vector.signature))).toBe(
      false,
    );
  });
});

describe('computeKeyId', () => {
  it('is the lowercase hex SHA-256 of the raw public key (DESIGN.md §3)', () => {
    // SHA-256 of RFC 8032 test 1's public key.
    expect(computeKeyId(decodeHex(RFC8032[0]!.publicKey))).toMatch(/^[0-9a-f]{64}$/);
    expect(computeKeyId(new Uint8Array(32))).toBe(
      '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925',
    );
  });
  it('rejects a key that is not 32 bytes with invalid_key', () => {
    expect(() => computeKeyId(new Uint8Array(33))).toThrow(expect.objectContaining({ code: 'invalid_key' }));
  });
});
