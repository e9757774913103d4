import { describe, expect, it } from 'vitest';
import type { CoreErrorCode } from '../core-error.ts';
import { ed25519, type Ed25519Signer } from '../crypto/index.ts';
import { encodeUtf8 } from '../encoding/index.ts';
import { SIGNATURE_TYPE_COSIGNATURE_V1, formatSignerKey, formatVerifierKey } from './note-key.ts';
import { createNoteSigner } from './note-signer.ts';
import { createNoteVerifier } from './note-verifier.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

const NAME = 'log.example';
const SEED = new Uint8Array(32).fill(5);
const MESSAGE = encodeUtf8('text\n');

describe('createNoteSigner', () => {
  it('gives the same key from a signer key string, a seed and an Ed25519Signer', async () => {
    const fromString = await createNoteSigner(await formatSignerKey(NAME, SEED));
    const fromSeed = await createNoteSigner({ name: NAME, seed: SEED });
    const fromSigner = await createNoteSigner({ name: NAME, signer: await ed25519.createSigner(SEED) });
    expect(fromSeed.keyHash).toEqual(fromString.keyHash);
    expect(fromSigner.keyHash).toEqual(fromString.keyHash);
    expect(await fromSigner.sign(MESSAGE)).toEqual(await fromString.sign(MESSAGE));
  });

  it('refuses a cosignature signer key, which must cosign with a timestamp', async () => {
    const skey = await formatSignerKey(NAME, SEED, SIGNATURE_TYPE_COSIGNATURE_V1);
    await expect(createNoteSigner(skey)).rejects.toThrow(coreError('invalid_key'));
  });

  it('refuses invalid names, seeds and public keys with invalid_key', async () => {
    await expect(createNoteSigner({ name: 'a+b', seed: SEED })).rejects.toThrow(coreError('invalid_key'));
    await expect(createNoteSigner({ name: NAME, seed: new Uint8Array(16) })).rejects.toThrow(
      coreError('invalid_key'),
    );
    const odd: Ed25519Signer = {
      publicKey: new Uint8Array(33),
      sign: () => Promise.resolve(new Uint8Array(64)),
    };
    await expect(createNoteSigner({ name: NAME, signer: odd })).rejects.toThrow(coreError('invalid_key'));
  });
});

describe('createNoteVerifier', () => {
  it('verifies what the matching signer signs, and nothing else', async () => {
    const signer = await createNoteSigner({ name: NAME, seed: SEED });
    const verifier = createNoteVerifier(
      formatVerifierKey(NAME, (await ed25519.createSigner(SEED)).publicKey),
    );
    expect(verifier.name).toBe(NAME);
    expect(verifier.keyHash).toEqual(signer.keyHash);
    const signature = await signer.sign(MESSAGE);
    expect(await verifier.verify(MESSAGE, signature)).toBe(true);
    expect(await verifier.verify(encodeUtf8('text!\n'), signature)).toBe(false);
    signature[0]! ^= 1;
    expect(await verifier.verify(MESSAGE, signature)).toBe(false);
  });

  it('refuses malformed verifier keys with invalid_key', () => {
    expect(() => createNoteVerifier('nope')).toThrow(coreError('invalid_key'));
  });
});
