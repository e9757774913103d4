import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseTilePath } from '@jmm/core';
import { parseLogCheckpointRow, parseLogEnvelopeRow } from '@jmm/client';
import { AuditError } from './audit-error.ts';
import {
  BUNDLE_CHECKPOINT_FILE,
  BUNDLE_FORMAT,
  BUNDLE_HISTORY_FILE,
  BUNDLE_MANIFEST_FILE,
  formatEnvelopesPath,
  tileOfIndex,
  type BundleManifest,
} from './audit-bundle-layout.ts';
import type { LogCheckpoint, LogEnvelope, LogSource } from './log-source.ts';

const MAX_MANIFEST_BYTES = 64 * 1024;
/** A line of checkpoints.jsonl or of an envelopes file: a checkpoint note, or one envelope (≤ 1 MiB payload). */
const MAX_LINE_CHARS = 4 * 1024 * 1024;

async function readBundleFile(dir: string, path: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, path));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AuditError('not_found', `the bundle has no ${path}`, { cause });
    throw new AuditError('io', `cannot read ${join(dir, path)}`, { cause });
  }
}

function parseLine<T>(line: string, where: string, parse: (value: unknown) => T): T {
  if (line.length > MAX_LINE_CHARS) throw new AuditError('invalid_source', `${where}: a line is too long`);
  try {
    return parse(JSON.parse(line));
  } catch (cause) {
    throw new AuditError('invalid_source', `${where}: a line is not a valid row`, { cause });
  }
}

/** Reads the manifest of an audit bundle (docs/audit-bundle.md); `invalid_source` unless it is one. */
export async function readBundleManifest(dir: string): Promise<BundleManifest> {
  const bytes = await readBundleFile(dir, BUNDLE_MANIFEST_FILE);
  if (bytes.length > MAX_MANIFEST_BYTES) throw new AuditError('invalid_source', 'bundle.json is too large');
  let manifest: Partial<BundleManifest>;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as Partial<BundleManifest>;
  } catch (cause) {
    throw new AuditError('invalid_source', 'bundle.json is not JSON', { cause });
  }
  if (
    manifest.format !== BUNDLE_FORMAT ||
    typeof manifest.origin !== 'string' ||
    typeof manifest.log_vkey !== 'string' ||
    typeof manifest.reader !== 'string'
  )
    throw new AuditError('invalid_source', `bundle.json is not a ${BUNDLE_FORMAT} manifest`);
  return manifest as BundleManifest;
}

/**
 * A LogSource over an audit bundle directory (docs/audit-bundle.md), for `jmm verify --bundle`: the same
 * files as the HTTP API, at the same paths. The checkpoint history is read as a stream, one pass per audit,
 * and the envelopes one entry bundle's file at a time, so memory stays flat however long the log.
 */
export async function createBundleLogSource(dir: string): Promise<LogSource> {
  const manifest = await readBundleManifest(dir);
  let history: { lines: AsyncIterator<string>; lastSize: bigint; started: boolean } | undefined;
  let cachedTile: { tile: bigint; rows: LogEnvelope[] } | undefined;

  async function envelopesOfTile(tile: bigint): Promise<LogEnvelope[]> {
    if (cachedTile?.tile === tile) return cachedTile.rows;
    let text: string;
    try {
      text = (await readBundleFile(dir, formatEnvelopesPath(tile))).toString('utf8');
    } catch (error) {
      // No file: the exporter could read none of that bundle's envelopes.
      if (error instanceof AuditError && error.code === 'not_found') text = '';
      else throw error;
    }
    const where = formatEnvelopesPath(tile);
    const rows = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => parseLine(line, where, parseLogEnvelopeRow));
    cachedTile = { tile, rows };
    return rows;
  }

  function openHistory() {
    const stream = createReadStream(join(dir, BUNDLE_HISTORY_FILE), { encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
    return { lines, lastSize: -1n, started: false };
  }

  return {
    location: dir,
    reader: manifest.reader,
    describeMechanism: () => Promise.resolve({ origin: manifest.origin, logVkey: manifest.log_vkey }),
    async readCheckpoint() {
      return (await readBundleFile(dir, BUNDLE_CHECKPOINT_FILE)).toString('utf8');
    },
    async readTile(path) {
      // Only canonical tile paths name files, so a path can never leave the bundle directory.
      parseTilePath(path);
      return new Uint8Array(await readBundleFile(dir, path));
    },
    async listCheckpoints(fromSize, limit) {
      // One forward pass serves an audit, which asks for ascending sizes; asking again from before reopens.
      if (history === undefined || fromSize <= history.lastSize) history = openHistory();
      const rows: LogCheckpoint[] = [];
      try {
        while (rows.length < limit) {
          const next = await history.lines.next();
          if (next.done === true) break;
          if (next.value.trim() === '') continue;
          const row = parseLine(next.value, BUNDLE_HISTORY_FILE, parseLogCheckpointRow);
          if (row.treeSize > history.lastSize) history.lastSize = row.treeSize;
          // Rows before the first one asked for are passed over (a resumed audit starts past them); from there
          // on every line is returned as it stands, out of order or not, for the auditor to judge.
          if (!history.started && row.treeSize < fromSize) continue;
          history.started = true;
          rows.push(row);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      return rows;
    },
    async readEnvelopeLines(from, limit) {
      const files: Buffer[] = [];
      for (let tile = tileOfIndex(from); tile <= tileOfIndex(from + BigInt(limit) - 1n); tile++) {
        try {
          const bytes = await readBundleFile(dir, formatEnvelopesPath(tile));
          files.push(bytes);
          // Files are joined line by line: one without a final newline must not run into the next.
          if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) files.push(Buffer.from('\n'));
        } catch (error) {
          // No file: the exporter could read none of that bundle's envelopes.
          if (!(error instanceof AuditError) || error.code !== 'not_found') throw error;
        }
      }
      return files.length === 1 ? files[0]! : Buffer.concat(files);
    },
    async readEnvelopes(from, limit) {
      const end = from + BigInt(limit);
      const rows: LogEnvelope[] = [];
      for (let tile = tileOfIndex(from); tile <= tileOfIndex(end - 1n); tile++) {
        for (const row of await envelopesOfTile(tile)) {
          if (row.index >= from && row.index < end) rows.push(row);
        }
      }
      return rows;
    },
  };
}
