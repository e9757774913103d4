import { formatEntryBundlePath, formatTilePath, TILE_WIDTH } from '@jmm/core';

export type ReadKind = 'tile' | 'entries' | 'checkpoint' | 'proof';
export const READ_KINDS: readonly ReadKind[] = ['tile', 'entries', 'checkpoint', 'proof'];

/** A uniformly random bigint in [0, bound). */
function randomBelow(bound: bigint): bigint {
  return BigInt(Math.floor(Math.random() * Number(bound)));
}

/**
 * `count` paths of each kind of read against a tree of `treeSize` leaves, chosen at random: full level-0 hash
 * tiles and entry bundles (c2sp.org/tlog-tiles; the last, partial one if the tree has no full tile yet), the
 * checkpoint, and inclusion proofs of random leaves in the whole tree; and `count` of them mixed in turn.
 */
export function createReadPaths(treeSize: bigint, count: number): Record<ReadKind | 'mix', string[]> {
  const fullTiles = treeSize / BigInt(TILE_WIDTH);
  const tile = () =>
    fullTiles > 0n
      ? { index: randomBelow(fullTiles) }
      : { index: 0n, width: Number(treeSize % BigInt(TILE_WIDTH)) };
  const next: Record<ReadKind, () => string> = {
    tile: () => `/log/${formatTilePath({ level: 0, ...tile() })}`,
    entries: () => `/log/${formatEntryBundlePath(tile())}`,
    checkpoint: () => '/log/checkpoint',
    proof: () => `/api/v1/log/proof/inclusion?index=${randomBelow(treeSize)}&size=${treeSize}`,
  };
  const many = (make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i));
  return {
    tile: many(next.tile),
    entries: many(next.entries),
    checkpoint: many(next.checkpoint),
    proof: many(next.proof),
    mix: many((i) => next[READ_KINDS[i % READ_KINDS.length]!]()),
  };
}
