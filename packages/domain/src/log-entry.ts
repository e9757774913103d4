import { canonicalizeJson, encodeUtf8 } from '@jmm/core';
import type { Statement } from './statements/statement.ts';
import { classifyAudience, type EntryAudience } from './visibility.ts';

/**
 * A log entry (leaf data, DESIGN.md §4): enough to audit the log's shape, and nothing of restricted content.
 * A public statement's entry names its type and issuing organisation; any other entry carries only its digest,
 * audience class and log time, so that nobody can count, say, one verifier's access-denial notes per month from
 * the public entry bundles.
 */
export type LogEntry =
  | {
      readonly v: 1;
      readonly digest: string;
      readonly type: string;
      readonly org: string;
      readonly audience: 'public';
      readonly time: string;
    }
  | {
      readonly v: 1;
      readonly digest: string;
      readonly audience: Exclude<EntryAudience, 'public'>;
      readonly time: string;
    };

export function createLogEntry(statement: Statement, digest: string, logTime: string): LogEntry {
  const audience = classifyAudience(statement.audience);
  return audience === 'public'
    ? { v: 1, digest, type: statement.type, org: statement.issuer.org, audience, time: logTime }
    : { v: 1, digest, audience, time: logTime };
}

/** The entry's leaf bytes: its RFC 8785 JSON. */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  return encodeUtf8(canonicalizeJson(entry));
}
