import { encodeBase64, encodeUtf8, sha256 } from '@jmm/core';
import type { LogStorage } from '@jmm/log';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCosignatureRepository,
  createLogStorage,
  isStorageError,
  type CosignatureRepository,
  type StoredCosignature,
} from '../src/index.ts';
import { enrollStatement, genesisBatch, nextBatch, type TestBatch } from './support/log-fixtures.ts';
import { rejectionOf } from './support/rejection-of.ts';
import { TEST_DIALECTS, type TestDatabase } from './support/test-dialects.ts';

/** Witness keys of the tests: the organisation that runs each, and a 4-byte key ID. */
const WITNESSES = {
  a: { witnessOrg: 'party-a', witnessName: 'witness.party-a.example', keyHash: Uint8Array.of(1, 2, 3, 4) },
  b: { witnessOrg: 'party-b', witnessName: 'witness.party-b.example', keyHash: Uint8Array.of(5, 6, 7, 8) },
  v: { witnessOrg: 'verifier', witnessName: 'witness.verifier.example', keyHash: Uint8Array.of(9, 9, 9, 9) },
} as const;

/** A stand-in cosignature: storage keeps what the server verified and never checks signatures itself. */
function cosignatureOf(
  batch: TestBatch,
  witness: keyof typeof WITNESSES,
  timestamp = 1_800_000_000n,
): StoredCosignature {
  const { treeSize, rootHash } = batch.checkpoint;
  const { witnessName } = WITNESSES[witness];
  const signature = sha256(encodeUtf8(`${witness} ${treeSize} ${timestamp}`));
  return {
    treeSize,
    rootHash,
    ...WITNESSES[witness],
    timestamp,
    signatureLine: `— ${witnessName} ${encodeBase64(signature)}\n`,
  };
}

describe.each(TEST_DIALECTS)('checkpoint cosignatures on $name', (dialect) => {
  let test: TestDatabase;
  let log: LogStorage;
  let cosignatures: CosignatureRepository;
  /** Checkpoints of sizes 1, 2 and 3. */
  let batches: TestBatch[];

  beforeEach(async () => {
    test = await dialect.createDatabase();
    log = createLogStorage(test.database);
    cosignatures = createCosignatureRepository(test.database);
    const genesis = genesisBatch();
    const second = nextBatch(genesis, [enrollStatement('party-a', 'liaison-1')]);
    const third = nextBatch(second, [enrollStatement('party-b', 'liaison-1')]);
    batches = [genesis, second, third];
    for (const batch of batches) await log.commitBatch(batch);
  });
  afterEach(async () => {
    await test.close();
  });

  describe('saveCosignature', () => {
    it('stores a cosignature once and reads it back with its checkpoint', async () => {
      const cosignature = cosignatureOf(batches[1]!, 'a');
      expect(await cosignatures.saveCosignature(cosignature)).toBe(true);
      expect(await cosignatures.saveCosignature({ ...cosignature, timestamp: 1_900_000_000n })).toBe(false);
      expect(await cosignatures.readCosignatures(2n, batches[1]!.checkpoint.rootHash)).toEqual([cosignature]);
      expect(await cosignatures.readCosignatures(2n, batches[0]!.checkpoint.rootHash)).toEqual([]);
    });

    it('refuses a cosignature on a checkpoint that is not in the history', async () => {
      const stray = { ...cosignatureOf(batches[1]!, 'a'), rootHash: new Uint8Array(32) };
      const error = await rejectionOf(cosignatures.saveCosignature(stray));
      expect(isStorageError(error, 'query_failed')).toBe(true);
    });
  });

  describe('readWitnessedHistory', () => {
    it('pages through the history in ascending size, each checkpoint with its own cosignatures', async () => {
      await cosignatures.saveCosignature(cosignatureOf(batches[0]!, 'v'));
      await cosignatures.saveCosignature(cosignatureOf(batches[1]!, 'b'));
      await cosignatures.saveCosignature(cosignatureOf(batches[1]!, 'a'));

      const page = await cosignatures.readWitnessedHistory(0n, 2);
      expect(page.map((checkpoint) => checkpoint.treeSize)).toEqual([1n, 2n]);
      expect(page[0]).toEqual({ ...batches[0]!.checkpoint, cosignatures: [cosignatureOf(batches[0]!, 'v')] });
      expect(page[1]!.cosignatures).toEqual([
        cosignatureOf(batches[1]!, 'a'),
        cosignatureOf(batches[1]!, 'b'),
      ]);

      const rest = await cosignatures.readWitnessedHistory(3n, 2);
      expect(rest).toEqual([{ ...batches[2]!.checkpoint, cosignatures: [] }]);
      expect(await cosignatures.readWitnessedHistory(4n, 10)).toEqual([]);
    });

    it('refuses a page size outside 1 to 1000', async () => {
      for (const limit of [0, 1001, 1.5]) {
        const error = await rejectionOf(cosignatures.readWitnessedHistory(0n, limit));
        expect(isStorageError(error, 'invalid_argument')).toBe(true);
      }
    });
  });

  describe('findNewestWitnessedCheckpoint', () => {
    it('finds the newest checkpoint cosigned by a witness of every policy organisation', async () => {
      const policy = ['party-a', 'party-b', 'verifier'];
      expect(await cosignatures.findNewestWitnessedCheckpoint(policy)).toBeUndefined();

      for (const witness of ['a', 'b', 'v'] as const) {
        await cosignatures.saveCosignature(cosignatureOf(batches[0]!, witness));
      }
      // The newer checkpoints lack the verifier's cosignature, so the policy is met at size 1 only.
      await cosignatures.saveCosignature(cosignatureOf(batches[1]!, 'a'));
      await cosignatures.saveCosignature(cosignatureOf(batches[1]!, 'b'));
      await cosignatures.saveCosignature(cosignatureOf(batches[2]!, 'a'));

      const found = await cosignatures.findNewestWitnessedCheckpoint(policy);
      expect(found?.treeSize).toBe(1n);
      expect(found?.cosignatures).toHaveLength(3);
      expect((await cosignatures.findNewestWitnessedCheckpoint(['party-a', 'party-b']))?.treeSize).toBe(2n);
      expect((await cosignatures.findNewestWitnessedCheckpoint(['party-a', 'party-a']))?.treeSize).toBe(3n);
    });

    it('counts two witnesses of one organisation once', async () => {
      await cosignatures.saveCosignature(cosignatureOf(batches[2]!, 'a'));
      await cosignatures.saveCosignature({
        ...cosignatureOf(batches[2]!, 'a'),
        witnessName: 'witness2.party-a.example',
      });
      expect(await cosignatures.findNewestWitnessedCheckpoint(['party-a', 'party-b'])).toBeUndefined();
    });

    it('with an empty policy, answers the newest checkpoint and whatever cosignatures it has', async () => {
      await cosignatures.saveCosignature(cosignatureOf(batches[2]!, 'b'));
      expect(await cosignatures.findNewestWitnessedCheckpoint([])).toEqual({
        ...batches[2]!.checkpoint,
        cosignatures: [cosignatureOf(batches[2]!, 'b')],
      });
    });
  });

  describe('readWitnessProgress', () => {
    it('gives the largest tree size each witness key cosigned', async () => {
      expect(await cosignatures.readWitnessProgress()).toEqual([]);
      await cosignatures.saveCosignature(cosignatureOf(batches[0]!, 'a'));
      await cosignatures.saveCosignature(cosignatureOf(batches[2]!, 'a'));
      await cosignatures.saveCosignature(cosignatureOf(batches[1]!, 'b'));
      expect(await cosignatures.readWitnessProgress()).toEqual([
        { witnessName: WITNESSES.a.witnessName, keyHash: WITNESSES.a.keyHash, treeSize: 3n },
        { witnessName: WITNESSES.b.witnessName, keyHash: WITNESSES.b.keyHash, treeSize: 2n },
      ]);
    });
  });
});
