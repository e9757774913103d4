import { EMPTY_ROOT_HASH, hashChildren } from '../merkle/merkle-hash.ts';
import { rangeNodes } from '../merkle/node-id.ts';
import { assembleProof, planConsistencyProof, planInclusionProof } from '../merkle/proof-plan.ts';
import { readNodeHashes, type ReadNodeHashesOptions } from './read-node-hashes.ts';
import { type TileReader } from './tile-id.ts';

// What a tlog-tiles client (or the log's own proof API, DESIGN.md §4) does to answer a proof request: plan the
// proof in terms of perfect subtrees, read the tiles that hold them as of the tree size being proved, assemble.

/**
 * The inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1), from hash tiles.
 * Pass a `TileHashCache` when answering many proofs. Throws as `planInclusionProof` and `readNodeHashes` do.
 */
export async function generateInclusionProofFromTiles(
  index: bigint,
  size: bigint,
  readTile: TileReader,
  options: ReadNodeHashesOptions = {},
): Promise<Uint8Array[]> {
  const plan = planInclusionProof(index, size);
  return assembleProof(plan, await readNodeHashes(size, plan.nodes, readTile, options));
}

/**
 * The consistency proof from `size1` to `size2` (RFC 9162 §2.1.4.1), from the hash tiles of the tree at
 * `size2`. Throws as `planConsistencyProof` and `readNodeHashes` do.
 */
export async function generateConsistencyProofFromTiles(
  size1: bigint,
  size2: bigint,
  readTile: TileReader,
  options: ReadNodeHashesOptions = {},
): Promise<Uint8Array[]> {
  const plan = planConsistencyProof(size1, size2);
  return assembleProof(plan, await readNodeHashes(size2, plan.nodes, readTile, options));
}

/** MTH(D[0:size]) (RFC 9162 §2.1.1) from hash tiles: the perfect subtrees of [0, size) folded right to left. */
export async function computeRootHashFromTiles(
  size: bigint,
  readTile: TileReader,
  options: ReadNodeHashesOptions = {},
): Promise<Uint8Array> {
  const hashes = await readNodeHashes(size, rangeNodes(0n, size), readTile, options);
  let root = hashes.pop() ?? EMPTY_ROOT_HASH.slice();
  while (hashes.length > 0) root = hashChildren(hashes.pop()!, root);
  return root;
}
