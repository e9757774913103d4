import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEntryBundle, TILE_WIDTH } from '@jmm/core';
import { parseLogEnvelopeRow } from '@jmm/client';
import { formatEnvelopeLine } from './audit-bundle-layout.ts';
import { AuditError } from './audit-error.ts';
import type { AuditProgress } from './audit-result.ts';
import { MIRROR_DIR, writeFileDurably } from './audit-state.ts';
import type { LogEnvelope } from './log-source.ts';
import { parseLogEntry } from './parse-log-entry.ts';
import type { RestoredEntry, StatementReplayer } from './statement-replayer.ts';

const STAGING_DIR = 'mirror.next';

function bundleFile(tile: bigint): string {
  return `${tile.toString()}.entries`;
}

function envelopesFile(tile: bigint): string {
  return `${tile.toString()}.jsonl`;
}

/**
 * The entries and envelopes an audit has verified, kept in the state directory so that the next run can fold
 * them into its state again without fetching them (the rules at index N depend on everything before N).
 *
 * Crash ordering: a run writes what it audits to `mirror.next/`; only once the whole audit found nothing
 * tampered are those files renamed into `mirror/`, and only then is state.json replaced. Files in `mirror/`
 * may thus run ahead of state.json, never behind it, and everything in them was verified; a restore reads only
 * the entries below the state's tree size.
 */
export class AuditMirror {
  private readonly mirror: string;
  private readonly staging: string;
  private stagingReady = false;

  constructor(stateDir: string) {
    this.mirror = join(stateDir, MIRROR_DIR);
    this.staging = join(stateDir, STAGING_DIR);
  }

  private async readRows(dir: string, tile: bigint): Promise<LogEnvelope[]> {
    let text: string;
    try {
      text = await readFile(join(dir, envelopesFile(tile)), 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AuditError('io', `cannot read the audit mirror in ${dir}`, { cause });
    }
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => parseLogEnvelopeRow(JSON.parse(line)));
  }

  /** Folds entries 0 … size − 1 from the mirror into `replayer`. */
  async restore(
    replayer: StatementReplayer,
    size: bigint,
    onProgress: ((progress: AuditProgress) => void) | undefined,
  ): Promise<void> {
    const tiles = (size + BigInt(TILE_WIDTH) - 1n) / BigInt(TILE_WIDTH);
    for (let tile = 0n; tile < tiles; tile++) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(join(this.mirror, bundleFile(tile)));
      } catch (cause) {
        throw new AuditError(
          'state_mismatch',
          `the audit mirror lacks entry bundle ${tile}: start with an empty state directory`,
          { cause },
        );
      }
      const rows = new Map((await this.readRows(this.mirror, tile)).map((row) => [row.index, row]));
      const start = tile * BigInt(TILE_WIDTH);
      const items: RestoredEntry[] = [];
      decodeEntryBundle(bytes).forEach((entryBytes, i) => {
        const index = start + BigInt(i);
        if (index >= size) return;
        const entry = parseLogEntry(entryBytes);
        items.push({
          index,
          entry: typeof entry === 'string' ? undefined : entry,
          row: rows.get(index),
        });
      });
      replayer.restore(items);
      onProgress?.({ stage: 'replaying', done: start + BigInt(items.length), total: size });
    }
  }

  /**
   * Stages entry bundle `tile` as fetched and the envelope lines read for it (JSONL, as served). Envelopes of the
   * bundle audited by an earlier run (below the first new one) are carried over from the mirror.
   */
  async writeTile(tile: bigint, from: bigint, bundle: Uint8Array, lines: string): Promise<void> {
    if (!this.stagingReady) {
      await rm(this.staging, { recursive: true, force: true });
      await mkdir(this.staging, { recursive: true });
      this.stagingReady = true;
    }
    const carried = (await this.readRows(this.mirror, tile)).filter((row) => row.index < from);
    const carriedLines = carried.map((row) => `${formatEnvelopeLine(row)}\n`).join('');
    await writeFileDurably(join(this.staging, bundleFile(tile)), bundle);
    await writeFileDurably(join(this.staging, envelopesFile(tile)), carriedLines + lines);
  }

  /** Moves the staged files into the mirror: call only after an audit that found nothing tampered. */
  async promote(): Promise<void> {
    if (!this.stagingReady) return;
    await mkdir(this.mirror, { recursive: true });
    for (const name of await readdir(this.staging)) {
      await rename(join(this.staging, name), join(this.mirror, name));
    }
    await rm(this.staging, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }
}
