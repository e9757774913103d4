import { CoreError } from '../core-error.ts';
import { concatBytes } from '../encoding/index.ts';
import { CompactRange, type NodeVisitor } from '../merkle/compact-range.ts';
import { hashRange } from '../merkle/compute-root-hash.ts';
import { MERKLE_HASH_LENGTH } from '../merkle/merkle-hash.ts';
import { UINT64_MAX, isUint64 } from '../merkle/uint64.ts';
import { TILE_HEIGHT, TILE_WIDTH, assertTileData, type HashTile, type TileReader } from './tile-id.ts';

/** What one integrated batch changes: the tiles to write and the checkpoint's tree size and root. */
export interface TileUpdate {
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  /** Every tile created or changed, in the order and with the widths of `listTilesForGrowth(oldSize, treeSize)`. */
  readonly tiles: readonly HashTile[];
  /** The tree's right edge, [0, treeSize): persist `hashes` to pass it back next time and skip rebuilding it. */
  readonly compactRange: CompactRange;
}

export interface TileUpdateOptions {
  /**
   * The right edge [0, oldSize) as returned by the previous update. Without it the edge is rebuilt from the
   * partial tiles, which costs up to 255 extra node hashes per tile level per batch.
   */
  readonly compactRange?: CompactRange;
}

/**
 * Appends `leafHashes` to the tree of `oldSize` leaves and returns the hash tiles to write and the new root
 * (c2sp.org/tlog-tiles). `readTile` is asked only for partial tiles of the tree at `oldSize`, the ones the new
 * leaves extend. Pure apart from those reads: nothing is written, so a caller that crashes before committing the
 * returned tiles with their checkpoint simply computes the same update again.
 *
 * Costs one node hash per leaf on average, plus the root. Throws `invalid_range` past 2^64 − 1 leaves,
 * `invalid_argument` for a leaf hash that is not 32 bytes or a `compactRange` that is not [0, oldSize), and
 * `invalid_tile` for a tile read with the wrong length.
 */
export async function computeTileUpdate(
  oldSize: bigint,
  leafHashes: readonly Uint8Array[],
  readTile: TileReader,
  options: TileUpdateOptions = {},
): Promise<TileUpdate> {
  const treeSize = oldSize + BigInt(leafHashes.length);
  if (!isUint64(oldSize) || treeSize > UINT64_MAX) {
    throw new CoreError(
      'invalid_range',
      `cannot append ${leafHashes.length} leaves to size ${String(oldSize)}`,
    );
  }
  const given = options.compactRange;
  if (given !== undefined && (given.begin !== 0n || given.end !== oldSize)) {
    throw new CoreError('invalid_argument', `the compact range given does not cover [0, ${String(oldSize)})`);
  }

  const partialRows = await readPartialRows(oldSize, treeSize, readTile, given === undefined);
  const range =
    given === undefined
      ? rebuildRightEdge(oldSize, partialRows)
      : new CompactRange(0n, oldSize, given.hashes);

  // Appending leaf by leaf creates every new node exactly once; the ones at tile levels are the new tile rows.
  const newRows: Uint8Array[][] = [];
  const collect: NodeVisitor = (level, _index, hash) => {
    if (level % TILE_HEIGHT === 0) (newRows[level / TILE_HEIGHT] ??= []).push(hash);
  };
  for (const leafHash of leafHashes) range.append(leafHash, collect);

  const tiles: HashTile[] = [];
  newRows.forEach((added, level) => {
    const firstIndex = oldSize >> BigInt(TILE_HEIGHT * (level + 1));
    const row = concatBytes(partialRows.get(level) ?? new Uint8Array(0), ...added);
    const tileBytes = TILE_WIDTH * MERKLE_HASH_LENGTH;
    for (let offset = 0; offset < row.length; offset += tileBytes) {
      const data = row.slice(offset, offset + tileBytes);
      tiles.push({
        level,
        index: firstIndex + BigInt(offset / tileBytes),
        width: data.length / MERKLE_HASH_LENGTH,
        data,
      });
    }
  });
  return { treeSize, rootHash: range.rootHash(), tiles, compactRange: range };
}

// The partial tiles of the tree at oldSize, by level: those the new leaves extend, or all of them when the
// right edge has to be rebuilt from them. Read in parallel.
async function readPartialRows(
  oldSize: bigint,
  treeSize: bigint,
  readTile: TileReader,
  all: boolean,
): Promise<Map<number, Uint8Array>> {
  const reads: Promise<readonly [number, Uint8Array]>[] = [];
  for (let level = 0; oldSize >> BigInt(TILE_HEIGHT * level) > 0n; level++) {
    const shift = BigInt(TILE_HEIGHT * level);
    const width = Number((oldSize >> shift) % BigInt(TILE_WIDTH));
    const grows = treeSize >> shift > oldSize >> shift;
    if (width === 0 || !(grows || all)) continue;
    const tile = { level, index: oldSize >> (shift + BigInt(TILE_HEIGHT)), width };
    reads.push(
      readTile(tile.level, tile.index, tile.width).then((data) => {
        assertTileData(tile, data);
        return [level, data] as const;
      }),
    );
  }
  return new Map(await Promise.all(reads));
}

// [0, oldSize) is covered, highest level first, by the perfect subtrees that the set bits of each partial
// tile's width select within that tile: width 0b1010_0000 at level L gives subtrees of 128 and 32 hashes.
function rebuildRightEdge(oldSize: bigint, partialRows: ReadonlyMap<number, Uint8Array>): CompactRange {
  const hashes: Uint8Array[] = [];
  const levels = [...partialRows.keys()].sort((a, b) => b - a);
  for (const level of levels) {
    const data = partialRows.get(level)!;
    const row: Uint8Array[] = [];
    for (let i = 0; i < data.length; i += MERKLE_HASH_LENGTH)
      row.push(data.subarray(i, i + MERKLE_HASH_LENGTH));
    let offset = 0;
    for (let size = TILE_WIDTH / 2; size >= 1; size /= 2) {
      if ((row.length & size) === 0) continue;
      hashes.push(hashRange(row, offset, offset + size));
      offset += size;
    }
  }
  return new CompactRange(0n, oldSize, hashes);
}
