import type { HashTile } from './log-storage.ts';

const HASH_LENGTH = 32;

/**
 * Hash tiles the engine has seen, so that proofs for a batch it just wrote (and for recent entries) need no
 * storage round trip. Full tiles never change (c2sp.org/tlog-tiles), so caching them is always correct; a partial
 * tile is replaced whenever a batch widens it, and a narrower request is served from its prefix.
 */
export class TileCache {
  private readonly tiles = new Map<string, HashTile>();

  constructor(private readonly limit = 2048) {}

  private static key(level: number, index: bigint): string {
    return `${level}/${index}`;
  }

  /** The first `width` hashes of tile (level, index), if cached at least that wide. */
  get(level: number, index: bigint, width: number): Uint8Array | undefined {
    const key = TileCache.key(level, index);
    const tile = this.tiles.get(key);
    if (tile === undefined || tile.width < width) return undefined;
    // Refresh recency: Map iteration order is insertion order, so the first key is the least recently used.
    this.tiles.delete(key);
    this.tiles.set(key, tile);
    return tile.width === width ? tile.data : tile.data.subarray(0, width * HASH_LENGTH);
  }

  put(tile: HashTile): void {
    const key = TileCache.key(tile.level, tile.index);
    const existing = this.tiles.get(key);
    if (existing !== undefined && existing.width > tile.width) return;
    this.tiles.delete(key);
    this.tiles.set(key, tile);
    while (this.tiles.size > this.limit) {
      const oldest = this.tiles.keys().next();
      if (oldest.done === true) break;
      this.tiles.delete(oldest.value);
    }
  }
}
