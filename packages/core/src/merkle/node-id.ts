import { CoreError } from '../core-error.ts';
import { bitLength, isUint64, trailingZeros } from './uint64.ts';

/**
 * A perfect subtree of the log's Merkle tree: the node at `level` (0 for leaves) and `index` (counted from the
 * left at that level), which covers leaves [index·2^level, (index+1)·2^level). Its hash never changes once the
 * tree has grown past it, which is why storage keeps these and proofs are planned in terms of them.
 */
export interface NodeId {
  readonly level: number;
  readonly index: bigint;
}

/**
 * The perfect subtrees that exactly cover leaves [begin, end), left to right: the "compact range" of
 * transparency-dev/merkle's docs/compact_ranges.md. Levels first rise then fall, and there are at most two per
 * level, so a range of a uint64 tree never has more than 128 of them.
 */
export function rangeNodes(begin: bigint, end: bigint): NodeId[] {
  if (!isUint64(begin) || !isUint64(end) || begin > end) {
    throw new CoreError('invalid_range', `[${String(begin)}, ${String(end)}) is not a range of leaves`);
  }
  const nodes: NodeId[] = [];
  let next = begin;
  while (next < end) {
    // The largest subtree that starts at `next` (aligned to its own size) and still ends by `end`.
    const fits = bitLength(end - next) - 1;
    const level = next === 0n ? fits : Math.min(trailingZeros(next), fits);
    nodes.push({ level, index: next >> BigInt(level) });
    next += 1n << BigInt(level);
  }
  return nodes;
}
