import { sha256 } from '#sha256';
import { CoreError } from '../core-error.ts';
import { encodeHex } from '../encoding/index.ts';
import { ED25519_PUBLIC_KEY_LENGTH } from './ed25519.types.ts';

/** DESIGN.md §3: a statement signer's `keyid` is the lowercase hex SHA-256 of its raw 32-byte public key. */
export function computeKeyId(publicKey: Uint8Array): string {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new CoreError('invalid_key', `an Ed25519 public key is ${ED25519_PUBLIC_KEY_LENGTH} bytes`);
  }
  return encodeHex(sha256(publicKey));
}
