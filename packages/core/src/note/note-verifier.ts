import { ed25519 } from '#ed25519';
import { createVerifierForCosignatureKey } from './cosignature.ts';
import { SIGNATURE_TYPE_ED25519, parseVerifierKey } from './note-key.ts';
import type { NoteVerifier } from './note.types.ts';

/**
 * A verifier from a verifier key string: an Ed25519 (type 0x01) key verifies plain note signatures, and a
 * tlog-cosignature/v1 (type 0x04) key verifies timestamped witness cosignatures on checkpoints.
 */
export function createNoteVerifier(vkey: string): NoteVerifier {
  const key = parseVerifierKey(vkey);
  if (key.type !== SIGNATURE_TYPE_ED25519) return createVerifierForCosignatureKey(key);
  const { name, keyHash, publicKey } = key;
  return {
    name,
    keyHash,
    verify: (message, signature) => ed25519.verify(publicKey, message, signature),
  };
}
