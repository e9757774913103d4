import type { HashTile } from '@jmm/core';
import type {
  Audience,
  KeyRecord,
  MechanismState,
  MemberRecord,
  OrgRecord,
  PublicPrecision,
  RefInfo,
  Statement,
  Viewer,
  ViewerRecord,
  WorkflowRecord,
} from '@jmm/domain';

/** A signed checkpoint as stored: the tree it commits to and the C2SP signed note that says so. */
export interface StoredCheckpoint {
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  /** The signed note text (c2sp.org/tlog-checkpoint body + the log's signature line). */
  readonly note: string;
  /** Log time of the batch this checkpoint closed (RFC 3339 UTC, milliseconds). */
  readonly logTime: string;
}

/** One hash tile (c2sp.org/tlog-tiles): `width` 32-byte hashes of tree level 8·`level`, in `data`. */
export type { HashTile };

/** A statement as the sequencer integrated it. */
export interface SequencedEntry {
  readonly index: bigint;
  readonly digest: string;
  readonly logTime: string;
  /** Leaf data: the JCS entry JSON (DESIGN.md §4), what entry bundles serve. */
  readonly entry: Uint8Array;
  /** The stored envelope: JCS form of the DSSE JSON object; `digest` is its SHA-256. */
  readonly envelope: Uint8Array;
  readonly statement: Statement;
  readonly keyId: string;
}

/**
 * Who may list an evidence file (DESIGN.md §5 blobs): the organisations whose members uploaded it, and the
 * issuer and audience of every distinct kind of statement in the log that lists it (for `canOrgRead`).
 */
export interface EvidenceHolders {
  readonly uploaders: readonly string[];
  readonly listings: readonly { readonly org: string; readonly audience: Audience }[];
}

/** Where a statement already in the log sits. */
export interface EntryLocation {
  readonly digest: string;
  readonly index: bigint;
  readonly logTime: string;
  readonly entry: Uint8Array;
}

/** The membership records one batch created or changed. */
export interface MembershipChanges {
  readonly orgs: readonly OrgRecord[];
  readonly members: readonly MemberRecord[];
  readonly keys: readonly KeyRecord[];
}

/** Everything one group commit writes, in one transaction (DESIGN.md §4). */
export interface IntegratedBatch {
  /** The checkpoint this batch extends; undefined for the first batch of an empty log. Compare-and-swap. */
  readonly previous: { readonly treeSize: bigint; readonly rootHash: Uint8Array } | undefined;
  readonly checkpoint: StoredCheckpoint;
  /** Contiguous, from `previous.treeSize` (or 0) to `checkpoint.treeSize - 1`. */
  readonly entries: readonly SequencedEntry[];
  /** Every hash tile the batch created or widened, at its new width. */
  readonly tiles: readonly HashTile[];
  /**
   * Membership and settings after the batch, for the org/member/key projections; undefined when no statement
   * of the batch can have changed them (see MEMBERSHIP_STATEMENT_TYPES), so ordinary batches skip that write.
   */
  readonly state: MechanismState | undefined;
  /**
   * With `state`: the organisations, members and keys the batch created or changed, so that storage writes
   * only those. Absent means "write every record of `state`" (a first batch, or a caller that cannot tell).
   */
  readonly membershipChanges?: MembershipChanges | undefined;
  /**
   * Every workflow record (incident, exchange, case, finding, commitment, release, claim) the batch created or
   * changed in each viewer's fold, as that viewer is shown it after the batch: the per-viewer projections
   * upsert exactly these values (DESIGN.md §1.7, §5). Records are never removed from a viewer's projection.
   */
  readonly records: readonly ViewerRecord[];
  /**
   * The sequencer's own state (issue 9), so that opening the log reads it instead of replaying: every record
   * the batch created or changed in the folds no projection holds as they are (FULL_VIEWER, the new-member
   * template, the public's raw fold; isFoldProjected), upserted into `fold_records`.
   */
  readonly folds: readonly ViewerRecord[];
  /**
   * Each viewer's fold without its records after the batch (encodeViewerState), FULL_VIEWER included, when
   * the batch may have changed one (a membership statement, or a new viewer); undefined otherwise.
   */
  readonly viewerStates: ReadonlyMap<Viewer, MechanismState> | undefined;
  /**
   * Organisations the batch admitted: each one's fold starts as the new-member template's as it was stored
   * before the batch, copied first; the batch's own records for it (in `records`) then overwrite the copy.
   */
  readonly admitted: readonly Viewer[];
  /**
   * Set when the batch changed the public precision: every record of the public's fold is projected again at
   * this precision (showRecord), after the batch's own records are written.
   */
  readonly publicPrecision: PublicPrecision | undefined;
}

/**
 * What the engine needs from storage; @jmm/storage implements it on SQLite and PostgreSQL.
 *
 * Concurrency: one engine per log writes through this port (DESIGN.md §5: a lock elects the sequencer), and
 * `commitBatch` is its only write. Reads may run concurrently with a commit and see either side of it.
 */
export interface LogStorage {
  /** The latest checkpoint, or undefined while the log is empty. */
  readCheckpoint(): Promise<StoredCheckpoint | undefined>;

  /**
   * Hash tiles, each returned with exactly `width` hashes (a wider stored tile is cut: a partial tile is a
   * prefix of every wider one, c2sp.org/tlog-tiles). Throws LogError('storage_corrupt') for a missing tile.
   */
  readHashTiles(tiles: readonly { level: number; index: bigint; width: number }[]): Promise<Uint8Array[]>;

  /** The entries among `digests` that are already in the log (resubmission is idempotent, DESIGN.md §3). */
  findEntries(digests: readonly string[]): Promise<Map<string, EntryLocation>>;

  /** What validation needs to know about referenced statements that are in the log. */
  findRefs(digests: readonly string[]): Promise<Map<string, RefInfo>>;

  /**
   * Who may list each of these evidence files (lowercase hex SHA-256), for validation; a file nobody uploaded
   * and no statement lists is absent. Uploads are not in the log: they are the server's records of its files.
   */
  findEvidenceHolders(sha256s: readonly string[]): Promise<Map<string, EvidenceHolders>>;

  /**
   * Each viewer's fold without its records as the last commit stored it (viewer_states); empty when the log
   * was sequenced before that state was stored, or is empty.
   */
  readViewerStates(): Promise<Map<Viewer, MechanismState>>;

  /**
   * The records among `digests` of each viewer's fold in `viewers` (FULL_VIEWER for the full fold): from
   * `fold_records`, or an organisation's from its projection (isFoldProjected). Absent records are left out.
   */
  readFoldRecords(
    viewers: readonly Viewer[],
    digests: readonly string[],
  ): Promise<Map<Viewer, Map<string, WorkflowRecord>>>;

  /**
   * Stores the state of a log sequenced before `viewer_states` existed, replayed by the engine in memory once:
   * every viewer state, every record of the stored folds, and every projection row that is missing (existing
   * rows are never overwritten). Only if the checkpoint is still `at`: LogError('checkpoint_conflict') and
   * nothing written otherwise, since another process may have moved the log on meanwhile.
   */
  storeReplayedState(
    at: { readonly treeSize: bigint; readonly rootHash: Uint8Array },
    views: ReadonlyMap<Viewer, MechanismState>,
    folds: readonly ViewerRecord[],
    records: readonly ViewerRecord[],
  ): Promise<void>;

  /** Stored envelopes in index order, `limit` at most from `fromIndex`, for replaying state at start-up. */
  readEnvelopes(
    fromIndex: bigint,
    limit: number,
  ): Promise<{ index: bigint; logTime: string; envelope: Uint8Array }[]>;

  /**
   * Failures other than the LogErrors named here are the storage's own typed errors (@jmm/storage's
   * StorageError; `database_unavailable` is worth retrying). Tree sizes and indexes are stored as signed 64-bit
   * integers, so a log holds at most 2^63 − 1 entries.
   *
   * Writes the batch atomically: entries, envelopes, tiles, projections and the new checkpoint, the checkpoint
   * row replaced only if it still equals `batch.previous` (else LogError('checkpoint_conflict') and nothing is
   * written). Durable once it resolves: the caller acknowledges submissions only after that.
   */
  commitBatch(batch: IntegratedBatch): Promise<void>;
}
