import { access, rm } from 'node:fs/promises';
import {
  computeKeyId,
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  equalBytes,
  isCoreError,
  type CompactRange,
} from '@jmm/core';
import { createMechanismViews, isDomainError, type MechanismViews } from '@jmm/domain';
import {
  integrateBatch,
  LogError,
  prefetchBatch,
  prepareSubmission,
  StatementReader,
  TileCache,
  type EvidenceHolders,
  type LogStorage,
  type PreparedSubmission,
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
import { MechanismError } from './mechanism-error.ts';

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

/**
 * `jmm rebuild` (DESIGN.md §1.1: the log is the truth). Replays every entry of the mechanism's log, in index
 * order, into a new empty database through the sequencer's own integration (`integrateBatch`, as the engine
 * calls it), so that every projection and the stored state are written by the same code that wrote them the
 * first time, and proves the result identical:
 *
 * - each batch is integrated at its original log time, so issued_at tolerances, deadlines and entries come
 *   out as they did;
 * - the original group commits are kept: the checkpoint history says where each batch ended, and each is
 *   integrated and committed whole, as it was;
 * - every rebuilt entry must have the same index, log time, digest and leaf bytes; every published checkpoint
 *   the same size, root, log time and note (Ed25519 is deterministic, so the same key over the same tree signs
 *   the same note); any difference, or a statement that no longer validates, is LogError('storage_corrupt').
 *
 * The source is only read. The target must be empty (MechanismError('invalid_request') with detail
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
  const targetLog = createRebuildStorage(createLogStorage(target), sourceLog);
  const sourceEntries = createEntryRepository(source);
  const tiles = new TileCache();
  const readTile = async (level: number, index: bigint, width: number): Promise<Uint8Array> => {
    const cached = tiles.get(level, index, width);
    if (cached !== undefined) return cached;
    const [hashes] = await targetLog.readHashTiles([{ level, index, width }]);
    tiles.put({ level, index, width, data: hashes! });
    return hashes!;
  };
  const statements = new StatementReader((from, count) => targetLog.readEnvelopes(from, count));
  const keyIds = new Map<string, string>();
  const keyIdOf = (publicKey: string): string => {
    let keyId = keyIds.get(publicKey);
    if (keyId === undefined) {
      keyId = computeKeyId(decodeBase64(publicKey));
      keyIds.set(publicKey, keyId);
    }
    return keyId;
  };
  let views = createMechanismViews(files.origin);
  let previous: StoredCheckpoint | undefined;
  let compactRange: CompactRange | undefined;
  let batches = 0;
  for (const published of history) {
    const from = previous?.treeSize ?? 0n;
    const submissions = await readOriginalBatch(sourceLog, sourceEntries, from, published, views, keyIdOf);
    const prefetch = await prefetchBatch(
      {
        storage: targetLog,
        treeSize: from,
        readTile,
        readStatements: (size) => statements.readStatements(size),
      },
      views,
      submissions.map(({ prepared }) => prepared),
    );
    const integration = await integrateBatch(
      {
        origin: files.origin,
        logSigner: files.logSigner,
        views,
        checkpoint: previous,
        compactRange,
        keyIdOf,
        readTile,
      },
      submissions.map(({ prepared }) => prepared),
      published.logTime,
      prefetch,
    );
    integration.outcomes.forEach((outcome, offset) => {
      const index = from + BigInt(offset);
      const { prepared, leaf } = submissions[offset]!;
      if (outcome.kind === 'refused') {
        const cause = outcome.error;
        const reason =
          isDomainError(cause) || isCoreError(cause) ? `${cause.code}: ${cause.message}` : String(cause);
        throw new LogError(
          'storage_corrupt',
          `rebuild: entry ${index} does not validate on replay: ${reason}`,
          {
            cause,
          },
        );
      }
      const { location, duplicate } = outcome;
      if (duplicate || location.index !== index || location.digest !== prepared.digest)
        mismatch(
          `entry ${index} (${prepared.digest}) was sequenced again at ${location.index} as ${location.digest}`,
        );
      if (location.logTime !== published.logTime || !equalBytes(location.entry, leaf))
        mismatch(`entry ${index} does not reproduce its leaf data (log time ${location.logTime})`);
    });
    const batch = integration.batch;
    if (batch?.checkpoint.note !== published.note)
      mismatch(`the checkpoint at tree size ${published.treeSize} does not reproduce its signed note`);
    await targetLog.commitBatch(batch);
    for (const tile of batch.tiles) tiles.put(tile);
    views = integration.views;
    previous = batch.checkpoint;
    compactRange = integration.compactRange;
    batches += 1;
    onProgress?.({
      treeSize: published.treeSize,
      total: checkpoint.treeSize,
      batches,
      totalBatches: history.length,
    });
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

/**
 * The statements of one original group commit, from the end of the previous one to `published`, prepared
 * again (parsed, signature checked) with their leaf data to compare. Every entry of a batch carries its
 * batch's log time, the time its checkpoint records.
 */
async function readOriginalBatch(
  sourceLog: LogStorage,
  sourceEntries: ReturnType<typeof createEntryRepository>,
  from: bigint,
  published: StoredCheckpoint,
  views: MechanismViews,
  keyIdOf: (publicKey: string) => string,
): Promise<{ prepared: PreparedSubmission; leaf: Uint8Array }[]> {
  const submissions: { prepared: PreparedSubmission; leaf: Uint8Array }[] = [];
  for (let next = from; next < published.treeSize;) {
    const limit = Number(bigMin(BigInt(REPLAY_PAGE), published.treeSize - next));
    const page = await sourceLog.readEnvelopes(next, limit);
    const leaves = await sourceEntries.readEntryBundle(next, limit);
    if (page.length !== limit || leaves.length !== limit)
      mismatch(`the source log has no entry at index ${next + BigInt(Math.min(page.length, leaves.length))}`);
    for (const [offset, stored] of page.entries()) {
      const index = next + BigInt(offset);
      if (stored.index !== index) mismatch(`expected entry ${index}, the source returned ${stored.index}`);
      if (stored.logTime !== published.logTime)
        mismatch(`entry ${index} has log time ${stored.logTime}, its batch ${published.logTime}`);
      submissions.push({
        prepared: await prepareAgain(stored.envelope, index, views, keyIdOf),
        leaf: leaves[offset]!,
      });
    }
    next += BigInt(limit);
  }
  return submissions;
}

/** Prepares a stored envelope again; one that no longer parses or verifies means the log does not reproduce. */
async function prepareAgain(
  envelope: Uint8Array,
  index: bigint,
  views: MechanismViews,
  keyIdOf: (publicKey: string) => string,
): Promise<PreparedSubmission> {
  let input: unknown;
  try {
    input = JSON.parse(decodeUtf8(envelope));
  } catch (cause) {
    throw new LogError('storage_corrupt', `rebuild: the envelope of entry ${index} is not JSON`, { cause });
  }
  try {
    return await prepareSubmission(input, views.full, keyIdOf);
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
 * The rebuild target's LogStorage, except for evidence uploads: those are the server's records of its files,
 * not the log's, so they are read from the source (as they are now); the statements that list a file, from
 * what the rebuild has sequenced so far.
 */
function createRebuildStorage(inner: LogStorage, source: LogStorage): LogStorage {
  return {
    ...inner,
    findEvidenceHolders: async (sha256s) => {
      const [rebuilt, original] = await Promise.all([
        inner.findEvidenceHolders(sha256s),
        source.findEvidenceHolders(sha256s),
      ]);
      const found = new Map<string, EvidenceHolders>();
      for (const sha256 of new Set(sha256s)) {
        const listings = rebuilt.get(sha256)?.listings ?? [];
        const uploaders = original.get(sha256)?.uploaders ?? [];
        if (listings.length > 0 || uploaders.length > 0) found.set(sha256, { uploaders, listings });
      }
      return found;
    },
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
    throw new MechanismError(
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
