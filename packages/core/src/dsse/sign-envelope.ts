import { CoreError } from '../core-error.ts';
import { ED25519_SIGNATURE_LENGTH, type Ed25519Signer } from '../crypto/index.ts';
import { encodeBase64 } from '../encoding/index.ts';
import { isValidKeyId, isValidPayloadType, type Envelope, type EnvelopeSignature } from './dsse-envelope.ts';
import { encodePae } from './pae.ts';

/** A key that signs envelopes, and the keyid written beside its signature (JMM: `computeKeyId(publicKey)`). */
export interface EnvelopeSigner {
  readonly keyid: string;
  readonly signer: Ed25519Signer;
}

/**
 * Signs `payload` as `payloadType` with every signer, in order (DSSE protocol.md §Protocol: Sign(PAE(type,
 * body))). A JMM statement has exactly one signer, its issuer; more are allowed for other uses.
 */
export async function signEnvelope(
  payloadType: string,
  payload: Uint8Array,
  signers: readonly EnvelopeSigner[],
): Promise<Envelope> {
  if (!isValidPayloadType(payloadType)) {
    throw new CoreError('invalid_argument', 'a payload type is 1 to 256 printable ASCII characters');
  }
  if (signers.length === 0) throw new CoreError('invalid_argument', 'an envelope needs at least one signer');
  const keyids = new Set<string>();
  for (const { keyid } of signers) {
    if (!isValidKeyId(keyid)) {
      throw new CoreError(
        'invalid_argument',
        'a keyid is 1 to 256 printable ASCII characters without spaces',
      );
    }
    if (keyids.has(keyid)) throw new CoreError('invalid_argument', 'two signers share a keyid');
    keyids.add(keyid);
  }
  const pae = encodePae(payloadType, payload);
  const signatures: EnvelopeSignature[] = [];
  for (const { keyid, signer } of signers) {
    const signature = await signer.sign(pae);
    if (signature.length !== ED25519_SIGNATURE_LENGTH) {
      throw new CoreError('invalid_signature', `an Ed25519 signature is ${ED25519_SIGNATURE_LENGTH} bytes`);
    }
    signatures.push({ keyid, sig: encodeBase64(signature) });
  }
  return { payload: encodeBase64(payload), payloadType, signatures };
}
