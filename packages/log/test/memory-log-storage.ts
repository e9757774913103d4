// An in-memory LogStorage with the port's documented semantics (atomic commit, compare-and-swap, prefix tile
// reads), for the engine's specification tests. The real implementations are tested by @jmm/storage's
// conformance suite against SQLite and PostgreSQL.
import {
  decodeViewerState,
  encodeViewerState,
  isFoldProjected,
  listEvidenceSha256,
  NEW_MEMBER_TEMPLATE,
  type MechanismState,
  type RefInfo,
  type Viewer,
  type ViewerRecord,
  type WorkflowRecord,
} from '@jmm/domain';
import {
  LogError,
  type EntryLocation,
  type EvidenceHolders,
  type IntegratedBatch,
  type LogStorage,
  type StoredCheckpoint,
} from '../src/index.ts';

export class MemoryLogStorage implements LogStorage {
  checkpoint: StoredCheckpoint | undefined;
  readonly history: StoredCheckpoint[] = [];
  readonly entries: (EntryLocation & { envelope: Uint8Array })[] = [];
  readonly refs = new Map<string, RefInfo>();
  /** Evidence uploads: SHA-256 → the organisations that uploaded it. */
  readonly uploads = new Map<string, Set<string>>();
  private readonly listings = new Map<string, EvidenceHolders['listings'][number][]>();
  readonly tiles = new Map<string, { width: number; hashes: Uint8Array }>();
  commits = 0;
  /** viewer_states: each viewer's state in its stored form, so that the engine's state goes through the codec. */
  readonly viewerStates = new Map<Viewer, string>();
  /** fold_records, and each organisation's projection (its fold): viewer → digest → record. */
  readonly folds = new Map<Viewer, Map<string, WorkflowRecord>>();
  /** Set to make the next commit fail, as a lost database connection would. */
  failNextCommit: Error | undefined;
  /**
   * Set to make the next commit write everything and then fail: the database committed, but the connection
   * dropped before the acknowledgement arrived.
   */
  failAfterNextCommit: Error | undefined;
  /** How many checkpoint reads fail before they succeed again, as with an unreachable database. */
  failCheckpointReads = 0;

  readCheckpoint(): Promise<StoredCheckpoint | undefined> {
    if (this.failCheckpointReads > 0) {
      this.failCheckpointReads -= 1;
      return Promise.reject(new Error('the database is unreachable'));
    }
    return Promise.resolve(this.checkpoint);
  }

  readHashTiles(tiles: readonly { level: number; index: bigint; width: number }[]): Promise<Uint8Array[]> {
    return Promise.resolve(
      tiles.map(({ level, index, width }) => {
        const stored = this.tiles.get(`${level}/${index}`);
        if (stored === undefined || stored.width < width)
          throw new LogError('storage_corrupt', `no tile ${level}/${index}`);
        return stored.hashes.slice(0, width * 32);
      }),
    );
  }

  findEntries(digests: readonly string[]): Promise<Map<string, EntryLocation>> {
    const wanted = new Set(digests);
    return Promise.resolve(
      new Map(this.entries.filter((entry) => wanted.has(entry.digest)).map((entry) => [entry.digest, entry])),
    );
  }

  findRefs(digests: readonly string[]): Promise<Map<string, RefInfo>> {
    return Promise.resolve(
      new Map(
        digests.flatMap((digest) => {
          const info = this.refs.get(digest);
          return info === undefined ? [] : [[digest, info] as const];
        }),
      ),
    );
  }

  findEvidenceHolders(sha256s: readonly string[]): Promise<Map<string, EvidenceHolders>> {
    const found = new Map<string, EvidenceHolders>();
    for (const sha256 of new Set(sha256s)) {
      const uploaders = [...(this.uploads.get(sha256) ?? [])];
      const listings = this.listings.get(sha256) ?? [];
      if (uploaders.length > 0 || listings.length > 0) found.set(sha256, { uploaders, listings });
    }
    return Promise.resolve(found);
  }

  readViewerStates(): Promise<Map<Viewer, MechanismState>> {
    return Promise.resolve(
      new Map([...this.viewerStates].map(([viewer, text]) => [viewer, decodeViewerState(text)])),
    );
  }

  readFoldRecords(
    viewers: readonly Viewer[],
    digests: readonly string[],
  ): Promise<Map<Viewer, Map<string, WorkflowRecord>>> {
    return Promise.resolve(
      new Map(
        viewers.map((viewer) => {
          const fold = this.folds.get(viewer);
          const found = new Map<string, WorkflowRecord>();
          for (const digest of digests) {
            const record = fold?.get(digest);
            if (record !== undefined) found.set(digest, record);
          }
          return [viewer, found];
        }),
      ),
    );
  }

  storeReplayedState(
    at: { readonly treeSize: bigint },
    views: ReadonlyMap<Viewer, MechanismState>,
    folds: readonly ViewerRecord[],
    records: readonly ViewerRecord[],
  ): Promise<void> {
    if (this.checkpoint?.treeSize !== at.treeSize)
      return Promise.reject(new LogError('checkpoint_conflict', 'checkpoint moved'));
    for (const [viewer, state] of views) this.viewerStates.set(viewer, encodeViewerState(state));
    this.writeFolds(folds, records);
    return Promise.resolve();
  }

  private writeFolds(folds: readonly ViewerRecord[], records: readonly ViewerRecord[]): void {
    const put = ({ viewer, record }: ViewerRecord) => {
      const fold = this.folds.get(viewer) ?? new Map<string, WorkflowRecord>();
      fold.set(record.digest, record);
      this.folds.set(viewer, fold);
    };
    folds.forEach(put);
    records.filter(({ viewer }) => isFoldProjected(viewer)).forEach(put);
  }

  readEnvelopes(
    fromIndex: bigint,
    limit: number,
  ): Promise<{ index: bigint; logTime: string; envelope: Uint8Array }[]> {
    return Promise.resolve(this.entries.slice(Number(fromIndex), Number(fromIndex) + limit));
  }

  /** While set, commits wait for it: lets a test queue submissions behind a commit in progress. */
  commitGate: Promise<void> | undefined;

  async commitBatch(batch: IntegratedBatch): Promise<void> {
    await this.commitGate;
    return this.commitNow(batch);
  }

  private commitNow(batch: IntegratedBatch): Promise<void> {
    if (this.failNextCommit !== undefined) {
      const error = this.failNextCommit;
      this.failNextCommit = undefined;
      return Promise.reject(error);
    }
    const current = this.checkpoint;
    const matches =
      batch.previous === undefined
        ? current === undefined
        : current?.treeSize === batch.previous.treeSize &&
          current.rootHash.every((b, i) => b === batch.previous!.rootHash[i]);
    if (!matches) return Promise.reject(new LogError('checkpoint_conflict', 'checkpoint moved'));
    for (const entry of batch.entries) {
      this.entries.push(entry);
      for (const sha256 of listEvidenceSha256(entry.statement)) {
        const { org } = entry.statement.issuer;
        this.listings.set(sha256, [
          ...(this.listings.get(sha256) ?? []),
          { org, audience: entry.statement.audience },
        ]);
      }
      this.refs.set(entry.digest, {
        digest: entry.digest,
        type: entry.statement.type,
        org: entry.statement.issuer.org,
        audience: entry.statement.audience,
        index: entry.index,
      });
    }
    for (const org of batch.admitted) this.folds.set(org, new Map(this.folds.get(NEW_MEMBER_TEMPLATE) ?? []));
    this.writeFolds(batch.folds, batch.records);
    for (const [viewer, state] of batch.viewerStates ?? [])
      this.viewerStates.set(viewer, encodeViewerState(state));
    for (const tile of batch.tiles)
      this.tiles.set(`${tile.level}/${tile.index}`, { width: tile.width, hashes: tile.data });
    this.checkpoint = batch.checkpoint;
    this.history.push(batch.checkpoint);
    this.commits += 1;
    const lost = this.failAfterNextCommit;
    this.failAfterNextCommit = undefined;
    return lost === undefined ? Promise.resolve() : Promise.reject(lost);
  }
}
