// The shapes of c2sp.org/signed-note signing and verification, after golang.org/x/mod/sumdb/note's Signer,
// Verifier and Note. Key IDs are four bytes (a big-endian uint32 on the wire).
import type { Ed25519Signer } from '../crypto/index.ts';

/** Signs note texts with one key. */
export interface NoteSigner {
  /** The key name written in the signature line. */
  readonly name: string;
  /** The 4-byte key ID written before the signature. */
  readonly keyHash: Uint8Array;
  /** The signature bytes (without the key ID) over the UTF-8 note text, including its final newline. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Verifies signatures by one key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: Uint8Array;
  /**
   * Whether `signature` (without the key ID) is a valid signature of `message` by this key. Malformed
   * signatures verify as false; to `openNote` that is a known key's signature failing, which rejects the note.
   */
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** One signature line of a note: key name, key ID and the signature bytes that followed the key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyHash: Uint8Array;
  readonly signature: Uint8Array;
}

/** A note whose signatures from known keys all verified, at least one of them. */
export interface OpenedNote {
  /** The note text, including its final newline; the signed message is its UTF-8 encoding. */
  readonly text: string;
  /** Verified signatures, one per known key, in the order they appear. */
  readonly signatures: readonly NoteSignature[];
  /** Signatures from keys not in the verifier list, identical lines once, in the order they appear. */
  readonly unverifiedSignatures: readonly NoteSignature[];
}

export interface OpenNoteOptions {
  /**
   * Most signature lines accepted, duplicates included; more is `size_limit`. At least 16, the number
   * c2sp.org/signed-note requires verifiers to accept. Default 100, Go's limit.
   */
  readonly maxSignatures?: number;
  /** Most UTF-8 bytes in the whole note; more is `size_limit`. Default 1 MiB. */
  readonly maxNoteBytes?: number;
}

/**
 * Where a signer's key comes from when it is not a signer key string: a raw seed, or an existing
 * Ed25519Signer (a browser's non-extractable WebCrypto key, say) whose public key the key ID is computed from.
 */
export type NoteKeySource =
  | { readonly name: string; readonly seed: Uint8Array }
  | { readonly name: string; readonly signer: Ed25519Signer };
