import { CoreError } from '../core-error.ts';
import { MERKLE_HASH_LENGTH } from '../merkle/merkle-hash.ts';
import { UINT64_MAX, isUint64 } from '../merkle/uint64.ts';

/** Levels of the Merkle tree per tile: c2sp.org/tlog-tiles fixes tiles of height 8. */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile, 2^TILE_HEIGHT; partial tiles hold 1 to 255 (c2sp.org/tlog-tiles "Partial Tiles"). */
export const TILE_WIDTH = 256;
/** The highest tile level a path may name (c2sp.org/tlog-tiles: `<L>` is 0 to 63). */
export const MAX_TILE_LEVEL = 63;

/**
 * A hash tile: `width` consecutive Merkle tree hashes at tree level 8·`level`, starting at node
 * `index`·256 of that level. `width` is 256 for a full tile and 1–255 for a partial one.
 */
export interface TileId {
  readonly level: number;
  readonly index: bigint;
  readonly width: number;
}

/** A hash tile with its bytes: `width` 32-byte hashes, concatenated. */
export interface HashTile extends TileId {
  readonly data: Uint8Array;
}

/**
 * Reads the hash tile (level, index) as it is for the tree size the caller works with: full tiles have width
 * 256, the partial tile at each level has the width that size gives it. Resolves to the tile's bytes,
 * `width` × 32 of them; rejects with the storage's own error if it cannot read.
 */
export type TileReader = (level: number, index: bigint, width: number) => Promise<Uint8Array>;

/**
 * The width of hash tile (level, index) in the tree of `treeSize` leaves: 256 if full, 1–255 if it is the
 * partial tile at its level, 0 if the tile does not exist yet (c2sp.org/tlog-tiles: the partial tile at level
 * l for size s has floor(s / 256^l) mod 256 hashes). Throws `invalid_range` outside uint64 or the tile levels.
 */
export function tileWidthForTreeSize(treeSize: bigint, level: number, index: bigint): number {
  if (!isUint64(treeSize) || !isTileLevel(level) || !isUint64(index)) {
    throw new CoreError('invalid_range', 'tree size, tile level or tile index out of range');
  }
  const hashesAtLevel = treeSize >> BigInt(TILE_HEIGHT * level);
  const start = index * BigInt(TILE_WIDTH);
  if (hashesAtLevel <= start) return 0;
  const remaining = hashesAtLevel - start;
  return remaining >= BigInt(TILE_WIDTH) ? TILE_WIDTH : Number(remaining);
}

/** Whether `level` is an integer tile level, 0 to 63. */
export function isTileLevel(level: number): boolean {
  return Number.isInteger(level) && level >= 0 && level <= MAX_TILE_LEVEL;
}

/**
 * Whether tile `index` at `level` starts inside a uint64 tree, i.e. index · 256^(level+1) ≤ 2^64 − 1. Paths
 * and tile ids past that can never name a tile of a real log, so they are rejected before any arithmetic.
 */
export function isTileIndex(level: number, index: bigint): boolean {
  return index >= 0n && index << BigInt(TILE_HEIGHT * (level + 1)) <= UINT64_MAX;
}

/** Throws `invalid_tile` unless `data` holds exactly `width` hashes. */
export function assertTileData(tile: TileId, data: Uint8Array): void {
  if (data.length !== tile.width * MERKLE_HASH_LENGTH) {
    throw new CoreError(
      'invalid_tile',
      `tile ${tile.level}/${String(tile.index)} of width ${tile.width} has ${data.length} bytes`,
    );
  }
}
