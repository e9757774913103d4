import { sha256 } from '@jmm/core';
import { describe, expect, it } from 'vitest';
import { CheckpointTracker } from './checkpoint-tracker.ts';

const checkpoint = (treeSize: bigint, seed: number) => ({
  origin: 'o',
  treeSize,
  rootHash: sha256(new Uint8Array([seed])),
  extensions: [],
});

describe('CheckpointTracker', () => {
  it('keeps the largest checkpoint it has seen', () => {
    const tracker = new CheckpointTracker();
    tracker.observe(checkpoint(5n, 1));
    tracker.observe(checkpoint(9n, 2));
    tracker.observe(checkpoint(7n, 3));
    expect(tracker.latest?.treeSize).toBe(9n);
  });

  it('accepts the same checkpoint again', () => {
    const tracker = new CheckpointTracker();
    tracker.observe(checkpoint(5n, 1));
    expect(() => {
      tracker.observe(checkpoint(5n, 1));
    }).not.toThrow();
  });

  describe('when a tree size it has seen arrives with another root hash', () => {
    it('throws split_view', () => {
      const tracker = new CheckpointTracker();
      tracker.observe(checkpoint(5n, 1));
      tracker.observe(checkpoint(6n, 2));
      expect(() => {
        tracker.observe(checkpoint(5n, 9));
      }).toThrow(expect.objectContaining({ name: 'ClientError', code: 'split_view' }) as Error);
    });
  });
});
