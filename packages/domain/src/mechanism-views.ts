import {
  applyStatement,
  cloneMechanismState,
  createMechanismState,
  type MechanismState,
  type SequencedStatement,
} from './mechanism-state.ts';
import { coarsenRecordForPublic, publicPrecisionOf } from './public-disclosure.ts';
import type { PublicPrecision } from './public-precision.ts';
import { RecordWorkingSet } from './record-working-set.ts';
import { canOrgRead, PUBLIC_VIEWER, readerOrgOf, type Viewer } from './visibility.ts';
import type { WorkflowRecord } from './workflow-records.ts';

/**
 * The fold of the statements any newly admitted organisation may read: public and mechanism-audience ones
 * (nothing before its admission names it or was issued by it). A new organisation's view starts as a copy.
 * Not a reader: never projected or queried.
 */
export const NEW_MEMBER_TEMPLATE: Viewer = '@new-member';

/** The full fold's key where folds are stored per viewer (never a reader: org ids start with a letter). */
export const FULL_VIEWER: Viewer = '@full';

/**
 * The mechanism as each reader sees it (DESIGN.md §1.7 "least disclosure"): every view a reader gets is the
 * fold of exactly the statements that reader may read. `full` folds every statement and is what the sequencer
 * validates against; `viewers` holds one state per viewer — the public and each organisation — each built by
 * the same `applyStatement` over only that viewer's statements. A record, its status, its responses, its
 * amended location, a case's notes: all come out of the viewer's own fold, so nothing a reader sees can be
 * derived from a statement it could not fetch. Metrics replay the same fold (metrics-context.ts), so views
 * and metrics agree.
 */
export interface MechanismViews {
  readonly full: MechanismState;
  readonly viewers: Map<Viewer, MechanismState>;
}

/** What one statement changed: the records of the full state, and of each viewer that read it. */
export interface ViewChanges {
  readonly full: readonly string[];
  readonly viewers: ReadonlyMap<Viewer, readonly string[]>;
}

export function createMechanismViews(origin: string): MechanismViews {
  return {
    full: createMechanismState(origin),
    viewers: new Map([
      [PUBLIC_VIEWER, createMechanismState(origin)],
      [NEW_MEMBER_TEMPLATE, createMechanismState(origin)],
    ]),
  };
}

/** A copy the sequencer mutates while it validates a batch, so a failed commit leaves the original intact. */
export function cloneMechanismViews(views: MechanismViews): MechanismViews {
  return {
    full: cloneMechanismState(views.full),
    viewers: new Map([...views.viewers].map(([viewer, state]) => [viewer, cloneMechanismState(state)])),
  };
}

/** Whether `viewer` may read a statement with this audience and issuer (`canOrgRead` per viewer). */
function viewerReads(viewer: Viewer, sequenced: SequencedStatement): boolean {
  const { audience, issuer } = sequenced.statement;
  return canOrgRead(audience, issuer.org, readerOrgOf(viewer));
}

/**
 * Applies a statement that validation accepted to the full state and to the state of every viewer who may
 * read it. An organisation that the statement admits gets its view from the new-member template, which at that
 * point is exactly the fold of what it may read.
 */
export function applyStatementToViews(
  views: MechanismViews,
  sequenced: SequencedStatement,
  keyIdOf: (publicKey: string) => string,
): ViewChanges {
  const full = applyStatement(views.full, sequenced, keyIdOf);
  const viewers = new Map<Viewer, readonly string[]>();
  for (const [viewer, state] of views.viewers) {
    if (viewerReads(viewer, sequenced)) viewers.set(viewer, applyStatement(state, sequenced, keyIdOf));
  }
  // Organisations are few (at most a few dozen) and admitted rarely: looking for one without a view is cheap.
  for (const org of views.full.orgs.keys()) {
    if (views.viewers.has(org)) continue;
    const state = cloneMechanismState(views.viewers.get(NEW_MEMBER_TEMPLATE)!);
    views.viewers.set(org, state);
    viewers.set(org, [...state.records.keys()]);
  }
  return { full, viewers };
}

/** The viewers whose views are projected and queried: the public and every organisation. */
export function listReaderViewers(views: MechanismViews): Viewer[] {
  return [...views.viewers.keys()].filter((viewer) => viewer !== NEW_MEMBER_TEMPLATE);
}

/**
 * Whether a record of a viewer's fold is shown to that viewer. A release is public by audience but withheld from
 * non-members until a verifier approver concurs (DESIGN.md §3); the concurrence is itself public (validation),
 * so the public's view of it is still a fold of public statements.
 */
export function isRecordShown(viewer: Viewer, record: WorkflowRecord): boolean {
  return !(viewer === PUBLIC_VIEWER && record.kind === 'release' && record.publishedAt === undefined);
}

/** A record of one viewer's fold, as that viewer is shown it: what the per-viewer projections store. */
export interface ViewerRecord {
  /** `PUBLIC_VIEWER` or an organisation id. */
  readonly viewer: Viewer;
  readonly record: WorkflowRecord;
}

/**
 * Whether an organisation's projection rows are its fold (DESIGN.md §1.7): an organisation is shown every
 * record of its fold as it is, so storage keeps the fold of the full state, the new-member template and the
 * public (which is shown coarsened records and no unpublished releases) in rows of their own, and reads an
 * organisation's fold from its projection.
 */
export function isFoldProjected(viewer: Viewer): boolean {
  return viewer !== PUBLIC_VIEWER && viewer !== NEW_MEMBER_TEMPLATE && viewer !== FULL_VIEWER;
}

/** A record of `viewer`'s fold as that viewer is shown it, or undefined when it is hidden (isRecordShown). */
export function showRecord(
  viewer: Viewer,
  record: WorkflowRecord,
  precision: PublicPrecision,
): WorkflowRecord | undefined {
  if (!isRecordShown(viewer, record)) return undefined;
  return viewer === PUBLIC_VIEWER ? coarsenRecordForPublic(record, precision) : record;
}

/**
 * A batch's copy of `views` (membership and settings, which the sequencer keeps) whose workflow records are
 * the ones the batch loaded: `recordsOf(viewer)` for each viewer, `FULL_VIEWER` for the full fold, all
 * of `loaded` known (RecordWorkingSet). Changes to it never reach `views`.
 */
export function createWorkingViews(
  views: MechanismViews,
  recordsOf: (viewer: Viewer) => Iterable<readonly [string, WorkflowRecord]>,
  loaded: ReadonlySet<string>,
): MechanismViews {
  const working = (viewer: Viewer, state: MechanismState): MechanismState => ({
    ...cloneMechanismState({ ...state, records: new Map() }),
    records: new RecordWorkingSet(recordsOf(viewer), loaded),
  });
  return {
    full: working(FULL_VIEWER, views.full),
    viewers: new Map([...views.viewers].map(([viewer, state]) => [viewer, working(viewer, state)])),
  };
}

/**
 * What the sequencer keeps of `views` after a batch: every state without its records, all at `size` (each fold
 * is as of the same checkpoint, whichever statements it read).
 */
export function keepMembershipViews(views: MechanismViews, size: bigint): MechanismViews {
  const keep = (state: MechanismState): MechanismState => ({ ...state, records: new Map(), size });
  return {
    full: keep(views.full),
    viewers: new Map([...views.viewers].map(([viewer, state]) => [viewer, keep(state)])),
  };
}

/** Adds one statement's changes to a batch's running set of changed records per viewer. */
export function collectViewChanges(into: Map<Viewer, Set<string>>, changes: ViewChanges): void {
  for (const [viewer, digests] of changes.viewers) {
    const set = into.get(viewer) ?? new Set<string>();
    for (const digest of digests) set.add(digest);
    into.set(viewer, set);
  }
}

/**
 * The records of each reader viewer's fold among `digestsOf(viewer)`, as that viewer is shown them: records
 * `isRecordShown` hides are left out, and the public's are coarsened to the settings' public precision.
 */
export function listViewerRecords(
  views: MechanismViews,
  digestsOf: (viewer: Viewer) => Iterable<string>,
): ViewerRecord[] {
  const precision = publicPrecisionOf(views.full.settings);
  const records: ViewerRecord[] = [];
  for (const viewer of listReaderViewers(views)) {
    const state = views.viewers.get(viewer)!;
    for (const digest of digestsOf(viewer)) {
      const record = state.records.get(digest);
      const shown = record === undefined ? undefined : showRecord(viewer, record, precision);
      if (shown !== undefined) records.push({ viewer, record: shown });
    }
  }
  return records;
}
