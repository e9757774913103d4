import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import { ed25519 } from '../crypto/index.ts';
import { decodeBase64, encodeBase64, encodeUtf8 } from '../encoding/index.ts';
import { formatVerifierKey } from './note-key.ts';
import { createNoteSigner } from './note-signer.ts';
import { createNoteVerifier } from './note-verifier.ts';
import type { NoteSigner, NoteVerifier } from './note.types.ts';
import {
  DEFAULT_MAX_NOTE_BYTES,
  formatSignatureLine,
  openNote,
  parseSignatureLine,
  signNote,
} from './signed-note.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

interface TestKey {
  signer: NoteSigner;
  verifier: NoteVerifier;
}

async function makeKey(name: string, fill: number): Promise<TestKey> {
  const seed = new Uint8Array(32).fill(fill);
  const { publicKey } = await ed25519.createSigner(seed);
  return {
    signer: await createNoteSigner({ name, seed }),
    verifier: createNoteVerifier(formatVerifierKey(name, publicKey)),
  };
}

/** The same line with one bit of its signature flipped: well-formed, but no longer a valid signature. */
function corruptLine(line: string): string {
  const [dash, name, base64] = line.slice(0, -1).split(' ') as [string, string, string];
  const bytes = decodeBase64(base64);
  bytes[bytes.length - 1]! ^= 1;
  return `${dash} ${name} ${encodeBase64(bytes)}\n`;
}

const TEXT = 'example.com/log\n42\nsome text\n';
let alice: TestKey;
let bob: TestKey;
let carol: TestKey;
let aliceLine: string;
let bobLine: string;

beforeAll(async () => {
  alice = await makeKey('alice.example', 1);
  bob = await makeKey('bob.example', 2);
  carol = await makeKey('carol.example', 3);
  const note = await signNote(TEXT, [alice.signer, bob.signer]);
  [aliceLine, bobLine] = note
    .slice(TEXT.length + 1)
    .split(/(?<=\n)/)
    .filter((line) => line !== '') as [string, string];
});

describe('signNote', () => {
  it('writes the text, a blank line, then one signature line per signer in order', async () => {
    const note = await signNote(TEXT, [alice.signer, bob.signer]);
    expect(note).toBe(`${TEXT}\n${aliceLine}${bobLine}`);
    expect(aliceLine.startsWith('\u2014 alice.example ')).toBe(true);
  });

  it('signs texts that contain blank lines, which the last blank line separates from the signatures', async () => {
    const text = 'first\n\nthird\n\n';
    const opened = await openNote(await signNote(text, [alice.signer]), [alice.verifier]);
    expect(opened.text).toBe(text);
  });

  it.each([
    ['does not end with a newline', 'abc'],
    ['is empty', ''],
    ['has a control character', 'a\tb\n'],
    ['has a carriage return', 'a\r\n'],
    ['has a lone surrogate', 'a\uD800\n'],
  ])('rejects a text that %s with invalid_note', async (_, text) => {
    await expect(signNote(text, [alice.signer])).rejects.toThrow(coreError('invalid_note'));
  });

  it('needs at least one signer, each key once', async () => {
    await expect(signNote(TEXT, [])).rejects.toThrow(coreError('invalid_argument'));
    await expect(signNote(TEXT, [alice.signer, alice.signer])).rejects.toThrow(coreError('invalid_argument'));
  });

  it('refuses more than 100 signers with size_limit', async () => {
    await expect(signNote(TEXT, Array<NoteSigner>(101).fill(alice.signer))).rejects.toThrow(
      coreError('size_limit'),
    );
  });

  it('refuses signers with an invalid name or key ID with invalid_key', async () => {
    const badName = { ...alice.signer, name: 'bad name' };
    const badHash = { ...alice.signer, keyHash: new Uint8Array(3) };
    await expect(signNote(TEXT, [badName])).rejects.toThrow(coreError('invalid_key'));
    await expect(signNote(TEXT, [badHash])).rejects.toThrow(coreError('invalid_key'));
  });

  it('refuses an empty signature with invalid_signature', async () => {
    const empty: NoteSigner = { ...alice.signer, sign: () => Promise.resolve(new Uint8Array(0)) };
    await expect(signNote(TEXT, [empty])).rejects.toThrow(coreError('invalid_signature'));
  });

  it('refuses to produce a note that openNote would refuse as too large', async () => {
    const huge = `${'a'.repeat(DEFAULT_MAX_NOTE_BYTES)}\n`;
    await expect(signNote(huge, [alice.signer])).rejects.toThrow(coreError('size_limit'));
    const almost = `${'a'.repeat(DEFAULT_MAX_NOTE_BYTES - 20)}\n`;
    await expect(signNote(almost, [alice.signer])).rejects.toThrow(coreError('size_limit'));
  });
});

describe('formatSignatureLine and parseSignatureLine', () => {
  it('are inverse on well-formed lines', () => {
    const line = formatSignatureLine('a.example', Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5));
    expect(line).toBe('\u2014 a.example AQIDBAU=\n');
    expect(parseSignatureLine(line.slice(0, -1))).toEqual({
      name: 'a.example',
      keyHash: Uint8Array.of(1, 2, 3, 4),
      signature: Uint8Array.of(5),
    });
  });
});

describe('openNote', () => {
  describe('when one signature is from a known key and one from an unknown key', () => {
    it('returns the text, the verified signature and the unknown one', async () => {
      const opened = await openNote(`${TEXT}\n${aliceLine}${bobLine}`, [alice.verifier]);
      expect(opened.text).toBe(TEXT);
      expect(opened.signatures).toHaveLength(1);
      expect(opened.signatures[0]).toMatchObject({ name: 'alice.example', keyHash: alice.verifier.keyHash });
      expect(opened.signatures[0]?.signature).toHaveLength(64);
      expect(opened.unverifiedSignatures.map((signature) => signature.name)).toEqual(['bob.example']);
    });
  });

  describe('when every signature is from a known key', () => {
    it('verifies them all, in note order', async () => {
      const opened = await openNote(`${TEXT}\n${bobLine}${aliceLine}`, [alice.verifier, bob.verifier]);
      expect(opened.signatures.map((signature) => signature.name)).toEqual(['bob.example', 'alice.example']);
      expect(opened.unverifiedSignatures).toEqual([]);
    });
  });

  describe('when no signature is from a known key', () => {
    it('rejects the note with unverified_note', async () => {
      await expect(openNote(`${TEXT}\n${aliceLine}${bobLine}`, [carol.verifier])).rejects.toThrow(
        coreError('unverified_note'),
      );
      await expect(openNote(`${TEXT}\n${aliceLine}`, [])).rejects.toThrow(coreError('unverified_note'));
    });
  });

  describe("when a known key's signature fails", () => {
    it('rejects the note, even if another known key verifies', async () => {
      const note = `${TEXT}\n${aliceLine}${corruptLine(bobLine)}`;
      await expect(openNote(note, [alice.verifier, bob.verifier])).rejects.toThrow(
        coreError('invalid_signature'),
      );
    });

    it('rejects a signature too short for the algorithm', async () => {
      const short = formatSignatureLine('alice.example', alice.verifier.keyHash, Uint8Array.of(1));
      await expect(openNote(`${TEXT}\n${short}`, [alice.verifier])).rejects.toThrow(
        coreError('invalid_signature'),
      );
    });

    it('rejects a second, different line from a verified key (stricter than Go, as the spec says)', async () => {
      const note = `${TEXT}\n${aliceLine}${corruptLine(aliceLine)}`;
      await expect(openNote(note, [alice.verifier])).rejects.toThrow(coreError('invalid_signature'));
    });

    it('ignores the same corruption from an unknown key', async () => {
      const opened = await openNote(`${TEXT}\n${aliceLine}${corruptLine(bobLine)}`, [alice.verifier]);
      expect(opened.unverifiedSignatures).toHaveLength(1);
    });
  });

  describe('when a signature shares only its name or only its key ID with a known key', () => {
    it('ignores it as unknown', async () => {
      const sameName = formatSignatureLine('alice.example', Uint8Array.of(0, 0, 0, 0), new Uint8Array(64));
      const sameHash = formatSignatureLine('mallory.example', alice.verifier.keyHash, new Uint8Array(64));
      const opened = await openNote(`${TEXT}\n${sameName}${sameHash}${aliceLine}`, [alice.verifier]);
      expect(opened.signatures).toHaveLength(1);
      expect(opened.unverifiedSignatures.map((signature) => signature.name)).toEqual([
        'alice.example',
        'mallory.example',
      ]);
    });
  });

  describe('when lines repeat', () => {
    it('reports a verified key once and identical unknown lines once, but distinct unknown lines each', async () => {
      const corruptBob = corruptLine(bobLine);
      const note = `${TEXT}\n${aliceLine}${aliceLine}${bobLine}${bobLine}${corruptBob}`;
      const opened = await openNote(note, [alice.verifier]);
      expect(opened.signatures).toHaveLength(1);
      expect(opened.unverifiedSignatures).toHaveLength(2);
    });
  });

  describe('when the verifier list holds two keys with the same name and key ID', () => {
    it('fails with invalid_argument if a signature needs that key, as Go reports an ambiguous key', async () => {
      const note = `${TEXT}\n${bobLine}`;
      await expect(openNote(note, [bob.verifier, alice.verifier, bob.verifier])).rejects.toThrow(
        coreError('invalid_argument'),
      );
    });
    it('opens notes that do not need it', async () => {
      const opened = await openNote(`${TEXT}\n${aliceLine}`, [bob.verifier, alice.verifier, bob.verifier]);
      expect(opened.signatures).toHaveLength(1);
    });
  });

  it('rejects verifiers without a valid name or 4-byte key ID with invalid_argument', async () => {
    const badName = { ...alice.verifier, name: '' };
    const badHash = { ...alice.verifier, keyHash: new Uint8Array(5) };
    await expect(openNote(`${TEXT}\n${aliceLine}`, [badName])).rejects.toThrow(coreError('invalid_argument'));
    await expect(openNote(`${TEXT}\n${aliceLine}`, [badHash])).rejects.toThrow(coreError('invalid_argument'));
  });

  describe('signature count bounds', () => {
    it('accepts 16 signatures even with the smallest allowed maximum, as the spec requires', async () => {
      const opened = await openNote(`${TEXT}\n${aliceLine.repeat(16)}`, [alice.verifier], {
        maxSignatures: 16,
      });
      expect(opened.signatures).toHaveLength(1);
    });
    it('accepts 100 signature lines by default and refuses 101 with size_limit', async () => {
      await expect(openNote(`${TEXT}\n${aliceLine.repeat(100)}`, [alice.verifier])).resolves.toBeDefined();
      await expect(openNote(`${TEXT}\n${aliceLine.repeat(101)}`, [alice.verifier])).rejects.toThrow(
        coreError('size_limit'),
      );
      await expect(openNote(`${TEXT}\n${bobLine.repeat(101)}`, [])).rejects.toThrow(coreError('size_limit'));
    });
    it('applies a caller maximum', async () => {
      await expect(
        openNote(`${TEXT}\n${aliceLine.repeat(21)}`, [alice.verifier], { maxSignatures: 20 }),
      ).rejects.toThrow(coreError('size_limit'));
    });
    it.each([15, 16.5, Number.NaN])(
      'refuses a maximum of %d with invalid_argument',
      async (maxSignatures) => {
        await expect(openNote(`${TEXT}\n${aliceLine}`, [alice.verifier], { maxSignatures })).rejects.toThrow(
          coreError('invalid_argument'),
        );
      },
    );
  });

  describe('size bounds', () => {
    const note = (): string => `${TEXT}\n${aliceLine}`;
    it('refuses a note over maxNoteBytes with size_limit, counted in UTF-8 bytes', async () => {
      const limit = { maxNoteBytes: encodeUtf8(note()).length - 1 };
      await expect(openNote(note(), [alice.verifier], limit)).rejects.toThrow(coreError('size_limit'));
      await expect(openNote(encodeUtf8(note()), [alice.verifier], limit)).rejects.toThrow(
        coreError('size_limit'),
      );
      // Fewer UTF-16 code units than the bound, more UTF-8 bytes: the em dash is one unit and three bytes.
      const units = { maxNoteBytes: note().length };
      await expect(openNote(note(), [alice.verifier], units)).rejects.toThrow(coreError('size_limit'));
    });
    it('opens a note at exactly the bound', async () => {
      const exact = { maxNoteBytes: encodeUtf8(note()).length };
      await expect(openNote(note(), [alice.verifier], exact)).resolves.toBeDefined();
    });
    it.each([0, -1, 2.5])('refuses maxNoteBytes %d with invalid_argument', async (maxNoteBytes) => {
      await expect(openNote(note(), [alice.verifier], { maxNoteBytes })).rejects.toThrow(
        coreError('invalid_argument'),
      );
    });
  });

  it('opens UTF-8 bytes as it opens text', async () => {
    const opened = await openNote(encodeUtf8(`${TEXT}\n${aliceLine}`), [alice.verifier]);
    expect(opened.text).toBe(TEXT);
  });

  describe('malformed notes', () => {
    const cases: [string, () => string | Uint8Array][] = [
      ['text alone', () => TEXT],
      ['text and a blank line', () => `${TEXT}\n`],
      ['a last line without its newline', () => `${TEXT}\n${aliceLine.slice(0, -1)}`],
      ['a control character', () => `\x01${TEXT}\n${aliceLine}`],
      ['a tab', () => `a\tb\n\n${aliceLine}`],
      ['a lone surrogate', () => `\uDC00${TEXT}\n${aliceLine}`],
      ['invalid UTF-8', () => Uint8Array.of(0xff, ...encodeUtf8(`${TEXT}\n${aliceLine}`))],
      ['a name with a space', () => `${TEXT}\n\u2014 Bad Name ${aliceLine.split(' ')[2]!}`],
      ['a line after the signatures', () => `${TEXT}\n${aliceLine}Unexpected line.\n`],
      ['a line without the em dash', () => `${TEXT}\n${aliceLine.replace('\u2014', '--')}`],
      ['a hyphen instead of the em dash', () => `${TEXT}\n${aliceLine.replace('\u2014', '\u2013')}`],
      ['no space after the name', () => `${TEXT}\n\u2014 alice.example\n`],
      ['an empty signature', () => `${TEXT}\n\u2014 alice.example \n`],
      ['two spaces after the name', () => `${TEXT}\n${aliceLine.replace('example ', 'example  ')}`],
      ['an empty name', () => `${TEXT}\n\u2014  ${aliceLine.split(' ')[2]!}`],
      ['only a key ID', () => `${TEXT}\n\u2014 alice.example ${encodeBase64(alice.verifier.keyHash)}\n`],
      ['non-canonical base64', () => `${TEXT}\n\u2014 alice.example AQIDBAV=\n`],
      ['unpadded base64', () => `${TEXT}\n\u2014 alice.example AQIDBAU\n`],
    ];
    it.each(cases)('rejects %s with invalid_note', async (_, note) => {
      await expect(openNote(note(), [alice.verifier])).rejects.toThrow(coreError('invalid_note'));
    });
  });

  describe('on arbitrary input', () => {
    const verifiers = (): NoteVerifier[] => [alice.verifier, bob.verifier];
    const expectOnlyCoreError = async (note: string | Uint8Array): Promise<void> => {
      try {
        await openNote(note, verifiers());
      } catch (error) {
        expect(error).toBeInstanceOf(CoreError);
      }
    };

    it('throws only CoreError for random strings and bytes', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.uint8Array(),
            fc.string().map((s) => `${TEXT}\n\u2014 ${s}\n`),
          ),
          expectOnlyCoreError,
        ),
      );
    });

    it('throws only CoreError for mutated valid notes, and accepts none that changed the text', async () => {
      const valid = (): string => `${TEXT}\n${aliceLine}${bobLine}`;
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.nat({ max: 4 }),
          fc.string({ unit: 'binary', maxLength: 4 }),
          async (at, remove, insert) => {
            const original = valid();
            const position = at % (original.length + 1);
            const mutated = original.slice(0, position) + insert + original.slice(position + remove);
            try {
              const opened = await openNote(mutated, verifiers());
              expect(opened.text).toBe(TEXT);
            } catch (error) {
              expect(error).toBeInstanceOf(CoreError);
            }
          },
        ),
      );
    });

    it('throws only CoreError for mutated bytes of a valid note', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
          const bytes = encodeUtf8(`${TEXT}\n${aliceLine}`);
          bytes[at % bytes.length]! ^= xor;
          await expectOnlyCoreError(bytes);
        }),
      );
    });
  });
});
