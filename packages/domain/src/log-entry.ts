import { canonicalizeJson, encodeUtf8 } from '@jmm/core';
import type { Statement } from './statements/statement.ts';
import { classifyAudience, type EntryAudience } from './visibility.ts';

/**
 * A log entry (leaf data, DESIGN.md §4): enough to audit the log's shape — what kind of statement by which
 * organisation, for which audience class, when — and nothing of restricted content.
 */
export interface LogEntry {
  readonly v: 1;
  readonly digest: string;
  readonly type: string;
  readonly org: string;
  readonly audience: EntryAudience;
  readonly time: string;
}

export function createLogEntry(statement: Statement, digest: string, logTime: string): LogEntry {
  return {
    v: 1,
    digest,
    type: statement.type,
    org: statement.issuer.org,
    audience: classifyAudience(statement.audience),
    time: logTime,
  };
}

/** The entry's leaf bytes: its RFC 8785 JSON. */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  return encodeUtf8(canonicalizeJson(entry));
}
