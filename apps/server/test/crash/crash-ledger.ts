import type { Envelope } from '@jmm/core';
import type { StoredCheckpoint } from '@jmm/log';

/** What a submitter was told: the statement is durably in the log at `index`, proven to `checkpoint`. */
export interface Acknowledgement {
  readonly digest: string;
  readonly index: bigint;
  readonly treeSize: bigint;
  readonly checkpoint: string;
  readonly entry: Uint8Array;
  readonly inclusionProof: readonly Uint8Array[];
}

/**
 * Everything the crash test's clients observed, across all rounds: the promises the server made (answers
 * and checkpoints) that must still hold after every SIGKILL, and the submissions whose fate nobody saw.
 */
export class CrashLedger {
  /** Acknowledged submissions by digest; each must stay at its index forever. */
  readonly acknowledged = new Map<string, Acknowledgement>();
  /** Submissions sent without an answer (the server died or was already dead): in the log once, or not. */
  readonly inDoubt = new Map<string, Envelope>();
  /** Every checkpoint note any client was served, in answers or from /log/checkpoint. */
  readonly servedNotes = new Set<string>();
  /** The storage's checkpoint history, read after each kill while no server runs. */
  storedHistory: readonly StoredCheckpoint[] = [];
  /** Answers that a healthy server should never give to a fresh, valid enrolment. */
  readonly unexpectedAnswers: string[] = [];
  /** Acknowledgements received while the load ran, as opposed to those of resubmissions after a restart. */
  acknowledgedUnderLoad = 0;
  /** In-doubt submissions found in the log (committed but never answered) and not found (never committed). */
  inDoubtCommitted = 0;
  inDoubtLost = 0;
  kills = 0;

  recordAcknowledgement(acknowledgement: Acknowledgement): void {
    if (this.acknowledged.has(acknowledgement.digest)) {
      this.unexpectedAnswers.push(`${acknowledgement.digest} was acknowledged twice as new`);
    }
    this.acknowledged.set(acknowledgement.digest, acknowledgement);
    this.servedNotes.add(acknowledgement.checkpoint);
  }
}
