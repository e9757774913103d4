import { ed25519 as nobleEd25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import { ed25519 } from '../crypto/index.ts';
import { decodeBase64, decodeUtf8, encodeBase64, encodeUtf8 } from '../encoding/index.ts';
import {
  MAX_COSIGNATURE_TIMESTAMP,
  createCosignatureNoteSigner,
  createCosignatureVerifier,
  createCosigner,
  encodeCosignedMessage,
  parseTimestampedSignature,
  signCosignature,
  verifyCosignature,
  type CosignatureVerifier,
  type Cosigner,
} from './cosignature.ts';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  computeNoteKeyHash,
  formatSignerKey,
  formatVerifierKey,
} from './note-key.ts';
import { createNoteSigner } from './note-signer.ts';
import { createNoteVerifier } from './note-verifier.ts';
import { openNote, parseSignatureLine, signNote } from './signed-note.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

// The c2sp.org/tlog-cosignature examples (CC BY 4.0): a checkpoint body, the message a witness signs for it at
// time 1679315147, and the example cosignature line, whose timestamp is that time.
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_MESSAGE =
  'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_COSIGNATURE_LINE =
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';

const WITNESS = 'witness.example/w1';
const SEED = new Uint8Array(32).fill(9);
let cosigner: Cosigner;
let verifier: CosignatureVerifier;

beforeAll(async () => {
  cosigner = await createCosigner({ name: WITNESS, seed: SEED });
  verifier = createCosignatureVerifier(
    formatVerifierKey(WITNESS, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1),
  );
});

describe('encodeCosignedMessage', () => {
  it('is the spec example byte for byte', () => {
    expect(decodeUtf8(encodeCosignedMessage(SPEC_BODY, 1679315147n))).toBe(SPEC_MESSAGE);
  });
  it('writes the timestamp in decimal without leading zeros', () => {
    expect(decodeUtf8(encodeCosignedMessage(SPEC_BODY, 0n))).toBe(`cosignature/v1\ntime 0\n${SPEC_BODY}`);
  });
  it('refuses bodies that are not checkpoints and timestamps outside 0..2^63-1', () => {
    expect(() => encodeCosignedMessage('hello\n', 1n)).toThrow(coreError('invalid_checkpoint'));
    expect(() => encodeCosignedMessage(SPEC_BODY, -1n)).toThrow(coreError('invalid_cosignature'));
    expect(() => encodeCosignedMessage(SPEC_BODY, MAX_COSIGNATURE_TIMESTAMP + 1n)).toThrow(
      coreError('invalid_cosignature'),
    );
  });
});

describe('parseTimestampedSignature', () => {
  it('reads the timestamp of the spec example cosignature', () => {
    const line = parseSignatureLine(SPEC_COSIGNATURE_LINE);
    expect(line?.name).toBe('witness.example.com/w1');
    expect(parseTimestampedSignature(line!.signature).timestamp).toBe(1679315147n);
  });

  // transparency-dev/formats note tests (Apache-2.0): a cosignature stamped 1727964367, and a plain
  // Ed25519 note signature, which has no timestamp.
  it('reads the timestamp of a cosignature from another implementation', () => {
    const bytes = decodeBase64(
      'ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==',
    );
    expect(parseTimestampedSignature(bytes.subarray(4)).timestamp).toBe(1727964367n);
  });
  it('rejects a plain Ed25519 signature with invalid_cosignature', () => {
    const bytes = decodeBase64(
      'eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=',
    );
    expect(() => parseTimestampedSignature(bytes.subarray(4))).toThrow(coreError('invalid_cosignature'));
  });
  it('rejects a timestamp over 2^63-1 with invalid_cosignature', () => {
    const bytes = new Uint8Array(72);
    bytes[0] = 0x80;
    expect(() => parseTimestampedSignature(bytes)).toThrow(coreError('invalid_cosignature'));
  });
  it('throws only CoreError for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        try {
          expect(parseTimestampedSignature(bytes).timestamp).toBeLessThanOrEqual(MAX_COSIGNATURE_TIMESTAMP);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });
});

describe('signCosignature', () => {
  it('writes key ID (type 0x04), big-endian timestamp and an Ed25519 signature over the spec message', async () => {
    const line = await signCosignature(SPEC_BODY, 1679315147n, cosigner);
    expect(line.startsWith(`\u2014 ${WITNESS} `)).toBe(true);
    expect(line.endsWith('\n')).toBe(true);
    const bytes = decodeBase64(line.slice(0, -1).split(' ')[2]!);
    expect(bytes.subarray(0, 4)).toEqual(computeNoteKeyHash(WITNESS, 0x04, cosigner.publicKey));
    expect(bytes.subarray(4, 12)).toEqual(Uint8Array.of(0, 0, 0, 0, 0x64, 0x18, 0x50, 0xcb));
    // An independent Ed25519 implementation, over the spec's literal message, gives the same signature.
    expect(bytes.subarray(12)).toEqual(nobleEd25519.sign(encodeUtf8(SPEC_MESSAGE), SEED));
  });

  it('refuses bad timestamps, non-checkpoint bodies and signers of the wrong signature length', async () => {
    await expect(signCosignature(SPEC_BODY, -1n, cosigner)).rejects.toThrow(coreError('invalid_cosignature'));
    await expect(signCosignature('not\na checkpoint\n', 1n, cosigner)).rejects.toThrow(
      coreError('invalid_checkpoint'),
    );
    const broken: Cosigner = {
      ...cosigner,
      signer: { ...cosigner.signer, sign: () => Promise.resolve(new Uint8Array(63)) },
    };
    await expect(signCosignature(SPEC_BODY, 1n, broken)).rejects.toThrow(coreError('invalid_signature'));
  });
});

describe('createCosigner', () => {
  it('accepts a type-0x04 signer key string and an Ed25519Signer', async () => {
    const fromString = await createCosigner(
      await formatSignerKey(WITNESS, SEED, SIGNATURE_TYPE_COSIGNATURE_V1),
    );
    expect(fromString.keyHash).toEqual(cosigner.keyHash);
    const fromSigner = await createCosigner({ name: WITNESS, signer: await ed25519.createSigner(SEED) });
    expect(fromSigner.keyHash).toEqual(cosigner.keyHash);
  });
  it('refuses a type-0x01 signer key string with invalid_key', async () => {
    await expect(createCosigner(await formatSignerKey(WITNESS, SEED))).rejects.toThrow(
      coreError('invalid_key'),
    );
  });
});

describe('createCosignatureVerifier', () => {
  it('refuses a type-0x01 verifier key with invalid_key', () => {
    expect(() => createCosignatureVerifier(formatVerifierKey(WITNESS, cosigner.publicKey))).toThrow(
      coreError('invalid_key'),
    );
  });
  it('does not verify texts that are not checkpoints, or malformed signatures', async () => {
    const signature = new Uint8Array(72);
    expect(await verifier.verify(encodeUtf8('hello\n'), signature)).toBe(false);
    expect(await verifier.verify(encodeUtf8(SPEC_BODY), new Uint8Array(71))).toBe(false);
    expect(await verifier.verify(Uint8Array.of(0xff), signature)).toBe(false);
  });
  it('refuses a genuine signature by the key over a text that is not a checkpoint', async () => {
    const stamped = new Uint8Array(72);
    stamped[7] = 1;
    stamped.set(nobleEd25519.sign(encodeUtf8('cosignature/v1\ntime 1\nhello\n'), SEED), 8);
    expect(await verifier.verify(encodeUtf8('hello\n'), stamped)).toBe(false);
    // The same construction over a checkpoint does verify, so only the body made the difference.
    stamped.set(nobleEd25519.sign(encodeUtf8(`cosignature/v1\ntime 1\n${SPEC_BODY}`), SEED), 8);
    expect(await verifier.verify(encodeUtf8(SPEC_BODY), stamped)).toBe(true);
  });

  it('exposes the timestamp of a cosignature', () => {
    const line = parseSignatureLine(SPEC_COSIGNATURE_LINE)!;
    expect(verifier.timestampOf(line.signature)).toBe(1679315147n);
    expect(() => verifier.timestampOf(new Uint8Array(10))).toThrow(coreError('invalid_cosignature'));
  });
});

describe('verifyCosignature', () => {
  it('returns the name, key ID and timestamp of a valid cosignature', async () => {
    const line = await signCosignature(SPEC_BODY, 1700000000n, cosigner);
    const cosignature = await verifyCosignature(SPEC_BODY, line, verifier);
    expect(cosignature).toMatchObject({ name: WITNESS, keyHash: cosigner.keyHash, timestamp: 1700000000n });
    expect(cosignature.signature).toHaveLength(72);
  });

  it('covers extension lines', async () => {
    const body = `${SPEC_BODY}extension\n`;
    const line = await signCosignature(body, 1n, cosigner);
    await expect(verifyCosignature(body, line, verifier)).resolves.toBeDefined();
    await expect(verifyCosignature(`${SPEC_BODY}extensioN\n`, line, verifier)).rejects.toThrow(
      coreError('invalid_cosignature'),
    );
  });

  it('rejects a cosignature of another checkpoint, or with a changed timestamp', async () => {
    const line = await signCosignature(SPEC_BODY, 5n, cosigner);
    const other = SPEC_BODY.replace('20852163', '20852164');
    await expect(verifyCosignature(other, line, verifier)).rejects.toThrow(coreError('invalid_cosignature'));
    const bytes = decodeBase64(line.slice(0, -1).split(' ')[2]!);
    bytes[11] = 6;
    const restamped = `\u2014 ${WITNESS} ${encodeBase64(bytes)}\n`;
    await expect(verifyCosignature(SPEC_BODY, restamped, verifier)).rejects.toThrow(
      coreError('invalid_cosignature'),
    );
  });

  it('rejects a line from another key, a malformed line, or a body that is not a checkpoint', async () => {
    const line = await signCosignature(SPEC_BODY, 5n, cosigner);
    const stranger = await createCosigner({ name: WITNESS, seed: new Uint8Array(32).fill(10) });
    const strangerLine = await signCosignature(SPEC_BODY, 5n, stranger);
    await expect(verifyCosignature(SPEC_BODY, strangerLine, verifier)).rejects.toThrow(
      coreError('invalid_cosignature'),
    );
    await expect(verifyCosignature(SPEC_BODY, line.slice(0, -1), verifier)).rejects.toThrow(
      coreError('invalid_cosignature'),
    );
    await expect(verifyCosignature(SPEC_BODY, `${line}${line}`, verifier)).rejects.toThrow(
      coreError('invalid_cosignature'),
    );
    const short = `\u2014 ${WITNESS} ${encodeBase64(new Uint8Array([...cosigner.keyHash, 1, 2, 3]))}\n`;
    await expect(verifyCosignature(SPEC_BODY, short, verifier)).rejects.toThrow(
      coreError('invalid_cosignature'),
    );
    await expect(verifyCosignature('x\n', line, verifier)).rejects.toThrow(coreError('invalid_checkpoint'));
  });

  it('throws only CoreError for arbitrary and mutated lines', async () => {
    const line = await signCosignature(SPEC_BODY, 5n, cosigner);
    const mutated = fc
      .tuple(fc.nat({ max: line.length }), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }))
      .map(([at, remove, insert]) => line.slice(0, at) + insert + line.slice(at + remove));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary' }), mutated), async (candidate) => {
        try {
          await verifyCosignature(SPEC_BODY, candidate, verifier);
          expect(candidate).toBe(line);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });
});

describe('cosignatures in signed notes', () => {
  it('sign and open alongside the log signature', async () => {
    const log = await createNoteSigner({
      name: 'example.com/behind-the-sofa',
      seed: new Uint8Array(32).fill(4),
    });
    const note = await signNote(SPEC_BODY, [log, createCosignatureNoteSigner(cosigner, 1234n)]);
    const opened = await openNote(note, [verifier]);
    expect(opened.signatures.map((signature) => signature.name)).toEqual([WITNESS]);
    expect(verifier.timestampOf(opened.signatures[0]!.signature)).toBe(1234n);
    expect(opened.unverifiedSignatures.map((signature) => signature.name)).toEqual([
      'example.com/behind-the-sofa',
    ]);
  });

  it('are unknown to a plain Ed25519 verifier of the same key, whose key ID differs', async () => {
    const note = await signNote(SPEC_BODY, [createCosignatureNoteSigner(cosigner, 1n)]);
    const plain = createNoteVerifier(formatVerifierKey(WITNESS, cosigner.publicKey));
    await expect(openNote(note, [plain])).rejects.toThrow(coreError('unverified_note'));
    await expect(
      openNote(note, [createNoteVerifier(formatVerifierKey(WITNESS, cosigner.publicKey, 4))]),
    ).resolves.toBeDefined();
  });

  it('refuse to cosign a note that is not a checkpoint', async () => {
    await expect(signNote('hello\n', [createCosignatureNoteSigner(cosigner, 1n)])).rejects.toThrow(
      coreError('invalid_checkpoint'),
    );
    expect(() => createCosignatureNoteSigner(cosigner, MAX_COSIGNATURE_TIMESTAMP + 1n)).toThrow(
      coreError('invalid_cosignature'),
    );
  });

  it('report a witness that cosigned twice, at different times, once: its first line', async () => {
    const first = await signCosignature(SPEC_BODY, 1n, cosigner);
    const second = await signCosignature(SPEC_BODY, 2n, cosigner);
    const opened = await openNote(`${SPEC_BODY}\n${first}${second}`, [verifier]);
    expect(opened.signatures).toHaveLength(1);
    expect(verifier.timestampOf(opened.signatures[0]!.signature)).toBe(1n);
  });

  it('reject the note when a known cosigner signed something other than the checkpoint text', async () => {
    const line = await signCosignature(SPEC_BODY, 1n, cosigner);
    const other = SPEC_BODY.replace('20852163', '20852164');
    await expect(openNote(`${other}\n${line}`, [verifier])).rejects.toThrow(coreError('invalid_signature'));
  });
});
