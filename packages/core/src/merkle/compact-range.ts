import { CoreError } from '../core-error.ts';
import { EMPTY_ROOT_HASH, assertMerkleHash, hashChildren } from './merkle-hash.ts';
import { rangeNodes, type NodeId } from './node-id.ts';
import { UINT64_MAX } from './uint64.ts';

/** Called with every node a `CompactRange` creates, so that a caller can store the ones it keeps (tiles). */
export type NodeVisitor = (level: number, index: bigint, hash: Uint8Array) => void;

/**
 * The hashes of the perfect subtrees covering leaves [begin, end) (transparency-dev/merkle
 * docs/compact_ranges.md): all a log needs to keep to extend its tree and compute the root, at most two hashes
 * per level. For begin = 0 this is the tree's right edge.
 *
 * Appending a leaf costs one node hash on average (one per merged pair), and the root costs one per stored hash
 * beyond the first, so a sequencer's per-batch cost is the batch size plus log2 of the tree size.
 */
export class CompactRange {
  readonly begin: bigint;
  #end: bigint;
  readonly #hashes: Uint8Array[];

  /**
   * Restores a range from its persisted state: `hashes` are those of `rangeNodes(begin, end)`, in that order.
   * Throws `invalid_range` for a range outside uint64 and `invalid_argument` for the wrong number or length of
   * hashes. With no arguments it is the empty tree.
   */
  constructor(begin = 0n, end = begin, hashes: readonly Uint8Array[] = []) {
    const expected = rangeNodes(begin, end).length;
    if (hashes.length !== expected) {
      throw new CoreError(
        'invalid_argument',
        `range [${String(begin)}, ${String(end)}) has ${expected} subtrees, not ${hashes.length} hashes`,
      );
    }
    hashes.forEach((hash, i) => {
      assertMerkleHash(hash, 'invalid_argument', `subtree hash ${i}`);
    });
    this.begin = begin;
    this.#end = end;
    this.#hashes = [...hashes];
  }

  /** One past the last leaf covered: for a range from 0, the tree size. */
  get end(): bigint {
    return this.#end;
  }

  /** The stored hashes, left to right, aligned with `nodes()`: what to persist. A copy. */
  get hashes(): readonly Uint8Array[] {
    return [...this.#hashes];
  }

  /** The perfect subtrees the hashes belong to, left to right. */
  nodes(): NodeId[] {
    return rangeNodes(this.begin, this.#end);
  }

  /**
   * Appends the leaf at index `end`. `onNode` sees the leaf and then every interior node completed by it.
   * Throws `invalid_argument` for a hash that is not 32 bytes and `invalid_range` past 2^64 − 1 leaves.
   */
  append(leafHash: Uint8Array, onNode?: NodeVisitor): void {
    assertMerkleHash(leafHash, 'invalid_argument', 'leaf hash');
    if (this.#end === UINT64_MAX) throw new CoreError('invalid_range', 'the tree is full');
    onNode?.(0, this.#end, leafHash);
    this.#appendNode(0, leafHash, onNode);
  }

  /**
   * Appends the adjacent range `other` (its begin must be this range's end), merging subtrees that become
   * complete; `onNode` sees each node created by a merge. `other` is not changed. Throws `invalid_argument` for
   * a range that does not start where this one ends.
   */
  appendRange(other: CompactRange, onNode?: NodeVisitor): void {
    if (other.begin !== this.#end) {
      throw new CoreError(
        'invalid_argument',
        `a range starting at ${String(other.begin)} cannot follow one ending at ${String(this.#end)}`,
      );
    }
    other.nodes().forEach((node, i) => {
      this.#appendNode(node.level, other.#hashes[i]!, onNode);
    });
  }

  /**
   * MTH(D[0:end]) (RFC 9162 §2.1.1): the stored subtrees folded right to left. Defined only for a range that
   * starts at leaf 0 (`invalid_range` otherwise); the empty tree gives a copy of EMPTY_ROOT_HASH.
   */
  rootHash(): Uint8Array {
    if (this.begin !== 0n) {
      throw new CoreError('invalid_range', 'only a range that starts at leaf 0 has a root hash');
    }
    let i = this.#hashes.length - 1;
    if (i < 0) return EMPTY_ROOT_HASH.slice();
    let root = this.#hashes[i]!;
    while (--i >= 0) root = hashChildren(this.#hashes[i]!, root);
    return root;
  }

  // Appends the perfect subtree (level, end >> level); `end` is a multiple of 2^level by construction. While
  // the new node is a right child whose left sibling lies inside the range, that sibling is the last stored
  // hash (it is a maximal subtree of the range: its parent reaches past `end`), so the two merge.
  #appendNode(level: number, hash: Uint8Array, onNode: NodeVisitor | undefined): void {
    let index = this.#end >> BigInt(level);
    let nodeLevel = level;
    let node = hash;
    while ((index & 1n) === 1n && (index - 1n) << BigInt(nodeLevel) >= this.begin) {
      node = hashChildren(this.#hashes.pop()!, node);
      nodeLevel++;
      index >>= 1n;
      onNode?.(nodeLevel, index, node);
    }
    this.#hashes.push(node);
    this.#end += 1n << BigInt(level);
  }
}
