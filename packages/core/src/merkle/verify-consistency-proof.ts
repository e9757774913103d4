import { CoreError } from '../core-error.ts';
import { equalBytes } from '../encoding/index.ts';
import { assertMerkleHash, hashChildren } from './merkle-hash.ts';
import { isUint64 } from './uint64.ts';

/**
 * Verifies that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves with root
 * `root1` (RFC 9162 §2.1.4.2). Returns only if it does; throws `invalid_proof` otherwise, for a mismatch and for
 * malformed input alike (see verify-inclusion-proof.ts).
 *
 * Edge cases, as transparency-dev/merkle's test vectors fix them: size1 = 0 always fails (every tree extends
 * the empty one, so such a "proof" proves nothing and is more likely a bug); equal sizes need an empty proof
 * and equal roots, which are then compared as given, since the claim is just "these are the same root".
 */
export function verifyConsistencyProof(
  size1: bigint,
  size2: bigint,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  if (!isUint64(size1) || !isUint64(size2) || size1 === 0n || size1 > size2) {
    throw new CoreError(
      'invalid_proof',
      `no consistency proof exists from size ${String(size1)} to size ${String(size2)}`,
    );
  }
  if (size1 === size2) {
    if (proof.length !== 0) throw new CoreError('invalid_proof', 'equal tree sizes take an empty proof');
    if (!equalBytes(root1, root2))
      throw new CoreError('invalid_proof', 'equal tree sizes with different roots');
    return;
  }
  assertMerkleHash(root1, 'invalid_proof', 'first root hash');
  assertMerkleHash(root2, 'invalid_proof', 'second root hash');
  proof.forEach((hash, i) => {
    assertMerkleHash(hash, 'invalid_proof', `proof hash ${i}`);
  });
  if (proof.length === 0) throw new CoreError('invalid_proof', 'the consistency proof is empty');

  // Step 2: when the old tree is a perfect subtree of the new one its root is the proof's implicit first hash.
  const path = (size1 & (size1 - 1n)) === 0n ? [root1, ...proof] : proof;
  // Steps 3–4: skip the levels where the old tree's last node is a right child; the path starts at the
  // largest perfect subtree that ends the old tree.
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // Steps 5–6: fr rebuilds the old root from the left siblings only, sr the new root from all of them.
  let fr = path[0]!;
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    if (sn === 0n) throw new CoreError('invalid_proof', 'the proof is longer than the path to the root');
    const hash = path[i]!;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = hashChildren(hash, fr);
      sr = hashChildren(hash, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = hashChildren(sr, hash);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 7, with the three checks kept distinct so that each failure says what went wrong.
  if (sn !== 0n) throw new CoreError('invalid_proof', 'the proof is shorter than the path to the root');
  if (!equalBytes(fr, root1))
    throw new CoreError('invalid_proof', 'the proof does not lead to the first root');
  if (!equalBytes(sr, root2))
    throw new CoreError('invalid_proof', 'the proof does not lead to the second root');
}
