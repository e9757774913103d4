import {
  computeKeyId,
  computeRootHashFromTiles,
  encodeBase64,
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
  hashLeaf,
  signCheckpoint,
  type CompactRange,
  type NoteSigner,
} from '@jmm/core';
import {
  applyStatement,
  cloneMechanismState,
  createLogEntry,
  createMechanismState,
  encodeLogEntry,
  MAX_STATEMENT_BYTES,
  MEMBERSHIP_STATEMENT_TYPES,
  parseStatement,
  validateStatement,
  type MechanismState,
  type RefInfo,
} from '@jmm/domain';
import { LogError } from './log-error.ts';
import type {
  EntryLocation,
  LogStorage,
  MembershipChanges,
  SequencedEntry,
  StoredCheckpoint,
} from './log-storage.ts';
import {
  checkStatementSignature,
  prepareSubmission,
  resolveStatementKey,
  type PreparedSubmission,
} from './prepare-submission.ts';
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
}

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
 * state is replaced only after a successful commit, so a failed commit leaves the engine as it was.
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
  private readonly tiles = new TileCache();
  /** Expanded tiles for proofs: every proof at one size shares the upper-level and right-edge tiles. */
  private readonly proofCache = new TileHashCache(1024);
  private readonly keyIds = new Map<string, string>();
  private readonly queue: Pending[] = [];
  private state: MechanismState;
  private checkpoint: StoredCheckpoint | undefined;
  private compactRange: CompactRange | undefined;
  private lastLogTime: number;
  private draining: Promise<void> | undefined;
  private inFlight = 0;
  private closed = false;
  private fatal: LogError | undefined;

  private constructor(
    options: LogEngineOptions,
    state: MechanismState,
    checkpoint: StoredCheckpoint | undefined,
  ) {
    this.storage = options.storage;
    this.origin = options.origin;
    this.logSigner = options.logSigner;
    this.clock = options.clock;
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.state = state;
    this.checkpoint = checkpoint;
    this.lastLogTime = checkpoint === undefined ? 0 : Date.parse(checkpoint.logTime);
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
    const checkpoint = await options.storage.readCheckpoint();
    const engine = new LogEngine(options, createMechanismState(options.origin), checkpoint);
    if (checkpoint !== undefined) {
      await engine.replayState(checkpoint.treeSize);
      const update = await computeTileUpdate(checkpoint.treeSize, [], (level, index, width) =>
        engine.readTile(level, index, width),
      );
      if (!equalBytes(update.rootHash, checkpoint.rootHash)) {
        throw new LogError('storage_corrupt', 'the stored tiles do not hash to the checkpoint root');
      }
      engine.compactRange = update.compactRange;
    }
    return engine;
  }

  private async replayState(treeSize: bigint): Promise<void> {
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
        applyStatement(
          this.state,
          { statement, digest, keyId, index: stored.index, logTime: stored.logTime },
          this.keyIdOf,
        );
        next += 1n;
      }
    }
  }

  /** Current membership and settings (read-only: the engine replaces it after each commit). */
  get mechanismState(): Readonly<MechanismState> {
    return this.state;
  }

  /** The latest signed checkpoint, or undefined for an empty log. */
  get latestCheckpoint(): StoredCheckpoint | undefined {
    return this.checkpoint;
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
    if (this.fatal !== undefined) throw this.fatal;
    if (this.inFlight >= this.maxQueue) {
      throw new LogError('overloaded', 'the sequencing queue is full; retry shortly', {
        retryAfterSeconds: 1,
      });
    }
    this.inFlight += 1;
    try {
      const prepared = await prepareSubmission(input, this.state, this.keyIdOf);
      return await new Promise<SubmitResult>((resolve, reject) => {
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
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.integrate(batch);
      } catch (error) {
        // Nothing of this batch was committed (commitBatch is atomic), so every submitter learns it failed.
        if (error instanceof LogError && error.code === 'checkpoint_conflict') this.fatal = error;
        for (const pending of batch) pending.reject(error);
      }
    }
  }

  private async integrate(batch: readonly Pending[]): Promise<void> {
    const digests = batch.map((pending) => pending.prepared.digest);
    const existing = await this.storage.findEntries(digests);
    const refDigests = [
      ...new Set(batch.flatMap((pending) => pending.prepared.statement.refs.map((ref) => ref.digest))),
    ];
    const storedRefs = await this.storage.findRefs(refDigests);
    const batchRefs = new Map<string, RefInfo>();
    // A report names the checkpoint it was computed at; the root the log had at that size is prefetched here,
    // because validation is synchronous (sizes beyond the log are refused by validation itself).
    const citedRoots = new Map<bigint, string>();
    for (const { prepared } of batch) {
      if (prepared.statement.type !== 'report.publish') continue;
      const size = BigInt(prepared.statement.body.checkpoint.tree_size);
      const current = this.checkpoint?.treeSize ?? 0n;
      if (size < 1n || size > current || citedRoots.has(size)) continue;
      const root = await computeRootHashFromTiles(
        size,
        (level, index, width) => this.readTile(level, index, width),
        { cache: this.proofCache },
      );
      citedRoots.set(size, encodeBase64(root));
    }
    const lookupRef = (digest: string): RefInfo | undefined =>
      batchRefs.get(digest) ?? storedRefs.get(digest);

    // Log time never goes backwards, whatever the clock does (DESIGN.md §4: deadlines and metrics use it).
    const logMillis = Math.max(this.clock(), this.lastLogTime);
    const logTime = formatLogTime(logMillis);
    const working = cloneMechanismState(this.state);
    const oldSize = this.checkpoint?.treeSize ?? 0n;
    const entries: SequencedEntry[] = [];
    const placed: Placed[] = [];
    const accepted = new Map<string, EntryLocation>();
    const touched = new Set<string>();

    for (const pending of batch) {
      const { prepared } = pending;
      const known = existing.get(prepared.digest) ?? accepted.get(prepared.digest);
      if (known !== undefined) {
        placed.push({ pending, location: known, duplicate: true });
        continue;
      }
      try {
        if (!prepared.signatureVerified) {
          // The key was enrolled after this submission was prepared (possibly earlier in this batch).
          const publicKey = resolveStatementKey(prepared.statement, prepared.keyId, working, this.keyIdOf);
          if (publicKey !== undefined)
            await checkStatementSignature(prepared.envelope, prepared.keyId, publicKey);
        }
        validateStatement(prepared.statement, working, {
          logTime,
          keyId: prepared.keyId,
          lookupRef,
          keyIdOf: this.keyIdOf,
          rootHashAt: (size) => citedRoots.get(size),
        });
      } catch (error) {
        pending.reject(error);
        continue;
      }
      const index = working.size;
      const changed = applyStatement(
        working,
        { statement: prepared.statement, digest: prepared.digest, keyId: prepared.keyId, index, logTime },
        this.keyIdOf,
      );
      for (const digest of changed) touched.add(digest);
      const entry = encodeLogEntry(createLogEntry(prepared.statement, prepared.digest, logTime));
      const location: EntryLocation = { digest: prepared.digest, index, logTime, entry };
      accepted.set(prepared.digest, location);
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
      placed.push({ pending, location, duplicate: false });
    }

    if (entries.length > 0) {
      const update = await computeTileUpdate(
        oldSize,
        entries.map((entry) => hashLeaf(entry.entry)),
        (level, index, width) => this.readTile(level, index, width),
        this.compactRange === undefined ? {} : { compactRange: this.compactRange },
      );
      const { tiles } = update;
      const note = await signCheckpoint(
        { origin: this.origin, treeSize: update.treeSize, rootHash: update.rootHash },
        this.logSigner,
      );
      const checkpoint: StoredCheckpoint = {
        treeSize: update.treeSize,
        rootHash: update.rootHash,
        note,
        logTime,
      };
      await this.storage.commitBatch({
        previous:
          this.checkpoint === undefined
            ? undefined
            : { treeSize: this.checkpoint.treeSize, rootHash: this.checkpoint.rootHash },
        checkpoint,
        entries,
        tiles,
        ...(entries.some((entry) => MEMBERSHIP_STATEMENT_TYPES.has(entry.statement.type))
          ? { state: working, membershipChanges: diffMembership(this.state, working) }
          : { state: undefined }),
        records: [...touched].flatMap((digest) => {
          const record = working.records.get(digest);
          return record === undefined ? [] : [record];
        }),
      });
      // Committed: only now does the engine's view move forward.
      for (const tile of tiles) this.tiles.put(tile);
      this.state = working;
      this.checkpoint = checkpoint;
      this.compactRange = update.compactRange;
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
