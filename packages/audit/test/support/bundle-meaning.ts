// What a file of an audit bundle means, for the tamper tests: two versions of a file that parse to the same
// meaning say the same thing, so an auditor need not tell them apart; any other change must be detected.
//
// The rule, per file (docs/audit-bundle.md):
// - hash tiles and entry bundles (`tile/...`): every byte is meaning (hashes and leaf data);
// - the checkpoint and every `note` of checkpoints.jsonl: a signed note (c2sp.org/signed-note) means its text
//   and, for each signature line, the key name and the signature bytes (strict base64, as @jmm/core decodes);
// - checkpoints.jsonl: each non-blank line parsed as JSON means its tree_size, root_hash (decoded), note,
//   log_time, witnessed_by and final; line order counts;
// - envelopes/N.jsonl: each line means its index, digest, log_time and the envelope's RFC 8785 form (the
//   statement's identity is the SHA-256 of that form, DESIGN.md §3, so even its base64 spelling is meaning).
// A version that does not parse means "malformed", which differs from every well-formed meaning.
import { canonicalizeJson, decodeBase64, encodeHex } from '@jmm/core';

const MALFORMED = 'malformed';

function parseNote(text: string): unknown {
  const split = text.indexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) throw new Error('not a signed note');
  const body = text.slice(0, split + 1);
  const signatures = text
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
      if (match === null) throw new Error('not a signature line');
      return [match[1], encodeHex(decodeBase64(match[2]!))];
    });
  if (signatures.length === 0) throw new Error('an unsigned note');
  return { body, signatures };
}

function parseLines(text: string, parseRow: (row: Record<string, unknown>) => unknown): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as unknown;
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw new Error('a row is not an object');
      return parseRow(row as Record<string, unknown>);
    });
}

function decodeUtf8Strict(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The meaning of bundle file `path` with content `bytes`, as a string to compare. */
export function describeBundleFileMeaning(path: string, bytes: Uint8Array): string {
  try {
    if (path.startsWith('tile/')) return encodeHex(bytes);
    const text = decodeUtf8Strict(bytes);
    if (path === 'checkpoint') return JSON.stringify(parseNote(text));
    if (path === 'checkpoints.jsonl') {
      return JSON.stringify(
        parseLines(text, (row) => [
          row.tree_size,
          encodeHex(decodeBase64(row.root_hash as string)),
          parseNote(row.note as string),
          row.log_time,
          row.witnessed_by,
          row.final,
        ]),
      );
    }
    if (path.startsWith('envelopes/')) {
      return JSON.stringify(
        parseLines(text, (row) => [row.index, row.digest, row.log_time, canonicalizeJson(row.envelope)]),
      );
    }
  } catch {
    return MALFORMED;
  }
  throw new Error(`${path} is not a file of an audit bundle`);
}
