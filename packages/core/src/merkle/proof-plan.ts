import { CoreError } from '../core-error.ts';
import { assertMerkleHash, hashChildren } from './merkle-hash.ts';
import { rangeNodes, type NodeId } from './node-id.ts';
import { isUint64, largestPowerOfTwoBelow } from './uint64.ts';

/** Which of a plan's nodes make up one proof element: nodes[begin:end]. */
export interface ProofElementPlan {
  readonly begin: number;
  readonly end: number;
}

/**
 * How to build an RFC 9162 proof from stored node hashes, without saying where they are stored (the idea of
 * transparency-dev/merkle's proof.Nodes). Every proof element is MTH(D[a:b]) of some range of leaves; when that
 * range is a perfect subtree it is one stored node, and when it is the unfinished right edge of the tree (an
 * "ephemeral" node, MTH(D[k:n]) in RFC 9162 §2.1.3.1 and §2.1.4.1) it is recomputed from the perfect subtrees
 * covering it.
 */
export interface ProofPlan {
  /** The perfect subtrees whose hashes the proof needs, in the order `assembleProof` takes them. */
  readonly nodes: readonly NodeId[];
  /** One entry per proof element, the element nearest the leaves first, as the proof is sent. */
  readonly elements: readonly ProofElementPlan[];
}

/**
 * Plans the inclusion proof PATH(index, D[size]) of RFC 9162 §2.1.3.1. Throws `invalid_range` unless
 * 0 ≤ index < size < 2^64.
 */
export function planInclusionProof(index: bigint, size: bigint): ProofPlan {
  if (!isUint64(index) || !isUint64(size) || index >= size) {
    throw new CoreError('invalid_range', `leaf ${String(index)} is not in a tree of size ${String(size)}`);
  }
  // The RFC's recursion, unrolled: at each step [lo, hi) splits at the largest power of two below its size,
  // the leaf's side is kept and the other side becomes a proof element. Elements come out root first.
  const ranges: (readonly [bigint, bigint])[] = [];
  let lo = 0n;
  let hi = size;
  while (hi - lo > 1n) {
    const mid = lo + largestPowerOfTwoBelow(hi - lo);
    if (index < mid) {
      ranges.push([mid, hi]);
      hi = mid;
    } else {
      ranges.push([lo, mid]);
      lo = mid;
    }
  }
  return planFromRanges(ranges.reverse());
}

/**
 * Plans the consistency proof PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1. Equal sizes need no proof (an empty
 * plan). Throws `invalid_range` unless 0 < size1 ≤ size2 < 2^64: nothing can be proved about the empty tree.
 */
export function planConsistencyProof(size1: bigint, size2: bigint): ProofPlan {
  if (!isUint64(size1) || !isUint64(size2) || size1 === 0n || size1 > size2) {
    throw new CoreError(
      'invalid_range',
      `no consistency proof exists from size ${String(size1)} to size ${String(size2)}`,
    );
  }
  // SUBPROOF(m, D[lo:hi], b) unrolled with absolute bounds; `known` is the RFC's b: whether the verifier
  // already knows MTH(D[lo:hi]) as its old root (true until the recursion first steps right).
  const ranges: (readonly [bigint, bigint])[] = [];
  let lo = 0n;
  let hi = size2;
  let known = true;
  while (size1 !== hi) {
    const mid = lo + largestPowerOfTwoBelow(hi - lo);
    if (size1 <= mid) {
      ranges.push([mid, hi]);
      hi = mid;
    } else {
      ranges.push([lo, mid]);
      lo = mid;
      known = false;
    }
  }
  if (!known) ranges.push([lo, hi]);
  return planFromRanges(ranges.reverse());
}

function planFromRanges(ranges: readonly (readonly [bigint, bigint])[]): ProofPlan {
  const nodes: NodeId[] = [];
  const elements: ProofElementPlan[] = [];
  for (const [begin, end] of ranges) {
    const covering = rangeNodes(begin, end);
    elements.push({ begin: nodes.length, end: nodes.length + covering.length });
    nodes.push(...covering);
  }
  return { nodes, elements };
}

/**
 * Builds the proof from the hashes of `plan.nodes` (same order): each element's subtrees are folded right to
 * left, which is MTH of their union because they are the right edge of an aligned range (RFC 9162 §2.1.1).
 * Elements made of one node are returned as given, not copied. Throws `invalid_argument` for a wrong count or
 * a hash that is not 32 bytes.
 */
export function assembleProof(plan: ProofPlan, hashes: readonly Uint8Array[]): Uint8Array[] {
  if (hashes.length !== plan.nodes.length) {
    throw new CoreError(
      'invalid_argument',
      `the plan needs ${plan.nodes.length} hashes, got ${hashes.length}`,
    );
  }
  hashes.forEach((hash, i) => {
    assertMerkleHash(hash, 'invalid_argument', `node hash ${i}`);
  });
  return plan.elements.map(({ begin, end }) => {
    let i = end - 1;
    let hash = hashes[i]!;
    while (--i >= begin) hash = hashChildren(hashes[i]!, hash);
    return hash;
  });
}
