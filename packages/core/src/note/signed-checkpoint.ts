// A log's checkpoint as a signed note (c2sp.org/tlog-checkpoint §Signatures), with its witnesses'
// cosignatures (c2sp.org/tlog-cosignature).
import { CoreError } from '../core-error.ts';
import { equalBytes } from '../encoding/index.ts';
import { formatCheckpoint, parseCheckpoint, type Checkpoint, type CheckpointInput } from './checkpoint.ts';
import type { CosignatureVerifier } from './cosignature.ts';
import { openNote, signNote } from './signed-note.ts';
import type { NoteSignature, NoteSigner, NoteVerifier, OpenNoteOptions } from './note.types.ts';

export interface OpenCheckpointOptions extends OpenNoteOptions {
  /** The origin the caller expects, compared literally with the checkpoint's first line. */
  readonly origin: string;
  /** Witnesses whose cosignatures to verify and report; cosignatures from other keys are ignored. */
  readonly cosignatureVerifiers?: readonly CosignatureVerifier[];
}

/** A witness cosignature found on an opened checkpoint. */
export interface CheckpointCosignature {
  readonly name: string;
  readonly keyHash: Uint8Array;
  /** POSIX seconds; whether a future time is acceptable is the caller's policy. */
  readonly timestamp: bigint;
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The checkpoint's note text, as signed. */
  readonly text: string;
  /** Verified cosignatures from `cosignatureVerifiers`, one per witness key, in note order. */
  readonly cosignatures: readonly CheckpointCosignature[];
  /** Signatures from keys the caller did not list. */
  readonly unverifiedSignatures: readonly NoteSignature[];
}

/**
 * Formats and signs a checkpoint with the log's key. The spec says the log's key name SHOULD match the
 * origin; JMM makes it a rule, so that a client configured with the log's verifier key knows the origin too.
 */
export async function signCheckpoint(checkpoint: CheckpointInput, signer: NoteSigner): Promise<string> {
  if (signer.name !== checkpoint.origin) {
    throw new CoreError('invalid_argument', "the log's key name must be the checkpoint origin");
  }
  return signNote(formatCheckpoint(checkpoint), [signer]);
}

function isSignatureBy(signature: NoteSignature, verifier: NoteVerifier): boolean {
  return signature.name === verifier.name && equalBytes(signature.keyHash, verifier.keyHash);
}

/**
 * Opens a checkpoint note: the log's own signature must verify (a note signed only by witnesses is not a
 * checkpoint of this log: `unverified_note`), every listed witness's cosignature present must verify, and the
 * text must be a checkpoint whose origin is `options.origin` (`invalid_checkpoint`). The log verifier's key
 * name must be that origin too (`invalid_argument`), as `signCheckpoint` requires.
 */
export async function openCheckpoint(
  note: string | Uint8Array,
  logVerifier: NoteVerifier,
  options: OpenCheckpointOptions,
): Promise<OpenedCheckpoint> {
  const { origin, cosignatureVerifiers = [], ...noteOptions } = options;
  if (logVerifier.name !== origin) {
    throw new CoreError('invalid_argument', "the log's key name must be the expected origin");
  }
  const opened = await openNote(note, [logVerifier, ...cosignatureVerifiers], noteOptions);
  if (!opened.signatures.some((signature) => isSignatureBy(signature, logVerifier))) {
    throw new CoreError('unverified_note', 'the checkpoint carries no verified signature by the log');
  }
  // Parsed only now: the spec says a note's text is ignored until a trusted signature has verified.
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== origin) {
    throw new CoreError('invalid_checkpoint', 'the checkpoint origin is not the expected one');
  }
  const cosignatures: CheckpointCosignature[] = [];
  for (const signature of opened.signatures) {
    const witness = cosignatureVerifiers.find((verifier) => isSignatureBy(signature, verifier));
    if (witness === undefined) continue;
    const { name, keyHash } = signature;
    cosignatures.push({ name, keyHash, timestamp: witness.timestampOf(signature.signature) });
  }
  return { checkpoint, text: opened.text, cosignatures, unverifiedSignatures: opened.unverifiedSignatures };
}
