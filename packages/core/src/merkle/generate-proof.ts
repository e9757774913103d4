import { CoreError } from '../core-error.ts';
import { hashRange } from './compute-root-hash.ts';
import type { NodeId } from './node-id.ts';
import { assembleProof, planConsistencyProof, planInclusionProof, type ProofPlan } from './proof-plan.ts';

/**
 * The inclusion proof of leaf `index` in the tree of the first `size` of `leafHashes` (RFC 9162 §2.1.3.1),
 * computed from the leaves: about `size` node hashes, so meant for tests, tools and small trees. Logs build
 * proofs from stored nodes or tiles with `planInclusionProof` instead. Throws `invalid_range` for an index or
 * size outside the tree or the array.
 */
export function generateInclusionProof(
  index: bigint,
  size: bigint,
  leafHashes: readonly Uint8Array[],
): Uint8Array[] {
  return proveFromLeaves(planInclusionProof(index, size), size, leafHashes);
}

/**
 * The consistency proof between the trees of the first `size1` and `size2` of `leafHashes` (RFC 9162
 * §2.1.4.1), computed from the leaves. Throws `invalid_range` unless 0 < size1 ≤ size2 ≤ leafHashes.length.
 */
export function generateConsistencyProof(
  size1: bigint,
  size2: bigint,
  leafHashes: readonly Uint8Array[],
): Uint8Array[] {
  return proveFromLeaves(planConsistencyProof(size1, size2), size2, leafHashes);
}

function proveFromLeaves(plan: ProofPlan, size: bigint, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  if (size > BigInt(leafHashes.length)) {
    throw new CoreError(
      'invalid_range',
      `tree size ${String(size)} exceeds the ${leafHashes.length} leaves given`,
    );
  }
  const nodeHash = ({ level, index }: NodeId): Uint8Array => {
    const begin = Number(index << BigInt(level));
    return hashRange(leafHashes, begin, begin + 2 ** level);
  };
  return assembleProof(plan, plan.nodes.map(nodeHash));
}
