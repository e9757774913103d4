import { canonicalizeJson } from '@jmm/core';
import { StorageError } from '../storage-error.ts';

/** How a record list is ordered: by log index, or by when what the record is about began (`time_start`). */
export const RECORD_SORTS = ['newest', 'oldest', 'time_desc', 'time_asc'] as const;
export type RecordSort = (typeof RECORD_SORTS)[number];

/**
 * The position after the last record of a page (keyset pagination): the sort key and the log index that breaks
 * ties. Pages stay stable while records are added or change: a page never repeats or skips a record whose
 * sort key did not change meanwhile.
 */
export interface RecordCursor {
  readonly kind: string;
  readonly sort: RecordSort;
  /** `time_start` of the last record for the time sorts; absent for the index sorts. */
  readonly key: string | undefined;
  readonly index: bigint;
}

const MAX_CURSOR_LENGTH = 256;

/** Opaque to clients: base64url of the cursor's RFC 8785 JSON. */
export function encodeRecordCursor(cursor: RecordCursor): string {
  const json = canonicalizeJson({
    i: cursor.index.toString(),
    k: cursor.key,
    n: cursor.kind,
    s: cursor.sort,
  });
  return Buffer.from(json, 'utf8').toString('base64url');
}

function invalidCursor(): never {
  throw new StorageError('invalid_argument', 'the cursor is not one this list issued');
}

/** Decodes a cursor from a client, refusing anything this module did not encode for the same kind and sort. */
export function decodeRecordCursor(text: string, kind: string, sort: RecordSort): RecordCursor {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) invalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    invalidCursor();
  }
  if (typeof value !== 'object' || value === null) invalidCursor();
  const { i, k, n, s } = value as Record<string, unknown>;
  if (n !== kind || s !== sort || typeof i !== 'string' || !/^(0|[1-9]\d{0,18})$/.test(i)) invalidCursor();
  const timeSort = sort === 'time_desc' || sort === 'time_asc';
  if (timeSort ? typeof k !== 'string' || k.length > 64 : k !== undefined) invalidCursor();
  const cursor: RecordCursor = { kind, sort, key: k as string | undefined, index: BigInt(i) };
  // Only the canonical encoding is accepted, so one position has one cursor.
  if (encodeRecordCursor(cursor) !== text) invalidCursor();
  return cursor;
}
