/**
 * `checkpoint_history`: every checkpoint ever committed. Keyed by (tree size, root hash) rather than tree size
 * alone so that a fork — one size with two roots — is recorded instead of refused here, and audits and crash
 * tests can detect it (`GROUP BY tree_size HAVING COUNT(*) > 1` must be empty).
 */
export interface CheckpointHistoryTable {
  tree_size: bigint;
  root_hash: Uint8Array;
  note: string;
  log_time: string;
}
