import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCosignatureVerifier,
  createNoteVerifier,
  decodeBase64,
  encodeBase64,
  formatAddCheckpointRequest,
  formatSignerKey,
  generateConsistencyProof,
  openCheckpoint,
  signNote,
  verifyCosignature,
} from '@jmm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestLog, type TestLog } from '../test/support/test-log.ts';
import { generateWitnessKey } from './generate-witness-key.ts';
import { openWitness } from './open-witness.ts';
import type { Witness, WitnessOptions } from './witness.types.ts';

const NOW = new Date('2025-01-02T03:04:05Z');
const NOW_SECONDS = BigInt(NOW.getTime() / 1000);
const KEY = generateWitnessKey('witness.example/w1');

let stateDir: string;
let log: TestLog;
let witness: Witness;

async function open(options: Partial<WitnessOptions> = {}): Promise<Witness> {
  return openWitness({
    stateDir,
    signerKey: KEY.signerKey,
    logs: [{ origin: log.origin, verifierKey: log.verifierKey }],
    now: () => NOW,
    ...options,
  });
}

/** The note text (what a cosignature covers) of a signed checkpoint. */
function textOf(note: string): string {
  return note.slice(0, note.lastIndexOf('\n\n') + 1);
}

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'jmm-witness-'));
  log = await createTestLog();
  log.append(20);
  witness = await open();
});

afterEach(async () => {
  await witness.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('openWitness', () => {
  it('exposes its name and type-0x04 verifier key', () => {
    expect(witness.name).toBe('witness.example/w1');
    expect(witness.verifierKey).toBe(KEY.verifierKey);
    expect(witness.latestSize(log.origin)).toBeUndefined();
  });

  it('refuses a signer key that is not a cosignature key', async () => {
    const ed25519Key = await formatSignerKey('w', new Uint8Array(32));
    await expect(open({ signerKey: ed25519Key })).rejects.toMatchObject({ code: 'invalid_configuration' });
    await expect(open({ signerKey: 'nonsense' })).rejects.toMatchObject({ code: 'invalid_configuration' });
  });

  it('refuses a log key that is not an Ed25519 note key', async () => {
    const logs = [{ origin: log.origin, verifierKey: KEY.verifierKey }];
    await expect(open({ logs })).rejects.toMatchObject({ code: 'invalid_configuration' });
    await expect(open({ logs: [{ origin: log.origin, verifierKey: 'x' }] })).rejects.toMatchObject({
      code: 'invalid_configuration',
    });
    await expect(open({ stateDir: '' })).rejects.toMatchObject({ code: 'invalid_configuration' });
  });

  it('refuses to start on a malformed state file rather than forget a log', async () => {
    await witness.addCheckpoint(await log.request(0, 5));
    const [file] = (await readdir(stateDir)).filter((name) => name.endsWith('.json'));
    await writeFile(join(stateDir, file!), '{"format":"jmm-witness-state/v1","origin":"other"}');
    await expect(open()).rejects.toMatchObject({ code: 'invalid_state' });
    await writeFile(join(stateDir, file!), 'not json');
    await expect(open()).rejects.toMatchObject({ code: 'invalid_state' });
  });
});

describe('addCheckpoint', () => {
  describe('when the witness has never cosigned for the log', () => {
    it('cosigns a checkpoint sent with old size 0 and no proof', async () => {
      const body = await log.request(0, 7);
      const answer = await witness.addCheckpoint(body);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/plain/);
      const checkpoint = await log.checkpoint(7);
      const cosignature = await verifyCosignature(
        textOf(checkpoint),
        answer.body,
        createCosignatureVerifier(witness.verifierKey),
      );
      expect(cosignature.timestamp).toBe(NOW_SECONDS);
      expect(witness.latestSize(log.origin)).toBe(7n);
    });

    it('answers 409 with its size (0) for any other old size', async () => {
      const answer = await witness.addCheckpoint(await log.request(3, 7));
      expect(answer).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '0\n' });
    });
  });

  describe('when the log grows', () => {
    beforeEach(async () => {
      expect((await witness.addCheckpoint(await log.request(0, 5))).status).toBe(200);
    });

    it('cosigns a checkpoint whose consistency proof from the cosigned one verifies', async () => {
      const answer = await witness.addCheckpoint(await log.request(5, 13));
      expect(answer.status).toBe(200);
      expect(witness.latestSize(log.origin)).toBe(13n);
      const opened = await openCheckpoint(
        `${await log.checkpoint(13)}${answer.body}`,
        createNoteVerifier(log.verifierKey),
        { origin: log.origin, cosignatureVerifiers: [createCosignatureVerifier(witness.verifierKey)] },
      );
      expect(opened.cosignatures).toEqual([expect.objectContaining({ timestamp: NOW_SECONDS })]);
    });

    it('cosigns the same checkpoint again, with an empty proof', async () => {
      expect((await witness.addCheckpoint(await log.request(5, 5))).status).toBe(200);
      expect(witness.latestSize(log.origin)).toBe(5n);
    });

    it('answers 422 to a proof that does not verify, and keeps the request as evidence', async () => {
      const proof = generateConsistencyProof(5n, 13n, log.leaves);
      proof[0] = proof[1]!;
      const body = formatAddCheckpointRequest({
        oldSize: 5n,
        consistencyProof: proof,
        checkpoint: await log.checkpoint(13),
      });
      expect((await witness.addCheckpoint(body)).status).toBe(422);
      expect(witness.latestSize(log.origin)).toBe(5n);
      expect(await readdir(join(stateDir, 'evidence'))).toHaveLength(1);
    });

    it('answers 422 to a checkpoint of another history, even with a proof valid for that history', async () => {
      const fork = await createTestLog(log.origin);
      fork.leaves.push(...log.leaves.slice(0, 4));
      fork.append(9, ' (forked)'); // from leaf 4 on: same origin and key, another tree
      const body = await fork.request(5, 13);
      expect((await witness.addCheckpoint(body)).status).toBe(422);
    });

    it('answers 422 to a non-empty proof at the same size', async () => {
      const body = formatAddCheckpointRequest({
        oldSize: 5n,
        consistencyProof: [log.root(5)],
        checkpoint: await log.checkpoint(5),
      });
      expect((await witness.addCheckpoint(body)).status).toBe(422);
    });
  });

  describe('when asked to roll back', () => {
    beforeEach(async () => {
      expect((await witness.addCheckpoint(await log.request(0, 10))).status).toBe(200);
    });

    it('answers 400 to a smaller checkpoint sent from its size (old size > new size)', async () => {
      const body = formatAddCheckpointRequest({
        oldSize: 10n,
        consistencyProof: [],
        checkpoint: await log.checkpoint(6),
      });
      expect((await witness.addCheckpoint(body)).status).toBe(400);
    });

    it('answers 409 with its size to a smaller checkpoint sent from an older size', async () => {
      const answer = await witness.addCheckpoint(await log.request(3, 6));
      expect(answer).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '10\n' });
      expect(witness.latestSize(log.origin)).toBe(10n);
    });

    it('answers 409 to a different root at its size (a fork), and keeps it as evidence', async () => {
      const body = formatAddCheckpointRequest({
        oldSize: 10n,
        consistencyProof: [],
        checkpoint: await log.checkpoint(10, log.root(9)),
      });
      const answer = await witness.addCheckpoint(body);
      expect(answer.status).toBe(409);
      expect(answer.contentType).toMatch(/^text\/plain/);
      expect(await readdir(join(stateDir, 'evidence'))).toHaveLength(1);
    });

    it('still refuses after a restart: the state is durable', async () => {
      await witness.close();
      witness = await open();
      expect(witness.latestSize(log.origin)).toBe(10n);
      expect((await witness.addCheckpoint(await log.request(0, 6))).status).toBe(409);
      expect((await witness.addCheckpoint(await log.request(10, 14))).status).toBe(200);
      await witness.close();
      witness = await open();
      expect(witness.latestSize(log.origin)).toBe(14n);
    });
  });

  describe('checks the log and the request before any state', () => {
    it('answers 404 to an unknown origin', async () => {
      const other = await createTestLog('other.example/log', 2);
      other.append(3);
      expect((await witness.addCheckpoint(await other.request(0, 3))).status).toBe(404);
    });

    it("answers 403 to a checkpoint signed by another key under the log's name", async () => {
      const impostor = await createTestLog(log.origin, 3);
      impostor.append(3);
      expect((await witness.addCheckpoint(await impostor.request(0, 3))).status).toBe(403);
    });

    it('answers 403 to a checkpoint whose log signature is broken', async () => {
      const note = await log.checkpoint(3);
      const split = note.lastIndexOf('\n\n');
      const [, name, signature] = note.slice(split + 2, -1).split(' ');
      const bytes = decodeBase64(signature!);
      bytes[10]! ^= 1;
      const broken = `${note.slice(0, split)}\n\n— ${name!} ${encodeBase64(bytes)}\n`;
      const body = formatAddCheckpointRequest({ oldSize: 0n, consistencyProof: [], checkpoint: broken });
      expect((await witness.addCheckpoint(body)).status).toBe(403);
    });

    it('ignores signatures from unknown keys (other witnesses) beside the log one', async () => {
      const other = await createTestLog('other.example/log', 2);
      const note = `${await log.checkpoint(3)}${(await other.checkpoint(0)).split('\n\n')[1]!}`;
      const body = formatAddCheckpointRequest({ oldSize: 0n, consistencyProof: [], checkpoint: note });
      expect((await witness.addCheckpoint(body)).status).toBe(200);
    });

    it('trusts every key listed for an origin', async () => {
      const rotated = await createTestLog(log.origin, 4);
      rotated.append(3);
      await witness.close();
      witness = await open({
        logs: [
          { origin: log.origin, verifierKey: log.verifierKey },
          { origin: log.origin, verifierKey: rotated.verifierKey },
        ],
      });
      expect((await witness.addCheckpoint(await rotated.request(0, 3))).status).toBe(200);
    });

    it.each([
      ['a malformed body', 'hello'],
      ['a note without signatures', 'old 0\n\nlog.example/test\n1\nAAAA\n'],
    ])('answers 400 to %s', async (_, body) => {
      expect((await witness.addCheckpoint(body)).status).toBe(400);
    });

    it('answers 400 to a signed note that is not a checkpoint', async () => {
      const note = await signNote(`${log.origin}\nnot a size\n`, [log.signer]);
      const body = formatAddCheckpointRequest({ oldSize: 0n, consistencyProof: [], checkpoint: note });
      expect((await witness.addCheckpoint(body)).status).toBe(400);
    });
  });

  describe('under concurrent requests for one log', () => {
    it('cosigns exactly one of two requests from the same old size, and never rolls back', async () => {
      await witness.addCheckpoint(await log.request(0, 4));
      const bodies = [await log.request(4, 12), await log.request(4, 8)];
      const answers = await Promise.all(bodies.map((body) => witness.addCheckpoint(body)));
      // Either may win the race; the loser learns the winner's size, and the state is the winner's.
      const winner = answers.findIndex((a) => a.status === 200);
      const loser = 1 - winner;
      expect(answers[loser]).toMatchObject({ status: 409, contentType: 'text/x.tlog.size' });
      const winnerSize = winner === 0 ? 12n : 8n;
      expect(answers[loser]!.body).toBe(`${winnerSize.toString()}\n`);
      expect(witness.latestSize(log.origin)).toBe(winnerSize);
    });
  });

  it('refuses requests once closed', async () => {
    await witness.close();
    await expect(witness.addCheckpoint(await log.request(0, 1))).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('a cosignature', () => {
  it('does not verify for any other checkpoint', async () => {
    const answer = await witness.addCheckpoint(await log.request(0, 5));
    const verifier = createCosignatureVerifier(witness.verifierKey);
    const other = textOf(await log.checkpoint(6));
    await expect(verifyCosignature(other, answer.body, verifier)).rejects.toMatchObject({
      code: 'invalid_cosignature',
    });
    await expect(
      openCheckpoint(`${await log.checkpoint(6)}${answer.body}`, createNoteVerifier(log.verifierKey), {
        origin: log.origin,
        cosignatureVerifiers: [verifier],
      }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});
