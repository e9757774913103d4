import { computeRootHash, generateConsistencyProof, hashLeaf, sha256, type Checkpoint } from '@jmm/core';
import { describe, expect, it } from 'vitest';
import { CheckpointTracker } from './checkpoint-tracker.ts';

/** One log's leaves, and another log that shares its first five and then differs. */
const leaves = Array.from({ length: 12 }, (_, i) => hashLeaf(new Uint8Array([i])));
const forked = [...leaves.slice(0, 5), ...leaves.slice(5).map((_, i) => hashLeaf(new Uint8Array([100 + i])))];

const checkpointOf = (log: readonly Uint8Array[], treeSize: bigint): Checkpoint => ({
  origin: 'o',
  treeSize,
  rootHash: computeRootHash(log.slice(0, Number(treeSize))),
  extensions: [],
});

/** A server that proves consistency within `log`, as GET /api/v1/log/proof/consistency does. */
const proverOf = (log: readonly Uint8Array[]) => (from: bigint, to: bigint) =>
  Promise.resolve(generateConsistencyProof(from, to, log));

describe('CheckpointTracker', () => {
  it('keeps the largest checkpoint it has seen, each proved consistent with it', async () => {
    const tracker = new CheckpointTracker(proverOf(leaves));
    await tracker.observe(checkpointOf(leaves, 5n));
    await tracker.observe(checkpointOf(leaves, 9n));
    await tracker.observe(checkpointOf(leaves, 7n));
    expect(tracker.latest?.treeSize).toBe(9n);
  });

  it('accepts the same checkpoint again', async () => {
    const tracker = new CheckpointTracker(proverOf(leaves));
    await tracker.observe(checkpointOf(leaves, 5n));
    await expect(tracker.observe(checkpointOf(leaves, 5n))).resolves.toBeUndefined();
  });

  describe('when a tree size it has seen arrives with another root hash', () => {
    it('throws split_view', async () => {
      const tracker = new CheckpointTracker();
      await tracker.observe(checkpointOf(leaves, 5n));
      await tracker.observe(checkpointOf(leaves, 6n));
      await expect(
        tracker.observe({ ...checkpointOf(leaves, 5n), rootHash: sha256(new Uint8Array([9])) }),
      ).rejects.toMatchObject({ name: 'ClientError', code: 'split_view' });
    });
  });

  describe('when a larger checkpoint does not extend the one it has seen', () => {
    it('throws split_view: the log rewrote its history', async () => {
      // The server proves consistency within its forked history, which cannot reach the root seen before.
      const tracker = new CheckpointTracker(proverOf(forked));
      await tracker.observe(checkpointOf(leaves, 7n));
      await expect(tracker.observe(checkpointOf(forked, 10n))).rejects.toMatchObject({
        name: 'ClientError',
        code: 'split_view',
      });
      expect(tracker.latest?.treeSize).toBe(7n);
    });

    it('accepts a fork after the size it has seen, which a later reader of both will catch', async () => {
      // Sizes up to 5 are shared, so a checkpoint of 5 is consistent with either history.
      const tracker = new CheckpointTracker(proverOf(forked));
      await tracker.observe(checkpointOf(leaves, 5n));
      await expect(tracker.observe(checkpointOf(forked, 10n))).resolves.toBeUndefined();
    });
  });
});
