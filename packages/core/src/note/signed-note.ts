// c2sp.org/signed-note: a text ending in a newline, a blank line, then one or more signature lines
// "— <key name> base64(key ID || signature)\n". Opening follows the spec and golang.org/x/mod/sumdb/note.Open.
import { CoreError } from '../core-error.ts';
import {
  concatBytes,
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  encodeHex,
  encodeUtf8,
} from '../encoding/index.ts';
import { NOTE_KEY_HASH_LENGTH, isValidNoteKeyName } from './note-key.ts';
import { hasOnlyNoteCharacters } from './note-text.ts';
import type { NoteSignature, NoteSigner, NoteVerifier, OpenNoteOptions, OpenedNote } from './note.types.ts';

/** U+2014 EM DASH, U+0020 SPACE: the start of every signature line. */
const SIGNATURE_PREFIX = '\u2014 ';
/** Go's note.Open limit; the spec requires accepting at least 16. */
export const DEFAULT_MAX_NOTE_SIGNATURES = 100;
export const MIN_MAX_NOTE_SIGNATURES = 16;
/** Room for 100 post-quantum signature lines (the spec warns they approach 5 kB) and a generous text. */
export const DEFAULT_MAX_NOTE_BYTES = 1 << 20;

function checkKeyIdentity(name: string, keyHash: Uint8Array): void {
  if (!isValidNoteKeyName(name)) {
    throw new CoreError(
      'invalid_key',
      'a key name must be non-empty, without spaces, "+" or control characters',
    );
  }
  if (keyHash.length !== NOTE_KEY_HASH_LENGTH) {
    throw new CoreError('invalid_key', `a key ID is ${NOTE_KEY_HASH_LENGTH} bytes`);
  }
}

/** A signature line, newline included. */
export function formatSignatureLine(name: string, keyHash: Uint8Array, signature: Uint8Array): string {
  checkKeyIdentity(name, keyHash);
  // Go's Open requires at least one signature byte after the key ID; never write a line it would refuse.
  if (signature.length === 0) throw new CoreError('invalid_signature', 'a note signature cannot be empty');
  return `${SIGNATURE_PREFIX}${name} ${encodeBase64(concatBytes(keyHash, signature))}\n`;
}

/**
 * Parses one signature line without its newline, or returns undefined if it is malformed: the prefix, a valid
 * key name, one space, and strict base64 of the key ID and at least one signature byte.
 */
export function parseSignatureLine(line: string): NoteSignature | undefined {
  if (!line.startsWith(SIGNATURE_PREFIX)) return undefined;
  const space = line.indexOf(' ', SIGNATURE_PREFIX.length);
  if (space < 0) return undefined;
  const name = line.slice(SIGNATURE_PREFIX.length, space);
  if (!isValidNoteKeyName(name)) return undefined;
  let bytes: Uint8Array;
  try {
    // Strict base64 (canonical trailing bits) is stricter than Go, which every conforming signer satisfies.
    bytes = decodeBase64(line.slice(space + 1));
  } catch {
    return undefined;
  }
  if (bytes.length <= NOTE_KEY_HASH_LENGTH) return undefined;
  return {
    name,
    keyHash: bytes.slice(0, NOTE_KEY_HASH_LENGTH),
    signature: bytes.slice(NOTE_KEY_HASH_LENGTH),
  };
}

function checkNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new CoreError('invalid_note', 'a note text must end with a newline');
  if (!hasOnlyNoteCharacters(text)) {
    throw new CoreError(
      'invalid_note',
      'a note text must be UTF-8 without control characters other than newline',
    );
  }
}

function keyOf(name: string, keyHash: Uint8Array): string {
  // '+' cannot occur in a key name, so this is unambiguous.
  return `${name}+${encodeHex(keyHash)}`;
}

/**
 * Signs `text` with every signer, in order, and returns the signed note. The text must end with a newline
 * and may contain blank lines (the last blank line of a note separates the signatures).
 */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  checkNoteText(text);
  if (signers.length === 0) throw new CoreError('invalid_argument', 'a note needs at least one signer');
  if (signers.length > DEFAULT_MAX_NOTE_SIGNATURES) {
    throw new CoreError('size_limit', `a note carries at most ${DEFAULT_MAX_NOTE_SIGNATURES} signatures`);
  }
  const message = encodeUtf8(text);
  if (message.length > DEFAULT_MAX_NOTE_BYTES) {
    throw new CoreError('size_limit', `a note text exceeds ${DEFAULT_MAX_NOTE_BYTES} bytes`);
  }
  const seen = new Set<string>();
  let note = `${text}\n`;
  for (const signer of signers) {
    checkKeyIdentity(signer.name, signer.keyHash);
    const key = keyOf(signer.name, signer.keyHash);
    if (seen.has(key)) throw new CoreError('invalid_argument', `two signers share the key ${key}`);
    seen.add(key);
    note += formatSignatureLine(signer.name, signer.keyHash, await signer.sign(message));
  }
  // Opened with the default bounds, the note must fit: never sign what openNote would refuse.
  if (encodeUtf8(note).length > DEFAULT_MAX_NOTE_BYTES) {
    throw new CoreError('size_limit', `a signed note exceeds ${DEFAULT_MAX_NOTE_BYTES} bytes`);
  }
  return note;
}

function checkOptions(options: OpenNoteOptions): { maxSignatures: number; maxNoteBytes: number } {
  const maxSignatures = options.maxSignatures ?? DEFAULT_MAX_NOTE_SIGNATURES;
  const maxNoteBytes = options.maxNoteBytes ?? DEFAULT_MAX_NOTE_BYTES;
  if (!Number.isSafeInteger(maxSignatures) || maxSignatures < MIN_MAX_NOTE_SIGNATURES) {
    throw new CoreError(
      'invalid_argument',
      `maxSignatures must be an integer of at least ${MIN_MAX_NOTE_SIGNATURES}`,
    );
  }
  if (!Number.isSafeInteger(maxNoteBytes) || maxNoteBytes < 1) {
    throw new CoreError('invalid_argument', 'maxNoteBytes must be a positive integer');
  }
  return { maxSignatures, maxNoteBytes };
}

/** Verifiers by name and key ID. Go's VerifierList keeps duplicates and fails only when one is needed. */
function indexVerifiers(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier[]> {
  const byKey = new Map<string, NoteVerifier[]>();
  for (const verifier of verifiers) {
    if (!isValidNoteKeyName(verifier.name) || verifier.keyHash.length !== NOTE_KEY_HASH_LENGTH) {
      throw new CoreError('invalid_argument', 'a verifier needs a valid key name and a 4-byte key ID');
    }
    const key = keyOf(verifier.name, verifier.keyHash);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [verifier]);
    else list.push(verifier);
  }
  return byKey;
}

function decodeNote(note: string | Uint8Array, maxNoteBytes: number): string {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is over the bound before encoding.
  if (note.length > maxNoteBytes || (typeof note === 'string' && encodeUtf8(note).length > maxNoteBytes)) {
    throw new CoreError('size_limit', `a note exceeds ${maxNoteBytes} bytes`);
  }
  if (typeof note === 'string') return note;
  try {
    return decodeUtf8(note);
  } catch (cause) {
    throw new CoreError('invalid_note', 'a note must be valid UTF-8', { cause });
  }
}

/**
 * Opens a signed note: checks its syntax, verifies every signature from a known key, and returns the text
 * with the verified and the unknown signatures. The rules (c2sp.org/signed-note §Signatures):
 * - a signature whose name and key ID both match a verifier is verified; every other one is ignored (kept in
 *   `unverifiedSignatures`), even if it shares a name or an ID with a known key;
 * - a known key's signature that fails to verify rejects the whole note (`invalid_signature`). Every such
 *   line is verified, duplicates included, where Go checks only a key's first line: the spec says a
 *   verifier MUST verify a known key's signature, and a note with a second, bad line from the same key is
 *   not one an honest signer produces;
 * - at least one signature must verify (`unverified_note`);
 * - two verifiers with the same name and key ID are ambiguous, and a signature that needs one of them is an
 *   `invalid_argument` (as Go's VerifierList reports), since the caller's key list is broken.
 * Malformed notes are `invalid_note`; notes over the size or signature-count bound are `size_limit`.
 */
export async function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: OpenNoteOptions = {},
): Promise<OpenedNote> {
  const { maxSignatures, maxNoteBytes } = checkOptions(options);
  const byKey = indexVerifiers(verifiers);
  const whole = decodeNote(note, maxNoteBytes);
  if (!hasOnlyNoteCharacters(whole)) {
    throw new CoreError('invalid_note', 'a note must be UTF-8 without control characters other than newline');
  }
  // The text ends at the last blank line: the text may contain blank lines, signature lines may not.
  const split = whole.lastIndexOf('\n\n');
  if (split < 0) throw new CoreError('invalid_note', 'a note has no blank line before its signatures');
  const text = whole.slice(0, split + 1);
  const block = whole.slice(split + 2);
  if (!block.endsWith('\n')) throw new CoreError('invalid_note', 'a note must end with a signature line');

  const lines = block.slice(0, -1).split('\n');
  if (lines.length > maxSignatures) {
    throw new CoreError('size_limit', `a note carries more than ${maxSignatures} signatures`);
  }
  // Parse every line before verifying any, so a malformed note is always `invalid_note`.
  const parsed = lines.map((line) => {
    const signature = parseSignatureLine(line);
    if (signature === undefined) throw new CoreError('invalid_note', 'a note has a malformed signature line');
    return { line, signature };
  });

  const message = encodeUtf8(text);
  const signatures: NoteSignature[] = [];
  const unverifiedSignatures: NoteSignature[] = [];
  const verifiedKeys = new Set<string>();
  const seenLines = new Set<string>();
  for (const { line, signature } of parsed) {
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    const key = keyOf(signature.name, signature.keyHash);
    const candidates = byKey.get(key);
    if (candidates === undefined) {
      unverifiedSignatures.push(signature);
      continue;
    }
    if (candidates.length > 1) {
      throw new CoreError('invalid_argument', `ambiguous verifier list: several keys are ${key}`);
    }
    const verifier = candidates[0]!;
    if (!(await verifier.verify(message, signature.signature))) {
      throw new CoreError('invalid_signature', `the signature by known key ${key} does not verify`);
    }
    if (!verifiedKeys.has(key)) signatures.push(signature);
    verifiedKeys.add(key);
  }
  if (signatures.length === 0) {
    throw new CoreError('unverified_note', 'no signature on the note is from a known key');
  }
  return { text, signatures, unverifiedSignatures };
}
