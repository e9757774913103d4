import { sha256 } from '#sha256';
import { MERKLE_HASH_LENGTH } from '../merkle/merkle-hash.ts';
import { TILE_HEIGHT, TILE_WIDTH } from './tile-id.ts';

const NODE_PREFIX = Uint8Array.of(0x01);
const PAIR_LENGTH = 2 * MERKLE_HASH_LENGTH;

/**
 * The subtree of height 8 that one hash tile stands for (c2sp.org/tlog-tiles: "a tile represents the entire
 * subtree of height 8 with its hashes as the leaves"), expanded lazily: each interior node is hashed the first
 * time it is asked for and then kept. Each level is stored contiguously, so a node is one SHA-256 over its
 * children's 64 adjacent bytes (RFC 9162 §2.1.1, 0x01 ‖ left ‖ right).
 */
export class TileHashes {
  readonly #row: Uint8Array;
  // #levels[r] holds the nodes r levels above the row (1 ≤ r ≤ 7; the tile's own root is a hash of the tile
  // above), #known[r] which of them are computed.
  readonly #levels: Uint8Array[] = [];
  readonly #known: Uint8Array[] = [];

  /** `row` is the tile's bytes, already checked to hold whole hashes; it is kept, not copied. */
  constructor(row: Uint8Array) {
    this.#row = row;
    for (let r = 1; r < TILE_HEIGHT; r++) {
      const count = TILE_WIDTH >> r;
      this.#levels[r] = new Uint8Array(count * MERKLE_HASH_LENGTH);
      this.#known[r] = new Uint8Array(count);
    }
  }

  /**
   * A view of the hash of the node `above` levels over the row whose leftmost row hash is `offset`. The caller
   * guarantees the node lies within the tile's width (and copies the view before handing it out).
   */
  node(above: number, offset: number): Uint8Array {
    const position = offset >> above;
    if (above === 0)
      return this.#row.subarray(position * MERKLE_HASH_LENGTH, (position + 1) * MERKLE_HASH_LENGTH);
    const level = this.#levels[above]!;
    const start = position * MERKLE_HASH_LENGTH;
    if (this.#known[above]![position] === 0) {
      const half = 1 << (above - 1);
      this.node(above - 1, offset);
      this.node(above - 1, offset + half);
      const children = above === 1 ? this.#row : this.#levels[above - 1]!;
      const pairStart = position * PAIR_LENGTH;
      level.set(sha256(NODE_PREFIX, children.subarray(pairStart, pairStart + PAIR_LENGTH)), start);
      this.#known[above]![position] = 1;
    }
    return level.subarray(start, start + MERKLE_HASH_LENGTH);
  }
}
