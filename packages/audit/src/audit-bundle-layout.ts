// The audit bundle directory (docs/audit-bundle.md): the log's own files at their c2sp.org/tlog-tiles paths,
// plus the checkpoint history and the envelopes the exporter could read, one file per entry bundle.
import { TILE_WIDTH } from '@jmm/core';
import type { LogCheckpoint, LogEnvelope } from './log-source.ts';

export const BUNDLE_FORMAT = 'jmm-audit-bundle/v1';
export const BUNDLE_MANIFEST_FILE = 'bundle.json';
export const BUNDLE_CHECKPOINT_FILE = 'checkpoint';
export const BUNDLE_HISTORY_FILE = 'checkpoints.jsonl';
export const BUNDLE_ENVELOPES_DIR = 'envelopes';

/** bundle.json. */
export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly origin: string;
  readonly log_vkey: string;
  readonly tree_size: number;
  /** RFC 3339 UTC. */
  readonly exported_at: string;
  /** `public`, or the `org/member` whose credentials read the envelopes. */
  readonly reader: string;
}

/** The envelopes file of entry bundle `tile`: `envelopes/<tile>.jsonl`. */
export function formatEnvelopesPath(tile: bigint): string {
  return `${BUNDLE_ENVELOPES_DIR}/${tile.toString()}.jsonl`;
}

/** The entry bundle (and level-0 tile) index that holds leaf `index`. */
export function tileOfIndex(index: bigint): bigint {
  return index / BigInt(TILE_WIDTH);
}

/** One line of checkpoints.jsonl: the row of GET /api/v1/log/checkpoints, as served. */
export function formatCheckpointLine(row: LogCheckpoint): string {
  return JSON.stringify({
    tree_size: Number(row.treeSize),
    root_hash: row.rootHash,
    note: row.note,
    log_time: row.logTime,
    witnessed_by: row.witnessedBy,
    final: row.final,
  });
}

/** One line of an envelopes file: the row of GET /api/v1/log/envelopes, as served. */
export function formatEnvelopeLine(row: LogEnvelope): string {
  return JSON.stringify({
    index: Number(row.index),
    digest: row.digest,
    log_time: row.logTime,
    envelope: row.envelope,
  });
}
