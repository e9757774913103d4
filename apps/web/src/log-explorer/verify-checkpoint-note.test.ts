import { describe, expect, it } from 'vitest';
import {
  checkpointOf,
  createCosignatureNoteSigner,
  createLogKey,
  createWitness,
  makeEntries,
  ORIGIN,
  signCheckpointNote,
} from './log.fixture.ts';
import { verifyCheckpointNote } from './verify-checkpoint-note.ts';

const checkpoint = checkpointOf(makeEntries(7));

describe('verifyCheckpointNote', () => {
  describe("when the log's signature verifies with the pinned key", () => {
    it('shows the checkpoint as verified, with each witness cosignature', async () => {
      const log = await createLogKey();
      const alpha = await createWitness('witness.alpha', 2);
      const beta = await createWitness('witness.beta', 3);
      const note = await signCheckpointNote(checkpoint, [
        log.signer,
        createCosignatureNoteSigner(alpha.cosigner, 1_700_000_000n),
      ]);
      const report = await verifyCheckpointNote(note, {
        origin: ORIGIN,
        logVerifierKey: log.vkey,
        witnesses: [
          { name: alpha.name, vkey: alpha.vkey, org: 'alpha' },
          { name: beta.name, vkey: beta.vkey, org: 'beta' },
        ],
        witnessPolicy: [],
      });
      if (!report.verified) throw new Error(report.reason);
      expect(report.checkpoint.treeSize).toBe(7n);
      expect(report.final).toBeUndefined();
      expect(report.witnesses).toEqual([
        { name: 'witness.alpha', org: 'alpha', status: { kind: 'cosigned', timestamp: 1_700_000_000n } },
        { name: 'witness.beta', org: 'beta', status: { kind: 'missing' } },
      ]);
    });
  });

  describe('when the checkpoint is signed by another key than the pinned one', () => {
    it('shows the checkpoint as not verified', async () => {
      const pinned = await createLogKey(1);
      const other = await createLogKey(9);
      const note = await signCheckpointNote(checkpoint, [other.signer]);
      const report = await verifyCheckpointNote(note, {
        origin: ORIGIN,
        logVerifierKey: pinned.vkey,
        witnesses: [],
        witnessPolicy: [],
      });
      expect(report.verified).toBe(false);
    });
  });

  describe("when the log's signature is wrong", () => {
    it('shows the checkpoint as not verified', async () => {
      const log = await createLogKey();
      const note = await signCheckpointNote(checkpoint, [log.signer]);
      // Flip one character of the signature's base64 (after the key name and key hash).
      const at = note.length - 10;
      const tampered = note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1);
      const report = await verifyCheckpointNote(tampered, {
        origin: ORIGIN,
        logVerifierKey: log.vkey,
        witnesses: [],
        witnessPolicy: [],
      });
      expect(report).toMatchObject({ verified: false });
    });
  });

  describe("when a cosignature is by another key under the witness's name", () => {
    it('does not count it for the witness and keeps the checkpoint verified', async () => {
      const log = await createLogKey();
      const alpha = await createWitness('witness.alpha', 2);
      const impostor = await createWitness('witness.alpha', 4);
      const note = await signCheckpointNote(checkpoint, [
        log.signer,
        createCosignatureNoteSigner(impostor.cosigner, 1n),
      ]);
      const report = await verifyCheckpointNote(note, {
        origin: ORIGIN,
        logVerifierKey: log.vkey,
        witnesses: [{ name: alpha.name, vkey: alpha.vkey, org: 'alpha' }],
        witnessPolicy: ['alpha'],
      });
      if (!report.verified) throw new Error(report.reason);
      // Another key of the same name has another key hash: its line is not the witness's, so it is missing.
      expect(report.witnesses[0]?.status.kind).toBe('missing');
      expect(report.otherSignatures).toEqual(['witness.alpha']);
      // So the policy that needs alpha's witness is not met.
      expect(report.final).toBe(false);
      expect(report.awaiting).toEqual(['alpha']);
    });
  });

  describe('with a witness policy', () => {
    it('is final only when a witness of every organisation it names cosigned, verified here', async () => {
      const log = await createLogKey();
      const alpha = await createWitness('witness.alpha', 2);
      const beta = await createWitness('witness.beta', 3);
      const trust = {
        origin: ORIGIN,
        logVerifierKey: log.vkey,
        witnesses: [
          { name: alpha.name, vkey: alpha.vkey, org: 'alpha' },
          { name: beta.name, vkey: beta.vkey, org: 'beta' },
        ],
        witnessPolicy: ['alpha', 'beta'],
      };
      const alphaOnly = await verifyCheckpointNote(
        await signCheckpointNote(checkpoint, [log.signer, createCosignatureNoteSigner(alpha.cosigner, 1n)]),
        trust,
      );
      if (!alphaOnly.verified) throw new Error(alphaOnly.reason);
      expect([alphaOnly.final, alphaOnly.awaiting]).toEqual([false, ['beta']]);
      const both = await verifyCheckpointNote(
        await signCheckpointNote(checkpoint, [
          log.signer,
          createCosignatureNoteSigner(alpha.cosigner, 1n),
          createCosignatureNoteSigner(beta.cosigner, 2n),
        ]),
        trust,
      );
      if (!both.verified) throw new Error(both.reason);
      expect([both.final, both.awaiting]).toEqual([true, []]);
    });
  });
});
