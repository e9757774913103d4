import { access, rm } from 'node:fs/promises';
import { decodeUtf8, encodeBase64, encodeHex, equalBytes, isCoreError, sha256 } from '@jmm/core';
import {
  isDomainError,
  type KeyRecord,
  type MemberRecord,
  type OrgRecord,
  listEvidenceSha256,
  type RefInfo,
  type ViewerRecord,
} from '@jmm/domain';
import {
  LogEngine,
  LogError,
  type EntryLocation,
  type EvidenceHolders,
  type HashTile,
  type IntegratedBatch,
  type LogStorage,
  type SequencedEntry,
  type StoredCheckpoint,
} from '@jmm/log';
import {
  createCheckpointRepository,
  createCosignatureRepository,
  createEntryRepository,
  createLogStorage,
  createPostgresDatabase,
  createSqliteDatabase,
  MAX_CHECKPOINTS_PER_PAGE,
  migrateToLatest,
  type StorageDatabase,
} from '@jmm/storage';
import { readMechanismFiles, type MechanismFiles } from './mechanism-files.ts';
import { openDatabase } from './open-mechanism.ts';
import type { ServerConfig } from './server-config.ts';
import { ServerError } from './server-error.ts';

/** Where a rebuild writes: a new SQLite file, or an empty PostgreSQL database. */
export type RebuildTarget = { readonly sqlitePath: string } | { readonly databaseUrl: string };

export interface RebuildProgress {
  /** Entries rebuilt and committed so far. */
  readonly treeSize: bigint;
  /** Entries to rebuild: the source checkpoint's tree size. */
  readonly total: bigint;
  readonly batches: number;
  readonly totalBatches: number;
}

export interface RebuildOptions {
  readonly into: RebuildTarget;
  /** Called after each original batch is committed again. */
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** The mechanism's files, when already read; read from `config.dataDir` otherwise. */
  readonly files?: MechanismFiles;
}

export interface RebuildSummary {
  readonly origin: string;
  readonly treeSize: bigint;
  /** Base64 root hash of the final checkpoint, equal in source and rebuild. */
  readonly rootHash: string;
  /** The final signed checkpoint note, byte for byte the source's. */
  readonly checkpoint: string;
  /** Group commits replayed, one per checkpoint the log published. */
  readonly batches: number;
  /** Witness cosignatures carried over from the source (they are not in the log, but sign its checkpoints). */
  readonly cosignatures: number;
}

const REPLAY_PAGE = 1000;
const HASH_SIZE = 32;

/**
 * `jmm rebuild` (DESIGN.md §1.1: the log is the truth). Replays every entry of the mechanism's log, in index
 * order, into a new empty database through the real sequencer, so that every projection is written by the
 * same code that wrote it the first time, and proves the result identical:
 *
 * - the sequencer's clock returns each entry's original log time, so issued_at tolerances, deadlines and
 *   entries come out as they did;
 * - the original group commits are kept: the checkpoint history says where each batch ended, and a
 *   batch-preserving storage adapter (below) holds the engine's one-statement commits until a batch is whole;
 * - every rebuilt entry must have the same index, log time, digest and leaf bytes; every published checkpoint
 *   the same size, root, log time and note (Ed25519 is deterministic, so the same key over the same tree signs
 *   the same note); any difference, or a statement that no longer validates, is LogError('storage_corrupt').
 *
 * The source is only read. The target must be empty (ServerError('invalid_request') with detail
 * `{ reason: 'target_not_empty' }` otherwise). A rebuild that fails leaves an incomplete target: a SQLite file
 * it created is removed; a PostgreSQL database must be dropped and created again before retrying.
 */
export async function rebuildMechanism(
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>,
  options: RebuildOptions,
): Promise<RebuildSummary> {
  const files = options.files ?? (await readMechanismFiles(config.dataDir));
  const source = openDatabase(config);
  try {
    const createdFile = 'sqlitePath' in options.into && !(await pathExists(options.into.sqlitePath));
    const target = openTarget(options.into);
    let rebuilt = false;
    try {
      await requireEmpty(target, options.into);
      await migrateToLatest(target);
      const summary = await replayLog(source, target, files, options.onProgress);
      const cosignatures = await copyCosignatures(source, target, summary.treeSize);
      rebuilt = true;
      return { ...summary, cosignatures };
    } finally {
      await target.db.destroy();
      if (!rebuilt && createdFile && 'sqlitePath' in options.into)
        await removeSqliteFiles(options.into.sqlitePath);
    }
  } finally {
    await source.db.destroy();
  }
}

/**
 * Copies the witnesses' cosignatures of the rebuilt checkpoints. They are signatures over checkpoint notes the
 * rebuild reproduced byte for byte, so they stay valid; without them the rebuilt database would serve no
 * checkpoint as final until the witnesses cosigned a new one, and its history would look unwitnessed.
 */
async function copyCosignatures(
  source: StorageDatabase,
  target: StorageDatabase,
  treeSize: bigint,
): Promise<number> {
  const from = createCosignatureRepository(source);
  const into = createCosignatureRepository(target);
  let copied = 0;
  for (let next = 0n; next <= treeSize;) {
    const page = await from.readWitnessedHistory(next, MAX_CHECKPOINTS_PER_PAGE);
    for (const checkpoint of page) {
      if (checkpoint.treeSize > treeSize) return copied;
      for (const cosignature of checkpoint.cosignatures)
        if (await into.saveCosignature(cosignature)) copied += 1;
    }
    if (page.length < MAX_CHECKPOINTS_PER_PAGE) break;
    next = page[page.length - 1]!.treeSize + 1n;
  }
  return copied;
}

async function replayLog(
  source: StorageDatabase,
  target: StorageDatabase,
  files: MechanismFiles,
  onProgress: RebuildOptions['onProgress'],
): Promise<Omit<RebuildSummary, 'cosignatures'>> {
  const sourceLog = createLogStorage(source);
  const checkpoint = await sourceLog.readCheckpoint();
  if (checkpoint === undefined) {
    return { origin: files.origin, treeSize: 0n, rootHash: '', checkpoint: '', batches: 0 };
  }
  const history = await readBatchHistory(source, checkpoint);
  const published = new Map(history.map((row) => [row.treeSize, row]));
  let logTime = 0;
  const engine = await LogEngine.open({
    storage: createBatchPreservingStorage(createLogStorage(target), new Set(published.keys()), sourceLog),
    origin: files.origin,
    logSigner: files.logSigner,
    clock: () => logTime,
    maxBatch: 1,
  });
  const sourceEntries = createEntryRepository(source);
  let batches = 0;
  try {
    for (let next = 0n; next < checkpoint.treeSize;) {
      const limit = Number(bigMin(BigInt(REPLAY_PAGE), checkpoint.treeSize - next));
      const page = await sourceLog.readEnvelopes(next, limit);
      const leaves = await sourceEntries.readEntryBundle(next, limit);
      if (page.length !== limit || leaves.length !== limit)
        mismatch(
          `the source log has no entry at index ${next + BigInt(Math.min(page.length, leaves.length))}`,
        );
      for (const [offset, stored] of page.entries()) {
        const index = next + BigInt(offset);
        if (stored.index !== index) mismatch(`expected entry ${index}, the source returned ${stored.index}`);
        // Every entry of a batch carries its batch's log time, the time its checkpoint records.
        const batch = history[batches]!;
        if (stored.logTime !== batch.logTime)
          mismatch(`entry ${index} has log time ${stored.logTime}, its batch ${batch.logTime}`);
        logTime = Date.parse(stored.logTime);
        const result = await resubmit(engine, stored.envelope, index);
        const digest = `sha256:${encodeHex(sha256(stored.envelope))}`;
        if (result.duplicate || result.index !== index || result.digest !== digest)
          mismatch(`entry ${index} (${digest}) was sequenced again at ${result.index} as ${result.digest}`);
        if (result.logTime !== stored.logTime || !equalBytes(result.entry, leaves[offset]!))
          mismatch(`entry ${index} does not reproduce its leaf data (log time ${result.logTime})`);
        const expected = published.get(index + 1n);
        if (expected !== undefined) {
          if (result.checkpoint !== expected.note)
            mismatch(`the checkpoint at tree size ${index + 1n} does not reproduce its signed note`);
          batches += 1;
          onProgress?.({
            treeSize: index + 1n,
            total: checkpoint.treeSize,
            batches,
            totalBatches: history.length,
          });
        }
      }
      next += BigInt(limit);
    }
  } finally {
    await engine.close();
  }
  await compareCheckpoints(target, checkpoint, history);
  return {
    origin: files.origin,
    treeSize: checkpoint.treeSize,
    rootHash: encodeBase64(checkpoint.rootHash),
    checkpoint: checkpoint.note,
    batches,
  };
}

/** Submits a stored envelope again; a statement the current rules refuse means the log no longer reproduces. */
async function resubmit(engine: LogEngine, envelope: Uint8Array, index: bigint) {
  let input: unknown;
  try {
    input = JSON.parse(decodeUtf8(envelope));
  } catch (cause) {
    throw new LogError('storage_corrupt', `rebuild: the envelope of entry ${index} is not JSON`, { cause });
  }
  try {
    return await engine.submit(input);
  } catch (cause) {
    if (isDomainError(cause) || isCoreError(cause)) {
      throw new LogError(
        'storage_corrupt',
        `rebuild: entry ${index} does not validate on replay: ${cause.code}: ${cause.message}`,
        { cause },
      );
    }
    throw cause;
  }
}

/**
 * The published checkpoints up to `checkpoint`, one per group commit, by tree size. Two roots for one size
 * would be a fork, and a history that does not end at the checkpoint a damaged database: both are refused.
 */
async function readBatchHistory(
  source: StorageDatabase,
  checkpoint: StoredCheckpoint,
): Promise<StoredCheckpoint[]> {
  const history = (await createCheckpointRepository(source).readCheckpointHistory()).filter(
    (row) => row.treeSize <= checkpoint.treeSize,
  );
  history.forEach((row, i) => {
    if (i > 0 && history[i - 1]!.treeSize >= row.treeSize)
      mismatch(`the checkpoint history has two checkpoints of tree size ${row.treeSize}`);
  });
  const last = history.at(-1);
  if (last === undefined || !sameCheckpoint(last, checkpoint))
    mismatch('the checkpoint history does not end at the latest checkpoint');
  return history;
}

/** The rebuilt checkpoint and history must equal the source's, field for field. */
async function compareCheckpoints(
  target: StorageDatabase,
  checkpoint: StoredCheckpoint,
  history: readonly StoredCheckpoint[],
): Promise<void> {
  const rebuilt = await createLogStorage(target).readCheckpoint();
  if (rebuilt === undefined || !sameCheckpoint(rebuilt, checkpoint))
    mismatch(`the rebuilt checkpoint differs from the source's at tree size ${checkpoint.treeSize}`);
  const rebuiltHistory = await createCheckpointRepository(target).readCheckpointHistory();
  if (
    rebuiltHistory.length !== history.length ||
    rebuiltHistory.some((row, i) => !sameCheckpoint(row, history[i]!))
  ) {
    mismatch('the rebuilt checkpoint history differs from the source’s');
  }
}

function sameCheckpoint(a: StoredCheckpoint, b: StoredCheckpoint): boolean {
  return (
    a.treeSize === b.treeSize &&
    equalBytes(a.rootHash, b.rootHash) &&
    a.note === b.note &&
    a.logTime === b.logTime
  );
}

function mismatch(message: string): never {
  throw new LogError('storage_corrupt', `rebuild: ${message}`);
}

/**
 * A LogStorage over the rebuild target that commits the engine's batches together until the tree reaches the
 * next size in `boundaries`, so that each original group commit is written as one batch again: the same
 * checkpoint history, and projections written once per batch as they were. The engine is given one statement
 * at a time (so that indexes follow the source exactly) and each of its batches validates against the state
 * the previous one left, as the statements of one original batch did; what it writes of a held batch is served
 * back from memory (refs, duplicates, tiles) until the whole batch is committed.
 *
 * Durability: a held batch is reported committed before it is; that is sound only for a rebuild, whose target
 * is discarded if the process dies, never for serving. The membership state of a merged batch is the last one
 * a part of it carried: statements after it change no membership, which is all that projection reads.
 */
function createBatchPreservingStorage(
  inner: LogStorage,
  boundaries: ReadonlySet<bigint>,
  source: LogStorage,
): LogStorage {
  let held: IntegratedBatch[] = [];
  const heldEntries = new Map<string, SequencedEntry>();
  const heldTiles = new Map<string, HashTile>();
  const tileKey = (level: number, index: bigint) => `${level}/${index}`;
  const heldTile = (level: number, index: bigint, width: number) => {
    const tile = heldTiles.get(tileKey(level, index));
    return tile !== undefined && tile.width >= width ? tile.data.subarray(0, width * HASH_SIZE) : undefined;
  };

  return {
    readCheckpoint: async () => held.at(-1)?.checkpoint ?? (await inner.readCheckpoint()),
    readEnvelopes: (fromIndex, limit) => inner.readEnvelopes(fromIndex, limit),

    readHashTiles: async (tiles) => {
      const missing = tiles.filter(({ level, index, width }) => !heldTile(level, index, width));
      const stored = missing.length === 0 ? [] : await inner.readHashTiles(missing);
      let next = 0;
      return tiles.map(({ level, index, width }) => heldTile(level, index, width) ?? stored[next++]!);
    },

    findEntries: async (digests) => {
      const found = await inner.findEntries(digests.filter((digest) => !heldEntries.has(digest)));
      for (const digest of digests) {
        const entry = heldEntries.get(digest);
        if (entry !== undefined) found.set(digest, locationOf(entry));
      }
      return found;
    },

    // Evidence uploads are the server's records of its files, not the log's: they are read from the source
    // (as they are now); the statements that list a file, from what the rebuild has sequenced so far.
    findEvidenceHolders: async (sha256s) => {
      const [rebuilt, original] = await Promise.all([
        inner.findEvidenceHolders(sha256s),
        source.findEvidenceHolders(sha256s),
      ]);
      const found = new Map<string, EvidenceHolders>();
      for (const sha256 of new Set(sha256s)) {
        const held = [...heldEntries.values()].filter((entry) =>
          listEvidenceSha256(entry.statement).includes(sha256),
        );
        const listings = [
          ...(rebuilt.get(sha256)?.listings ?? []),
          ...held.map(({ statement }) => ({ org: statement.issuer.org, audience: statement.audience })),
        ];
        const uploaders = original.get(sha256)?.uploaders ?? [];
        if (listings.length > 0 || uploaders.length > 0) found.set(sha256, { uploaders, listings });
      }
      return found;
    },

    findRefs: async (digests) => {
      const found = await inner.findRefs(digests.filter((digest) => !heldEntries.has(digest)));
      for (const digest of digests) {
        const entry = heldEntries.get(digest);
        if (entry !== undefined) found.set(digest, refInfoOf(entry));
      }
      return found;
    },

    commitBatch: async (batch) => {
      held.push(batch);
      for (const entry of batch.entries) heldEntries.set(entry.digest, entry);
      for (const tile of batch.tiles) heldTiles.set(tileKey(tile.level, tile.index), tile);
      if (!boundaries.has(batch.checkpoint.treeSize)) return;
      const whole = mergeBatches(held);
      held = [];
      heldEntries.clear();
      heldTiles.clear();
      await inner.commitBatch(whole);
    },
  };
}

/** One batch equal to committing `parts` (consecutive) at once, as the engine would have built it. */
function mergeBatches(parts: readonly IntegratedBatch[]): IntegratedBatch {
  const tiles = new Map<string, HashTile>();
  // The engine lists records in the order the batch first touched them; Map.set keeps that position.
  const records = new Map<string, ViewerRecord>();
  let state: IntegratedBatch['state'];
  // Membership changes merge by identity; one part that could not say what changed makes the whole batch
  // write every record (undefined), which is always correct.
  const orgs = new Map<string, OrgRecord>();
  const members = new Map<string, MemberRecord>();
  const keys = new Map<string, KeyRecord>();
  let everything = false;
  for (const part of parts) {
    for (const tile of part.tiles) tiles.set(`${tile.level}/${tile.index}`, tile);
    for (const record of part.records) records.set(`${record.viewer} ${record.record.digest}`, record);
    state = part.state ?? state;
    if (part.state === undefined) continue;
    if (part.membershipChanges === undefined) everything = true;
    for (const org of part.membershipChanges?.orgs ?? []) orgs.set(org.id, org);
    for (const member of part.membershipChanges?.members ?? [])
      members.set(`${member.org}/${member.member}`, member);
    for (const key of part.membershipChanges?.keys ?? []) keys.set(key.keyId, key);
  }
  return {
    previous: parts[0]!.previous,
    checkpoint: parts.at(-1)!.checkpoint,
    entries: parts.flatMap((part) => part.entries),
    tiles: [...tiles.values()],
    state,
    membershipChanges: everything
      ? undefined
      : { orgs: [...orgs.values()], members: [...members.values()], keys: [...keys.values()] },
    records: [...records.values()],
  };
}

function locationOf(entry: SequencedEntry): EntryLocation {
  return { digest: entry.digest, index: entry.index, logTime: entry.logTime, entry: entry.entry };
}

function refInfoOf(entry: SequencedEntry): RefInfo {
  const { statement } = entry;
  return {
    digest: entry.digest,
    type: statement.type,
    org: statement.issuer.org,
    audience: statement.audience,
    index: entry.index,
  };
}

function openTarget(into: RebuildTarget): StorageDatabase {
  return 'sqlitePath' in into
    ? createSqliteDatabase({ path: into.sqlitePath })
    : createPostgresDatabase({ connectionString: into.databaseUrl, poolSize: 4 });
}

/** Any table at all (even Kysely's migration bookkeeping) means the target is not a new database. */
async function requireEmpty(target: StorageDatabase, into: RebuildTarget): Promise<void> {
  const tables = await target.db.introspection.getTables({ withInternalKyselyTables: true });
  if (tables.length > 0) {
    const where = 'sqlitePath' in into ? into.sqlitePath : 'the target PostgreSQL database';
    throw new ServerError(
      'invalid_request',
      `${where} is not empty (${tables.length} tables): a rebuild writes only into a new, empty database`,
      { detail: { reason: 'target_not_empty' } },
    );
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function removeSqliteFiles(path: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
}

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
