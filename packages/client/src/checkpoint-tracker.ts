import { encodeHex, equalBytes, isCoreError, verifyConsistencyProof, type Checkpoint } from '@jmm/core';
import { ClientError } from './client-error.ts';

/** Root hashes remembered per tree size, newest last; older sizes beyond this are forgotten. */
const REMEMBERED_SIZES = 256;

/**
 * The checkpoints a client has verified, to catch a split view (c2sp.org/tlog-checkpoint, RFC 9162 §8.2): a log
 * that signs two different root hashes for one tree size is showing different histories to different readers.
 * A checkpoint of another size is accepted only if a consistency proof (RFC 9162 §2.1.4) shows one tree is a
 * prefix of the other — the log only ever appended — checked against the largest checkpoint seen, when the
 * tracker is given a way to fetch proofs (`GET /api/v1/log/proof/consistency`).
 */
export class CheckpointTracker {
  readonly #roots = new Map<bigint, Uint8Array>();
  #latest: Checkpoint | undefined;

  constructor(
    private readonly proveConsistency?: (from: bigint, to: bigint) => Promise<readonly Uint8Array[]>,
  ) {}

  /** The largest checkpoint seen so far. */
  get latest(): Checkpoint | undefined {
    return this.#latest;
  }

  /**
   * Records a verified checkpoint; throws `split_view` if its size was seen with another root hash, or if it is
   * not consistent with the largest checkpoint seen.
   */
  async observe(checkpoint: Checkpoint): Promise<void> {
    const known = this.#roots.get(checkpoint.treeSize);
    if (known !== undefined) {
      if (!equalBytes(known, checkpoint.rootHash)) {
        throw new ClientError(
          'split_view',
          `the log signed two roots for tree size ${String(checkpoint.treeSize)}`,
          {
            detail: {
              tree_size: String(checkpoint.treeSize),
              seen_root: encodeHex(known),
              new_root: encodeHex(checkpoint.rootHash),
            },
          },
        );
      }
      return;
    }
    const latest = this.#latest;
    if (latest !== undefined && this.proveConsistency !== undefined) {
      const [older, newer] =
        latest.treeSize < checkpoint.treeSize ? [latest, checkpoint] : [checkpoint, latest];
      const proof = await this.proveConsistency(older.treeSize, newer.treeSize);
      try {
        verifyConsistencyProof(older.treeSize, newer.treeSize, proof, older.rootHash, newer.rootHash);
      } catch (cause) {
        if (!isCoreError(cause)) throw cause;
        throw new ClientError(
          'split_view',
          `the log's checkpoints of sizes ${String(older.treeSize)} and ${String(newer.treeSize)} are not consistent`,
          { cause },
        );
      }
    }
    this.#roots.set(checkpoint.treeSize, checkpoint.rootHash);
    if (this.#roots.size > REMEMBERED_SIZES) {
      const oldest = this.#roots.keys().next();
      if (oldest.done !== true) this.#roots.delete(oldest.value);
    }
    if (this.#latest === undefined || checkpoint.treeSize > this.#latest.treeSize) this.#latest = checkpoint;
  }
}
