import { describe, expect, it } from 'vitest';
import { checkpointOf, makeEntries, makeTileSource } from './log.fixture.ts';
import { verifyEntryByIndex, type TileSource } from './verify-entry-by-index.ts';

describe('verifyEntryByIndex', () => {
  describe('when the tiles are honest', () => {
    it.each([0, 5, 255, 256, 299])('verifies entry %i of a tree of 300 against the checkpoint', async (i) => {
      const entries = makeEntries(300);
      const report = await verifyEntryByIndex(BigInt(i), checkpointOf(entries), makeTileSource(entries));
      expect(report.problems).toEqual([]);
      expect(report.verified).toBe(true);
      expect(report.digest).toBe(`sha256:${i.toString(16).padStart(64, '0')}`);
      expect(report.entry).toMatchObject({ v: 1, audience: 'mechanism' });
    });
  });

  describe("when the entry bundle holds another entry than the one the tile's leaf hash names", () => {
    it('shows the entry as not verified', async () => {
      const entries = makeEntries(10);
      const honest = makeTileSource(entries);
      const forged = makeEntries(11).slice(1); // every entry shifted by one
      const lying = makeTileSource(forged);
      const source: TileSource = {
        readHashTile: honest.readHashTile,
        readEntryBundle: (index, width) => lying.readEntryBundle(index, width),
      };
      const report = await verifyEntryByIndex(3n, checkpointOf(entries), source);
      expect(report.verified).toBe(false);
      expect(report.problems).toContain('leaf_hash_mismatch');
      expect(report.problems).toContain('inclusion_proof_failed');
    });
  });

  describe('when the tiles are of another tree than the checkpoint', () => {
    it('shows the entry as not verified', async () => {
      const entries = makeEntries(10);
      const other = makeEntries(11).slice(1);
      const report = await verifyEntryByIndex(3n, checkpointOf(entries), makeTileSource(other));
      expect(report.verified).toBe(false);
      expect(report.problems).toEqual(['inclusion_proof_failed']);
    });
  });

  describe('when the entry bundle is malformed', () => {
    it('reports the bundle, not an entry', async () => {
      const entries = makeEntries(4);
      const source: TileSource = {
        ...makeTileSource(entries),
        readEntryBundle: () => Promise.resolve(Uint8Array.of(0, 9, 1)),
      };
      const report = await verifyEntryByIndex(1n, checkpointOf(entries), source);
      expect(report).toMatchObject({ verified: false, problems: ['bundle_malformed'], entry: undefined });
    });
  });

  describe('when the index is outside the tree', () => {
    it('throws a RangeError', async () => {
      const entries = makeEntries(4);
      await expect(verifyEntryByIndex(4n, checkpointOf(entries), makeTileSource(entries))).rejects.toThrow(
        RangeError,
      );
    });
  });
});
