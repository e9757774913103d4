import { decodeBase64, encodeBase64, sha256, type Envelope } from '@jmm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeLog, signedIncident, type FakeLog } from '../test/fake-log.ts';
import { CheckpointTracker } from './checkpoint-tracker.ts';
import { ClientError } from './client-error.ts';
import type { SequencedAnswer } from './sequenced-answer.ts';
import { createLogVerifier, verifyLoggedStatement } from './verify-logged-statement.ts';

let log: FakeLog;
let envelope: Envelope;
let answer: SequencedAnswer;

beforeAll(async () => {
  log = await createFakeLog({ filler: 6 });
  envelope = await signedIncident();
  answer = await log.append(envelope);
});

function contextFor(fakeLog: FakeLog, tracker = new CheckpointTracker()) {
  const trust = { origin: fakeLog.origin, logVerifierKey: fakeLog.vkey };
  return { trust, logVerifier: createLogVerifier(trust), tracker, envelope };
}

async function refusal(promise: Promise<unknown>): Promise<ClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClientError);
  return error as ClientError;
}

/** Base64 `text` with one bit of byte `at` flipped (negative counts from the end). */
function flipped(text: string, at = 0): string {
  const bytes = decodeBase64(text);
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = bytes[i]! ^ 1;
  return encodeBase64(bytes);
}

describe('verifyLoggedStatement', () => {
  describe('for an honest answer', () => {
    it('proves the envelope is in the log under a signed checkpoint', async () => {
      const tracker = new CheckpointTracker();
      const verified = await verifyLoggedStatement(answer, contextFor(log, tracker));
      expect(verified).toMatchObject({ verified: true, digest: answer.digest, index: 6n });
      expect(verified.checkpoint.treeSize).toBe(7n);
      expect(verified.entry).toMatchObject({ v: 1, digest: answer.digest, audience: 'mechanism' });
      expect(tracker.latest?.treeSize).toBe(7n);
    });
  });

  describe('when the inclusion proof is tampered with', () => {
    it('refuses it as proof_invalid', async () => {
      const tampered = {
        ...answer,
        inclusion_proof: answer.inclusion_proof.map((h, i) => (i === 0 ? flipped(h) : h)),
      };
      expect((await refusal(verifyLoggedStatement(tampered, contextFor(log)))).code).toBe('proof_invalid');
    });

    it('refuses a proof for another leaf index', async () => {
      const moved = { ...answer, index: answer.index - 1 };
      expect((await refusal(verifyLoggedStatement(moved, contextFor(log)))).code).toBe('proof_invalid');
    });

    it('refuses a proof cut short', async () => {
      const short = { ...answer, inclusion_proof: answer.inclusion_proof.slice(1) };
      expect((await refusal(verifyLoggedStatement(short, contextFor(log)))).code).toBe('proof_invalid');
    });
  });

  describe('when the checkpoint signature is tampered with', () => {
    it('refuses it as checkpoint_invalid', async () => {
      const forged = answer.checkpoint.replace(
        / (\S+)\n$/,
        (_line, signature: string) => ` ${flipped(signature, -1)}\n`,
      );
      expect(forged).not.toBe(answer.checkpoint);
      const error = await refusal(verifyLoggedStatement({ ...answer, checkpoint: forged }, contextFor(log)));
      expect(error.code).toBe('checkpoint_invalid');
    });
  });

  describe('when the checkpoint is signed by another log', () => {
    it('refuses it as checkpoint_invalid', async () => {
      const other = await createFakeLog({ filler: 6, origin: 'jmm.example.org/other' });
      const theirs = await other.append(envelope);
      const error = await refusal(
        verifyLoggedStatement({ ...answer, checkpoint: theirs.checkpoint }, contextFor(log)),
      );
      expect(error.code).toBe('checkpoint_invalid');
    });
  });

  describe('when the checkpoint has another tree size than the proof', () => {
    it('refuses it as proof_invalid', async () => {
      const error = await refusal(verifyLoggedStatement({ ...answer, tree_size: 8 }, contextFor(log)));
      expect(error.code).toBe('proof_invalid');
    });
  });

  describe('when the entry names another envelope', () => {
    it('refuses it as entry_mismatch', async () => {
      const other = { ...envelope, payload: encodeBase64(sha256(decodeBase64(envelope.payload))) };
      const error = await refusal(verifyLoggedStatement(answer, { ...contextFor(log), envelope: other }));
      expect(error.code).toBe('entry_mismatch');
    });
  });

  describe('when the same tree size arrives with another root', () => {
    it('refuses the second view as split_view, though each proof holds on its own', async () => {
      const tracker = new CheckpointTracker();
      await verifyLoggedStatement(answer, contextFor(log, tracker));
      const fork = await createFakeLog({ filler: 6, fork: 'other history' });
      const forked = await fork.append(envelope);
      await expect(verifyLoggedStatement(forked, contextFor(fork))).resolves.toMatchObject({
        verified: true,
      });
      const error = await refusal(verifyLoggedStatement(forked, contextFor(fork, tracker)));
      expect(error.code).toBe('split_view');
    });
  });
});
