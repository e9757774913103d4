import { ed25519 } from '#ed25519';
import { CoreError } from '../core-error.ts';
import { ED25519_PUBLIC_KEY_LENGTH, type Ed25519Signer } from '../crypto/index.ts';
import {
  SIGNATURE_TYPE_ED25519,
  computeNoteKeyHash,
  isValidNoteKeyName,
  parseSignerKey,
  type NoteSignatureType,
} from './note-key.ts';
import type { NoteKeySource, NoteSigner } from './note.types.ts';

/** A named Ed25519 key with its key ID for one signature type. */
export interface NamedSigningKey {
  readonly name: string;
  readonly keyHash: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly signer: Ed25519Signer;
}

/**
 * Resolves a signer key string or a key source into a named key whose ID is computed for `type`. A key
 * string must be of that type: an Ed25519 note key and a cosignature key are different keys to their
 * verifiers, even over the same seed (c2sp.org/signed-note §Signatures).
 */
export async function resolveSigningKey(
  source: string | NoteKeySource,
  type: NoteSignatureType,
): Promise<NamedSigningKey> {
  let name: string;
  let signer: Ed25519Signer;
  if (typeof source === 'string') {
    const key = await parseSignerKey(source);
    if (key.type !== type) {
      throw new CoreError('invalid_key', `the signer key has signature type ${key.type}, not ${type}`);
    }
    name = key.name;
    signer = await ed25519.createSigner(key.seed);
  } else {
    name = source.name;
    if (!isValidNoteKeyName(name)) {
      throw new CoreError(
        'invalid_key',
        'a key name must be non-empty, without spaces, "+" or control characters',
      );
    }
    signer = 'seed' in source ? await ed25519.createSigner(source.seed) : source.signer;
  }
  if (signer.publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new CoreError('invalid_key', `an Ed25519 public key is ${ED25519_PUBLIC_KEY_LENGTH} bytes`);
  }
  const publicKey = signer.publicKey.slice();
  return { name, keyHash: computeNoteKeyHash(name, type, publicKey), publicKey, signer };
}

/**
 * A signer of Ed25519 (type 0x01) note signatures, from a signer key string, a seed, or an Ed25519Signer.
 * Cosignatures carry a timestamp and sign a different message: they come from `createCosigner`.
 */
export async function createNoteSigner(source: string | NoteKeySource): Promise<NoteSigner> {
  const key = await resolveSigningKey(source, SIGNATURE_TYPE_ED25519);
  return {
    name: key.name,
    keyHash: key.keyHash,
    sign: (message) => key.signer.sign(message),
  };
}
