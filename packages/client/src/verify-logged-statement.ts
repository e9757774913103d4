import {
  computeEnvelopeDigest,
  createNoteVerifier,
  decodeBase64,
  decodeUtf8,
  encodeUtf8,
  equalBytes,
  hashLeaf,
  isCoreError,
  openCheckpoint,
  parseJson,
  verifyInclusionProof,
  type Checkpoint,
  type Envelope,
  type NoteVerifier,
} from '@jmm/core';
import type { CheckpointTracker } from './checkpoint-tracker.ts';
import { ClientError } from './client-error.ts';
import type { SequencedAnswer } from './sequenced-answer.ts';

/** How the client knows the log: its origin and the C2SP verifier key of its checkpoint key (DESIGN.md §4). */
export interface LogTrust {
  readonly origin: string;
  readonly logVerifierKey: string;
}

/** A statement proven to be in the log. */
export interface VerifiedStatement {
  readonly verified: true;
  readonly digest: string;
  readonly index: bigint;
  readonly logTime: string;
  /** The log entry (leaf data, DESIGN.md §4) as the log holds it. */
  readonly entry: Readonly<Record<string, unknown>>;
  /** The checkpoint the inclusion proof leads to, verified against the log's key. */
  readonly checkpoint: Checkpoint;
}

/** Entries are under 1 KiB (DESIGN.md §4); tlog-tiles caps them at 65,535 bytes. */
const MAX_ENTRY_BYTES = 65_535;

/** The log's note verifier; its key name must be the origin, as `signCheckpoint` requires of the log. */
export function createLogVerifier(trust: LogTrust): NoteVerifier {
  let verifier: NoteVerifier;
  try {
    verifier = createNoteVerifier(trust.logVerifierKey);
  } catch (cause) {
    throw new ClientError('invalid_argument', 'logVerifierKey is not a C2SP verifier key', { cause });
  }
  if (verifier.name !== trust.origin) {
    throw new ClientError('invalid_argument', "the log verifier key's name is not the origin");
  }
  return verifier;
}

function refuse(
  code: 'checkpoint_invalid' | 'proof_invalid' | 'entry_mismatch',
  message: string,
  cause?: unknown,
) {
  return new ClientError(code, message, cause === undefined ? undefined : { cause });
}

function decodeProofPart(text: string, what: string): Uint8Array {
  try {
    return decodeBase64(text);
  } catch (cause) {
    throw refuse('proof_invalid', `the ${what} is not base64`, cause);
  }
}

/**
 * Checks a server's answer about one statement (DESIGN.md §4, §7 "verified in log"):
 * 1. the checkpoint is a signed note by the log's key, for the expected origin (c2sp.org/tlog-checkpoint);
 * 2. the proof is for that checkpoint's tree size, and the entry's RFC 9162 leaf hash, SHA-256(0x00 ‖ entry),
 *    reaches its root hash through the inclusion proof (RFC 9162 §2.1.3.2);
 * 3. the entry names the expected digest — the SHA-256 of the JCS envelope, when the envelope is known.
 * Only then is the checkpoint handed to `tracker`, which refuses a second root for a size it has seen.
 */
export async function verifyLoggedStatement(
  answer: SequencedAnswer,
  context: {
    readonly trust: LogTrust;
    readonly logVerifier: NoteVerifier;
    readonly tracker?: CheckpointTracker;
    /** The envelope the answer is about, when the caller has it (a submission, a read that returned it). */
    readonly envelope?: Envelope;
  },
): Promise<VerifiedStatement> {
  let checkpoint: Checkpoint;
  try {
    ({ checkpoint } = await openCheckpoint(answer.checkpoint, context.logVerifier, {
      origin: context.trust.origin,
    }));
  } catch (cause) {
    if (!isCoreError(cause)) throw cause;
    throw refuse('checkpoint_invalid', `the checkpoint does not verify: ${cause.code}`, cause);
  }
  if (checkpoint.treeSize !== BigInt(answer.tree_size)) {
    throw refuse('proof_invalid', 'the proof is for another tree size than the checkpoint');
  }
  const entryBytes = decodeProofPart(answer.entry, 'entry');
  if (entryBytes.length > MAX_ENTRY_BYTES) throw refuse('proof_invalid', 'the entry is too large');
  const proof = answer.inclusion_proof.map((hash) => decodeProofPart(hash, 'proof hash'));
  try {
    verifyInclusionProof(
      hashLeaf(entryBytes),
      BigInt(answer.index),
      checkpoint.treeSize,
      proof,
      checkpoint.rootHash,
    );
  } catch (cause) {
    if (!isCoreError(cause)) throw cause;
    throw refuse('proof_invalid', `the inclusion proof does not verify: ${cause.message}`, cause);
  }

  const entry = parseEntry(entryBytes);
  const expected = context.envelope === undefined ? answer.digest : computeEnvelopeDigest(context.envelope);
  if (!sameDigest(entry.digest, expected) || !sameDigest(answer.digest, expected)) {
    throw refuse('entry_mismatch', 'the log entry does not name the statement it was returned for');
  }
  await context.tracker?.observe(checkpoint);
  return {
    verified: true,
    digest: expected,
    index: BigInt(answer.index),
    logTime: answer.log_time,
    entry,
    checkpoint,
  };
}

function parseEntry(bytes: Uint8Array): Record<string, unknown> & { digest: string } {
  let value: unknown;
  try {
    value = parseJson(decodeUtf8(bytes), {
      maxLength: MAX_ENTRY_BYTES,
      maxDepth: 4,
    });
  } catch (cause) {
    throw refuse('entry_mismatch', 'the log entry is not JSON', cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse('entry_mismatch', 'the log entry is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  if (typeof record.digest !== 'string') throw refuse('entry_mismatch', 'the log entry names no digest');
  return { ...record, digest: record.digest };
}

/** Digests compared as bytes in constant time (STYLE.md habit 5). */
function sameDigest(a: string, b: string): boolean {
  return equalBytes(encodeUtf8(a), encodeUtf8(b));
}
