// Writes an audit bundle (docs/audit-bundle.md) from statements as they are logged, the way the sequencer and
// writeAuditBundle between them would: one checkpoint per group commit (log-engine.ts `integrate`: tiles from
// computeTileUpdate, a note signed by the log key), tiles and entry bundles at c2sp.org/tlog-tiles paths, the
// history as checkpoints.jsonl and the readable envelopes per entry bundle. Memory stays flat: only the current
// batch, the current entry bundle and the right edge of the tree are held.
import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  computeTileUpdate,
  encodeBase64,
  encodeEntryBundle,
  formatEntryBundlePath,
  formatTilePath,
  signCheckpoint,
  TILE_WIDTH,
  type CompactRange,
  type HashTile,
  type NoteSigner,
} from '@jmm/core';
import {
  BUNDLE_CHECKPOINT_FILE,
  BUNDLE_FORMAT,
  BUNDLE_HISTORY_FILE,
  BUNDLE_MANIFEST_FILE,
  formatCheckpointLine,
  formatEnvelopeLine,
  formatEnvelopesPath,
  type BundleManifest,
} from '../../src/audit-bundle-layout.ts';

const HASH_LENGTH = 32;

/** What the log holds for one entry (see LoggedEntry). */
export interface LoggedEntry {
  readonly index: number;
  readonly digest: string;
  readonly logTime: string;
  /** The envelope JSON value, as the server serves it. */
  readonly envelope: unknown;
  readonly entry: Uint8Array;
  readonly leafHash: Uint8Array;
}

export interface BundleWriterOptions {
  readonly dir: string;
  readonly origin: string;
  readonly logVkey: string;
  readonly logSigner: NoteSigner;
  /** Entries per checkpoint. */
  readonly batchSize: number;
  /** bundle.json's reader. */
  readonly reader: string;
}

export class BundleWriter {
  private readonly options: BundleWriterOptions;
  private history: FileHandle | undefined;
  private size = 0n;
  private compactRange: CompactRange | undefined;
  /** The newest tile of each level: the only ones computeTileUpdate reads back. */
  private readonly edge = new Map<number, HashTile>();
  private batch: LoggedEntry[] = [];
  private bundleEntries: Uint8Array[] = [];
  private envelopeLines: string[] = [];
  private lastNote = '';
  checkpoints = 0;
  envelopes = 0;
  entries = 0;

  constructor(options: BundleWriterOptions) {
    this.options = options;
  }

  private async writeFileAt(path: string, data: Uint8Array | string): Promise<void> {
    const file = join(this.options.dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
  }

  /** Appends the next statement of the log; `readable` says whether the bundle's reader may read its envelope. */
  async add(logged: LoggedEntry, readable: boolean): Promise<void> {
    if (BigInt(logged.index) !== BigInt(this.entries))
      throw new Error(`expected index ${this.entries}, got ${logged.index}`);
    this.entries += 1;
    this.batch.push(logged);
    this.bundleEntries.push(logged.entry);
    if (readable) {
      this.envelopeLines.push(
        `${formatEnvelopeLine({ index: BigInt(logged.index), digest: logged.digest, logTime: logged.logTime, envelope: logged.envelope })}\n`,
      );
      this.envelopes += 1;
    }
    if (this.bundleEntries.length === TILE_WIDTH) await this.flushEntryBundle();
    if (this.batch.length === this.options.batchSize) await this.commitBatch();
  }

  private async flushEntryBundle(): Promise<void> {
    if (this.bundleEntries.length === 0) return;
    const index = BigInt(Math.floor((this.entries - 1) / TILE_WIDTH));
    await this.writeFileAt(
      formatEntryBundlePath({ index, width: this.bundleEntries.length }),
      encodeEntryBundle(this.bundleEntries),
    );
    if (this.envelopeLines.length > 0)
      await this.writeFileAt(formatEnvelopesPath(index), this.envelopeLines.join(''));
    this.bundleEntries = [];
    this.envelopeLines = [];
  }

  /** One group commit: the tiles it grows and a checkpoint signed by the log key. */
  private async commitBatch(): Promise<void> {
    if (this.batch.length === 0) return;
    const update = await computeTileUpdate(
      this.size,
      this.batch.map((logged) => logged.leafHash),
      (level, index, width) => {
        const tile = this.edge.get(level);
        if (tile?.index !== index || tile.width < width) throw new Error(`no tile ${level}/${index}`);
        return Promise.resolve(tile.data.subarray(0, width * HASH_LENGTH));
      },
      this.compactRange === undefined ? {} : { compactRange: this.compactRange },
    );
    for (const tile of update.tiles) {
      this.edge.set(tile.level, tile);
      if (tile.width === TILE_WIDTH) await this.writeFileAt(formatTilePath(tile), tile.data);
    }
    const note = await signCheckpoint(
      { origin: this.options.origin, treeSize: update.treeSize, rootHash: update.rootHash },
      this.options.logSigner,
    );
    this.history ??= await this.openHistory();
    await this.history.write(
      `${formatCheckpointLine({
        treeSize: update.treeSize,
        rootHash: encodeBase64(update.rootHash),
        note,
        logTime: this.batch.at(-1)!.logTime,
        witnessedBy: [],
        final: true,
      })}\n`,
    );
    this.checkpoints += 1;
    this.lastNote = note;
    this.size = update.treeSize;
    this.compactRange = update.compactRange;
    this.batch = [];
  }

  private async openHistory(): Promise<FileHandle> {
    await mkdir(this.options.dir, { recursive: true });
    return open(join(this.options.dir, BUNDLE_HISTORY_FILE), 'w');
  }

  /** Commits the last batch and writes the partial tiles, the latest checkpoint and bundle.json (last). */
  async finish(): Promise<{ treeSize: bigint; checkpoint: string }> {
    await this.commitBatch();
    await this.flushEntryBundle();
    for (const tile of this.edge.values()) {
      if (tile.width < TILE_WIDTH) await this.writeFileAt(formatTilePath(tile), tile.data);
    }
    await this.history?.close();
    await this.writeFileAt(BUNDLE_CHECKPOINT_FILE, this.lastNote);
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      origin: this.options.origin,
      log_vkey: this.options.logVkey,
      tree_size: Number(this.size),
      exported_at: new Date(0).toISOString(),
      reader: this.options.reader,
    };
    await this.writeFileAt(BUNDLE_MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
    return { treeSize: this.size, checkpoint: this.lastNote };
  }
}
