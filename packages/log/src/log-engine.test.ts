import {
  createNoteVerifier,
  decodeUtf8,
  encodeBase64,
  formatVerifierKey,
  hashLeaf,
  openCheckpoint,
  SIGNATURE_TYPE_ED25519,
  verifyInclusionProof,
} from '@jmm/core';
import { describe, expect, it } from 'vitest';
import { MemoryLogStorage } from '../test/memory-log-storage.ts';
import { enrolment, genesis, logSigner, ORIGIN, seedFor, sign, T0 } from '../test/signed-mechanism.ts';
import { LogEngine, type LogEngineHealth, type LogEngineOptions, type SubmitResult } from './log-engine.ts';
import { ed25519 } from '@jmm/core';
import { resolveMetricPeriod } from '@jmm/domain';

async function openEngine(
  storage = new MemoryLogStorage(),
  clock = () => T0,
  options: Pick<
    LogEngineOptions,
    'maxQueue' | 'maxBatch' | 'reloadDelayMillis' | 'findReportDocumentSizes'
  > = {},
) {
  const engine = await LogEngine.open({
    storage,
    origin: ORIGIN,
    logSigner: await logSigner(),
    clock,
    ...options,
  });
  return { engine, storage };
}

async function checkpointVerifier() {
  const signer = await ed25519.createSigner(seedFor('log'));
  return createNoteVerifier(formatVerifierKey(ORIGIN, signer.publicKey, SIGNATURE_TYPE_ED25519));
}

/** Checks the answer the way a client would: signed checkpoint, then the entry's inclusion in it. */
async function expectVerifiable(result: SubmitResult): Promise<void> {
  const opened = await openCheckpoint(result.checkpoint, await checkpointVerifier(), { origin: ORIGIN });
  expect(opened.checkpoint.treeSize).toBe(result.treeSize);
  expect(() => {
    verifyInclusionProof(
      hashLeaf(result.entry),
      result.index,
      result.treeSize,
      result.inclusionProof,
      opened.checkpoint.rootHash,
    );
  }).not.toThrow();
  expect(JSON.parse(decodeUtf8(result.entry))).toMatchObject({
    v: 1,
    digest: result.digest,
    time: result.logTime,
  });
}

const FAST_RELOAD = { reloadDelayMillis: { initial: 5, max: 20 } } as const;

/** Waits (bounded) until the engine reports `state`: recovery runs in the background of the sequencing loop. */
async function waitForHealth(engine: LogEngine, state: LogEngineHealth['state']): Promise<void> {
  for (let waited = 0; engine.health.state !== state; waited += 5) {
    if (waited > 2000) throw new Error(`the engine is still ${engine.health.state}, not ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('LogEngine', () => {
  describe('on an empty log', () => {
    it('sequences the genesis at index 0 with a verifiable proof and checkpoint', async () => {
      const { engine, storage } = await openEngine();
      const result = await engine.submit(await sign(await genesis()));
      expect(result.index).toBe(0n);
      expect(result.duplicate).toBe(false);
      expect(storage.checkpoint?.treeSize).toBe(1n);
      await expectVerifiable(result);
    });

    it('refuses anything but a genesis, and logs nothing', async () => {
      const { engine, storage } = await openEngine();
      await expect(engine.submit(await sign(await enrolment('pa', 'r1', T0)))).rejects.toMatchObject({
        code: 'genesis_required',
      });
      expect(storage.commits).toBe(0);
    });
  });

  describe('when many members submit at once', () => {
    it('batches them, gives each a distinct index and a proof to the same signed checkpoint', async () => {
      const { engine, storage } = await openEngine();
      await engine.submit(await sign(await genesis()));
      const envelopes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          enrolment(i % 2 === 0 ? 'pa' : 'pb', `m${i}`, T0).then((s) => sign(s)),
        ),
      );
      const results = await Promise.all(envelopes.map((envelope) => engine.submit(envelope)));
      expect(results.map((r) => r.index).sort((a, b) => Number(a - b))).toEqual(
        Array.from({ length: 40 }, (_, i) => BigInt(i + 1)),
      );
      expect(storage.commits).toBeLessThan(41);
      for (const result of results) await expectVerifiable(result);
    });
  });

  describe('when an envelope is resubmitted', () => {
    it('answers with the existing index and changes nothing', async () => {
      const { engine, storage } = await openEngine();
      const envelope = await sign(await genesis());
      const first = await engine.submit(envelope);
      const again = await engine.submit(envelope);
      expect(again).toMatchObject({ index: first.index, digest: first.digest, duplicate: true });
      expect(storage.entries).toHaveLength(1);
      await expectVerifiable(again);
    });

    it('deduplicates copies submitted in the same batch', async () => {
      const { engine, storage } = await openEngine();
      const envelope = await sign(await genesis());
      const [a, b] = await Promise.all([engine.submit(envelope), engine.submit(envelope)]);
      expect(a.index).toBe(b.index);
      expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
      expect(storage.entries).toHaveLength(1);
    });
  });

  describe('when a submission is invalid', () => {
    it('rejects a bad signature before sequencing', async () => {
      const { engine } = await openEngine();
      const envelope = await sign(await genesis());
      const forged = {
        ...envelope,
        signatures: [
          {
            ...envelope.signatures[0]!,
            sig: envelope.signatures[0]!.sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
          },
        ],
      };
      await expect(engine.submit(forged)).rejects.toMatchObject({ code: 'invalid_envelope' });
    });

    it('checks the signature of a key enrolled earlier in the same batch', async () => {
      const { engine, storage } = await openEngine();
      await engine.submit(await sign(await genesis()));
      // Hold commits so that the next three submissions queue up behind one in progress and form one batch.
      let release: () => void = () => undefined;
      storage.commitGate = new Promise((resolve) => (release = resolve));
      const inProgress = engine.submit(await sign(await enrolment('pb', 'other', T0)));
      const enrol = engine.submit(await sign(await enrolment('pa', 'deputy', T0, ['admin'])));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const byDeputy = await enrolment('pa', 'r9', T0);
      const signedByDeputy = await sign(
        { ...byDeputy, issuer: { org: 'pa', member: 'deputy' } },
        'pa/deputy',
      );
      const forgedByDeputy = await sign(
        {
          ...byDeputy,
          issuer: { org: 'pa', member: 'deputy' },
          body: { ...byDeputy.body, member: 'r10' } as never,
        },
        'pb/admin',
      );
      const forged = {
        ...forgedByDeputy,
        signatures: [{ ...forgedByDeputy.signatures[0]!, keyid: signedByDeputy.signatures[0]!.keyid }],
      };
      const accepted = engine.submit(signedByDeputy);
      const rejected = engine.submit(forged);
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      storage.commitGate = undefined;
      await inProgress;
      expect((await enrol).index).toBe(2n);
      expect((await accepted).index).toBe(3n);
      await expect(rejected).rejects.toMatchObject({ code: 'invalid_envelope' });
    });

    it('rejects payloads of another type, and envelopes with two signatures', async () => {
      const { engine } = await openEngine();
      const envelope = await sign(await genesis());
      await expect(engine.submit({ ...envelope, payloadType: 'text/plain' })).rejects.toMatchObject({
        code: 'invalid_envelope',
      });
      await expect(
        engine.submit({ ...envelope, signatures: [envelope.signatures[0]!, envelope.signatures[0]!] }),
      ).rejects.toMatchObject({
        name: 'CoreError',
      });
      await expect(engine.submit('not an envelope')).rejects.toMatchObject({ name: 'CoreError' });
    });
  });

  describe('a published report', () => {
    it('must cite a root hash the log really had, cover a calendar period, and carry the public metrics there', async () => {
      // The server stores one document: 1000 bytes of 'a…a'.
      const lookedUp: string[][] = [];
      const { engine, storage } = await openEngine(undefined, undefined, {
        findReportDocumentSizes: (sha256s) => {
          lookedUp.push([...sha256s]);
          return Promise.resolve(new Map([['a'.repeat(64), 1000]]));
        },
      });
      await engine.submit(await sign(await genesis()));
      const month = resolveMetricPeriod('month', T0);
      const report = (
        rootHash: string,
        metrics: Record<string, number> = {},
        period: { start: string; end: string } = month,
        document = { sha256: 'a'.repeat(64), media_type: 'application/pdf' as const, bytes: 1000 },
      ) =>
        sign({
          jmm: 1,
          type: 'report.publish',
          mechanism: ORIGIN,
          issuer: { org: 'sec', member: 'admin' },
          issued_at: new Date(T0).toISOString(),
          audience: { kind: 'public' },
          refs: [],
          body: {
            title: 'Monthly report',
            period: { start: period.start, end: period.end },
            checkpoint: { tree_size: 1, root_hash: rootHash },
            metrics,
            documents: [document],
          },
        });
      const root = encodeBase64(storage.history[0]!.rootHash);
      const refusals = [
        await report(encodeBase64(new Uint8Array(32))),
        // Not a calendar week, month or quarter.
        await report(
          root,
          {},
          { start: new Date(T0 - 86_400_000).toISOString(), end: new Date(T0).toISOString() },
        ),
        // A number the log does not give: at this checkpoint no public count reaches the minimum cell size.
        await report(root, { 'incidents.alleged_by.pa.total': 3 }),
        // A document the server does not store, or not with that size.
        await report(root, {}, month, { sha256: 'b'.repeat(64), media_type: 'application/pdf', bytes: 1000 }),
        await report(root, {}, month, { sha256: 'a'.repeat(64), media_type: 'application/pdf', bytes: 999 }),
      ];
      for (const refused of refusals)
        await expect(engine.submit(refused)).rejects.toMatchObject({ code: 'invalid_statement' });
      const accepted = await engine.submit(await report(root));
      expect(accepted.index).toBe(1n);
      expect(lookedUp).toContainEqual(['b'.repeat(64)]);
    });
  });

  describe('log time', () => {
    it('never goes backwards when the clock does', async () => {
      let now = T0 + 60_000;
      const { engine } = await openEngine(undefined, () => now);
      const first = await engine.submit(await sign(await genesis(T0 + 60_000)));
      now = T0;
      const second = await engine.submit(await sign(await enrolment('pa', 'r1', T0)));
      expect(second.logTime >= first.logTime).toBe(true);
    });
  });

  describe('back-pressure', () => {
    it('refuses submissions beyond the queue bound with overloaded and a retry hint', async () => {
      const { engine } = await openEngine(undefined, undefined, { maxQueue: 1 });
      const envelope = await sign(await genesis());
      const first = engine.submit(envelope);
      await expect(engine.submit(envelope)).rejects.toMatchObject({
        code: 'overloaded',
        retryAfterSeconds: 1,
      });
      await first;
    });
  });

  describe('when a commit fails', () => {
    it('tells every submitter of the batch, keeps its state, and sequences the next batch normally', async () => {
      const { engine, storage } = await openEngine();
      await engine.submit(await sign(await genesis()));
      storage.failNextCommit = new Error('connection lost');
      await expect(engine.submit(await sign(await enrolment('pa', 'r1', T0)))).rejects.toThrow(
        'connection lost',
      );
      expect(engine.mechanismState.size).toBe(1n);
      const retried = await engine.submit(await sign(await enrolment('pa', 'r1', T0)));
      expect(retried.index).toBe(1n);
      await expectVerifiable(retried);
    });

    it('stops sequencing, and says so, when storage proves inconsistent after another writer moved the checkpoint', async () => {
      const { engine, storage } = await openEngine(undefined, undefined, FAST_RELOAD);
      await engine.submit(await sign(await genesis()));
      storage.checkpoint = { ...storage.checkpoint!, treeSize: 99n };
      await expect(engine.submit(await sign(await enrolment('pa', 'r1', T0)))).rejects.toMatchObject({
        code: 'checkpoint_conflict',
      });
      await waitForHealth(engine, 'failed');
      expect(engine.health).toMatchObject({ cause: { code: 'storage_corrupt' } });
      await expect(engine.submit(await sign(await enrolment('pa', 'r2', T0)))).rejects.toMatchObject({
        code: 'not_ready',
      });
    });
  });

  describe('when a commit fails without saying whether it was written', () => {
    it('learns from the stored checkpoint that it committed, answers with success, and dedupes the resubmission', async () => {
      const { engine, storage } = await openEngine();
      await engine.submit(await sign(await genesis()));
      storage.failAfterNextCommit = new Error('connection lost after COMMIT');
      const envelope = await sign(await enrolment('pa', 'r1', T0));
      const result = await engine.submit(envelope);
      expect(result).toMatchObject({ index: 1n, treeSize: 2n, duplicate: false });
      await expectVerifiable(result);
      expect(engine.health.state).toBe('ready');
      expect(engine.mechanismState.size).toBe(2n);
      const again = await engine.submit(envelope);
      expect(again).toMatchObject({ index: 1n, duplicate: true });
      const next = await engine.submit(await sign(await enrolment('pa', 'r2', T0)));
      expect(next.index).toBe(2n);
      expect(storage.entries).toHaveLength(3);
    });

    it('learns from the stored checkpoint that nothing was written and refuses the batch, staying ready', async () => {
      const { engine, storage } = await openEngine();
      await engine.submit(await sign(await genesis()));
      storage.failNextCommit = new Error('connection lost before COMMIT');
      const envelope = await sign(await enrolment('pa', 'r1', T0));
      await expect(engine.submit(envelope)).rejects.toThrow('connection lost before COMMIT');
      expect(engine.health.state).toBe('ready');
      expect(storage.entries).toHaveLength(1);
      expect(await engine.submit(envelope)).toMatchObject({ index: 1n, duplicate: false });
    });

    it('answers outcome_unknown while storage cannot be read, is not ready until it reloads, then dedupes', async () => {
      const { engine, storage } = await openEngine(undefined, undefined, FAST_RELOAD);
      await engine.submit(await sign(await genesis()));
      storage.failAfterNextCommit = new Error('connection lost after COMMIT');
      storage.failCheckpointReads = 3;
      const envelope = await sign(await enrolment('pa', 'r1', T0));
      await expect(engine.submit(envelope)).rejects.toMatchObject({
        code: 'outcome_unknown',
        retryAfterSeconds: 1,
      });
      expect(engine.health.state).toBe('recovering');
      await expect(engine.submit(await sign(await enrolment('pa', 'r2', T0)))).rejects.toMatchObject({
        code: 'not_ready',
      });
      await waitForHealth(engine, 'ready');
      expect(engine.latestCheckpoint?.treeSize).toBe(2n);
      expect(await engine.submit(envelope)).toMatchObject({ index: 1n, duplicate: true });
      const next = await engine.submit(await sign(await enrolment('pa', 'r2', T0)));
      expect(next.index).toBe(2n);
      await expectVerifiable(next);
    });

    it('stops waiting to reload when closed', async () => {
      const { engine, storage } = await openEngine(undefined, undefined, {
        reloadDelayMillis: { initial: 60_000, max: 60_000 },
      });
      await engine.submit(await sign(await genesis()));
      storage.failNextCommit = new Error('connection lost');
      storage.failCheckpointReads = Number.POSITIVE_INFINITY;
      await expect(engine.submit(await sign(await enrolment('pa', 'r1', T0)))).rejects.toMatchObject({
        code: 'outcome_unknown',
      });
      await engine.close();
      expect(engine.health.state).toBe('recovering');
    });
  });

  describe('when another writer advanced the log', () => {
    it('refuses the batch that met the conflict, reloads, and sequences on top of the other writer', async () => {
      const storage = new MemoryLogStorage();
      const { engine } = await openEngine(storage, undefined, FAST_RELOAD);
      await engine.submit(await sign(await genesis()));
      const other = await openEngine(storage);
      const theirs = await sign(await enrolment('pb', 'r1', T0));
      expect((await other.engine.submit(theirs)).index).toBe(1n);

      const ours = await sign(await enrolment('pa', 'r2', T0));
      await expect(engine.submit(ours)).rejects.toMatchObject({ code: 'checkpoint_conflict' });
      await waitForHealth(engine, 'ready');
      expect(engine.mechanismState.size).toBe(2n);
      const result = await engine.submit(ours);
      expect(result).toMatchObject({ index: 2n, duplicate: false });
      await expectVerifiable(result);
      expect(await engine.submit(theirs)).toMatchObject({ index: 1n, duplicate: true });
      expect(storage.entries.map((entry) => entry.index)).toEqual([0n, 1n, 2n]);
    });
  });

  describe('when reopened', () => {
    it('recovers membership and the tree from storage and continues the log', async () => {
      const storage = new MemoryLogStorage();
      const first = await openEngine(storage);
      await first.engine.submit(await sign(await genesis()));
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          enrolment('pa', `m${i}`, T0)
            .then(sign)
            .then((e) => first.engine.submit(e)),
        ),
      );
      const reopened = await openEngine(storage);
      expect(reopened.engine.mechanismState.size).toBe(301n);
      expect(reopened.engine.mechanismState.members.size).toBe(first.engine.mechanismState.members.size);
      const next = await reopened.engine.submit(await sign(await enrolment('pb', 'late', T0)));
      expect(next.index).toBe(301n);
      await expectVerifiable(next);
    });

    it('refuses storage whose tiles do not match the checkpoint', async () => {
      const storage = new MemoryLogStorage();
      const { engine } = await openEngine(storage);
      await engine.submit(await sign(await genesis()));
      storage.checkpoint = { ...storage.checkpoint!, rootHash: new Uint8Array(32) };
      await expect(openEngine(storage)).rejects.toMatchObject({ code: 'storage_corrupt' });
    });
  });
});
