import { CoreError } from '../core-error.ts';
import type { NodeId } from '../merkle/node-id.ts';
import { isUint64 } from '../merkle/uint64.ts';
import type { TileHashCache } from './tile-hash-cache.ts';
import { TileHashes } from './tile-hashes.ts';
import {
  TILE_HEIGHT,
  assertTileData,
  tileWidthForTreeSize,
  type TileId,
  type TileReader,
} from './tile-id.ts';

export interface ReadNodeHashesOptions {
  /** Expanded tiles kept between calls; without one every call reads and hashes its tiles afresh. */
  readonly cache?: TileHashCache;
}

interface NodeLocation {
  readonly tile: TileId;
  readonly key: string;
  /** The node's first hash in the tile row, and how many levels above the row the node is. */
  readonly offset: number;
  readonly above: number;
}

/**
 * The hashes of perfect subtrees `nodes` of the tree of `treeSize` leaves, read from hash tiles
 * (c2sp.org/tlog-tiles): a node at level 8L + r is the root of 2^r consecutive hashes of a level-L tile, so it
 * costs at most 2^r − 1 node hashes. Each distinct tile is read once, all in parallel, with its width at
 * `treeSize`. The hashes returned are fresh copies.
 *
 * Throws `invalid_range` for a node not inside the tree and `invalid_tile` for a tile of the wrong length;
 * errors from `readTile` pass through.
 */
export async function readNodeHashes(
  treeSize: bigint,
  nodes: readonly NodeId[],
  readTile: TileReader,
  options: ReadNodeHashesOptions = {},
): Promise<Uint8Array[]> {
  const { cache } = options;
  const locations = nodes.map((node) => locateNode(treeSize, node));
  const tiles = new Map<string, TileHashes | Promise<TileHashes>>();
  for (const { tile, key } of locations) {
    if (!tiles.has(key)) tiles.set(key, cache?.get(key) ?? readTileHashes(tile, readTile));
  }
  const ready = new Map<string, TileHashes>();
  await Promise.all(
    [...tiles].map(async ([key, pending]) => {
      const tile = await pending;
      ready.set(key, tile);
      cache?.set(key, tile);
    }),
  );
  return locations.map(({ key, offset, above }) => ready.get(key)!.node(above, offset).slice());
}

function locateNode(treeSize: bigint, { level, index }: NodeId): NodeLocation {
  if (!isUint64(treeSize) || !Number.isInteger(level) || level < 0 || level > 63 || index < 0n) {
    throw new CoreError('invalid_range', `node ${level}/${String(index)} is out of range`);
  }
  if ((index + 1n) << BigInt(level) > treeSize) {
    throw new CoreError(
      'invalid_range',
      `node ${level}/${String(index)} is not inside a tree of size ${String(treeSize)}`,
    );
  }
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const above = level % TILE_HEIGHT;
  // The node's leftmost descendant in the tile row, at tree level 8·tileLevel.
  const first = index << BigInt(above);
  const tileIndex = first >> BigInt(TILE_HEIGHT);
  const width = tileWidthForTreeSize(treeSize, tileLevel, tileIndex);
  return {
    tile: { level: tileLevel, index: tileIndex, width },
    key: `${tileLevel}/${String(tileIndex)}/${width}`,
    offset: Number(first & 0xffn),
    above,
  };
}

async function readTileHashes(tile: TileId, readTile: TileReader): Promise<TileHashes> {
  const data = await readTile(tile.level, tile.index, tile.width);
  assertTileData(tile, data);
  return new TileHashes(data);
}
