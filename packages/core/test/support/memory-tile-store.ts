// Test support: hash tiles kept in memory under their full id, partial widths included, the way a log keeps
// the partial tiles of every checkpoint it published. Reading a tile that was never written fails loudly, so
// a proof that asks for a tile not valid at its tree size cannot pass unnoticed.
import type { HashTile, TileReader } from '../../src/tiles/index.ts';

export class MemoryTileStore {
  readonly tiles = new Map<string, Uint8Array>();
  readonly reads: string[] = [];

  write(tiles: readonly HashTile[]): void {
    for (const tile of tiles) this.tiles.set(`${tile.level}/${String(tile.index)}/${tile.width}`, tile.data);
  }

  readonly readTile: TileReader = (level, index, width) => {
    const key = `${level}/${String(index)}/${width}`;
    this.reads.push(key);
    const data = this.tiles.get(key);
    return data === undefined ? Promise.reject(new Error(`no tile ${key}`)) : Promise.resolve(data);
  };
}
