// The signed-note vectors of test/fixtures/signed-note.json (golang.org/x/mod sumdb/note tests, BSD-3-Clause;
// C2SP signed-note example, CC BY 4.0), run through the public API of @jmm/core.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createNoteSigner,
  createNoteVerifier,
  decodeBase64,
  encodeBase64,
  encodeHex,
  formatCheckpoint,
  formatSignerKey,
  formatVerifierKey,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  sha256,
  signNote,
  type CoreErrorCode,
  type NoteVerifier,
} from '../src/index.ts';

interface NoteVector {
  name: string;
  signer_key?: string;
  verifier_key: string;
  key_id_hex: string;
  text: string;
  signature_line: string;
}

interface Fixture {
  ed25519_notes: NoteVector[];
  opening_rules: string[];
  sumdb_tree_note: { text: string; tree_size: string; root_is_record_hash_of: string };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/signed-note.json', import.meta.url), 'utf8'),
) as Fixture;
// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

function vector(name: string): NoteVector {
  const found = fixture.ed25519_notes.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`fixture has no vector ${name}`);
  return found;
}

describe('signed-note vectors', () => {
  it('holds the vectors this suite relies on', () => {
    expect(fixture.ed25519_notes.map((note) => note.name)).toEqual([
      'PeterNeumann',
      'EnochRoot',
      'example.com/foo',
    ]);
    expect(fixture.opening_rules).toHaveLength(4);
  });

  describe.each(fixture.ed25519_notes)('$name', (note) => {
    it('parses the verifier key, whose key ID matches, and formats it back byte for byte', () => {
      const key = parseVerifierKey(note.verifier_key);
      expect(key.name).toBe(note.name);
      expect(encodeHex(key.keyHash)).toBe(note.key_id_hex);
      expect(formatVerifierKey(key.name, key.publicKey)).toBe(note.verifier_key);
    });

    it('opens the signed note with its verifier key', async () => {
      const opened = await openNote(`${note.text}\n${note.signature_line}`, [
        createNoteVerifier(note.verifier_key),
      ]);
      expect(opened.text).toBe(note.text);
      expect(opened.signatures).toHaveLength(1);
      expect(opened.signatures[0]?.name).toBe(note.name);
      expect(encodeHex(opened.signatures[0]!.keyHash)).toBe(note.key_id_hex);
      expect(opened.unverifiedSignatures).toEqual([]);
    });
  });

  describe.each(fixture.ed25519_notes.filter((note) => note.signer_key !== undefined))(
    '$name signer key',
    (note) => {
      it('re-signs the text byte for byte (Ed25519 is deterministic) and round-trips', async () => {
        const skey = note.signer_key!;
        const key = await parseSignerKey(skey);
        expect(key.publicKey).toEqual(parseVerifierKey(note.verifier_key).publicKey);
        expect(await formatSignerKey(key.name, key.seed)).toBe(skey);
        const signed = await signNote(note.text, [await createNoteSigner(skey)]);
        expect(signed).toBe(`${note.text}\n${note.signature_line}`);
      });
    },
  );

  describe('opening rules', () => {
    const peter = vector('PeterNeumann');
    const enoch = vector('EnochRoot');
    const both = `${peter.text}\n${peter.signature_line}${enoch.signature_line}`;
    const peterVerifier = (): NoteVerifier => createNoteVerifier(peter.verifier_key);

    it(fixture.opening_rules[0]!, async () => {
      const opened = await openNote(both, [peterVerifier()]);
      expect(opened.signatures.map((signature) => signature.name)).toEqual(['PeterNeumann']);
      expect(opened.unverifiedSignatures.map((signature) => signature.name)).toEqual(['EnochRoot']);
      expect(encodeHex(opened.unverifiedSignatures[0]!.keyHash)).toBe(enoch.key_id_hex);
    });

    it(fixture.opening_rules[1]!, async () => {
      await expect(openNote(`${enoch.text}\n${enoch.signature_line}`, [peterVerifier()])).rejects.toThrow(
        coreError('unverified_note'),
      );
    });

    it(fixture.opening_rules[2]!, async () => {
      // Go's own test: four base64 characters spliced into the signature keep it well-formed but invalid.
      const line = peter.signature_line;
      const broken = `${peter.text}\n${line.slice(0, 60)}ABCD${line.slice(60)}${enoch.signature_line}`;
      await expect(
        openNote(broken, [peterVerifier(), createNoteVerifier(enoch.verifier_key)]),
      ).rejects.toThrow(coreError('invalid_signature'));
    });

    it(fixture.opening_rules[3]!, () => {
      const key = parseVerifierKey('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8');
      expect(key.name).toBe('sum.golang.org');
      expect(encodeHex(key.keyHash)).toBe('033de0ae');
      expect(encodeBase64(Uint8Array.of(1, ...key.publicKey))).toBe(
        'Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
      );
    });
  });

  describe('the C2SP signed-note example', () => {
    // Its text contains a blank line; the last blank line of the note separates text and signatures.
    const text =
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n';
    const line =
      '\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';
    const keyHash = decodeBase64(line.slice(0, -1).split(' ')[2]!).subarray(0, 4);

    it('splits the text at the last blank line and hands the verifier exactly the text bytes', async () => {
      let seen = '';
      const acceptAll: NoteVerifier = {
        name: 'quasimodo.example/salvatore',
        keyHash,
        verify: (message) => {
          seen = new TextDecoder().decode(message);
          return Promise.resolve(true);
        },
      };
      const opened = await openNote(`${text}\n${line}`, [acceptAll]);
      expect(opened.text).toBe(text);
      expect(seen).toBe(text);
    });

    it('ignores the signature for a key that shares only its name', async () => {
      const sameName: NoteVerifier = {
        name: 'quasimodo.example/salvatore',
        keyHash: Uint8Array.of(0, 0, 0, 0),
        verify: () => Promise.resolve(true),
      };
      await expect(openNote(`${text}\n${line}`, [sameName])).rejects.toThrow(coreError('unverified_note'));
    });
  });

  describe('the sumdb tree note', () => {
    const { text, tree_size, root_is_record_hash_of } = fixture.sumdb_tree_note;
    it('parses as a checkpoint whose root is the RFC 6962 record hash of its data', () => {
      const checkpoint = parseCheckpoint(text);
      expect(checkpoint.origin).toBe('go.sum database tree');
      expect(checkpoint.treeSize).toBe(BigInt(tree_size));
      const recordHash = sha256(Uint8Array.of(0), new TextEncoder().encode(root_is_record_hash_of));
      expect(checkpoint.rootHash).toEqual(recordHash);
      expect(formatCheckpoint(checkpoint)).toBe(text);
    });
  });
});
