import { ClientError } from './client-error.ts';

/**
 * What the server answers for a submitted or read statement (DESIGN.md §4): where it is in the log, its entry
 * (the leaf data, base64), and an inclusion proof to the signed checkpoint of `tree_size` leaves. Untrusted
 * until `verifyLoggedStatement` has checked it.
 */
export interface SequencedAnswer {
  readonly digest: string;
  readonly index: number;
  readonly log_time: string;
  readonly entry: string;
  readonly inclusion_proof: readonly string[];
  readonly tree_size: number;
  readonly checkpoint: string;
}

/** A submission's answer: `duplicate` when the envelope was already in the log (resubmission is idempotent). */
export interface SubmissionAnswer extends SequencedAnswer {
  readonly duplicate: boolean;
}

/** Bound on proof length: a tree of 2^64 leaves has paths of 64 hashes. */
const MAX_PROOF_HASHES = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLogInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks the shape of a sequenced answer (STYLE.md habit 5); the cryptography is `verifyLoggedStatement`'s. */
export function parseSequencedAnswer(value: unknown): SequencedAnswer {
  const invalid = (what: string) => new ClientError('invalid_response', `the server's answer has ${what}`);
  if (!isRecord(value)) throw invalid('no object');
  const { digest, index, log_time, entry, inclusion_proof, tree_size, checkpoint } = value;
  if (typeof digest !== 'string') throw invalid('no digest');
  if (!isLogInteger(index)) throw invalid('no index');
  if (typeof log_time !== 'string') throw invalid('no log_time');
  if (typeof entry !== 'string') throw invalid('no entry');
  if (!Array.isArray(inclusion_proof) || inclusion_proof.length > MAX_PROOF_HASHES)
    throw invalid('no inclusion_proof');
  const proof = inclusion_proof.map((hash: unknown) => {
    if (typeof hash !== 'string') throw invalid('a proof hash that is not a string');
    return hash;
  });
  if (!isLogInteger(tree_size)) throw invalid('no tree_size');
  if (typeof checkpoint !== 'string') throw invalid('no checkpoint');
  return { digest, index, log_time, entry, inclusion_proof: proof, tree_size, checkpoint };
}

export function parseSubmissionAnswer(value: unknown): SubmissionAnswer {
  const sequenced = parseSequencedAnswer(value);
  const duplicate = isRecord(value) ? value.duplicate : undefined;
  if (typeof duplicate !== 'boolean')
    throw new ClientError('invalid_response', "the server's answer has no duplicate flag");
  return { ...sequenced, duplicate };
}
