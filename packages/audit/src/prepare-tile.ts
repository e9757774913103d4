// The per-entry-bundle work of an audit that does not depend on the replayed state (issue 11, "signature
// checks run on all cores"): run in the TilePool's worker threads, one entry bundle per job, while the main
// thread folds the bundle before (statement-replayer.ts). Everything here is a function of the bytes served and
// of the keys the main thread has shared so far, so a worker can prepare bundle k+1 while bundle k is folded.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalizeJson, decodeEntryBundle, encodePae, parseEnvelope, TILE_WIDTH } from '@jmm/core';
import { parseLogEnvelopeRow } from '@jmm/client';
import {
  createLogEntry,
  encodeLogEntry,
  MAX_STATEMENT_BYTES,
  parseStatement,
  STATEMENT_PAYLOAD_TYPE,
  type Statement,
} from '@jmm/domain';
import { parseLogEntry, type ParsedLogEntry } from './parse-log-entry.ts';

/** One entry bundle to prepare. Its buffers are transferred to the worker and back, never copied. */
export interface TileJob {
  /** Index of the bundle's first entry (a multiple of 256). */
  readonly start: bigint;
  readonly width: number;
  /** The first index whose envelope is read (above `start` when an audit resumes inside the bundle). */
  readonly from: bigint;
  /** The entry bundle (c2sp.org/tlog-tiles) and the level-0 hash tile, as served. */
  readonly bundle: Uint8Array;
  readonly hashTile: Uint8Array;
  /** The envelope rows the reader may read, as served: JSONL, one `{index,digest,log_time,envelope}` a line. */
  readonly envelopes: Uint8Array;
  /** Whether to return the accepted envelope lines (for the state directory's mirror). */
  readonly keepLines: boolean;
}

/**
 * What the main thread is told about one envelope row: whether it is its entry's, and if so its statement and
 * whether its signature verified. `pae` and `signature` are sent only when the signing key was not yet known to
 * the worker (the main thread then verifies it itself, once the fold has resolved the key).
 */
export type PreparedEnvelope =
  | {
      readonly verdict: 'tampered_digest';
      readonly index: bigint;
      readonly envelopeDigest: string;
      readonly rowDigest: string;
    }
  | { readonly verdict: 'invalid_statement'; readonly index: bigint; readonly message: string }
  | { readonly verdict: 'tampered_entry'; readonly index: bigint; readonly expectedEntry: string }
  | {
      readonly verdict: 'ok';
      readonly index: bigint;
      readonly keyId: string;
      readonly signature: 'valid' | 'invalid' | 'unknown_key';
      readonly pae?: Uint8Array;
      readonly signatureBytes?: Uint8Array;
    };

export interface PreparedTile {
  /** Set when the entry bundle does not decode: nothing else is then prepared. */
  readonly bundleError?: string;
  /** The bundle, handed back (it was transferred to the worker). */
  readonly bundle: Uint8Array;
  /** RFC 9162 leaf hashes of the entries, 32 bytes each, concatenated. */
  readonly leafHashes: Uint8Array;
  /** Whether the level-0 hash tile served is the concatenation of the leaf hashes. */
  readonly hashTileMatches: boolean;
  /** Each entry parsed, or what is wrong with it. */
  readonly entries: readonly (ParsedLogEntry | string)[];
  /** Set when the envelope rows are not rows at all: the whole page then counts as withheld. */
  readonly envelopesError?: string;
  /** One per envelope row whose entry parsed, in index order. */
  readonly envelopes: readonly PreparedEnvelope[];
  /**
   * The statements of the `ok` envelopes, in their order, as one JSON array: one string crosses the thread
   * boundary, and the main thread's JSON.parse rebuilds them far faster than a structured clone would.
   */
  readonly statements: string;
  /** The accepted envelope lines (JSONL), when `keepLines` was asked. */
  readonly lines?: string;
}

const ENVELOPE_BOUNDS = { maxPayloadBytes: MAX_STATEMENT_BYTES, maxSignatures: 1 } as const;
/** A line of an envelopes page: one envelope (≤ 1 MiB payload) and its row. */
const MAX_LINE_CHARS = 4 * 1024 * 1024;
// DER prefix of SubjectPublicKeyInfo for id-Ed25519 (RFC 8410 §4).
const SPKI_PREFIX = Buffer.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const ED25519_SIGNATURE_LENGTH = 64;
const LEAF_PREFIX = Buffer.from([0]);

/**
 * Strict standard base64 (RFC 4648 §4, padded, canonical), with node's native decoder: it is lenient, so the
 * text must be exactly the re-encoding of what it decoded to — one accepted encoding per byte string, as
 * @jmm/core's decodeBase64 requires.
 */
export function decodeBase64Strict(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new Error('not standard padded base64');
  return bytes;
}

/** The Ed25519 keys a preparer verifies with: those the main thread's fold has enrolled so far, by key id. */
export class KeyRing {
  private readonly keys = new Map<string, KeyObject | undefined>();

  add(keyId: string, publicKey: Uint8Array): void {
    if (this.keys.has(keyId)) return;
    let key: KeyObject | undefined;
    try {
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    } catch {
      // Not a curve point: no signature verifies under it.
      key = undefined;
    }
    this.keys.set(keyId, key);
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Whether `signature` over `message` verifies under the key `keyId` names (which must be known). */
  verify(keyId: string, message: Uint8Array, signature: Uint8Array): boolean {
    const key = this.keys.get(keyId);
    if (key === undefined || signature.length !== ED25519_SIGNATURE_LENGTH) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  }
}

/** `sha256:` and the lowercase hex SHA-256 of `text`'s UTF-8 (node:crypto, native). */
function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/** The digest of a row's envelope: of its RFC 8785 form (DESIGN.md §3), without re-canonicalising it if it is. */
function digestOfEnvelope(envelope: unknown, entryDigest: string): string {
  // A row served as stored keeps the envelope's canonical key order, so its JSON.stringify is its RFC 8785 form
  // (no numbers; strings escaped as RFC 8785 says ECMAScript does). If that hashes to the entry's digest, the
  // bytes hashed are canonical JSON of this very envelope; otherwise the canonical form decides, as before.
  const plain = digestOf(JSON.stringify(envelope));
  if (plain === entryDigest) return plain;
  try {
    return digestOf(canonicalizeJson(envelope));
  } catch {
    return '';
  }
}

/** Reads the envelope rows of a page (JSONL); throws with a message if any line is not a row. */
function parseRows(
  envelopes: Uint8Array,
  from: bigint,
  end: bigint,
): Map<bigint, { row: unknown; line: string }> {
  const rows = new Map<bigint, { row: unknown; line: string }>();
  const text = Buffer.from(envelopes.buffer, envelopes.byteOffset, envelopes.byteLength).toString('utf8');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.length > MAX_LINE_CHARS) throw new Error('a line is too long');
    let parsed;
    try {
      parsed = parseLogEnvelopeRow(JSON.parse(line));
    } catch {
      throw new Error('a line is not a valid row');
    }
    // A later row for the same index replaces an earlier one, as a map of the page would.
    if (parsed.index >= from && parsed.index < end) rows.set(parsed.index, { row: parsed, line });
  }
  return rows;
}

/**
 * Prepares one entry bundle: decodes and hashes its entries, compares the level-0 hash tile, and for every
 * envelope row checks that it is its entry's (digest, log time, the entry the sequencer would write for its
 * statement), parses its statement (`parseStatement`, the sequencer's own parser) and verifies its signature
 * when the key is known. What depends on the state — whether the key was enrolled and unrevoked, the rules —
 * is left to the main thread.
 */
export function prepareTile(job: TileJob, keys: KeyRing): PreparedTile {
  const { start, width, from } = job;
  let entryBytes: Uint8Array[];
  try {
    entryBytes = decodeEntryBundle(job.bundle, width);
  } catch (error) {
    return {
      bundleError: (error as Error).message,
      bundle: job.bundle,
      leafHashes: new Uint8Array(0),
      hashTileMatches: false,
      entries: [],
      envelopes: [],
      statements: '[]',
    };
  }
  const leafHashes = new Uint8Array(entryBytes.length * 32);
  entryBytes.forEach((bytes, i) => {
    // RFC 9162 §2.1.1: a leaf hash is SHA-256(0x00 || entry).
    leafHashes.set(createHash('sha256').update(LEAF_PREFIX).update(bytes).digest(), i * 32);
  });
  const hashTileMatches = Buffer.from(leafHashes).equals(
    Buffer.from(job.hashTile.buffer, job.hashTile.byteOffset, job.hashTile.byteLength),
  );
  const entries = entryBytes.map(parseLogEntry);

  const end = start + BigInt(TILE_WIDTH);
  let rows: Map<bigint, { row: unknown; line: string }>;
  let envelopesError: string | undefined;
  try {
    rows = parseRows(job.envelopes, from, end);
  } catch (error) {
    rows = new Map();
    envelopesError = (error as Error).message;
  }

  const envelopes: PreparedEnvelope[] = [];
  const statements: Statement[] = [];
  const lines: string[] = [];
  for (const [index, { row, line }] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (job.keepLines) lines.push(line);
    const entry = entries[Number(index - start)];
    if (entry === undefined || typeof entry === 'string') continue;
    const prepared = prepareEnvelope(index, entry, entryBytes[Number(index - start)]!, row, keys);
    envelopes.push(prepared.envelope);
    if (prepared.statement !== undefined) statements.push(prepared.statement);
  }
  return {
    bundle: job.bundle,
    leafHashes,
    hashTileMatches,
    entries,
    ...(envelopesError === undefined ? {} : { envelopesError }),
    envelopes,
    statements: JSON.stringify(statements),
    ...(job.keepLines ? { lines: lines.map((line) => `${line}\n`).join('') } : {}),
  };
}

function prepareEnvelope(
  index: bigint,
  entry: ParsedLogEntry,
  entryBytes: Uint8Array,
  rowValue: unknown,
  keys: KeyRing,
): { envelope: PreparedEnvelope; statement?: Statement } {
  const row = rowValue as ReturnType<typeof parseLogEnvelopeRow>;
  const envelopeDigest = digestOfEnvelope(row.envelope, entry.digest);
  if (envelopeDigest !== entry.digest || row.digest !== entry.digest || row.logTime !== entry.time) {
    return {
      envelope: { verdict: 'tampered_digest', index, envelopeDigest, rowDigest: row.digest },
    };
  }
  let statement: Statement;
  let keyId: string;
  let payload: Buffer;
  let payloadType: string;
  let sig: string;
  try {
    const envelope = parseEnvelope(row.envelope, ENVELOPE_BOUNDS);
    if (envelope.payloadType !== STATEMENT_PAYLOAD_TYPE)
      throw new Error(`payloadType is not ${STATEMENT_PAYLOAD_TYPE}`);
    if (envelope.signatures.length !== 1) throw new Error('a statement carries exactly one signature');
    payload = decodeBase64Strict(envelope.payload);
    payloadType = envelope.payloadType;
    statement = parseStatement(payload);
    keyId = envelope.signatures[0]!.keyid;
    sig = envelope.signatures[0]!.sig;
  } catch (error) {
    return {
      envelope: { verdict: 'invalid_statement', index, message: (error as Error).message },
    };
  }
  const expected = encodeLogEntry(createLogEntry(statement, entry.digest, entry.time));
  if (!Buffer.from(expected).equals(entryBytes)) {
    return {
      envelope: { verdict: 'tampered_entry', index, expectedEntry: Buffer.from(expected).toString('utf8') },
    };
  }
  // The PAE is what the signature covers (DSSE protocol.md).
  const pae = encodePae(payloadType, payload);
  const signatureBytes = decodeBase64Strict(sig);
  if (!keys.has(keyId)) {
    return {
      envelope: {
        verdict: 'ok',
        index,
        keyId,
        signature: 'unknown_key',
        pae,
        signatureBytes: new Uint8Array(signatureBytes),
      },
      statement,
    };
  }
  return {
    envelope: {
      verdict: 'ok',
      index,
      keyId,
      signature: keys.verify(keyId, pae, signatureBytes) ? 'valid' : 'invalid',
    },
    statement,
  };
}
