import { CoreError } from '../core-error.ts';
import type { TileHashes } from './tile-hashes.ts';

/**
 * A bounded cache of expanded hash tiles for a process that answers many proofs, such as the log's proof API.
 * Keyed by tile id (level, index, width), which names immutable content (c2sp.org/tlog-tiles: full and partial
 * tiles never change), so a hit skips both the read and the rehashing. Every proof at one tree size needs the
 * same right-edge and upper-level tiles, which is where the cache pays. When it holds `maxTiles` tiles (about
 * 16 KiB each when fully expanded) the least recently used one is dropped.
 *
 * Use one cache per log: tile ids are only unique within a log.
 */
export class TileHashCache {
  readonly maxTiles: number;
  readonly #tiles = new Map<string, TileHashes>();

  /** Throws `invalid_argument` unless `maxTiles` is a positive integer. */
  constructor(maxTiles = 1024) {
    if (!Number.isInteger(maxTiles) || maxTiles < 1) {
      throw new CoreError('invalid_argument', `a tile cache holds at least one tile, not ${maxTiles}`);
    }
    this.maxTiles = maxTiles;
  }

  /** How many tiles it holds. */
  get size(): number {
    return this.#tiles.size;
  }

  /** @internal The tile with this key, now the most recently used, if it is held. */
  get(key: string): TileHashes | undefined {
    const tile = this.#tiles.get(key);
    if (tile !== undefined) {
      this.#tiles.delete(key);
      this.#tiles.set(key, tile);
    }
    return tile;
  }

  /** @internal Keeps a tile, dropping the least recently used one past `maxTiles`. */
  set(key: string, tile: TileHashes): void {
    this.#tiles.set(key, tile);
    if (this.#tiles.size > this.maxTiles) this.#tiles.delete(this.#tiles.keys().next().value!);
  }
}
