import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import { computeKeyId, ed25519, type Ed25519Signer } from '../crypto/index.ts';
import { decodeBase64, encodeBase64, encodeUtf8 } from '../encoding/index.ts';
import type { Envelope } from './dsse-envelope.ts';
import { signEnvelope } from './sign-envelope.ts';
import { verifyEnvelope, type ResolveEnvelopeKey } from './verify-envelope.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

const TYPE = 'application/vnd.jmm.statement.v1+json';
const PAYLOAD = encodeUtf8('{"jmm":1}');

let issuer: Ed25519Signer;
let witness: Ed25519Signer;
let issuerId: string;
let witnessId: string;
let single: Envelope;
let double: Envelope;

const keys = (...signers: Ed25519Signer[]): ResolveEnvelopeKey => {
  const byId = new Map(signers.map((signer) => [computeKeyId(signer.publicKey), signer.publicKey]));
  return (keyid) => byId.get(keyid);
};

/** The envelope with the signature at `index` replaced by one bit-flipped: well-formed, not valid. */
function corrupt(envelope: Envelope, index: number): Envelope {
  const signatures = envelope.signatures.map((signature, i) => {
    if (i !== index) return signature;
    const bytes = decodeBase64(signature.sig);
    bytes[0]! ^= 1;
    return { keyid: signature.keyid, sig: encodeBase64(bytes) };
  });
  return { ...envelope, signatures };
}

beforeAll(async () => {
  issuer = await ed25519.createSigner(new Uint8Array(32).fill(21));
  witness = await ed25519.createSigner(new Uint8Array(32).fill(22));
  issuerId = computeKeyId(issuer.publicKey);
  witnessId = computeKeyId(witness.publicKey);
  single = await signEnvelope(TYPE, PAYLOAD, [{ keyid: issuerId, signer: issuer }]);
  double = await signEnvelope(TYPE, PAYLOAD, [
    { keyid: issuerId, signer: issuer },
    { keyid: witnessId, signer: witness },
  ]);
});

describe('verifyEnvelope', () => {
  it("returns the keyid of a JMM statement's single issuer signature", async () => {
    expect(await verifyEnvelope(single, keys(issuer))).toEqual([issuerId]);
  });

  it('returns every known keyid whose signature verifies, in order', async () => {
    expect(await verifyEnvelope(double, keys(witness, issuer))).toEqual([issuerId, witnessId]);
  });

  describe('when a signature is from an unknown keyid', () => {
    it('ignores it', async () => {
      expect(await verifyEnvelope(double, keys(issuer))).toEqual([issuerId]);
      expect(await verifyEnvelope(corrupt(double, 1), keys(issuer))).toEqual([issuerId]);
    });
  });

  describe("when a known key's signature fails", () => {
    it('rejects the envelope, even if another known key verifies', async () => {
      await expect(verifyEnvelope(corrupt(double, 1), keys(issuer, witness))).rejects.toThrow(
        coreError('invalid_signature'),
      );
    });
    it('rejects a signature that is not base64', async () => {
      const garbled = { ...single, signatures: [{ keyid: issuerId, sig: '*' }] };
      await expect(verifyEnvelope(garbled, keys(issuer))).rejects.toThrow(coreError('invalid_signature'));
    });
    it('rejects a keyid that resolves to the wrong key', async () => {
      await expect(verifyEnvelope(single, () => witness.publicKey)).rejects.toThrow(
        coreError('invalid_signature'),
      );
      await expect(verifyEnvelope(single, () => new Uint8Array(31))).rejects.toThrow(
        coreError('invalid_signature'),
      );
    });
  });

  describe('when the signed content changed', () => {
    it('rejects a different payload or payload type (PAE binds both)', async () => {
      const payload = { ...single, payload: encodeBase64(encodeUtf8('{"jmm":2}')) };
      const payloadType = { ...single, payloadType: 'application/vnd.other+json' };
      await expect(verifyEnvelope(payload, keys(issuer))).rejects.toThrow(coreError('invalid_signature'));
      await expect(verifyEnvelope(payloadType, keys(issuer))).rejects.toThrow(coreError('invalid_signature'));
    });
  });

  it('rejects an envelope with no signature from a known key', async () => {
    await expect(verifyEnvelope(single, keys(witness))).rejects.toThrow(coreError('invalid_signature'));
    await expect(verifyEnvelope({ ...single, signatures: [] }, keys(issuer))).rejects.toThrow(
      coreError('invalid_signature'),
    );
  });

  it('reports a keyid listed twice once', async () => {
    const twice = { ...single, signatures: [single.signatures[0]!, single.signatures[0]!] };
    expect(await verifyEnvelope(twice, keys(issuer))).toEqual([issuerId]);
  });

  it('rejects an undecodable payload or payload type with invalid_envelope', async () => {
    await expect(verifyEnvelope({ ...single, payload: 'a' }, keys(issuer))).rejects.toThrow(
      coreError('invalid_envelope'),
    );
    await expect(verifyEnvelope({ ...single, payloadType: '' }, keys(issuer))).rejects.toThrow(
      coreError('invalid_envelope'),
    );
  });

  it('throws only CoreError for envelopes with arbitrary fields', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.array(fc.record({ keyid: fc.oneof(fc.constant(issuerId), fc.string()), sig: fc.string() }), {
          maxLength: 3,
        }),
        async (payload, payloadType, signatures) => {
          try {
            await verifyEnvelope({ payload, payloadType, signatures }, keys(issuer));
          } catch (error) {
            expect(error).toBeInstanceOf(CoreError);
          }
        },
      ),
    );
  });

  it('throws only CoreError for mutated signatures and payloads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        async (at, xor, inPayload) => {
          const payload = decodeBase64(single.payload);
          const sig = decodeBase64(single.signatures[0]!.sig);
          const target = inPayload ? payload : sig;
          target[at % target.length]! ^= xor;
          const mutated = {
            ...single,
            payload: encodeBase64(payload),
            signatures: [{ keyid: issuerId, sig: encodeBase64(sig) }],
          };
          await expect(verifyEnvelope(mutated, keys(issuer))).rejects.toThrow(coreError('invalid_signature'));
        },
      ),
    );
  });
});
