import { sha256 } from '#sha256';
import { CoreError, type CoreErrorCode } from '../core-error.ts';

/** Length in bytes of every Merkle tree hash: the tree uses SHA-256 (RFC 9162 §2.1, c2sp.org/tlog-tiles). */
export const MERKLE_HASH_LENGTH = 32;

// RFC 9162 §2.1.1 prefixes leaves with 0x00 and interior nodes with 0x01 so that no leaf can pose as a node
// (the second-preimage attack on unprefixed Merkle trees).
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/**
 * The hash of the empty tree, MTH({}) = SHA-256() (RFC 9162 §2.1.1). It is one shared array: never mutate it;
 * functions that return the empty root return a copy.
 */
export const EMPTY_ROOT_HASH: Uint8Array = sha256();

/** The leaf hash of an entry, MTH({d}) = SHA-256(0x00 ‖ d) (RFC 9162 §2.1.1). */
export function hashLeaf(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

/** The hash of an interior node, SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1). Lengths are the caller's duty. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** Throws `code` unless `hash` is exactly one SHA-256 output long. `what` names it in the message. */
export function assertMerkleHash(hash: Uint8Array, code: CoreErrorCode, what: string): void {
  if (hash.length !== MERKLE_HASH_LENGTH) {
    throw new CoreError(code, `${what} is ${hash.length} bytes, not ${MERKLE_HASH_LENGTH}`);
  }
}
