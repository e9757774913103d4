import type { StoredCheckpoint } from '@jmm/log';
import { bytesFromColumn } from './column-values.ts';

/** A `checkpoint` or `checkpoint_history` row as the port's StoredCheckpoint. */
export function checkpointFromRow(row: {
  tree_size: bigint;
  root_hash: Uint8Array;
  note: string;
  log_time: string;
}): StoredCheckpoint {
  return {
    treeSize: row.tree_size,
    rootHash: bytesFromColumn(row.root_hash),
    note: row.note,
    logTime: row.log_time,
  };
}
