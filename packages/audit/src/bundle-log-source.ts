import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseTilePath, TILE_WIDTH } from '@jmm/core';
import { parseLogCheckpointRow, parseLogEnvelopeRow } from '@jmm/client';
import { AuditError } from './audit-error.ts';
import {
  BUNDLE_CHECKPOINT_FILE,
  BUNDLE_ENVELOPES_DIR,
  BUNDLE_FORMAT,
  BUNDLE_HISTORY_FILE,
  BUNDLE_MANIFEST_FILE,
  formatEnvelopesPath,
  tileOfIndex,
  type BundleManifest,
} from './audit-bundle-layout.ts';
import { MAX_CHECKPOINT_BYTES, MAX_TILE_BYTES, type LogCheckpoint, type LogSource } from './log-source.ts';

const MAX_MANIFEST_BYTES = 64 * 1024;
/** A line of checkpoints.jsonl or of an envelopes file: a checkpoint note, or one envelope (≤ 1 MiB payload). */
const MAX_LINE_CHARS = 4 * 1024 * 1024;
/** An envelopes file holds at most one line per entry of its entry bundle. */
const MAX_ENVELOPES_FILE_BYTES = TILE_WIDTH * (MAX_LINE_CHARS + 1);

/** A bundle file, refused as `invalid_source` by its size before any of it is read. */
async function readBundleFile(dir: string, path: string, maxBytes: number): Promise<Buffer> {
  let bytes: Buffer;
  try {
    const file = await open(join(dir, path));
    try {
      if ((await file.stat()).size > maxBytes)
        throw new AuditError('invalid_source', `${path} is larger than ${maxBytes} bytes`);
      bytes = await file.readFile();
    } finally {
      await file.close();
    }
  } catch (cause) {
    if (cause instanceof AuditError) throw cause;
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AuditError('not_found', `the bundle has no ${path}`, { cause });
    throw new AuditError('io', `cannot read ${join(dir, path)}`, { cause });
  }
  // The file may have grown since it was measured.
  if (bytes.length > maxBytes)
    throw new AuditError('invalid_source', `${path} is larger than ${maxBytes} bytes`);
  return bytes;
}

/** An envelopes file's bytes, or none when the exporter could read none of that entry bundle's envelopes. */
async function readEnvelopesFile(dir: string, tile: bigint): Promise<Buffer | undefined> {
  try {
    return await readBundleFile(dir, formatEnvelopesPath(tile), MAX_ENVELOPES_FILE_BYTES);
  } catch (error) {
    if (error instanceof AuditError && error.code === 'not_found') return undefined;
    throw error;
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
  const bytes = await readBundleFile(dir, BUNDLE_MANIFEST_FILE, MAX_MANIFEST_BYTES);
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

  /** The envelopes files of the entry bundles that hold `from` … `from + limit - 1`, joined line by line. */
  async function readEnvelopeLines(from: bigint, limit: number): Promise<Buffer> {
    const files: Buffer[] = [];
    for (let tile = tileOfIndex(from); tile <= tileOfIndex(from + BigInt(limit) - 1n); tile++) {
      const bytes = await readEnvelopesFile(dir, tile);
      if (bytes === undefined) continue;
      files.push(bytes);
      // Files are joined line by line: one without a final newline must not run into the next.
      if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) files.push(Buffer.from('\n'));
    }
    return files.length === 1 ? files[0]! : Buffer.concat(files);
  }

  function openHistory() {
    const stream = createReadStream(join(dir, BUNDLE_HISTORY_FILE), { encoding: 'utf8' });
    // readline buffers a line until its newline arrives: a line past the bound ends the read instead.
    let lineChars = 0;
    stream.on('data', (chunk: string | Buffer) => {
      const newline = chunk.lastIndexOf('\n');
      lineChars = newline === -1 ? lineChars + chunk.length : chunk.length - newline - 1;
      if (lineChars > MAX_LINE_CHARS)
        stream.destroy(new AuditError('invalid_source', `${BUNDLE_HISTORY_FILE}: a line is too long`));
    });
    const lines = createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
    return { lines, lastSize: -1n, started: false };
  }

  return {
    location: dir,
    reader: manifest.reader,
    describeMechanism: () => Promise.resolve({ origin: manifest.origin, logVkey: manifest.log_vkey }),
    async readCheckpoint() {
      return (await readBundleFile(dir, BUNDLE_CHECKPOINT_FILE, MAX_CHECKPOINT_BYTES)).toString('utf8');
    },
    async readTile(path) {
      // Only canonical tile paths name files, so a path can never leave the bundle directory.
      parseTilePath(path);
      return new Uint8Array(await readBundleFile(dir, path, MAX_TILE_BYTES));
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
        if (error instanceof AuditError) throw error;
        // A bundle without a history (the exporter's server kept none) is told apart from one unreadable.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new AuditError('io', `cannot read ${join(dir, BUNDLE_HISTORY_FILE)}`, { cause: error });
      }
      return rows;
    },
    readEnvelopeLines,
    // The auditor reads the lines (its workers parse them); this parse serves other readers of a bundle.
    async readEnvelopes(from, limit) {
      const end = from + BigInt(limit);
      return (await readEnvelopeLines(from, limit))
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => parseLine(line, BUNDLE_ENVELOPES_DIR, parseLogEnvelopeRow))
        .filter((row) => row.index >= from && row.index < end);
    },
  };
}
