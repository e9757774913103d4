import type { LogCheckpoint, LogEnvelope } from '@jmm/client';

export type { LogCheckpoint, LogEnvelope };

/** The largest tile or entry bundle a source may return: a full entry bundle of maximal entries is 256 × 64 KiB. */
export const MAX_TILE_BYTES = 256 * (65_535 + 2);
/** The largest checkpoint note (with its cosignature lines) or mechanism description a source may return. */
export const MAX_CHECKPOINT_BYTES = 1024 * 1024;

/** What a source says about the mechanism it serves; believed only where it matches the auditor's trust roots. */
export interface MechanismDescription {
  readonly origin: string;
  /** The C2SP verifier key of the log's checkpoint key. */
  readonly logVkey: string;
}

/**
 * Where an audit reads a log from: a mechanism's HTTP API (http-log-source.ts) or an audit bundle directory
 * (bundle-log-source.ts, docs/audit-bundle.md). Nothing a source returns is trusted: the auditor checks every
 * byte against the checkpoints signed by the log's key.
 *
 * Errors: AuditError `not_found` for a tile or resource the source does not have, `unreachable` when it cannot
 * be read at all (after retries), `invalid_source` for an answer of the wrong shape.
 */
export interface LogSource {
  /** The URL or directory, for messages. */
  readonly location: string;
  /** Who reads: `public`, or `org/member` for a member's credentials. */
  readonly reader: string;
  /** The origin and log key the source claims (GET /api/v1/mechanism, or bundle.json). */
  describeMechanism(): Promise<MechanismDescription>;
  /** The latest checkpoint note, with any cosignature lines (c2sp.org/tlog-checkpoint). */
  readCheckpoint(): Promise<string>;
  /** A hash tile or entry bundle by its c2sp.org/tlog-tiles path, e.g. `tile/0/001` or `tile/entries/000.p/7`. */
  readTile(path: string): Promise<Uint8Array>;
  /**
   * The checkpoint history from tree size `fromSize`, ascending, at most `limit` rows; undefined when the source
   * keeps no history (an older server).
   */
  listCheckpoints(fromSize: bigint, limit: number): Promise<LogCheckpoint[] | undefined>;
  /** The envelopes of entries `from` … `from + limit - 1` that the reader may read, in index order. */
  readEnvelopes(from: bigint, limit: number): Promise<LogEnvelope[]>;
  /**
   * Optionally, the same rows as JSONL bytes exactly as the source keeps them (an audit bundle's envelopes
   * files), so that they reach the auditor's workers unparsed. Rows outside the range may be included; the
   * auditor ignores them. A malformed line is the auditor's to report.
   */
  readEnvelopeLines?(from: bigint, limit: number): Promise<Uint8Array>;
}
