import {
  canonicalizeJson,
  decodeBase64,
  encodeBase64,
  encodeUtf8,
  hashLeaf,
  isCoreError,
  verifyInclusionProof,
  type Checkpoint,
} from '@jmm/core';

export interface InclusionReport {
  readonly verified: boolean;
  /** RFC 9162 leaf hash of the entry, base64. */
  readonly leafHash: string;
  readonly proof: readonly string[];
  readonly problem: string | undefined;
}

/**
 * Re-checks, for display, the path from a statement's log entry to a verified checkpoint's root hash
 * (RFC 9162 §2.1.3.2). Entries are JCS JSON (DESIGN.md §4), so the leaf data is the canonical form of the entry
 * the client returned; `proof` is what the log's proof API served, untrusted until this passes.
 */
export function verifyStatementInclusion(
  entry: Readonly<Record<string, unknown>>,
  index: bigint,
  checkpoint: Checkpoint,
  proof: readonly string[],
): InclusionReport {
  const leaf = hashLeaf(encodeUtf8(canonicalizeJson(entry)));
  const leafHash = encodeBase64(leaf);
  try {
    verifyInclusionProof(leaf, index, checkpoint.treeSize, proof.map(decodeBase64), checkpoint.rootHash);
    return { verified: true, leafHash, proof, problem: undefined };
  } catch (cause) {
    if (!isCoreError(cause)) throw cause;
    return { verified: false, leafHash, proof, problem: `${cause.code}: ${cause.message}` };
  }
}
