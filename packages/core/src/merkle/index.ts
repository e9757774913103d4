// RFC 9162 Merkle trees: hashing, incremental construction, storage-agnostic proof planning and verification.
export { EMPTY_ROOT_HASH, MERKLE_HASH_LENGTH, hashChildren, hashLeaf } from './merkle-hash.ts';
export { UINT64_MAX } from './uint64.ts';
export { rangeNodes, type NodeId } from './node-id.ts';
export { computeRootHash } from './compute-root-hash.ts';
export { CompactRange, type NodeVisitor } from './compact-range.ts';
export {
  assembleProof,
  planConsistencyProof,
  planInclusionProof,
  type ProofElementPlan,
  type ProofPlan,
} from './proof-plan.ts';
export { generateConsistencyProof, generateInclusionProof } from './generate-proof.ts';
export { rootFromInclusionProof, verifyInclusionProof } from './verify-inclusion-proof.ts';
export { verifyConsistencyProof } from './verify-consistency-proof.ts';
