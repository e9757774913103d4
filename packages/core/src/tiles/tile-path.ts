import { CoreError } from '../core-error.ts';
import { TILE_WIDTH, isTileIndex, isTileLevel, type TileId } from './tile-id.ts';

/** A parsed `tile/<L>/<N>[.p/<W>]` path: a hash tile. */
export interface HashTilePath extends TileId {
  readonly kind: 'hash';
}

/** A parsed `tile/entries/<N>[.p/<W>]` path: the entry bundle beside level-0 hash tile N. */
export interface EntryBundlePath {
  readonly kind: 'entries';
  readonly index: bigint;
  readonly width: number;
}

export type TilePath = HashTilePath | EntryBundlePath;

// The longest canonical path is "tile/63/" or "tile/entries/" plus seven index elements and ".p/255", well
// under 64 characters; anything longer is rejected before it is split.
const MAX_PATH_LENGTH = 64;
const MAX_INDEX_ELEMENTS = 7;
const PARTIAL_SUFFIX = '.p';

/**
 * The path of hash tile (level, index), `tile/<L>/<N>` with `.p/<W>` for a partial tile (c2sp.org/tlog-tiles
 * "Merkle Tree"): 1234067 at level 0 is `tile/0/x001/x234/067`. `width` defaults to 256 (full). Throws
 * `invalid_argument` for a level outside 0–63, a width outside 1–256, or a tile that starts past 2^64 − 1.
 */
export function formatTilePath(tile: {
  readonly level: number;
  readonly index: bigint;
  readonly width?: number;
}): string {
  if (!isTileLevel(tile.level))
    throw new CoreError('invalid_argument', `tile level ${tile.level} is not 0–63`);
  return `tile/${tile.level}/${formatIndexAndWidth(tile.level, tile.index, tile.width)}`;
}

/** The path of entry bundle `index`, `tile/entries/<N>[.p/<W>]` (c2sp.org/tlog-tiles "Log entries"). */
export function formatEntryBundlePath(bundle: { readonly index: bigint; readonly width?: number }): string {
  return `tile/entries/${formatIndexAndWidth(0, bundle.index, bundle.width)}`;
}

function formatIndexAndWidth(level: number, index: bigint, width = TILE_WIDTH): string {
  if (!isTileIndex(level, index)) {
    throw new CoreError('invalid_argument', `tile index ${String(index)} is outside a uint64 tree`);
  }
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new CoreError('invalid_argument', `tile width ${width} is not 1–${TILE_WIDTH}`);
  }
  // Zero-padded groups of three digits, all but the last prefixed with "x", so that no file is also a folder.
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000n).padStart(3, '0'));
    rest /= 1000n;
  } while (rest > 0n);
  const path = groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
  return width === TILE_WIDTH ? path : `${path}${PARTIAL_SUFFIX}/${width}`;
}

/**
 * Parses a tile or entry bundle path (without the log's URL prefix) strictly: only the one canonical spelling
 * of each tile is accepted, so no leading zeros, no `x000` groups, no `.p/256` for a full tile, no level above
 * 63, no width 0, nothing after the path. Throws `invalid_tile` for anything else.
 */
export function parseTilePath(path: string): TilePath {
  if (path.length > MAX_PATH_LENGTH) throw invalidPath('is too long');
  const parts = path.split('/');
  if (parts.length < 3 || parts[0] !== 'tile') throw invalidPath('is not tile/<L>/<N> or tile/entries/<N>');
  const elements = parts.slice(2);

  let width = TILE_WIDTH;
  const lastIndex = elements.length >= 2 ? elements[elements.length - 2]! : '';
  if (lastIndex.endsWith(PARTIAL_SUFFIX)) {
    width = parseSmallDecimal(elements.pop()!, 'width');
    if (width < 1 || width >= TILE_WIDTH) throw invalidPath('has a partial width outside 1–255');
    elements[elements.length - 1] = lastIndex.slice(0, -PARTIAL_SUFFIX.length);
  }

  if (elements.length > MAX_INDEX_ELEMENTS) throw invalidPath('has too many index elements');
  let index = 0n;
  elements.forEach((element, i) => {
    const digits = i === elements.length - 1 ? element : element.startsWith('x') ? element.slice(1) : '';
    if (digits.length !== 3) throw invalidPath('has a malformed index element');
    index = index * 1000n + BigInt(parseSmallDecimal(digits, 'index'));
  });

  // Everything above accepts a superset of the canonical spellings; comparing with the formatted path rejects
  // the rest (leading zeros in the level or width, leading "x000" groups) without listing them one by one.
  if (parts[1] === 'entries') {
    if (!isTileIndex(0, index)) throw invalidPath('names a tile past 2^64 − 1 leaves');
    const bundle: EntryBundlePath = { kind: 'entries', index, width };
    return requireCanonical(bundle, formatEntryBundlePath(bundle), path);
  }
  const level = parseSmallDecimal(parts[1]!, 'level');
  if (!isTileLevel(level)) throw invalidPath('has a level above 63');
  if (!isTileIndex(level, index)) throw invalidPath('names a tile past 2^64 − 1 leaves');
  const tile: HashTilePath = { kind: 'hash', level, index, width };
  return requireCanonical(tile, formatTilePath(tile), path);
}

function requireCanonical<T extends TilePath>(parsed: T, canonical: string, path: string): T {
  if (canonical !== path) throw invalidPath('is not in canonical form');
  return parsed;
}

function parseSmallDecimal(text: string, what: string): number {
  if (text.length === 0 || text.length > 3) throw invalidPath(`has a malformed ${what}`);
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw invalidPath(`has a malformed ${what}`);
    value = value * 10 + digit;
  }
  return value;
}

function invalidPath(problem: string): CoreError {
  return new CoreError('invalid_tile', `tile path ${problem}`);
}
