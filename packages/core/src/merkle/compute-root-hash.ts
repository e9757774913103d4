import { CoreError } from '../core-error.ts';
import { EMPTY_ROOT_HASH, assertMerkleHash, hashChildren } from './merkle-hash.ts';

/**
 * MTH(D[begin:end]) (RFC 9162 §2.1.1) of leaf hashes already computed with `hashLeaf`: the root of the tree
 * whose leaves are that slice. `begin` and `end` default to the whole array. Costs end − begin − 1 node hashes.
 *
 * Throws `invalid_range` for a slice outside the array and `invalid_argument` for a hash that is not 32 bytes.
 */
export function computeRootHash(
  leafHashes: readonly Uint8Array[],
  begin = 0n,
  end = BigInt(leafHashes.length),
): Uint8Array {
  if (begin < 0n || begin > end || end > BigInt(leafHashes.length)) {
    throw new CoreError(
      'invalid_range',
      `[${String(begin)}, ${String(end)}) is not a slice of ${leafHashes.length} leaf hashes`,
    );
  }
  return hashRange(leafHashes, Number(begin), Number(end));
}

/**
 * MTH of hashes[begin:end] for in-bounds indexes (internal: tiles and proofs call it with numbers they have
 * checked). A stack holds the perfect subtrees seen so far, largest first; each new hash merges with the stack
 * top as long as the count so far is even at that level, which is the RFC's split at the largest power of two.
 */
export function hashRange(hashes: readonly Uint8Array[], begin: number, end: number): Uint8Array {
  if (begin === end) return EMPTY_ROOT_HASH.slice();
  const stack: Uint8Array[] = [];
  for (let i = begin; i < end; i++) {
    let hash = hashes[i]!;
    assertMerkleHash(hash, 'invalid_argument', `leaf hash ${i}`);
    // Counts stay below 2^32 (array lengths), so halving with / and testing with % is exact.
    for (let count = i - begin + 1; count % 2 === 0; count /= 2) hash = hashChildren(stack.pop()!, hash);
    stack.push(hash);
  }
  let root = stack.pop()!;
  while (stack.length > 0) root = hashChildren(stack.pop()!, root);
  return root;
}
