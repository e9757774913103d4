import { computeTileUpdate, hashLeaf, signCheckpoint, type CompactRange, type NoteSigner } from '@jmm/core';
import {
  applyStatementToViews,
  collectViewChanges,
  createLogEntry,
  createWorkingViews,
  encodeLogEntry,
  FULL_VIEWER,
  isFoldProjected,
  keepMembershipViews,
  listViewerRecords,
  MEMBERSHIP_STATEMENT_TYPES,
  publicPrecisionOf,
  validateStatement,
  type MechanismState,
  type MechanismViews,
  type RefInfo,
  type Viewer,
  type ViewerRecord,
} from '@jmm/domain';
import { EvidenceHoldersInBatch } from './evidence-holders-in-batch.ts';
import type {
  EntryLocation,
  IntegratedBatch,
  MembershipChanges,
  SequencedEntry,
  StoredCheckpoint,
} from './log-storage.ts';
import type { BatchPrefetch } from './prefetch-batch.ts';
import {
  checkStatementSignature,
  resolveStatementKey,
  type PreparedSubmission,
} from './prepare-submission.ts';

/** What a batch extends and how it signs: the log as the sequencer holds it. */
export interface BatchBase {
  readonly origin: string;
  readonly logSigner: NoteSigner;
  /** Membership and settings of every viewer (records are loaded per batch: `BatchPrefetch.records`). */
  readonly views: MechanismViews;
  readonly checkpoint: StoredCheckpoint | undefined;
  /** The tree's right edge at `checkpoint` (computed from the tiles when absent). */
  readonly compactRange: CompactRange | undefined;
  readonly keyIdOf: (publicKey: string) => string;
  readonly readTile: (level: number, index: bigint, width: number) => Promise<Uint8Array>;
}

/** What became of one submission of a batch. */
export type SubmissionOutcome =
  | { readonly kind: 'logged'; readonly location: EntryLocation; readonly duplicate: boolean }
  | { readonly kind: 'refused'; readonly error: unknown };

export interface BatchIntegration {
  /** One per submission, in the order given. */
  readonly outcomes: readonly SubmissionOutcome[];
  /** What to commit; undefined when the batch adds no entry (only duplicates and refusals). */
  readonly batch: IntegratedBatch | undefined;
  /** Membership and settings after the batch, to adopt once `batch` is committed. */
  readonly views: MechanismViews;
  readonly compactRange: CompactRange | undefined;
}

/**
 * Integration (DESIGN.md §4; Tessera's split of integration from storage): validates each submission in order
 * against the state the previous ones left, assigns indexes and the one log time, folds the accepted ones into
 * every viewer's state, computes the new tiles and root and signs the checkpoint. It reads only what is given
 * (the prefetched records, the tiles through `readTile`) and writes nothing: the caller commits `batch` and
 * adopts `views` only once that succeeded. The engine calls it for each group commit, and `jmm rebuild` for
 * each original batch, so both write exactly the same rows.
 *
 * A submission the rules refuse is refused alone, and so is one whose validation looked up a record outside
 * the prefetched ones (`record_not_loaded`, the sequencer's own bug, answered as an internal error); the same
 * lookup while applying a statement aborts the whole batch by throwing, since the state may be half changed.
 */
export async function integrateBatch(
  base: BatchBase,
  submissions: readonly PreparedSubmission[],
  logTime: string,
  prefetch: BatchPrefetch,
): Promise<BatchIntegration> {
  const working = createWorkingViews(
    base.views,
    (viewer) => prefetch.records.get(viewer) ?? new Map(),
    prefetch.loaded,
  );
  const evidence = new EvidenceHoldersInBatch(prefetch.evidenceHolders);
  const batchRefs = new Map<string, RefInfo>();
  const lookupRef = (digest: string): RefInfo | undefined =>
    batchRefs.get(digest) ?? prefetch.refs.get(digest);
  const oldSize = base.checkpoint?.treeSize ?? 0n;
  const entries: SequencedEntry[] = [];
  const outcomes: SubmissionOutcome[] = [];
  const accepted = new Map<string, EntryLocation>();
  const touched = new Map<Viewer, Set<string>>();
  const touchedFull = new Set<string>();

  for (const prepared of submissions) {
    const known = prefetch.existing.get(prepared.digest) ?? accepted.get(prepared.digest);
    if (known !== undefined) {
      outcomes.push({ kind: 'logged', location: known, duplicate: true });
      continue;
    }
    try {
      if (!prepared.signatureVerified) {
        // The key was enrolled after this submission was prepared (possibly earlier in this batch).
        const publicKey = resolveStatementKey(prepared.statement, prepared.keyId, working.full, base.keyIdOf);
        if (publicKey !== undefined)
          await checkStatementSignature(prepared.envelope, prepared.keyId, publicKey);
      }
      validateStatement(prepared.statement, working.full, {
        logTime,
        keyId: prepared.keyId,
        lookupRef,
        keyIdOf: base.keyIdOf,
        rootHashAt: (size) => prefetch.citedRoots.get(size),
        statementsAt: (size) => prefetch.citedStatements.get(size),
        canCiteEvidence: evidence.canCite,
        ...(prefetch.isReportDocumentStored === undefined
          ? {}
          : { isReportDocumentStored: prefetch.isReportDocumentStored }),
      });
    } catch (error) {
      // A `record_not_loaded` here is refused alone (validation changed nothing), so one statement that
      // meets a missing link never takes its batch-mates down; thrown from apply below, it aborts the batch.
      outcomes.push({ kind: 'refused', error });
      continue;
    }
    const index = working.full.size;
    const changes = applyStatementToViews(
      working,
      { statement: prepared.statement, digest: prepared.digest, keyId: prepared.keyId, index, logTime },
      base.keyIdOf,
    );
    for (const digest of changes.full) touchedFull.add(digest);
    collectViewChanges(touched, changes);
    const entry = encodeLogEntry(createLogEntry(prepared.statement, prepared.digest, logTime));
    const location: EntryLocation = { digest: prepared.digest, index, logTime, entry };
    accepted.set(prepared.digest, location);
    evidence.addAccepted(prepared.statement);
    batchRefs.set(prepared.digest, {
      digest: prepared.digest,
      type: prepared.statement.type,
      org: prepared.statement.issuer.org,
      audience: prepared.statement.audience,
      index,
    });
    entries.push({
      ...location,
      envelope: prepared.envelopeBytes,
      statement: prepared.statement,
      keyId: prepared.keyId,
    });
    outcomes.push({ kind: 'logged', location, duplicate: false });
  }

  if (entries.length === 0) {
    return { outcomes, batch: undefined, views: base.views, compactRange: base.compactRange };
  }
  const update = await computeTileUpdate(
    oldSize,
    entries.map((entry) => hashLeaf(entry.entry)),
    base.readTile,
    base.compactRange === undefined ? {} : { compactRange: base.compactRange },
  );
  const note = await signCheckpoint(
    { origin: base.origin, treeSize: update.treeSize, rootHash: update.rootHash },
    base.logSigner,
  );
  const checkpoint: StoredCheckpoint = {
    treeSize: update.treeSize,
    rootHash: update.rootHash,
    note,
    logTime,
  };
  const admitted = [...working.viewers.keys()].filter((viewer) => !base.views.viewers.has(viewer));
  const before = publicPrecisionOf(base.views.full.settings);
  const after = publicPrecisionOf(working.full.settings);
  const precisionChanged = before.locationMetres !== after.locationMetres || before.time !== after.time;
  const membershipChanged =
    admitted.length > 0 || entries.some((entry) => MEMBERSHIP_STATEMENT_TYPES.has(entry.statement.type));
  const batch: IntegratedBatch = {
    previous:
      base.checkpoint === undefined
        ? undefined
        : { treeSize: base.checkpoint.treeSize, rootHash: base.checkpoint.rootHash },
    checkpoint,
    entries,
    tiles: update.tiles,
    ...(membershipChanged
      ? { state: working.full, membershipChanges: diffMembership(base.views.full, working.full) }
      : { state: undefined }),
    records: listViewerRecords(working, (viewer) => touched.get(viewer) ?? []),
    folds: listFoldRecords(working, touchedFull, touched),
    viewerStates: membershipChanged
      ? new Map<Viewer, MechanismState>([[FULL_VIEWER, working.full], ...working.viewers])
      : undefined,
    admitted,
    publicPrecision: precisionChanged ? after : undefined,
  };
  return {
    outcomes,
    batch,
    views: keepMembershipViews(working, update.treeSize),
    compactRange: update.compactRange,
  };
}

/** The records of the stored folds (not isFoldProjected) that the batch created or changed, as folded. */
function listFoldRecords(
  views: MechanismViews,
  touchedFull: ReadonlySet<string>,
  touched: ReadonlyMap<Viewer, ReadonlySet<string>>,
): ViewerRecord[] {
  const folds: ViewerRecord[] = [];
  for (const digest of touchedFull) {
    const record = views.full.records.get(digest);
    if (record !== undefined) folds.push({ viewer: FULL_VIEWER, record });
  }
  for (const [viewer, digests] of touched) {
    if (isFoldProjected(viewer)) continue;
    const state = views.viewers.get(viewer);
    for (const digest of digests) {
      const record = state?.records.get(digest);
      if (record !== undefined) folds.push({ viewer, record });
    }
  }
  return folds;
}

/**
 * The organisations, members and keys `after` holds that `before` does not hold identically. Membership records
 * are replaced, never mutated, so a reference comparison finds exactly what a batch created or changed.
 */
function diffMembership(before: MechanismState, after: MechanismState): MembershipChanges {
  const changed = <V>(previous: ReadonlyMap<string, V>, next: ReadonlyMap<string, V>): V[] =>
    [...next].flatMap(([key, value]) => (previous.get(key) === value ? [] : [value]));
  return {
    orgs: changed(before.orgs, after.orgs),
    members: changed(before.members, after.members),
    keys: changed(before.keys, after.keys),
  };
}
