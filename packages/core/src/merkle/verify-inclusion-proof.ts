import { CoreError } from '../core-error.ts';
import { equalBytes } from '../encoding/index.ts';
import { assertMerkleHash, hashChildren } from './merkle-hash.ts';
import { isUint64 } from './uint64.ts';

// Verification functions return only when the proof holds and otherwise throw CoreError('invalid_proof'), for
// malformed input (a hash that is not 32 bytes, an index outside the tree, a proof of the wrong length) and for
// a mismatch alike: to a verifier both mean "not proven", and an exception cannot be ignored the way a
// forgotten boolean can.

/**
 * The root hash that `proof` yields for `leafHash` at `index` in a tree of `size` leaves: the algorithm of
 * RFC 9162 §2.1.3.2 up to, not including, the final comparison. Throws `invalid_proof` if the proof is
 * malformed or has the wrong length for (index, size).
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
): Uint8Array {
  if (!isUint64(index) || !isUint64(size) || index >= size) {
    throw new CoreError('invalid_proof', `leaf ${String(index)} is not in a tree of size ${String(size)}`);
  }
  assertMerkleHash(leafHash, 'invalid_proof', 'leaf hash');
  proof.forEach((hash, i) => {
    assertMerkleHash(hash, 'invalid_proof', `proof hash ${i}`);
  });
  // fn is the node on the path, sn the last node at the same level; when fn is a left child with no right
  // sibling (fn == sn) the path skips levels until it is a right child again.
  let fn = index;
  let sn = size - 1n;
  let root = leafHash;
  for (const hash of proof) {
    if (sn === 0n) throw new CoreError('invalid_proof', 'the proof is longer than the path to the root');
    if ((fn & 1n) === 1n || fn === sn) {
      root = hashChildren(hash, root);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      root = hashChildren(root, hash);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new CoreError('invalid_proof', 'the proof is shorter than the path to the root');
  return root;
}

/**
 * Verifies that `leafHash` is leaf `index` of the tree of `size` leaves with root `rootHash` (RFC 9162
 * §2.1.3.2). Returns only if it is; throws `invalid_proof` otherwise. Hashes are compared in constant time.
 */
export function verifyInclusionProof(
  leafHash: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): void {
  assertMerkleHash(rootHash, 'invalid_proof', 'root hash');
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  if (!equalBytes(computed, rootHash)) {
    throw new CoreError('invalid_proof', 'the inclusion proof does not lead to the root hash');
  }
}
