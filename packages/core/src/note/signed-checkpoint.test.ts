import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import { ed25519 } from '../crypto/index.ts';
import {
  createCosignatureVerifier,
  createCosigner,
  signCosignature,
  type CosignatureVerifier,
  type Cosigner,
} from './cosignature.ts';
import { SIGNATURE_TYPE_COSIGNATURE_V1, formatVerifierKey } from './note-key.ts';
import { createNoteSigner } from './note-signer.ts';
import { createNoteVerifier } from './note-verifier.ts';
import type { NoteSigner, NoteVerifier } from './note.types.ts';
import { openCheckpoint, signCheckpoint } from './signed-checkpoint.ts';
import { signNote } from './signed-note.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

const ORIGIN = 'jmm.example.org/pak-afg';
const CHECKPOINT = { origin: ORIGIN, treeSize: 7n, rootHash: new Uint8Array(32).fill(0xab) };

let logSigner: NoteSigner;
let logVerifier: NoteVerifier;
let witnesses: { cosigner: Cosigner; verifier: CosignatureVerifier }[];

async function makeWitness(
  name: string,
  fill: number,
): Promise<{ cosigner: Cosigner; verifier: CosignatureVerifier }> {
  const cosigner = await createCosigner({ name, seed: new Uint8Array(32).fill(fill) });
  const vkey = formatVerifierKey(name, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1);
  return { cosigner, verifier: createCosignatureVerifier(vkey) };
}

beforeAll(async () => {
  const seed = new Uint8Array(32).fill(1);
  logSigner = await createNoteSigner({ name: ORIGIN, seed });
  logVerifier = createNoteVerifier(formatVerifierKey(ORIGIN, (await ed25519.createSigner(seed)).publicKey));
  witnesses = [
    await makeWitness('witness.party-a.example', 2),
    await makeWitness('witness.verifier.example', 3),
  ];
});

describe('signCheckpoint', () => {
  it("signs the checkpoint text with the log's key", async () => {
    const note = await signCheckpoint(CHECKPOINT, logSigner);
    expect(note.startsWith(`${ORIGIN}\n7\n`)).toBe(true);
    expect(note).toContain(`\n\n\u2014 ${ORIGIN} `);
  });
  it('refuses a log key whose name is not the origin', async () => {
    await expect(signCheckpoint({ ...CHECKPOINT, origin: 'other.example' }, logSigner)).rejects.toThrow(
      coreError('invalid_argument'),
    );
  });
});

describe('openCheckpoint', () => {
  it('returns the checkpoint and the verified cosignatures with their timestamps', async () => {
    let note = await signCheckpoint(CHECKPOINT, logSigner);
    const body = note.slice(0, note.indexOf('\n\n') + 1);
    note += await signCosignature(body, 1700000000n, witnesses[0]!.cosigner);
    note += await signCosignature(body, 1700000001n, witnesses[1]!.cosigner);
    const opened = await openCheckpoint(note, logVerifier, {
      origin: ORIGIN,
      cosignatureVerifiers: [witnesses[1]!.verifier],
    });
    expect(opened.checkpoint).toEqual({ ...CHECKPOINT, extensions: [] });
    expect(opened.text).toBe(body);
    expect(opened.cosignatures).toEqual([
      { name: 'witness.verifier.example', keyHash: witnesses[1]!.cosigner.keyHash, timestamp: 1700000001n },
    ]);
    expect(opened.unverifiedSignatures.map((signature) => signature.name)).toEqual([
      'witness.party-a.example',
    ]);
  });

  it('opens a checkpoint without cosigners', async () => {
    const opened = await openCheckpoint(await signCheckpoint(CHECKPOINT, logSigner), logVerifier, {
      origin: ORIGIN,
    });
    expect(opened.cosignatures).toEqual([]);
  });

  it('rejects a note that only witnesses signed with unverified_note', async () => {
    const body = (await signCheckpoint(CHECKPOINT, logSigner)).split('\n\n')[0]! + '\n';
    const cosigned = `${body}\n${await signCosignature(body, 1n, witnesses[0]!.cosigner)}`;
    await expect(
      openCheckpoint(cosigned, logVerifier, {
        origin: ORIGIN,
        cosignatureVerifiers: [witnesses[0]!.verifier],
      }),
    ).rejects.toThrow(coreError('unverified_note'));
  });

  it('rejects a log verifier whose name is not the expected origin with invalid_argument', async () => {
    const note = await signCheckpoint(CHECKPOINT, logSigner);
    await expect(openCheckpoint(note, logVerifier, { origin: 'other.example' })).rejects.toThrow(
      coreError('invalid_argument'),
    );
  });

  it('rejects a signed text that is not a checkpoint of the expected origin with invalid_checkpoint', async () => {
    const notCheckpoint = await signNote('hello\n', [logSigner]);
    await expect(openCheckpoint(notCheckpoint, logVerifier, { origin: ORIGIN })).rejects.toThrow(
      coreError('invalid_checkpoint'),
    );
    const otherOrigin = await signNote(`other.example\n1\n${'A'.repeat(43)}=\n`, [logSigner]);
    await expect(openCheckpoint(otherOrigin, logVerifier, { origin: ORIGIN })).rejects.toThrow(
      coreError('invalid_checkpoint'),
    );
  });

  it("rejects a checkpoint whose listed witness's cosignature fails with invalid_signature", async () => {
    const note = await signCheckpoint(CHECKPOINT, logSigner);
    const otherBody = note.slice(0, note.indexOf('\n\n') + 1).replace('\n7\n', '\n8\n');
    const wrong = await signCosignature(otherBody, 1n, witnesses[0]!.cosigner);
    await expect(
      openCheckpoint(note + wrong, logVerifier, {
        origin: ORIGIN,
        cosignatureVerifiers: [witnesses[0]!.verifier],
      }),
    ).rejects.toThrow(coreError('invalid_signature'));
  });

  it('passes note bounds through', async () => {
    const note = await signCheckpoint(CHECKPOINT, logSigner);
    await expect(openCheckpoint(note, logVerifier, { origin: ORIGIN, maxNoteBytes: 10 })).rejects.toThrow(
      coreError('size_limit'),
    );
  });

  it('throws only CoreError for mutated checkpoint notes', async () => {
    const note = await signCheckpoint(CHECKPOINT, logSigner);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: note.length }),
        fc.nat({ max: 3 }),
        fc.string({ maxLength: 3 }),
        async (at, remove, insert) => {
          const mutated = note.slice(0, at) + insert + note.slice(at + remove);
          try {
            const opened = await openCheckpoint(mutated, logVerifier, { origin: ORIGIN });
            expect(opened.checkpoint.treeSize).toBe(7n);
          } catch (error) {
            expect(error).toBeInstanceOf(CoreError);
          }
        },
      ),
    );
  });
});
