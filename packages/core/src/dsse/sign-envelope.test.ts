import { ed25519 as nobleEd25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import type { CoreErrorCode } from '../core-error.ts';
import { computeKeyId, ed25519, type Ed25519Signer } from '../crypto/index.ts';
import { decodeBase64, encodeUtf8 } from '../encoding/index.ts';
import { parseEnvelope } from './dsse-envelope.ts';
import { signEnvelope } from './sign-envelope.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

const TYPE = 'application/vnd.jmm.statement.v1+json';
const PAYLOAD = encodeUtf8('{"jmm":1,"type":"incident.report"}');
const SEED = new Uint8Array(32).fill(11);

describe('signEnvelope', () => {
  it('signs PAE(type, payload) and records the keyid, as an independent Ed25519 implementation does', async () => {
    const signer = await ed25519.createSigner(SEED);
    const keyid = computeKeyId(signer.publicKey);
    const envelope = await signEnvelope(TYPE, PAYLOAD, [{ keyid, signer }]);
    expect(decodeBase64(envelope.payload)).toEqual(PAYLOAD);
    expect(envelope.payloadType).toBe(TYPE);
    expect(envelope.signatures).toHaveLength(1);
    expect(envelope.signatures[0]?.keyid).toBe(keyid);
    const pae = encodeUtf8(
      `DSSEv1 ${TYPE.length} ${TYPE} ${PAYLOAD.length} {"jmm":1,"type":"incident.report"}`,
    );
    expect(decodeBase64(envelope.signatures[0]!.sig)).toEqual(nobleEd25519.sign(pae, SEED));
  });

  it('signs with several keys in order, and the result parses', async () => {
    const first = await ed25519.createSigner(SEED);
    const second = await ed25519.createSigner(new Uint8Array(32).fill(12));
    const envelope = await signEnvelope(TYPE, PAYLOAD, [
      { keyid: 'first', signer: first },
      { keyid: 'second', signer: second },
    ]);
    expect(envelope.signatures.map((signature) => signature.keyid)).toEqual(['first', 'second']);
    expect(parseEnvelope(envelope, { maxPayloadBytes: 100, maxSignatures: 2 })).toEqual(envelope);
  });

  it('refuses bad payload types, no signers, bad or repeated keyids with invalid_argument', async () => {
    const signer = await ed25519.createSigner(SEED);
    await expect(signEnvelope('', PAYLOAD, [{ keyid: 'k', signer }])).rejects.toThrow(
      coreError('invalid_argument'),
    );
    await expect(signEnvelope(TYPE, PAYLOAD, [])).rejects.toThrow(coreError('invalid_argument'));
    await expect(signEnvelope(TYPE, PAYLOAD, [{ keyid: 'a b', signer }])).rejects.toThrow(
      coreError('invalid_argument'),
    );
    await expect(
      signEnvelope(TYPE, PAYLOAD, [
        { keyid: 'k', signer },
        { keyid: 'k', signer },
      ]),
    ).rejects.toThrow(coreError('invalid_argument'));
  });

  it('refuses a signer that returns something other than a 64-byte signature', async () => {
    const odd: Ed25519Signer = {
      publicKey: new Uint8Array(32),
      sign: () => Promise.resolve(new Uint8Array(65)),
    };
    await expect(signEnvelope(TYPE, PAYLOAD, [{ keyid: 'k', signer: odd }])).rejects.toThrow(
      coreError('invalid_signature'),
    );
  });
});
