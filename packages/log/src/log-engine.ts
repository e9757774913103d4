import {
  computeKeyId,
  computeTileUpdate,
  decodeBase64,
  decodeUtf8,
  encodeHex,
  parseEnvelope,
  sha256,
  equalBytes,
  generateConsistencyProofFromTiles,
  generateInclusionProofFromTiles,
  TileHashCache,
  type CompactRange,
  type NoteSigner,
  CoreError,
} from '@jmm/core';
import {
  applyStatementToViews,
  createMechanismViews,
  FULL_VIEWER,
  isFoldProjected,
  keepMembershipViews,
  listViewerRecords,
  MAX_STATEMENT_BYTES,
  NEW_MEMBER_TEMPLATE,
  parseStatement,
  DomainError,
  type MechanismState,
  type MechanismViews,
  type MetricsStatement,
  type Viewer,
  type ViewerRecord,
} from '@jmm/domain';
import { integrateBatch } from './integrate-batch.ts';
import { isLogError, LogError } from './log-error.ts';
import type { EntryLocation, IntegratedBatch, LogStorage, StoredCheckpoint } from './log-storage.ts';
import { prefetchBatch } from './prefetch-batch.ts';
import { prepareSubmission, type PreparedSubmission } from './prepare-submission.ts';
import { StatementReader } from './statement-reader.ts';
import { TileCache } from './tile-cache.ts';

export interface LogEngineOptions {
  readonly storage: LogStorage;
  /** The log's origin (c2sp.org/tlog-checkpoint), also the mechanism's identity in every statement. */
  readonly origin: string;
  /** Signs checkpoints; its key name must be the origin. */
  readonly logSigner: NoteSigner;
  /** Milliseconds since the epoch. A parameter so the demonstration can drive a simulated clock. */
  readonly clock: () => number;
  /** Submissions waiting to be sequenced before new ones are refused with `overloaded`. */
  readonly maxQueue?: number;
  /** Statements integrated per group commit at most. */
  readonly maxBatch?: number;
  /**
   * Pause between attempts to reload state from storage while recovering (doubling from `initial` up to `max`
   * milliseconds). Default 100 ms to 5 s.
   */
  readonly reloadDelayMillis?: { readonly initial: number; readonly max: number };
  /**
   * The sizes (bytes) of the report documents among `sha256s` (lowercase hex) that the server stores; absent
   * ones are left out. A report.publish may list only stored documents (ValidationContext
   * .isReportDocumentStored), so they are prefetched for each batch that has a report. Without it, documents
   * are not checked: a rebuild replays a log whose reports were checked when first sequenced.
   */
  readonly findReportDocumentSizes?: (sha256s: readonly string[]) => Promise<ReadonlyMap<string, number>>;
  /**
   * Whether this engine sequences from the start (default true). Several processes may serve one log on
   * PostgreSQL; exactly one sequences at a time (the one holding the sequencer lock), and the others follow
   * the stored log (`followStorage`) until `becomeSequencer`. The compare-and-swap on the checkpoint keeps the
   * log single-rooted even if two ever believed they sequence.
   */
  readonly sequencing?: boolean;
}

/**
 * Whether the engine can sequence (what `/readyz` reports):
 * - `ready`: submissions are sequenced.
 * - `recovering`: a commit failed in a way that left the engine unsure of the stored log (its outcome unknown,
 *   or another writer moved the checkpoint), so it is reloading its state from storage, retrying while storage
 *   is unreachable. Submissions are refused with `not_ready` until it is ready again.
 * - `failed`: reloading found storage inconsistent with the log (`storage_corrupt`); nothing is sequenced until
 *   an operator intervenes and the process restarts.
 */
export type LogEngineHealth =
  | { readonly state: 'ready' }
  | { readonly state: 'recovering' | 'failed'; readonly reason: string; readonly cause: unknown };

const READY: LogEngineHealth = Object.freeze({ state: 'ready' });

/** What a submitter is told once its statement is durably in the log (DESIGN.md §4 "Submission"). */
export interface SubmitResult {
  readonly digest: string;
  readonly index: bigint;
  readonly logTime: string;
  /** The leaf data (JCS entry JSON). */
  readonly entry: Uint8Array;
  /** Inclusion proof of the entry in the tree of `checkpoint`. */
  readonly inclusionProof: readonly Uint8Array[];
  readonly treeSize: bigint;
  /** The signed checkpoint note the proof is relative to. */
  readonly checkpoint: string;
  /** True when the statement was already in the log (resubmission is idempotent). */
  readonly duplicate: boolean;
}

interface Pending {
  readonly prepared: PreparedSubmission;
  readonly resolve: (result: SubmitResult) => void;
  readonly reject: (error: unknown) => void;
}

/** A submission's position once integrated, before its proof is computed. */
interface Placed {
  readonly pending: Pending;
  readonly location: EntryLocation;
  readonly duplicate: boolean;
}

const DEFAULT_MAX_QUEUE = 8192;
const DEFAULT_MAX_BATCH = 512;
const STATE_REPLAY_PAGE = 1000;
const KEY_ID_MEMO_LIMIT = 65_536;
const PROOF_CACHE_TILES = 1024;
const DEFAULT_RELOAD_DELAY = { initial: 100, max: 5000 };

/** Whether a stored checkpoint and the one a batch extended or wrote are the same tree. */
function sameTree(
  stored: StoredCheckpoint | undefined,
  other: { readonly treeSize: bigint; readonly rootHash: Uint8Array } | undefined,
): boolean {
  if (stored === undefined || other === undefined) return stored === other;
  return stored.treeSize === other.treeSize && equalBytes(stored.rootHash, other.rootHash);
}

/** RFC 3339 UTC with milliseconds: how log time is written everywhere. */
function formatLogTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

/**
 * The sequencer (DESIGN.md §4): sequence → integrate → publish, for one log.
 *
 * - Submissions are prepared concurrently (parse, schema, signature on the thread pool) and queued.
 * - One loop takes up to `maxBatch` queued submissions, validates them serially against mechanism state (each
 *   accepted statement changes the state the next one is checked against), assigns indexes and one log time,
 *   computes the new hash tiles and root, signs a checkpoint, and commits everything in one transaction.
 * - Only then are the submitters answered, each with an inclusion proof to that checkpoint.
 *
 * Crash ordering: until `commitBatch` resolves nothing of the batch exists and nobody was told otherwise; a
 * client that retries gets a fresh sequencing. After it resolves, the batch is durable; if the process dies
 * before answering, a retry finds the digest and gets the same index (idempotent resubmission). The in-memory
 * state is replaced only after a commit known to have happened, so a refused commit leaves the engine as it was.
 * A commit whose outcome is unknown (the database committed but the acknowledgement was lost) is settled by
 * reading the stored checkpoint back, or else by reloading everything from storage (see `commitBatch` below and
 * `health`).
 *
 * A new checkpoint is signed only when a batch adds entries: an idle log publishes nothing new.
 */
export class LogEngine {
  private readonly storage: LogStorage;
  private readonly origin: string;
  private readonly logSigner: NoteSigner;
  private readonly clock: () => number;
  private readonly maxQueue: number;
  private readonly maxBatch: number;
  /** Replaced, not cleared, when state is reloaded from storage: what another writer stored may differ. */
  private tiles = new TileCache();
  /** Expanded tiles for proofs: every proof at one size shares the upper-level and right-edge tiles. */
  private proofCache = new TileHashCache(PROOF_CACHE_TILES);
  /** The parsed log, for metrics and report values; replaced on reload like the tiles. */
  private statementReader: StatementReader;
  private readonly keyIds = new Map<string, string>();
  private readonly queue: Pending[] = [];
  /** The full state (validation) and each viewer's fold (projections): see mechanism-views.ts. */
  private views: MechanismViews;
  private checkpoint: StoredCheckpoint | undefined;
  private compactRange: CompactRange | undefined;
  private lastLogTime: number;
  private draining: Promise<void> | undefined;
  private inFlight = 0;
  private closed = false;
  private sequencing: boolean;
  private following: Promise<void> | undefined;
  private condition: LogEngineHealth = READY;
  private readonly reloadDelay: { readonly initial: number; readonly max: number };
  private readonly findReportDocumentSizes: LogEngineOptions['findReportDocumentSizes'];
  /** Ends the pause between reload attempts early (on close). */
  private wakeRecovery: (() => void) | undefined;

  private constructor(
    options: LogEngineOptions,
    views: MechanismViews,
    checkpoint: StoredCheckpoint | undefined,
  ) {
    this.storage = options.storage;
    this.origin = options.origin;
    this.logSigner = options.logSigner;
    this.clock = options.clock;
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.reloadDelay = options.reloadDelayMillis ?? DEFAULT_RELOAD_DELAY;
    this.findReportDocumentSizes = options.findReportDocumentSizes;
    this.sequencing = options.sequencing ?? true;
    this.views = views;
    this.checkpoint = checkpoint;
    this.lastLogTime = checkpoint === undefined ? 0 : Date.parse(checkpoint.logTime);
    this.statementReader = new StatementReader((from, count) => this.storage.readEnvelopes(from, count));
  }

  /**
   * Opens the log in `storage`: reads the latest checkpoint, replays the membership state from the stored
   * statements, and rebuilds the tree's right edge from the tiles, checking it against the checkpoint's root.
   */
  static async open(options: LogEngineOptions): Promise<LogEngine> {
    if (options.logSigner.name !== options.origin) {
      throw new LogError(
        'storage_corrupt',
        `the checkpoint key is named ${options.logSigner.name}, not the origin ${options.origin}`,
      );
    }
    const engine = new LogEngine(options, createMechanismViews(options.origin), undefined);
    await engine.load();
    return engine;
  }

  /**
   * Reads the latest checkpoint and the state stored with it (issue 9: never a replay of the log) and rebuilds
   * the right edge from the tiles, checking it against the checkpoint's root, then adopts all three at once:
   * at start-up, and to recover when the engine can no longer trust its view of storage. A log sequenced
   * before its state was stored is replayed once, and the state it gives stored (`adoptReplayedState`).
   * Throws LogError('storage_corrupt') (or the CoreError/DomainError of a stored statement that does not
   * parse) when storage is inconsistent, and storage's own errors when it cannot be read.
   */
  private async load(): Promise<void> {
    // Tiles cached from before may belong to a tree another writer replaced; start from storage alone.
    this.tiles = new TileCache();
    this.proofCache = new TileHashCache(PROOF_CACHE_TILES);
    this.statementReader = new StatementReader((from, count) => this.storage.readEnvelopes(from, count));
    const { checkpoint, views } = await this.readStoredState();
    let compactRange: CompactRange | undefined;
    if (checkpoint !== undefined) {
      const update = await computeTileUpdate(checkpoint.treeSize, [], (level, index, width) =>
        this.readTile(level, index, width),
      );
      if (!equalBytes(update.rootHash, checkpoint.rootHash)) {
        throw new LogError('storage_corrupt', 'the stored tiles do not hash to the checkpoint root');
      }
      compactRange = update.compactRange;
    }
    this.views = views;
    this.checkpoint = checkpoint;
    this.compactRange = compactRange;
    if (checkpoint !== undefined)
      this.lastLogTime = Math.max(this.lastLogTime, Date.parse(checkpoint.logTime));
  }

  /**
   * The latest checkpoint and every viewer's membership and settings as committed with it. The two are read
   * separately, so the checkpoint is read again after the states: checkpoints only grow and states are
   * written in the same transaction as the checkpoint they belong to, so an unchanged checkpoint means no
   * commit came between the reads.
   */
  private async readStoredState(): Promise<{
    checkpoint: StoredCheckpoint | undefined;
    views: MechanismViews;
  }> {
    for (;;) {
      const checkpoint = await this.storage.readCheckpoint();
      if (checkpoint === undefined) return { checkpoint, views: createMechanismViews(this.origin) };
      const stored = await this.storage.readViewerStates();
      if (!sameTree(await this.storage.readCheckpoint(), checkpoint)) continue;
      if (stored.size === 0) return { checkpoint, views: await this.adoptReplayedState(checkpoint) };
      const full = stored.get(FULL_VIEWER);
      if (full?.origin !== this.origin)
        throw new LogError('storage_corrupt', 'the stored state has no full fold for this origin');
      const viewers = new Map([...stored].filter(([viewer]) => viewer !== FULL_VIEWER));
      if (!viewers.has(NEW_MEMBER_TEMPLATE))
        throw new LogError('storage_corrupt', 'the stored state has no new-member template');
      return { checkpoint, views: keepMembershipViews({ full, viewers }, checkpoint.treeSize) };
    }
  }

  /**
   * Replays a log sequenced before its state was stored (migration 0009) into memory once, and stores what it
   * gives: every viewer's state, the stored folds, and the projection rows missing (a log sequenced before the
   * per-viewer projections of 0007). Memory grows with the log during this one replay only.
   */
  private async adoptReplayedState(checkpoint: StoredCheckpoint): Promise<MechanismViews> {
    const views = createMechanismViews(this.origin);
    await this.replayState(views, checkpoint.treeSize);
    const states = new Map<Viewer, MechanismState>([[FULL_VIEWER, views.full], ...views.viewers]);
    const folds: ViewerRecord[] = [...views.full.records.values()].map((record) => ({
      viewer: FULL_VIEWER,
      record,
    }));
    for (const [viewer, state] of views.viewers) {
      if (isFoldProjected(viewer)) continue;
      for (const record of state.records.values()) folds.push({ viewer, record });
    }
    const records = listViewerRecords(views, (viewer) => views.viewers.get(viewer)!.records.keys());
    await this.storage.storeReplayedState(checkpoint, states, folds, records);
    return keepMembershipViews(views, checkpoint.treeSize);
  }

  private async replayState(views: MechanismViews, treeSize: bigint): Promise<void> {
    for (let next = 0n; next < treeSize;) {
      const page = await this.storage.readEnvelopes(next, STATE_REPLAY_PAGE);
      if (page.length === 0)
        throw new LogError('storage_corrupt', `the log has no envelope at index ${next}`);
      for (const stored of page) {
        if (stored.index !== next)
          throw new LogError('storage_corrupt', `expected index ${next}, found ${stored.index}`);
        // Stored envelopes are their JCS bytes, so their digest is the SHA-256 of exactly those bytes.
        const envelope = parseEnvelope(decodeUtf8(stored.envelope), {
          maxPayloadBytes: MAX_STATEMENT_BYTES,
          maxSignatures: 1,
        });
        const statement = parseStatement(decodeBase64(envelope.payload));
        const digest = `sha256:${encodeHex(sha256(stored.envelope))}`;
        const keyId = envelope.signatures[0]?.keyid ?? '';
        applyStatementToViews(
          views,
          { statement, digest, keyId, index: stored.index, logTime: stored.logTime },
          this.keyIdOf,
        );
        next += 1n;
      }
    }
  }

  /**
   * The first `treeSize` statements of the log, parsed, in log order: for metrics, which filter what their
   * reader may read. `treeSize` must not exceed the latest checkpoint's.
   */
  readStatements(treeSize: bigint): Promise<readonly MetricsStatement[]> {
    if (treeSize > (this.checkpoint?.treeSize ?? 0n))
      throw new LogError('out_of_range', `the log has no checkpoint of size ${treeSize} yet`);
    return this.statementReader.readStatements(treeSize);
  }

  /**
   * Current membership and settings (read-only: the engine replaces it after each commit). Its `records` are
   * empty: workflow records are in storage and read per batch or per request (issue 9).
   */
  get mechanismState(): Readonly<MechanismState> {
    return this.views.full;
  }

  /**
   * Membership, settings and pending changes as `viewer` sees them: the fold of exactly the statements that
   * viewer may read (read-only, without its records, which are its projection), or undefined for an
   * organisation the log does not know.
   */
  viewState(viewer: Viewer): Readonly<MechanismState> | undefined {
    return this.views.viewers.get(viewer);
  }

  /** The latest signed checkpoint, or undefined for an empty log. */
  get latestCheckpoint(): StoredCheckpoint | undefined {
    return this.checkpoint;
  }

  /** Whether the engine can sequence now; see LogEngineHealth. */
  get health(): LogEngineHealth {
    return this.condition;
  }

  /** Whether this engine sequences the log now (see LogEngineOptions.sequencing). */
  get isSequencer(): boolean {
    return this.sequencing;
  }

  /**
   * Starts sequencing (this process now holds the sequencer lock): reads the state the last sequencer stored,
   * so that nothing another process committed is missed, then accepts submissions. Throws what `load` throws.
   */
  async becomeSequencer(): Promise<void> {
    if (this.sequencing) return;
    await this.draining;
    await this.following;
    await this.load();
    this.condition = READY;
    this.sequencing = true;
  }

  /**
   * Stops sequencing (the lock was lost): submissions are refused with `not_sequencer` from now on, and the
   * batch in flight finishes; if another process already moved the log on, its commit meets the
   * compare-and-swap and writes nothing.
   */
  async stopSequencing(): Promise<void> {
    this.sequencing = false;
    await this.draining;
  }

  /**
   * While another process sequences: reloads the state from storage when the stored checkpoint moved, so that
   * reads here (membership, settings, proofs) follow the log. Calls never overlap; a failure leaves the
   * previous state and is thrown to the caller, which tries again on its next round.
   */
  followStorage(): Promise<void> {
    if (this.sequencing || this.closed) return Promise.resolve();
    this.following ??= (async () => {
      try {
        // A batch still in flight from before the lock was lost finishes first: loading under it would
        // swap the state it was built against.
        await this.draining;
        if (!sameTree(await this.storage.readCheckpoint(), this.checkpoint)) await this.load();
      } finally {
        this.following = undefined;
      }
    })();
    return this.following;
  }

  /** Submissions accepted but not yet answered. */
  get pendingCount(): number {
    return this.inFlight;
  }

  readonly keyIdOf = (publicKey: string): string => {
    let keyId = this.keyIds.get(publicKey);
    if (keyId === undefined) {
      keyId = computeKeyId(decodeBase64(publicKey));
      // Bounded: statements that are later rejected also pass through here, so the memo must not grow without end.
      if (this.keyIds.size >= KEY_ID_MEMO_LIMIT) this.keyIds.clear();
      this.keyIds.set(publicKey, keyId);
    }
    return keyId;
  };

  /**
   * Sequences one DSSE envelope (a JSON value or its text already parsed by the caller). Resolves only after
   * the statement is durably in the log; rejects with CoreError, DomainError or LogError.
   */
  async submit(input: unknown): Promise<SubmitResult> {
    if (this.closed) throw new LogError('closed', 'the log is shutting down');
    if (!this.sequencing) throw this.notSequencerError();
    if (this.condition.state !== 'ready') throw this.notReadyError();
    if (this.inFlight >= this.maxQueue) {
      throw new LogError('overloaded', 'the sequencing queue is full; retry shortly', {
        retryAfterSeconds: 1,
      });
    }
    this.inFlight += 1;
    try {
      const prepared = await prepareSubmission(input, this.views.full, this.keyIdOf);
      return await new Promise<SubmitResult>((resolve, reject) => {
        // Recovery may have begun while this submission was prepared: nobody waits through a reload.
        if (this.condition.state !== 'ready' || !this.sequencing) {
          reject(this.sequencing ? this.notReadyError() : this.notSequencerError());
          return;
        }
        this.queue.push({ prepared, resolve, reject });
        this.scheduleDrain();
      });
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Stops accepting submissions and waits for everything queued to be sequenced. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeRecovery?.();
    await this.draining;
  }

  private scheduleDrain(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0) this.scheduleDrain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // Yield once to the event loop so that submissions whose signature checks are finishing on the thread
      // pool join this batch: one commit then covers them all (group commit).
      await new Promise((resolve) => setImmediate(resolve));
      if (this.condition.state !== 'ready' || !this.sequencing) {
        this.rejectQueued();
        return;
      }
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.integrate(batch);
      } catch (error) {
        // Either nothing of this batch was committed (commitBatch is atomic and the stored checkpoint shows it),
        // or the outcome is unknown and the error says so: every submitter learns it failed and may resubmit,
        // which finds the digest if the batch was written after all.
        for (const pending of batch) pending.reject(error);
      }
      // Read through a call: integrate() may have moved the engine out of `ready`.
      if (this.healthState() === 'recovering') {
        this.rejectQueued();
        await this.recover();
      }
    }
  }

  /** Refuses everything queued: used when the engine stops being ready, so nobody waits through a recovery. */
  private rejectQueued(): void {
    const error = this.sequencing ? this.notReadyError() : this.notSequencerError();
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }

  private notSequencerError(): LogError {
    return new LogError('not_sequencer', 'another process sequences this log', { retryAfterSeconds: 1 });
  }

  private notReadyError(): LogError {
    const { condition } = this;
    return condition.state === 'ready'
      ? new LogError('not_ready', 'the sequencer is not ready', { retryAfterSeconds: 1 })
      : new LogError('not_ready', `the sequencer is ${condition.state}: ${condition.reason}`, {
          cause: condition.cause,
          retryAfterSeconds: condition.state === 'failed' ? 60 : 1,
        });
  }

  private healthState(): LogEngineHealth['state'] {
    return this.condition.state;
  }

  private enterRecovery(reason: string, cause: unknown): void {
    this.condition = { state: 'recovering', reason, cause };
  }

  /**
   * Commits a batch and, when the commit fails without saying whether it was written, finds out. Resolves when
   * the batch is durably in the log (acknowledged or not); throws when it is not, or when that cannot be known.
   *
   * Crash ordering. A LogError from the port is a definite refusal: the transaction rolled back. Anything else
   * (a dropped connection, a timeout) may have come after PostgreSQL made the COMMIT durable, so the stored
   * checkpoint is read back:
   * - it is the checkpoint of this batch: the batch committed and only the acknowledgement was lost, so the
   *   engine adopts it and answers the submitters with success (nothing acknowledged is lost, nothing is logged
   *   twice: their resubmissions are duplicates);
   * - it is the previous checkpoint: nothing was written, and the submitters are told so. A COMMIT still in
   *   flight on the server could land after this read; then the next batch meets `checkpoint_conflict` below;
   * - it is anything else, or cannot be read: the engine no longer knows the log it extends, so it reloads
   *   everything from storage before sequencing again, and the submitters get `outcome_unknown` (resubmission
   *   tells them which).
   * `checkpoint_conflict` (another writer, or our own COMMIT landing late) also means reloading.
   */
  private async commitBatch(batch: IntegratedBatch): Promise<void> {
    try {
      await this.storage.commitBatch(batch);
      return;
    } catch (error) {
      if (isLogError(error, 'checkpoint_conflict')) {
        this.enterRecovery('the stored checkpoint is not the one this engine extended', error);
        throw error;
      }
      if (error instanceof LogError) throw error;
      let stored: StoredCheckpoint | undefined;
      try {
        stored = await this.storage.readCheckpoint();
      } catch (readError) {
        this.enterRecovery('storage could not be read after a commit whose outcome is unknown', readError);
        throw this.outcomeUnknown(error);
      }
      if (sameTree(stored, batch.checkpoint)) return;
      if (sameTree(stored, batch.previous)) throw error;
      this.enterRecovery('the stored checkpoint moved during a commit whose outcome is unknown', error);
      throw this.outcomeUnknown(error);
    }
  }

  private outcomeUnknown(cause: unknown): LogError {
    return new LogError(
      'outcome_unknown',
      'the commit failed and whether the statement was logged is not known; resubmit it (resubmission is idempotent)',
      { cause, retryAfterSeconds: 1 },
    );
  }

  /**
   * Reloads state from storage until it succeeds (`ready`), storage proves inconsistent (`failed`), or the
   * engine closes. Runs inside the sequencing loop, so no batch is integrated meanwhile; reads (proofs) go on.
   */
  private async recover(): Promise<void> {
    let delay = this.reloadDelay.initial;
    while (!this.closed) {
      try {
        await this.load();
        this.condition = READY;
        return;
      } catch (error) {
        if (
          isLogError(error, 'storage_corrupt') ||
          error instanceof CoreError ||
          error instanceof DomainError
        ) {
          this.condition = { state: 'failed', reason: 'storage is inconsistent with the log', cause: error };
          return;
        }
        this.enterRecovery('reloading state from storage failed; retrying', error);
      }
      await this.pauseRecovery(delay);
      delay = Math.min(delay * 2, this.reloadDelay.max);
    }
  }

  /** Waits `milliseconds` between reload attempts, or less if the engine closes meanwhile. */
  private pauseRecovery(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeRecovery?.(), milliseconds);
      this.wakeRecovery = () => {
        clearTimeout(timer);
        this.wakeRecovery = undefined;
        resolve();
      };
    });
  }

  private async integrate(batch: readonly Pending[]): Promise<void> {
    // One view of the log for the whole batch: prefetching awaits, and whatever happens meanwhile, the batch
    // is checked and built against exactly the state its records were loaded for.
    const { views, checkpoint, compactRange } = this;
    const submissions = batch.map((pending) => pending.prepared);
    const readTile = (level: number, index: bigint, width: number) => this.readTile(level, index, width);
    const prefetch = await prefetchBatch(
      {
        storage: this.storage,
        treeSize: checkpoint?.treeSize ?? 0n,
        readTile,
        tileCache: this.proofCache,
        readStatements: (size) => this.statementReader.readStatements(size),
        ...(this.findReportDocumentSizes === undefined
          ? {}
          : { findReportDocumentSizes: this.findReportDocumentSizes }),
      },
      views,
      submissions,
    );
    // Log time never goes backwards, whatever the clock does (DESIGN.md §4: deadlines and metrics use it).
    const logMillis = Math.max(this.clock(), this.lastLogTime);
    const integration = await integrateBatch(
      {
        origin: this.origin,
        logSigner: this.logSigner,
        views,
        checkpoint,
        compactRange,
        keyIdOf: this.keyIdOf,
        readTile,
      },
      submissions,
      formatLogTime(logMillis),
      prefetch,
    );
    const placed: Placed[] = [];
    integration.outcomes.forEach((outcome, i) => {
      const pending = batch[i]!;
      // Refusals are answered at once: they do not depend on the commit.
      if (outcome.kind === 'refused') pending.reject(outcome.error);
      else placed.push({ pending, location: outcome.location, duplicate: outcome.duplicate });
    });
    if (integration.batch !== undefined) {
      await this.commitBatch(integration.batch);
      // Committed: only now does the engine's view move forward.
      for (const tile of integration.batch.tiles) this.tiles.put(tile);
      this.views = integration.views;
      this.checkpoint = integration.batch.checkpoint;
      this.compactRange = integration.compactRange;
      this.lastLogTime = logMillis;
    }
    await this.answer(placed);
  }

  private async answer(placed: readonly Placed[]): Promise<void> {
    const checkpoint = this.checkpoint;
    if (checkpoint === undefined) return;
    const readTile = (level: number, index: bigint, width: number) => this.readTile(level, index, width);
    for (const { pending, location, duplicate } of placed) {
      try {
        const inclusionProof = await generateInclusionProofFromTiles(
          location.index,
          checkpoint.treeSize,
          readTile,
        );
        pending.resolve({
          digest: location.digest,
          index: location.index,
          logTime: location.logTime,
          entry: location.entry,
          inclusionProof,
          treeSize: checkpoint.treeSize,
          checkpoint: checkpoint.note,
          duplicate,
        });
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  /** RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves (size ≤ the latest checkpoint's). */
  proveInclusion(index: bigint, size: bigint): Promise<Uint8Array[]> {
    return generateInclusionProofFromTiles(index, size, (level, i, width) => this.readTile(level, i, width), {
      cache: this.proofCache,
    });
  }

  /** RFC 9162 consistency proof from `size1` to `size2` (size2 ≤ the latest checkpoint's). */
  proveConsistency(size1: bigint, size2: bigint): Promise<Uint8Array[]> {
    return generateConsistencyProofFromTiles(
      size1,
      size2,
      (level, i, width) => this.readTile(level, i, width),
      { cache: this.proofCache },
    );
  }

  /** Reads a hash tile through the cache; what storage returns is cached, being valid for every later size. */
  async readTile(level: number, index: bigint, width: number): Promise<Uint8Array> {
    const cached = this.tiles.get(level, index, width);
    if (cached !== undefined) return cached;
    const [hashes] = await this.storage.readHashTiles([{ level, index, width }]);
    if (hashes === undefined) throw new LogError('storage_corrupt', `missing hash tile ${level}/${index}`);
    this.tiles.put({ level, index, width, data: hashes });
    return hashes;
  }
}
