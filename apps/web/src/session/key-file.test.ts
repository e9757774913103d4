import { computeKeyId, ed25519, encodeBase64 } from '@jmm/core';
import { describe, expect, it } from 'vitest';
import { encryptKeyFile, KeyFileError, openKeyFile } from './key-file.ts';

const SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const IDENTITY = { origin: 'jmm.example.org/web-test', org: 'pk', member: 'reporter-1' };
const PASSPHRASE = 'correct horse battery staple';

async function refusal(promise: Promise<unknown>): Promise<KeyFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyFileError);
  return error as KeyFileError;
}

describe('encrypted key files', () => {
  it('open with their passphrase to the same key and identity', async () => {
    const file = await encryptKeyFile(IDENTITY, SEED, PASSPHRASE);
    expect(JSON.stringify(file)).not.toContain(encodeBase64(SEED));
    const opened = await openKeyFile(JSON.stringify(file), PASSPHRASE);
    expect(opened.seed).toEqual(SEED);
    expect(opened).toMatchObject({ org: 'pk', member: 'reporter-1', keyId: file.key_id });
  });

  it('refuse a wrong passphrase', async () => {
    const file = await encryptKeyFile(IDENTITY, SEED, PASSPHRASE);
    expect((await refusal(openKeyFile(JSON.stringify(file), `${PASSPHRASE}!`))).code).toBe(
      'wrong_passphrase',
    );
  });

  describe('when the file is edited to claim another member', () => {
    it('does not open (the identity is authenticated with the key)', async () => {
      const file = await encryptKeyFile(IDENTITY, SEED, PASSPHRASE);
      const edited = JSON.stringify({ ...file, member: 'admin' });
      expect((await refusal(openKeyFile(edited, PASSPHRASE))).code).toBe('wrong_passphrase');
    });
  });

  it('refuse a short passphrase when created', async () => {
    expect((await refusal(encryptKeyFile(IDENTITY, SEED, 'short'))).code).toBe('weak_passphrase');
  });

  it('refuse what is not a key file', async () => {
    expect((await refusal(openKeyFile('not json', ''))).code).toBe('malformed');
    expect((await refusal(openKeyFile('{"kind":"other"}', ''))).code).toBe('malformed');
    expect((await refusal(openKeyFile('x'.repeat(10_000), ''))).code).toBe('malformed');
  });
});

describe('the CLI key file (jmm keys)', () => {
  it('opens without a passphrase', async () => {
    const publicKey = (await ed25519.createSigner(SEED)).publicKey;
    const file = {
      kind: 'jmm-member-key',
      version: 1,
      org: 'af',
      member: 'liaison-1',
      public_key: encodeBase64(publicKey),
      key_id: computeKeyId(publicKey),
      seed: encodeBase64(SEED),
    };
    expect(await openKeyFile(JSON.stringify(file), '')).toMatchObject({
      org: 'af',
      member: 'liaison-1',
      keyId: computeKeyId(publicKey),
    });
  });

  it('is refused when its seed is not the key it names', async () => {
    const other = (await ed25519.createSigner(new Uint8Array(32))).publicKey;
    const file = {
      kind: 'jmm-member-key',
      version: 1,
      public_key: encodeBase64(other),
      key_id: computeKeyId(other),
      seed: encodeBase64(SEED),
    };
    expect((await refusal(openKeyFile(JSON.stringify(file), ''))).code).toBe('key_mismatch');
  });
});
