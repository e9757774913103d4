import { mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  createNoteVerifier,
  formatEntryBundlePath,
  formatTilePath,
  isCoreError,
  listTilesForGrowth,
  openCheckpoint,
  TILE_WIDTH,
} from '@jmm/core';
import { AuditError } from './audit-error.ts';
import {
  BUNDLE_CHECKPOINT_FILE,
  BUNDLE_FORMAT,
  BUNDLE_HISTORY_FILE,
  BUNDLE_MANIFEST_FILE,
  formatCheckpointLine,
  formatEnvelopeLine,
  formatEnvelopesPath,
  type BundleManifest,
} from './audit-bundle-layout.ts';
import type { LogSource } from './log-source.ts';

export interface WriteAuditBundleOptions {
  /** Entries written so far of the checkpoint's tree size. */
  readonly onProgress?: (progress: { readonly done: bigint; readonly total: bigint }) => void;
  /** The export time written in bundle.json. Default: the clock. */
  readonly now?: () => Date;
}

export interface AuditBundleSummary {
  readonly dir: string;
  readonly origin: string;
  readonly treeSize: bigint;
  readonly reader: string;
  readonly envelopes: number;
  readonly checkpoints: number;
}

/** Tiles fetched at once while exporting. */
const CONCURRENT_TILES = 4;
const HISTORY_PAGE = 1000;

async function requireEmptyDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0)
    throw new AuditError(
      'invalid_argument',
      `${dir} is not empty: an audit bundle is written into a new directory`,
    );
}

/**
 * Writes an audit bundle (docs/audit-bundle.md) of the log `source` serves, as of its latest checkpoint: the
 * checkpoint with its cosignatures, the checkpoint history, every hash tile and entry bundle at its
 * c2sp.org/tlog-tiles path, and the envelopes the source lets its reader read. Nothing is verified here
 * beyond the checkpoint's signature by the key the source names; `auditLog` over the bundle does the rest.
 * bundle.json is written last, so a bundle without it is incomplete.
 */
export async function writeAuditBundle(
  source: LogSource,
  dir: string,
  options: WriteAuditBundleOptions = {},
): Promise<AuditBundleSummary> {
  await requireEmptyDirectory(dir);
  const mechanism = await source.describeMechanism();
  const note = await source.readCheckpoint();
  let treeSize: bigint;
  try {
    const { checkpoint } = await openCheckpoint(note, createNoteVerifier(mechanism.logVkey), {
      origin: mechanism.origin,
    });
    treeSize = checkpoint.treeSize;
  } catch (cause) {
    if (!isCoreError(cause)) throw cause;
    throw new AuditError(
      'invalid_source',
      `the checkpoint does not verify with the log key the source names: ${cause.code}`,
      { cause },
    );
  }

  const writeTile = async (path: string, bytes: Uint8Array) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
  };
  let envelopes = 0;
  const tiles = listTilesForGrowth(0n, treeSize);
  let done = 0n;
  for (let i = 0; i < tiles.length; i += CONCURRENT_TILES) {
    await Promise.all(
      tiles.slice(i, i + CONCURRENT_TILES).map(async (tile) => {
        await writeTile(formatTilePath(tile), await source.readTile(formatTilePath(tile)));
        if (tile.level !== 0) return;
        const bundlePath = formatEntryBundlePath(tile);
        await writeTile(bundlePath, await source.readTile(bundlePath));
        const rows = await source.readEnvelopes(tile.index * BigInt(TILE_WIDTH), tile.width);
        if (rows.length > 0) {
          await writeTile(
            formatEnvelopesPath(tile.index),
            new TextEncoder().encode(rows.map((row) => `${formatEnvelopeLine(row)}\n`).join('')),
          );
          envelopes += rows.length;
        }
        done += BigInt(tile.width);
      }),
    );
    options.onProgress?.({ done, total: treeSize });
  }

  let checkpoints = 0;
  const history = await open(join(dir, BUNDLE_HISTORY_FILE), 'w');
  try {
    for (let from = 1n; ;) {
      const page = await source.listCheckpoints(from, HISTORY_PAGE);
      if (page === undefined) break;
      const rows = page.filter((row) => row.treeSize >= from && row.treeSize <= treeSize);
      await history.write(rows.map((row) => `${formatCheckpointLine(row)}\n`).join(''));
      checkpoints += rows.length;
      const last = page.at(-1);
      if (page.length < HISTORY_PAGE || last === undefined || last.treeSize >= treeSize) break;
      from = last.treeSize + 1n;
    }
  } finally {
    await history.close();
  }

  await writeFile(join(dir, BUNDLE_CHECKPOINT_FILE), note);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    origin: mechanism.origin,
    log_vkey: mechanism.logVkey,
    tree_size: Number(treeSize),
    exported_at: (options.now?.() ?? new Date()).toISOString(),
    reader: source.reader,
  };
  await writeFile(join(dir, BUNDLE_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, origin: mechanism.origin, treeSize, reader: source.reader, envelopes, checkpoints };
}
