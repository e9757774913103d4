/** Bytes per hash in a tile: SHA-256 (RFC 6962 §2.1). */
export const HASH_SIZE = 32;
/** Hashes in a full tile (c2sp.org/tlog-tiles: tiles of height 8). */
export const TILE_WIDTH = 256;
