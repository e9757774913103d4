import { CoreError } from '../core-error.ts';
import { TILE_WIDTH } from './tile-id.ts';

/** The largest entry a bundle can carry: its length is a big-endian uint16 (c2sp.org/tlog-tiles "Log entries"). */
export const MAX_ENTRY_LENGTH = 0xffff;

/**
 * Encodes up to 256 entries as an entry bundle: each entry preceded by its length as a big-endian uint16
 * (c2sp.org/tlog-tiles "Log entries"). Throws `size_limit` for an entry over 65,535 bytes or more than 256
 * entries, and `invalid_argument` for no entries (empty tiles are never served).
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length === 0)
    throw new CoreError('invalid_argument', 'an entry bundle holds at least one entry');
  if (entries.length > TILE_WIDTH) {
    throw new CoreError('size_limit', `an entry bundle holds at most ${TILE_WIDTH} entries`);
  }
  let length = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_LENGTH) {
      throw new CoreError('size_limit', `an entry of ${entry.length} bytes exceeds ${MAX_ENTRY_LENGTH}`);
    }
    length += 2 + entry.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const entry of entries) {
    out[offset] = entry.length >> 8;
    out[offset + 1] = entry.length & 0xff;
    out.set(entry, offset + 2);
    offset += 2 + entry.length;
  }
  return out;
}

/**
 * Decodes an entry bundle into copies of its entries. Throws `invalid_tile` for a truncated length or entry,
 * an empty bundle, more than 256 entries, or — when `expectedCount` is given, as it should be whenever the
 * width is known from the path or the tree size — any other number of entries. Throws `invalid_argument` for
 * an `expectedCount` outside 1–256.
 */
export function decodeEntryBundle(bytes: Uint8Array, expectedCount?: number): Uint8Array[] {
  if (
    expectedCount !== undefined &&
    (!Number.isInteger(expectedCount) || expectedCount < 1 || expectedCount > TILE_WIDTH)
  ) {
    throw new CoreError(
      'invalid_argument',
      `an entry bundle holds 1–${TILE_WIDTH} entries, not ${expectedCount}`,
    );
  }
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    // The count is bounded before each entry, so a hostile bundle costs at most 256 entries of work.
    if (entries.length === TILE_WIDTH) throw invalidBundle(`has more than ${TILE_WIDTH} entries`);
    if (offset + 2 > bytes.length) throw invalidBundle('ends inside a length prefix');
    const length = (bytes[offset]! << 8) | bytes[offset + 1]!;
    const start = offset + 2;
    offset = start + length;
    if (offset > bytes.length) throw invalidBundle('ends inside an entry');
    entries.push(bytes.slice(start, offset));
  }
  if (entries.length === 0) throw invalidBundle('is empty');
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw invalidBundle(`has ${entries.length} entries, not ${expectedCount}`);
  }
  return entries;
}

function invalidBundle(problem: string): CoreError {
  return new CoreError('invalid_tile', `entry bundle ${problem}`);
}
