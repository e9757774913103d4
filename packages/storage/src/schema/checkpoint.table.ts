/**
 * `checkpoint`: the single latest checkpoint (`id` is always 1), replaced only by compare-and-swap on its
 * tree size and root hash (DESIGN.md §4), so two writers can never both extend the same tree.
 */
export interface CheckpointTable {
  id: bigint;
  tree_size: bigint;
  root_hash: Uint8Array;
  /** The signed note text (c2sp.org/tlog-checkpoint). */
  note: string;
  log_time: string;
}
