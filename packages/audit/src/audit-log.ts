import { availableParallelism } from 'node:os';
import {
  computeRootHashFromTiles,
  concatBytes,
  createNoteVerifier,
  encodeBase64,
  equalBytes,
  formatEntryBundlePath,
  formatTilePath,
  isCoreError,
  MERKLE_HASH_LENGTH,
  TILE_WIDTH,
  tileWidthForTreeSize,
  type NoteVerifier,
} from '@jmm/core';
import { formatEnvelopeLine } from './audit-bundle-layout.ts';
import { AuditError } from './audit-error.ts';
import { AuditFindings } from './audit-findings.ts';
import type { AuditProblem, AuditProgress, AuditResult } from './audit-result.ts';
import { readAuditState, writeAuditState, type AuditState } from './audit-state.ts';
import { AuditMirror } from './audit-mirror.ts';
import type { LogCheckpoint, LogSource } from './log-source.ts';
import { CheckpointOpener, listMissingWitnesses, type OpenedLogCheckpoint } from './open-log-checkpoint.ts';
import type { Statement } from '@jmm/domain';
import { StatementReplayer, type ReadEnvelope, type ReplayEntry } from './statement-replayer.ts';
import type { PreparedTile, TileJob } from './prepare-tile.ts';
import { TilePool } from './tile-pool.ts';
import { TreeVerifier } from './tree-verifier.ts';

export interface AuditOptions {
  /** Trust root: the mechanism's origin (c2sp.org/tlog-checkpoint), compared literally. */
  readonly origin: string;
  /** Trust root: the C2SP verifier key of the log's checkpoint key; the genesis's `log_vkey` must equal it. */
  readonly logVkey: string;
  /** Where the last verified checkpoint and the audited entries are kept between runs (audit-state.ts). */
  readonly stateDir?: string;
  /** Signature worker threads; default the machine's available parallelism. 0 verifies on this thread. */
  readonly workers?: number;
  readonly onProgress?: (progress: AuditProgress) => void;
}

/** Entry bundles fetched ahead of the one being checked. */
const PREFETCH_TILES = 4;
const HISTORY_PAGE = 1000;

function createTrustedVerifier(origin: string, logVkey: string): NoteVerifier {
  let verifier: NoteVerifier;
  try {
    verifier = createNoteVerifier(logVkey);
  } catch (cause) {
    throw new AuditError('invalid_argument', 'the log key is not a C2SP verifier key', { cause });
  }
  if (verifier.name !== origin)
    throw new AuditError(
      'invalid_argument',
      `the log key is named ${verifier.name}, not the origin ${origin}`,
    );
  return verifier;
}

/** Reads the checkpoint history in pages, ascending, from `fromSize`. */
async function* readHistory(
  source: LogSource,
  fromSize: bigint,
  findings: AuditFindings,
): AsyncGenerator<LogCheckpoint> {
  let next = fromSize;
  for (;;) {
    let page: LogCheckpoint[] | undefined;
    try {
      page = await source.listCheckpoints(next, HISTORY_PAGE);
    } catch (error) {
      if (!(error instanceof AuditError) || error.code !== 'invalid_source') throw error;
      findings.add({
        kind: 'tampered',
        message: `the checkpoint history from size ${next} is malformed: ${error.message}`,
      });
      return;
    }
    if (page === undefined) {
      findings.note(
        'the source keeps no checkpoint history: only the latest checkpoint was checked against the tree',
      );
      return;
    }
    for (const row of page) {
      // A well-behaved source returns rows from `next` on, strictly ascending (one checkpoint per size). A row
      // at or below a size already read would otherwise go unchecked, and its signed checkpoint with it: its
      // place in the history is part of what the history says, so it is reported, never silently skipped.
      if (row.treeSize < next) {
        findings.add({
          kind: 'tampered',
          message:
            `the checkpoint history is out of order: a row of size ${row.treeSize} comes where sizes ` +
            `from ${next} were asked for (rows ascend strictly, one per size)`,
          evidence: { tree_size: row.treeSize.toString(), checkpoint: row.note },
        });
        continue;
      }
      yield row;
      next = row.treeSize + 1n;
    }
    if (page.length < HISTORY_PAGE) return;
  }
}

/**
 * Audits a JMM log with nothing but its origin and log key as trust roots (issue 11, `jmm verify`):
 * - the latest checkpoint verifies with the log key; with a state directory, the tree extends the checkpoint
 *   verified last time (same root at that size, never smaller), else it is a split view;
 * - the tree is recomputed from the entry bundles, every hash tile is compared with it, and its root must be
 *   the checkpoint's; every checkpoint of the history must have the tree's root at its size;
 * - every cosignature by a configured witness verifies, and the latest checkpoint meets the witness policy;
 * - every envelope the source lets the reader read is its entry's, validly signed by a key enrolled and
 *   unrevoked at its index, and valid under the rules at that point (statement-replayer.ts).
 * Resolves with everything found; throws AuditError only when it cannot audit at all.
 */
export async function auditLog(source: LogSource, options: AuditOptions): Promise<AuditResult> {
  const { origin, logVkey, stateDir, onProgress } = options;
  const opener = new CheckpointOpener(createTrustedVerifier(origin, logVkey), origin);
  const findings = new AuditFindings();
  const claimed = await source.describeMechanism().catch((error: unknown) => {
    if (error instanceof AuditError && error.code === 'not_found') return undefined;
    throw error;
  });
  if (claimed !== undefined && (claimed.origin !== origin || claimed.logVkey !== logVkey))
    findings.note(
      `the source names another mechanism or log key (${claimed.origin}); it is audited against the trusted ones`,
    );

  const reader = source.reader;
  const previous =
    stateDir === undefined ? undefined : await readAuditState(stateDir, { origin, logVkey, reader });
  const oldSize = previous?.tree.size ?? 0n;
  const latestNote = await source.readCheckpoint();
  let latest: OpenedLogCheckpoint;
  try {
    latest = await opener.open(latestNote, []);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    findings.add({
      kind: 'tampered',
      message: `the latest checkpoint does not verify with the log key: ${error.code}: ${error.message}`,
      evidence: { checkpoint: latestNote },
    });
    return finish(
      findings,
      { origin, reader, treeSize: 0n, rootHash: '', resumedFrom: oldSize, witnessedBy: [], final: false },
      previous,
    );
  }
  findings.checkpoints += 1;
  const newSize = latest.checkpoint.treeSize;
  if (previous !== undefined) {
    const rollback = newSize < oldSize;
    const fork = newSize === oldSize && encodeBase64(latest.checkpoint.rootHash) !== previous.rootHash;
    if (rollback || fork) {
      findings.add({
        kind: 'split_view',
        message: rollback
          ? `the log now shows ${newSize} entries; a checkpoint of ${oldSize} was verified before`
          : `two checkpoints of size ${newSize} with different roots`,
        evidence: { checkpoint_seen_before: previous.checkpoint, checkpoint_now: latestNote },
      });
      return finish(
        findings,
        {
          origin,
          reader,
          treeSize: newSize,
          rootHash: encodeBase64(latest.checkpoint.rootHash),
          resumedFrom: oldSize,
          witnessedBy: [],
          final: false,
        },
        previous,
      );
    }
  }

  const tree = new TreeVerifier(previous?.tree);
  const replayer = new StatementReplayer(origin, logVkey, readerOrgOf(reader));
  const mirror = stateDir === undefined ? undefined : new AuditMirror(stateDir);
  if (previous !== undefined && mirror !== undefined) {
    await mirror.restore(replayer, oldSize, onProgress);
  }
  const roots = new Map<bigint, string>();
  if (previous !== undefined) roots.set(oldSize, previous.rootHash);
  const rootHashAt = async (size: bigint): Promise<string | undefined> => {
    const known = roots.get(size);
    if (known !== undefined) return known;
    // Not a checkpoint of the history: computed from the source's tiles, whose full tiles the audit has
    // checked or will check against the leaves.
    // checked or will check against the leaves. A partial tile at `size` is a prefix of the tile in the latest
    // tree (c2sp.org/tlog-tiles), which is the one a bundle holds.
    try {
      const root = await computeRootHashFromTiles(size, async (level, index, width) => {
        const served = await source.readTile(
          formatTilePath({ level, index, width: tileWidthForTreeSize(newSize, level, index) }),
        );
        return served.subarray(0, width * MERKLE_HASH_LENGTH);
      });
      return encodeBase64(root);
    } catch (error) {
      if (isCoreError(error) || error instanceof AuditError) return undefined;
      throw error;
    }
  };

  const pool = await startPool(options.workers, findings);
  const history = readHistory(source, oldSize === 0n ? 1n : oldSize, findings);
  let historyRow = await nextRow(history);
  const forks: HistoryFork[] = [];
  // Tiles that are not what the leaves make: tampering, unless the log forked from the tree verified before,
  // whose edge the leaves were appended to (then they are the fork's consequence, judged at the end).
  const tileProblems: AuditProblem[] = [];
  try {
    const firstTile = oldSize / BigInt(TILE_WIDTH);
    const endTile = (newSize + BigInt(TILE_WIDTH) - 1n) / BigInt(TILE_WIDTH);
    const fetchTile = (index: bigint): Promise<TileJob> => {
      const start = index * BigInt(TILE_WIDTH);
      const width = Number(newSize - start < BigInt(TILE_WIDTH) ? newSize - start : BigInt(TILE_WIDTH));
      const from = start > oldSize ? start : oldSize;
      return Promise.all([
        source.readTile(formatEntryBundlePath({ index, width })),
        source.readTile(formatTilePath({ level: 0, index, width })),
        readEnvelopeLines(source, from, Number(start + BigInt(width) - from), findings),
      ]).then(([bundle, hashTile, envelopes]) => ({
        start,
        width,
        from,
        bundle,
        hashTile,
        envelopes,
        keepLines: mirror !== undefined,
      }));
    };
    // Entry bundles are fetched PREFETCH_TILES ahead, and prepared by the workers (hashes, parsing, digests,
    // signatures) as soon as fetched, while this thread folds the bundle before: one more in preparation than
    // there are workers keeps every worker busy.
    const ahead = Math.max(PREFETCH_TILES, pool.size + 1);
    const prepared = new Map<bigint, Promise<{ job: TileJob; tile: PreparedTile; hashTile: Uint8Array }>>();
    for (let index = firstTile; newSize > oldSize && index < endTile; index++) {
      for (let next = index; next < endTile && next < index + BigInt(ahead); next++) {
        if (!prepared.has(next)) {
          const preparing = fetchTile(next).then(async (job) => {
            // Kept for a resumed bundle, whose audited entries are compared here (the job's copy is transferred).
            const hashTile = job.start < oldSize ? job.hashTile.slice() : new Uint8Array(0);
            return { job, hashTile, tile: await pool.prepare(job) };
          });
          preparing.catch(() => undefined);
          prepared.set(next, preparing);
        }
      }
      const { job, tile, hashTile } = await prepared.get(index)!;
      prepared.delete(index);
      findings.tilesFetched += 2;
      const start = job.start;
      if (tile.bundleError !== undefined) {
        findings.add({
          kind: 'tampered',
          index: start,
          message: `entry bundle ${formatEntryBundlePath({ index, width: job.width })} is malformed: ${tile.bundleError}`,
        });
        break;
      }
      if (tile.envelopesError !== undefined) {
        // A page that is not a list of envelope rows: what it should have held counts as withheld.
        findings.add({
          kind: 'tampered',
          index: job.from,
          message: `the envelopes from ${job.from} are malformed: ${tile.envelopesError}`,
        });
      }
      const earlier = Number(tree.size - start);
      const known = tree.snapshot().partialTiles[0] ?? [];
      const leafHashes = tile.entries.map((_, i) => tile.leafHashes.subarray(i * 32, (i + 1) * 32));
      // Entries audited before are taken from the tree as verified then; served again, they must be the same.
      let hashTileMatches = tile.hashTileMatches;
      if (earlier > 0) {
        for (let i = 0; i < earlier; i++) {
          if (!equalBytes(leafHashes[i]!, known[i]!)) {
            tileProblems.push({
              kind: 'tampered',
              index: start + BigInt(i),
              message: `entry ${start + BigInt(i)} differs from the one audited before`,
            });
            leafHashes[i] = known[i]!;
          }
        }
        hashTileMatches = equalBytes(hashTile, concatBytes(...leafHashes));
      }
      const statements = JSON.parse(tile.statements) as Statement[];
      const envelopes = new Map<bigint, ReadEnvelope>();
      let next = 0;
      for (const envelope of tile.envelopes) {
        envelopes.set(
          envelope.index,
          envelope.verdict === 'ok' ? { ...envelope, statement: statements[next++]! } : envelope,
        );
      }
      const items: ReplayEntry[] = [];
      for (let i = earlier; i < tile.entries.length; i++) {
        const leafIndex = start + BigInt(i);
        tree.appendLeaf(leafHashes[i]!);
        const entry = tile.entries[i]!;
        while (historyRow !== undefined && historyRow.treeSize <= tree.size) {
          if (historyRow.treeSize === tree.size) {
            await checkHistoryRow(historyRow, tree.rootHash(), opener, replayer, findings, roots, forks);
            // A checkpoint closes a batch, whose entries share one log time: its last entry's.
            if (typeof entry !== 'string' && historyRow.logTime !== entry.time)
              findings.add({
                kind: 'tampered',
                message: `the history gives the checkpoint of size ${historyRow.treeSize} another log time than its last entry's`,
              });
          }
          historyRow = await nextRow(history);
        }
        if (typeof entry === 'string') {
          findings.add({ kind: 'invalid_entry', index: leafIndex, message: `entry ${leafIndex}: ${entry}` });
          items.push({ index: leafIndex, entry: undefined, envelope: undefined });
          continue;
        }
        items.push({ index: leafIndex, entry, envelope: envelopes.get(leafIndex) });
      }
      if (!hashTileMatches) {
        tileProblems.push({
          kind: 'tampered',
          index: start,
          message: `hash tile ${formatTilePath({ level: 0, index, width: job.width })} is not the hashes of its entries`,
        });
      }
      await checkHashTiles(source, tree.takeCompletedTiles(), findings, tileProblems);
      await replayer.replay(items, findings, rootHashAt);
      // Keys this bundle enrolled: the workers verify later bundles' signatures with them.
      pool.shareKeys(replayer.takeNewKeys());
      await mirror?.writeTile(index, job.from, tile.bundle, tile.lines ?? '');
      onProgress?.({ stage: 'auditing', done: tree.size, total: newSize });
    }
    if (tree.size === newSize && newSize > oldSize) {
      await checkHashTiles(source, tree.listPartialTiles(), findings, tileProblems);
      const forked =
        previous !== undefined &&
        !equalBytes(tree.rootHash(), latest.checkpoint.rootHash) &&
        (await isForkOf(source, previous, newSize, latest.checkpoint.rootHash));
      if (forked) {
        if (tileProblems.length > 0)
          findings.note(
            `${tileProblems.length} tile(s) differ from the tree verified before: the fork's consequence`,
          );
        tileProblems.length = 0;
        findings.add({
          kind: 'split_view',
          message:
            `the checkpoint of size ${newSize} commits to a tree whose first ${oldSize} entries are not ` +
            'the ones of the checkpoint verified before',
          evidence: { checkpoint_seen_before: previous.checkpoint, checkpoint_now: latestNote },
        });
      } else if (!equalBytes(tree.rootHash(), latest.checkpoint.rootHash)) {
        findings.add({
          kind: 'tampered',
          message: `the entries do not hash to the root of the checkpoint of size ${newSize}`,
          evidence: { checkpoint: latestNote, computed_root: encodeBase64(tree.rootHash()) },
        });
        if (forks.length > 0)
          findings.note(
            `${forks.length} checkpoint(s) of the history disagree with the entries served, which do not match ` +
              'the latest checkpoint either: the entries, not the checkpoints, were changed',
          );
      } else {
        // The latest checkpoint commits to this tree, so a history checkpoint with another root at its size
        // means the log signed two histories.
        for (const fork of forks) {
          findings.add({
            kind: 'split_view',
            message: `the log signed a checkpoint of size ${fork.treeSize} whose root is not the one the latest checkpoint commits to`,
            evidence: { checkpoint: fork.note, latest_checkpoint: latestNote, tree_root: fork.treeRoot },
          });
        }
      }
    }
    for (const problem of tileProblems) findings.add(problem);
  } finally {
    await pool.close();
  }

  // The witness policy in force at the latest checkpoint (DESIGN.md §4): settings are public statements.
  const settings = replayer.state.settings;
  const witnessed = await opener.open(latestNote, settings.witnesses);
  for (const name of witnessed.badCosignatures) {
    findings.add({
      kind: 'bad_cosignature',
      message: `the cosignature of witness ${name} on the latest checkpoint does not verify over it`,
      evidence: { checkpoint: latestNote, witness: name },
    });
  }
  const missing = listMissingWitnesses(settings, witnessed.witnessedBy);
  if (missing.length > 0) {
    findings.add({
      kind: 'policy_unmet',
      message: `the latest checkpoint lacks a valid cosignature from a witness of ${missing.join(', ')}`,
      evidence: {
        checkpoint: latestNote,
        witness_policy: settings.witness_policy,
        witnessed_by: witnessed.witnessedBy,
      },
    });
  }
  const summary = {
    origin,
    reader,
    treeSize: newSize,
    rootHash: encodeBase64(latest.checkpoint.rootHash),
    resumedFrom: oldSize,
    witnessedBy: witnessed.witnessedBy,
    final: missing.length === 0,
  };
  const result = finish(findings, summary, previous);
  const trustworthy = !result.problems.some(
    (problem) => problem.kind === 'tampered' || problem.kind === 'split_view',
  );
  if (stateDir !== undefined && trustworthy && tree.size === newSize) {
    await mirror?.promote();
    await writeAuditState(stateDir, {
      origin,
      logVkey,
      reader,
      checkpoint: latestNote,
      rootHash: summary.rootHash,
      tree: tree.snapshot(),
      problems: result.problems,
      counts: {
        statementsRead: result.statementsRead,
        statementsChecked: result.statementsChecked,
        unchecked: result.unchecked,
        unreadable: result.unreadable,
      },
    });
  } else await mirror?.discard();
  return result;
}

/**
 * The organisation a reader named `org/member` reads as (`jmm verify --key`, an audit bundle's `reader`); the
 * public and a reader known only by its key id read as no organisation, so nothing beyond public statements is
 * expected of what they are served.
 */
function readerOrgOf(reader: string): string | undefined {
  const match = /^([a-z][a-z0-9-]*)\/[^/\s]+$/.exec(reader);
  return match === null ? undefined : match[1];
}

async function nextRow(history: AsyncGenerator<LogCheckpoint>): Promise<LogCheckpoint | undefined> {
  const next = await history.next();
  return next.done === true ? undefined : next.value;
}

async function startPool(workers: number | undefined, findings: AuditFindings): Promise<TilePool> {
  const size = workers ?? availableParallelism();
  try {
    return await TilePool.start(size);
  } catch (error) {
    if (error instanceof AuditError) throw error;
    findings.note(`audit workers could not start (${(error as Error).message}); auditing on one thread`);
    return TilePool.start(0);
  }
}

/**
 * The envelope rows of entries `from` … `from + limit − 1` as JSONL bytes, what the workers parse: as stored
 * when the source keeps them so (an audit bundle), else the rows it read, one line each. A page that is not a
 * list of rows is reported and counts as withheld.
 */
async function readEnvelopeLines(
  source: LogSource,
  from: bigint,
  limit: number,
  findings: AuditFindings,
): Promise<Uint8Array> {
  try {
    if (source.readEnvelopeLines !== undefined) return await source.readEnvelopeLines(from, limit);
    const rows = await source.readEnvelopes(from, limit);
    return Buffer.from(rows.map((row) => `${formatEnvelopeLine(row)}\n`).join(''), 'utf8');
  } catch (error) {
    if (!(error instanceof AuditError) || error.code !== 'invalid_source') throw error;
    findings.add({
      kind: 'tampered',
      index: from,
      message: `the envelopes from ${from} are malformed: ${error.message}`,
    });
    return new Uint8Array(0);
  }
}

/**
 * When a resumed audit's tree (the verified right edge plus the new leaves) misses the new checkpoint's root,
 * either the new data served was changed, or the log signed a tree that does not extend the one verified
 * before. The served tiles tell which: if they hash to the new checkpoint's root (so the log signed them) and
 * to another root than before at the old size, the log forked; else the tiles are simply not the log's.
 */
async function isForkOf(
  source: LogSource,
  previous: AuditState,
  newSize: bigint,
  newRoot: Uint8Array,
): Promise<boolean> {
  const readTile = async (level: number, index: bigint, width: number) => {
    const served = await source.readTile(
      formatTilePath({ level, index, width: tileWidthForTreeSize(newSize, level, index) }),
    );
    return served.subarray(0, width * MERKLE_HASH_LENGTH);
  };
  try {
    const servedNew = await computeRootHashFromTiles(newSize, readTile);
    const servedOld = await computeRootHashFromTiles(previous.tree.size, readTile);
    return equalBytes(servedNew, newRoot) && encodeBase64(servedOld) !== previous.rootHash;
  } catch (error) {
    if (isCoreError(error) || error instanceof AuditError) return false;
    throw error;
  }
}

/** A checkpoint of the history whose root is not the tree's at its size. */
interface HistoryFork {
  readonly treeSize: bigint;
  readonly note: string;
  readonly treeRoot: string;
}

/** Forks kept in full: one proves a split view; thousands mean the entries were changed. */
const MAX_FORKS = 100;

/**
 * A checkpoint of the history: signed by the log, its root the tree's at its size. A signed root that is not
 * the tree's is a fork, judged once the tree is checked against the latest checkpoint (see the caller).
 */
async function checkHistoryRow(
  row: LogCheckpoint,
  treeRoot: Uint8Array,
  opener: CheckpointOpener,
  replayer: StatementReplayer,
  findings: AuditFindings,
  roots: Map<bigint, string>,
  forks: HistoryFork[],
): Promise<void> {
  let opened: OpenedLogCheckpoint;
  try {
    opened = await opener.open(row.note, replayer.state.settings.witnesses);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    findings.add({
      kind: 'tampered',
      message: `the checkpoint of size ${row.treeSize} in the history does not verify: ${error.code}`,
      evidence: { checkpoint: row.note },
    });
    return;
  }
  findings.checkpoints += 1;
  if (
    opened.checkpoint.treeSize !== row.treeSize ||
    encodeBase64(opened.checkpoint.rootHash) !== row.rootHash
  ) {
    findings.add({
      kind: 'tampered',
      message: `the history row of size ${row.treeSize} does not match its own signed note`,
      evidence: { checkpoint: row.note },
    });
    return;
  }
  for (const name of opened.badCosignatures) {
    findings.add({
      kind: 'bad_cosignature',
      message: `the cosignature of witness ${name} on the checkpoint of size ${row.treeSize} does not verify over it`,
      evidence: { checkpoint: row.note, witness: name },
    });
  }
  if (!equalBytes(opened.checkpoint.rootHash, treeRoot)) {
    if (forks.length < MAX_FORKS)
      forks.push({ treeSize: row.treeSize, note: row.note, treeRoot: encodeBase64(treeRoot) });
    return;
  }
  roots.set(row.treeSize, row.rootHash);
}

/** Fetches hash tiles above level 0 and compares each with the one recomputed from the leaves. */
async function checkHashTiles(
  source: LogSource,
  tiles: readonly { tile: { level: number; index: bigint; width: number }; data: Uint8Array }[],
  findings: AuditFindings,
  problems: AuditProblem[],
): Promise<void> {
  for (const { tile, data } of tiles) {
    const path = formatTilePath(tile);
    const served = await source.readTile(path);
    findings.tilesFetched += 1;
    if (!equalBytes(served, data)) {
      problems.push({ kind: 'tampered', message: `hash tile ${path} is not the one its leaves make` });
    }
  }
}

function finish(
  findings: AuditFindings,
  summary: Pick<
    AuditResult,
    'origin' | 'reader' | 'treeSize' | 'rootHash' | 'resumedFrom' | 'witnessedBy' | 'final'
  >,
  previous: AuditState | undefined,
): AuditResult {
  // A problem found by an earlier run stays a problem: the log cannot take it back.
  const problems: AuditProblem[] = [...(previous?.problems ?? []), ...findings.problems];
  const counts = previous?.counts;
  return {
    ok: problems.length === 0,
    ...summary,
    checkpoints: findings.checkpoints,
    tilesFetched: findings.tilesFetched,
    statementsRead: findings.statementsRead + (counts?.statementsRead ?? 0),
    statementsChecked: findings.statementsChecked + (counts?.statementsChecked ?? 0),
    unchecked: findings.unchecked + (counts?.unchecked ?? 0),
    uncheckedSample: findings.uncheckedSample,
    unreadable: findings.unreadable + (counts?.unreadable ?? 0),
    problems,
    notes: findings.notes,
  };
}
