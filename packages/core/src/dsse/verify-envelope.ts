import { ed25519 } from '#ed25519';
import { CoreError } from '../core-error.ts';
import { decodeBase64 } from '../encoding/index.ts';
import { isValidPayloadType, type Envelope } from './dsse-envelope.ts';
import { encodePae } from './pae.ts';

/** The trusted Ed25519 public key for a keyid, or undefined if the keyid names no key the caller trusts. */
export type ResolveEnvelopeKey = (keyid: string) => Uint8Array | undefined;

/**
 * Verifies an envelope's signatures and returns the keyids whose signatures verified, each once, in order.
 * The rule, the signed-note rule applied to DSSE:
 * - a signature whose keyid `resolveKey` does not know is ignored (DSSE protocol.md: keyid only narrows the
 *   choice of key; it is unauthenticated, so the key, not the keyid, is what a verified signature proves);
 * - a signature whose keyid is known must verify under that key, or the whole envelope is rejected
 *   (`invalid_signature`). DSSE's threshold verification would skip it; JMM does not, because the failing
 *   signature is part of the envelope's digest, its identity, and no honest signer produces one;
 * - at least one signature must verify (`invalid_signature`).
 * Ignored signatures still count in the digest: a caller that derives identity from it (JMM statements carry
 * exactly their issuer's signature) must also check that every signature is one it verified.
 * Throws `invalid_envelope` for an envelope whose payload or type cannot be decoded.
 */
export async function verifyEnvelope(envelope: Envelope, resolveKey: ResolveEnvelopeKey): Promise<string[]> {
  if (!isValidPayloadType(envelope.payloadType)) {
    throw new CoreError('invalid_envelope', 'a payload type is 1 to 256 printable ASCII characters');
  }
  let payload: Uint8Array;
  try {
    payload = decodeBase64(envelope.payload);
  } catch (cause) {
    throw new CoreError('invalid_envelope', 'payload is not standard padded base64', { cause });
  }
  const pae = encodePae(envelope.payloadType, payload);
  const verified: string[] = [];
  for (const { keyid, sig } of envelope.signatures) {
    const publicKey = resolveKey(keyid);
    if (publicKey === undefined) continue;
    let signature: Uint8Array;
    try {
      signature = decodeBase64(sig);
    } catch (cause) {
      throw new CoreError('invalid_signature', `the signature by known keyid ${keyid} is not base64`, {
        cause,
      });
    }
    if (!(await ed25519.verify(publicKey, pae, signature))) {
      throw new CoreError('invalid_signature', `the signature by known keyid ${keyid} does not verify`);
    }
    if (!verified.includes(keyid)) verified.push(keyid);
  }
  if (verified.length === 0) throw new CoreError('invalid_signature', 'no signature is from a known key');
  return verified;
}
