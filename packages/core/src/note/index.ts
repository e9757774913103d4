// C2SP signed notes, note keys, tlog-checkpoint and tlog-cosignature/v1.
export {
  SIGNATURE_TYPE_ED25519,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  NOTE_KEY_HASH_LENGTH,
  computeNoteKeyHash,
  isValidNoteKeyName,
  formatVerifierKey,
  parseVerifierKey,
  formatSignerKey,
  parseSignerKey,
  type NoteSignatureType,
  type VerifierKey,
  type SignerKey,
} from './note-key.ts';
export type {
  NoteSigner,
  NoteVerifier,
  NoteSignature,
  OpenedNote,
  OpenNoteOptions,
  NoteKeySource,
} from './note.types.ts';
export { createNoteSigner } from './note-signer.ts';
export { createNoteVerifier } from './note-verifier.ts';
export {
  DEFAULT_MAX_NOTE_SIGNATURES,
  DEFAULT_MAX_NOTE_BYTES,
  formatSignatureLine,
  signNote,
  openNote,
} from './signed-note.ts';
export {
  CHECKPOINT_ROOT_HASH_LENGTH,
  formatCheckpoint,
  parseCheckpoint,
  type Checkpoint,
  type CheckpointInput,
} from './checkpoint.ts';
export {
  signCheckpoint,
  openCheckpoint,
  type OpenCheckpointOptions,
  type OpenedCheckpoint,
  type CheckpointCosignature,
} from './signed-checkpoint.ts';
export {
  MAX_COSIGNATURE_TIMESTAMP,
  createCosigner,
  signCosignature,
  createCosignatureNoteSigner,
  createCosignatureVerifier,
  verifyCosignature,
  parseTimestampedSignature,
  type Cosigner,
  type CosignatureVerifier,
  type Cosignature,
} from './cosignature.ts';
