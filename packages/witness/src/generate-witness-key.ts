// A new witness key pair as C2SP note key strings (c2sp.org/signed-note, golang.org/x/mod/sumdb/note):
//   signer key   PRIVATE+KEY+<name>+<hex key ID>+base64(0x04 || Ed25519 seed)
//   verifier key <name>+<hex key ID>+base64(0x04 || public key)
// Type 0x04 is tlog-cosignature/v1, the only signature type a witness signs with (c2sp.org/tlog-cosignature).
import { generateKeyPairSync } from 'node:crypto';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  computeNoteKeyHash,
  concatBytes,
  encodeBase64,
  encodeHex,
  formatVerifierKey,
  isValidNoteKeyName,
} from '@jmm/core';
import { WitnessError } from './witness-error.ts';

function decodeBase64Url(text: string | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(text ?? '', 'base64url'));
}

/**
 * A fresh Ed25519 cosigning key from the system's random source. The signer key string is secret: store it
 * with owner-only permissions. Throws `invalid_configuration` for a name a note key cannot have.
 */
export function generateWitnessKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidNoteKeyName(name)) {
    throw new WitnessError('invalid_configuration', 'a key name is non-empty, without spaces or "+"');
  }
  // Node exports an Ed25519 key's seed and public key only through JWK (`d` and `x`, base64url).
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = decodeBase64Url(jwk.d);
  const publicKey = decodeBase64Url(jwk.x);
  const type = SIGNATURE_TYPE_COSIGNATURE_V1;
  const keyHash = encodeHex(computeNoteKeyHash(name, type, publicKey));
  return {
    signerKey: `PRIVATE+KEY+${name}+${keyHash}+${encodeBase64(concatBytes(Uint8Array.of(type), seed))}`,
    verifierKey: formatVerifierKey(name, publicKey, type),
  };
}
