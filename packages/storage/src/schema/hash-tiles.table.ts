/**
 * `hash_tiles`: the latest width of each hash tile position (c2sp.org/tlog-tiles). A partial tile is a prefix
 * of every wider one, so the widest stored tile answers every narrower request.
 */
export interface HashTilesTable {
  /** Tile level L: the tile holds hashes of tree level 8·L. */
  level: bigint;
  /** Tile index N at its level. */
  idx: bigint;
  /** Number of 32-byte hashes in `hashes`, 1–256. */
  width: bigint;
  hashes: Uint8Array;
}
