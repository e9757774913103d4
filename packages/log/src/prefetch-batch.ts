import { computeRootHashFromTiles, encodeBase64, type TileHashCache } from '@jmm/core';
import {
  FULL_VIEWER,
  listLinkedRecordDigests,
  listStatementNeeds,
  type MechanismViews,
  type MetricsStatement,
  type RefInfo,
  type Statement,
  type Viewer,
  type WorkflowRecord,
} from '@jmm/domain';
import { EvidenceHoldersInBatch } from './evidence-holders-in-batch.ts';
import type { EntryLocation, EvidenceHolders, LogStorage } from './log-storage.ts';

/**
 * Everything validation of one batch reads beyond membership and settings, loaded before it starts (validation
 * and apply are synchronous and pure, DESIGN.md §8).
 */
export interface BatchPrefetch {
  /** Statements of the batch already in the log (resubmission is idempotent). */
  readonly existing: ReadonlyMap<string, EntryLocation>;
  readonly refs: ReadonlyMap<string, RefInfo>;
  readonly evidenceHolders: ReadonlyMap<string, EvidenceHolders>;
  /** Root hash (base64) at each checkpoint size the batch cites. */
  readonly citedRoots: ReadonlyMap<bigint, string>;
  /** The log's statements up to each cited size (a report's values are recomputed from them). */
  readonly citedStatements: ReadonlyMap<bigint, readonly MetricsStatement[]>;
  /** ValidationContext.isReportDocumentStored; undefined when documents cannot be checked (a rebuild). */
  readonly isReportDocumentStored: ((sha256: string, bytes: number) => boolean) | undefined;
  /** The records the batch can reach, per viewer (FULL_VIEWER for the full fold). */
  readonly records: ReadonlyMap<Viewer, ReadonlyMap<string, WorkflowRecord>>;
  /** Every digest whose records were looked up, found or not (RecordWorkingSet). */
  readonly loaded: ReadonlySet<string>;
}

export interface PrefetchSources {
  readonly storage: LogStorage;
  /** The tree size of the latest checkpoint the batch extends (0 for an empty log). */
  readonly treeSize: bigint;
  readonly readTile: (level: number, index: bigint, width: number) => Promise<Uint8Array>;
  readonly tileCache?: TileHashCache;
  /** The log's first `treeSize` statements, parsed (the engine's StatementReader). */
  readonly readStatements: (treeSize: bigint) => Promise<readonly MetricsStatement[]>;
  readonly findReportDocumentSizes?: (sha256s: readonly string[]) => Promise<ReadonlyMap<string, number>>;
}

/** Links are followed this many times at most: an incident's case's subjects are three steps away. */
const MAX_LINK_DEPTH = 8;

/**
 * Loads what a batch of `statements` needs (listStatementNeeds, declared by the statement types): entries,
 * refs, evidence holders, cited checkpoints, report documents, and every workflow record reachable from the
 * statements' refs through listLinkedRecordDigests in the full fold, for every viewer of `views`.
 */
export async function prefetchBatch(
  sources: PrefetchSources,
  views: MechanismViews,
  statements: readonly { readonly statement: Statement; readonly digest: string }[],
): Promise<BatchPrefetch> {
  const { storage } = sources;
  const needs = statements.map(({ statement }) => listStatementNeeds(statement));
  const existing = await storage.findEntries(statements.map(({ digest }) => digest));
  const refDigests = [...new Set(needs.flatMap((need) => need.recordDigests))];
  const refs = await storage.findRefs(refDigests);
  const evidenceSha256 = EvidenceHoldersInBatch.listSha256(statements.map(({ statement }) => statement));
  const evidenceHolders =
    evidenceSha256.length === 0 ? new Map() : await storage.findEvidenceHolders(evidenceSha256);

  // Sizes beyond the log are refused by validation itself; only real checkpoints are read.
  const citedRoots = new Map<bigint, string>();
  const citedStatements = new Map<bigint, readonly MetricsStatement[]>();
  for (const size of new Set(
    needs.flatMap((need) => (need.citedTreeSize === undefined ? [] : [need.citedTreeSize])),
  )) {
    if (size < 1n || size > sources.treeSize) continue;
    citedStatements.set(size, await sources.readStatements(size));
    const root = await computeRootHashFromTiles(
      size,
      sources.readTile,
      sources.tileCache === undefined ? {} : { cache: sources.tileCache },
    );
    citedRoots.set(size, encodeBase64(root));
  }

  let isReportDocumentStored: BatchPrefetch['isReportDocumentStored'];
  if (sources.findReportDocumentSizes !== undefined) {
    const listed = [...new Set(needs.flatMap((need) => need.reportDocuments ?? []))];
    const sizes =
      listed.length === 0 ? new Map<string, number>() : await sources.findReportDocumentSizes(listed);
    isReportDocumentStored = (sha256, bytes) => sizes.get(sha256) === bytes;
  }

  // The closure of the refs under the records' links, found in the full fold (every viewer's fold is a
  // subset of it, so its links cover theirs).
  const viewers = [FULL_VIEWER, ...views.viewers.keys()];
  const records = new Map<Viewer, Map<string, WorkflowRecord>>(viewers.map((viewer) => [viewer, new Map()]));
  const loaded = new Set<string>();
  let frontier = refDigests;
  for (let depth = 0; frontier.length > 0 && depth < MAX_LINK_DEPTH; depth += 1) {
    for (const digest of frontier) loaded.add(digest);
    const found = await storage.readFoldRecords(viewers, frontier);
    const next = new Set<string>();
    for (const [viewer, byDigest] of found) {
      const into = records.get(viewer)!;
      for (const [digest, record] of byDigest) {
        into.set(digest, record);
        if (viewer !== FULL_VIEWER) continue;
        for (const linked of listLinkedRecordDigests(record)) if (!loaded.has(linked)) next.add(linked);
      }
    }
    frontier = [...next];
  }
  return {
    existing,
    refs,
    evidenceHolders,
    citedRoots,
    citedStatements,
    isReportDocumentStored,
    records,
    loaded,
  };
}
