// One add-checkpoint exchange with one witness (c2sp.org/tlog-witness): the request carries the size the log
// believes the witness cosigned last and a consistency proof from it; the answer is a cosignature (200), the
// witness's real size (409 with text/x.tlog.size), or a refusal.
import {
  createCosignatureVerifier,
  formatAddCheckpointRequest,
  isCoreError,
  verifyCosignature,
  type Cosignature,
} from '@jmm/core';
import type { StoredCheckpoint } from '@jmm/log';
import type { ConfiguredWitness, WitnessTransport } from './witness-transport.ts';

/** What one push came to. */
export type PushOutcome =
  /** The witness cosigned; the cosignature verified against its key. */
  | { readonly kind: 'cosigned'; readonly cosignature: Cosignature; readonly signatureLine: string }
  /** The witness has cosigned `witnessSize` last, not the size the log sent: push again from there. */
  | { readonly kind: 'conflict'; readonly witnessSize: bigint }
  /** Anything else: unreachable, a refusal, a malformed answer or a cosignature that does not verify. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface PushCheckpointOptions {
  readonly witness: ConfiguredWitness;
  readonly checkpoint: StoredCheckpoint;
  /** The size the log believes the witness cosigned last; 0 for none. At most the checkpoint's size. */
  readonly oldSize: bigint;
  readonly proveConsistency: (from: bigint, to: bigint) => Promise<Uint8Array[]>;
  readonly transport: WitnessTransport;
}

/** The spec's media type for the 409 answer: the witness's latest size for this log, in decimal. */
const SIZE_MEDIA_TYPE = 'text/x.tlog.size';
const SIZE = /^(0|[1-9][0-9]{0,19})\n?$/;

/** The note text a cosignature covers: the checkpoint body before the blank line (c2sp.org/signed-note). */
export function checkpointBodyOf(note: string): string {
  const end = note.indexOf('\n\n');
  return end < 0 ? note : note.slice(0, end + 1);
}

function describe(cause: unknown): string {
  if (isCoreError(cause)) return `${cause.code}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}

/** Finds, among the answer's signature lines, one by this witness's key that verifies over the checkpoint. */
async function findCosignature(
  witness: ConfiguredWitness,
  checkpointBody: string,
  answer: string,
): Promise<PushOutcome> {
  const verifier = createCosignatureVerifier(witness.vkey);
  const lines = answer.split('\n').slice(0, -1);
  let problem = 'the answer holds no cosignature by the witness key';
  for (const line of lines) {
    try {
      const cosignature = await verifyCosignature(checkpointBody, `${line}\n`, verifier);
      return { kind: 'cosigned', cosignature, signatureLine: `${line}\n` };
    } catch (cause) {
      problem = `the cosignature does not verify (${describe(cause)})`;
    }
  }
  return { kind: 'failed', reason: problem };
}

/**
 * Sends `checkpoint` to one witness and interprets the answer. Never throws: a witness can only fail to
 * cosign, and the caller logs the reason and tries again at its next round.
 */
export async function pushCheckpoint(options: PushCheckpointOptions): Promise<PushOutcome> {
  const { witness, checkpoint, oldSize, transport } = options;
  try {
    // The spec: the proof is empty from size 0, and from the checkpoint's own size (the witness then only
    // checks that the root hash is the one it cosigned).
    const consistencyProof =
      oldSize === 0n || oldSize === checkpoint.treeSize
        ? []
        : await options.proveConsistency(oldSize, checkpoint.treeSize);
    const body = formatAddCheckpointRequest({ oldSize, consistencyProof, checkpoint: checkpoint.note });
    const answer = await transport.addCheckpoint(witness, body);
    if (answer.status === 200) {
      return await findCosignature(witness, checkpointBodyOf(checkpoint.note), answer.body);
    }
    if (answer.status === 409) {
      const match =
        answer.contentType.split(';')[0]?.trim() === SIZE_MEDIA_TYPE ? SIZE.exec(answer.body) : null;
      if (match === null) return { kind: 'failed', reason: 'a 409 answer without a text/x.tlog.size body' };
      return { kind: 'conflict', witnessSize: BigInt(match[1]!) };
    }
    return {
      kind: 'failed',
      reason: `the witness answered ${answer.status}: ${answer.body.slice(0, 200).trim()}`,
    };
  } catch (cause) {
    return { kind: 'failed', reason: `the witness could not be reached (${describe(cause)})` };
  }
}
