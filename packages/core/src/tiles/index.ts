// C2SP tlog-tiles: tile and entry bundle paths and bytes, tile maintenance for the sequencer, proofs from tiles.
export {
  MAX_TILE_LEVEL,
  TILE_HEIGHT,
  TILE_WIDTH,
  tileWidthForTreeSize,
  type HashTile,
  type TileId,
  type TileReader,
} from './tile-id.ts';
export {
  formatEntryBundlePath,
  formatTilePath,
  parseTilePath,
  type EntryBundlePath,
  type HashTilePath,
  type TilePath,
} from './tile-path.ts';
export { MAX_ENTRY_LENGTH, decodeEntryBundle, encodeEntryBundle } from './entry-bundle.ts';
export { listTilesForGrowth } from './list-tiles-for-growth.ts';
export { computeTileUpdate, type TileUpdate, type TileUpdateOptions } from './compute-tile-update.ts';
export { readNodeHashes, type ReadNodeHashesOptions } from './read-node-hashes.ts';
export { TileHashCache } from './tile-hash-cache.ts';
export {
  computeRootHashFromTiles,
  generateConsistencyProofFromTiles,
  generateInclusionProofFromTiles,
} from './generate-proof-from-tiles.ts';
