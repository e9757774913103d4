import { CoreError } from '../core-error.ts';
import { isUint64 } from '../merkle/uint64.ts';
import { TILE_HEIGHT, TILE_WIDTH, type TileId } from './tile-id.ts';

/**
 * Every hash tile that growing the tree from `oldSize` to `newSize` leaves creates or changes, with its width
 * at `newSize`, lowest level first and left to right: what a log must write before it publishes a checkpoint
 * for `newSize` (c2sp.org/tlog-tiles). The level-0 entries are also the entry bundles to write. The list has one
 * item per tile, so it is meant for a batch, not for building a huge tree in one step. Throws `invalid_range`
 * unless 0 ≤ oldSize ≤ newSize < 2^64.
 */
export function listTilesForGrowth(oldSize: bigint, newSize: bigint): TileId[] {
  if (!isUint64(oldSize) || !isUint64(newSize) || oldSize > newSize) {
    throw new CoreError('invalid_range', `a tree cannot grow from ${String(oldSize)} to ${String(newSize)}`);
  }
  const tiles: TileId[] = [];
  const width = BigInt(TILE_WIDTH);
  for (let level = 0; ; level++) {
    // Hashes stored at tree level 8·level; once their count stops changing, nothing above it changes either.
    const shift = BigInt(TILE_HEIGHT * level);
    const oldCount = oldSize >> shift;
    const newCount = newSize >> shift;
    if (newCount === oldCount) return tiles;
    for (let index = oldCount / width; index * width < newCount; index++) {
      const remaining = newCount - index * width;
      tiles.push({ level, index, width: remaining >= width ? TILE_WIDTH : Number(remaining) });
    }
  }
}
