// An in-memory LogStorage with the port's documented semantics (atomic commit, compare-and-swap, prefix tile
// reads), for the engine's specification tests. The real implementations are tested by @jmm/storage's
// conformance suite against SQLite and PostgreSQL.
import type { RefInfo } from '@jmm/domain';
import {
  LogError,
  type EntryLocation,
  type IntegratedBatch,
  type LogStorage,
  type StoredCheckpoint,
} from '../src/index.ts';

export class MemoryLogStorage implements LogStorage {
  checkpoint: StoredCheckpoint | undefined;
  readonly history: StoredCheckpoint[] = [];
  readonly entries: (EntryLocation & { envelope: Uint8Array })[] = [];
  readonly refs = new Map<string, RefInfo>();
  readonly tiles = new Map<string, { width: number; hashes: Uint8Array }>();
  commits = 0;
  /** Set to make the next commit fail, as a lost database connection would. */
  failNextCommit: Error | undefined;

  readCheckpoint(): Promise<StoredCheckpoint | undefined> {
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
      this.refs.set(entry.digest, {
        digest: entry.digest,
        type: entry.statement.type,
        org: entry.statement.issuer.org,
        audience: entry.statement.audience,
        index: entry.index,
      });
    }
    for (const tile of batch.tiles)
      this.tiles.set(`${tile.level}/${tile.index}`, { width: tile.width, hashes: tile.data });
    this.checkpoint = batch.checkpoint;
    this.history.push(batch.checkpoint);
    this.commits += 1;
    return Promise.resolve();
  }
}
