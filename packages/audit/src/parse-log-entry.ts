import { canonicalizeJson, decodeUtf8, parseJson } from '@jmm/core';

/** A log entry (DESIGN.md §4) as read from an entry bundle, checked for shape only. */
export interface ParsedLogEntry {
  readonly digest: string;
  readonly audience: 'public' | 'mechanism' | 'restricted';
  /** Log time, RFC 3339 UTC with milliseconds. */
  readonly time: string;
  /** Milliseconds since the epoch of `time`. */
  readonly millis: number;
  /** Public entries only: the statement's type and issuing organisation. */
  readonly type?: string;
  readonly org?: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const PUBLIC_KEYS = ['audience', 'digest', 'org', 'time', 'type', 'v'];
const OTHER_KEYS = ['audience', 'digest', 'time', 'v'];
/** DESIGN.md §4: entries are small; c2sp.org/tlog-tiles caps them at 65,535 bytes. */
const MAX_ENTRY_BYTES = 65_535;

/**
 * Parses leaf data as a JMM log entry: RFC 8785 JSON with exactly the fields DESIGN.md §4 gives each audience
 * class, a digest, and a log time in the one form the sequencer writes (`Date.toISOString`). Returns a message
 * saying what is wrong instead of throwing: to an auditor a malformed entry is a finding, not a failure.
 */
export function parseLogEntry(bytes: Uint8Array): ParsedLogEntry | string {
  if (bytes.length > MAX_ENTRY_BYTES) return 'the entry is larger than 65,535 bytes';
  let value: unknown;
  let text: string;
  try {
    text = decodeUtf8(bytes);
    value = parseJson(text, { maxLength: MAX_ENTRY_BYTES, maxDepth: 4 });
  } catch {
    return 'the entry is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'the entry is not an object';
  if (canonicalizeJson(value) !== text) return 'the entry is not in RFC 8785 canonical form';
  const entry = value as Record<string, unknown>;
  const keys = Object.keys(entry).sort();
  const { audience, digest, time } = entry;
  if (entry.v !== 1) return 'the entry is not version 1';
  if (typeof digest !== 'string' || !DIGEST.test(digest)) return 'the entry names no sha256 digest';
  if (audience !== 'public' && audience !== 'mechanism' && audience !== 'restricted')
    return 'the entry has no audience class';
  const millis = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  if (typeof time !== 'string' || Number.isNaN(millis) || new Date(millis).toISOString() !== time)
    return 'the entry has no log time in RFC 3339 UTC';
  const expected = audience === 'public' ? PUBLIC_KEYS : OTHER_KEYS;
  if (keys.join() !== expected.join())
    return `a ${audience} entry has exactly the fields ${expected.join(', ')}`;
  if (audience !== 'public') return { digest, audience, time, millis };
  if (typeof entry.type !== 'string' || typeof entry.org !== 'string')
    return 'a public entry names its type and organisation';
  return { digest, audience, time, millis, type: entry.type, org: entry.org };
}
