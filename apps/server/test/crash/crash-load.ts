import { computeEnvelopeDigest, decodeBase64, type Envelope } from '@jmm/core';
import type { CrashLedger } from './crash-ledger.ts';

export interface LoadOptions {
  readonly url: string;
  readonly submitters: number;
  /** Makes the n-th statement of submitter `submitter`: fresh, valid, and distinct from all others. */
  readonly makeEnvelope: (submitter: number, n: number) => Promise<Envelope>;
  readonly ledger: CrashLedger;
}

export interface Load {
  /** Stops sending and waits until every client has its answer or its error. */
  stop(): Promise<void>;
}

interface SequencedAnswer {
  readonly digest: string;
  readonly index: number;
  readonly tree_size: number;
  readonly checkpoint: string;
  readonly entry: string;
  readonly inclusion_proof: readonly string[];
}

const REQUEST_TIMEOUT_MS = 30_000;
const CHECKPOINT_POLL_MS = 10;

/**
 * Concurrent clients against a server that is about to die: each submitter sends one statement at a time over
 * real HTTP and records the answer, or, when the connection breaks, the statement as in doubt. A reader polls
 * /log/checkpoint meanwhile, so that checkpoints served between answers are held to account too.
 */
export function startLoad(options: LoadOptions): Load {
  const { url, ledger } = options;
  let stopped = false;

  const submitter = async (submitter: number): Promise<void> => {
    for (let n = 0; !stopped; n += 1) {
      const envelope = await options.makeEnvelope(submitter, n);
      const digest = computeEnvelopeDigest(envelope);
      let status: number;
      let answer: SequencedAnswer;
      try {
        const response = await fetch(new URL('/api/v1/statements', url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = response.status;
        answer = (await response.json()) as SequencedAnswer;
      } catch {
        // No complete answer: the statement may or may not have been committed before the kill.
        ledger.inDoubt.set(digest, envelope);
        return;
      }
      if (status !== 201 || answer.digest !== digest) {
        ledger.unexpectedAnswers.push(`${status} for ${digest}: ${JSON.stringify(answer).slice(0, 500)}`);
        return;
      }
      ledger.acknowledgedUnderLoad += 1;
      ledger.recordAcknowledgement({
        digest,
        index: BigInt(answer.index),
        treeSize: BigInt(answer.tree_size),
        checkpoint: answer.checkpoint,
        entry: decodeBase64(answer.entry),
        inclusionProof: answer.inclusion_proof.map(decodeBase64),
      });
    }
  };

  const reader = async (): Promise<void> => {
    while (!stopped) {
      try {
        const response = await fetch(new URL('/log/checkpoint', url), {
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const note = await response.text();
        if (response.status === 200) ledger.servedNotes.add(note);
        else ledger.unexpectedAnswers.push(`GET /log/checkpoint answered ${response.status}: ${note}`);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_POLL_MS));
    }
  };

  const clients = [...Array.from({ length: options.submitters }, (_, i) => submitter(i)), reader()];
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(clients);
    },
  };
}
