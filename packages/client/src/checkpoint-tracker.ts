import { encodeHex, equalBytes, type Checkpoint } from '@jmm/core';
import { ClientError } from './client-error.ts';

/** Root hashes remembered per tree size, newest last; older sizes beyond this are forgotten. */
const REMEMBERED_SIZES = 256;

/**
 * The checkpoints a client has verified, to catch a split view (c2sp.org/tlog-checkpoint, RFC 9162 §8.2): a log
 * that signs two different root hashes for one tree size is showing different histories to different readers.
 * A newer (larger) checkpoint is accepted; proving it consistent with the older one is an auditor's job
 * (`GET /api/v1/log/proof/consistency`), not done here.
 */
export class CheckpointTracker {
  readonly #roots = new Map<bigint, Uint8Array>();
  #latest: Checkpoint | undefined;

  /** The largest checkpoint seen so far. */
  get latest(): Checkpoint | undefined {
    return this.#latest;
  }

  /** Records a verified checkpoint; throws `split_view` if its size was seen with another root hash. */
  observe(checkpoint: Checkpoint): void {
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
    this.#roots.set(checkpoint.treeSize, checkpoint.rootHash);
    if (this.#roots.size > REMEMBERED_SIZES) {
      const oldest = this.#roots.keys().next();
      if (oldest.done !== true) this.#roots.delete(oldest.value);
    }
    if (this.#latest === undefined || checkpoint.treeSize > this.#latest.treeSize) this.#latest = checkpoint;
  }
}
