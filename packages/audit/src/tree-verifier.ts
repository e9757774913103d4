import { CompactRange, concatBytes, TILE_HEIGHT, TILE_WIDTH, type TileId } from '@jmm/core';

/** What is kept of the tree between audits: the right edge and each level's partial tile. */
export interface TreeSnapshot {
  readonly size: bigint;
  /** CompactRange hashes of [0, size), left to right. */
  readonly rangeHashes: readonly Uint8Array[];
  /** Per tile level, the hashes of its partial tile at `size` (c2sp.org/tlog-tiles: fewer than 256). */
  readonly partialTiles: readonly (readonly Uint8Array[])[];
}

/**
 * Recomputes a log's tree from its leaf hashes (RFC 9162 §2.1.1) and, alongside, every hash tile the log
 * should serve (c2sp.org/tlog-tiles: the tile at level L holds the hashes of tree level 8·L), so each tile
 * fetched can be compared with what the leaves say it must be. Keeps only the right edge and one partial tile
 * per level: memory does not grow with the log.
 */
export class TreeVerifier {
  private readonly range: CompactRange;
  private readonly partial: Uint8Array[][];
  /** Full tiles above level 0 completed since the last `takeCompletedTiles`. */
  private completed: { tile: TileId; data: Uint8Array }[] = [];

  constructor(snapshot?: TreeSnapshot) {
    this.range =
      snapshot === undefined ? new CompactRange() : new CompactRange(0n, snapshot.size, snapshot.rangeHashes);
    this.partial = snapshot === undefined ? [[]] : snapshot.partialTiles.map((hashes) => [...hashes]);
  }

  get size(): bigint {
    return this.range.end;
  }

  rootHash(): Uint8Array {
    return this.range.rootHash();
  }

  /** Appends one leaf; `onNode` keeps every node at a tile level (multiples of 8) in its level's partial tile. */
  appendLeaf(leafHash: Uint8Array): void {
    this.range.append(leafHash, (level, index, hash) => {
      if (level % TILE_HEIGHT !== 0) return;
      const tileLevel = level / TILE_HEIGHT;
      const hashes = (this.partial[tileLevel] ??= []);
      hashes.push(hash);
      if (hashes.length === TILE_WIDTH) {
        if (tileLevel > 0)
          this.completed.push({
            tile: { level: tileLevel, index: index / BigInt(TILE_WIDTH), width: TILE_WIDTH },
            data: concatBytes(...hashes),
          });
        this.partial[tileLevel] = [];
      }
    });
  }

  /** The full tiles above level 0 that leaves appended since the last call completed. */
  takeCompletedTiles(): { tile: TileId; data: Uint8Array }[] {
    const completed = this.completed;
    this.completed = [];
    return completed;
  }

  /** The partial tiles above level 0 at the current size, as the log must serve them (`.p/<W>`). */
  listPartialTiles(): { tile: TileId; data: Uint8Array }[] {
    const tiles: { tile: TileId; data: Uint8Array }[] = [];
    this.partial.forEach((hashes, level) => {
      if (level === 0 || hashes.length === 0) return;
      const count = this.size >> BigInt(TILE_HEIGHT * level);
      tiles.push({
        tile: { level, index: count / BigInt(TILE_WIDTH), width: hashes.length },
        data: concatBytes(...hashes),
      });
    });
    return tiles;
  }

  snapshot(): TreeSnapshot {
    return {
      size: this.size,
      rangeHashes: this.range.hashes,
      partialTiles: this.partial.map((hashes) => [...hashes]),
    };
  }
}
