import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBase64, encodeBase64 } from '@jmm/core';
import { AuditError } from './audit-error.ts';
import type { AuditProblem } from './audit-result.ts';
import type { TreeSnapshot } from './tree-verifier.ts';

const STATE_FORMAT = 'jmm-audit-state/v1';
const STATE_FILE = 'state.json';
/** Entries and envelopes already audited, kept so that a later run can fold them again without fetching them. */
export const MIRROR_DIR = 'mirror';

/**
 * What an audit remembers between runs (`--state DIR`): the last checkpoint it verified, the tree's right edge
 * and partial tiles at that size (so only new tiles are fetched), and the problems found so far (a statement
 * found invalid stays invalid). Entries and envelopes audited are mirrored beside it (`mirror/`), because the
 * rules at index N depend on every statement before N.
 */
export interface AuditState {
  readonly origin: string;
  readonly logVkey: string;
  readonly reader: string;
  readonly checkpoint: string;
  readonly rootHash: string;
  readonly tree: TreeSnapshot;
  readonly problems: readonly AuditProblem[];
  readonly counts: {
    readonly statementsRead: number;
    readonly statementsChecked: number;
    readonly unchecked: number;
    readonly unreadable: number;
  };
}

interface StateFile {
  format: typeof STATE_FORMAT;
  origin: string;
  log_vkey: string;
  reader: string;
  checkpoint: string;
  root_hash: string;
  tree_size: string;
  range_hashes: string[];
  partial_tiles: string[][];
  problems: (Omit<AuditProblem, 'index'> & { index?: string })[];
  counts: AuditState['counts'];
}

/**
 * Reads the state directory's state, or undefined if it has none yet. Throws AuditError `state_mismatch` if it
 * belongs to another mechanism, log key or reader (what an audit may read changes what it concludes).
 */
export async function readAuditState(
  dir: string,
  expected: { origin: string; logVkey: string; reader: string },
): Promise<AuditState | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, STATE_FILE), 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AuditError('io', `cannot read ${join(dir, STATE_FILE)}`, { cause });
  }
  let file: StateFile;
  try {
    file = JSON.parse(text) as StateFile;
    if ((file as { format?: unknown }).format !== STATE_FORMAT) throw new Error('not an audit state');
  } catch (cause) {
    throw new AuditError('state_mismatch', `${join(dir, STATE_FILE)} is not an audit state`, { cause });
  }
  if (file.origin !== expected.origin || file.log_vkey !== expected.logVkey)
    throw new AuditError('state_mismatch', `${dir} holds the audit of another mechanism (${file.origin})`);
  if (file.reader !== expected.reader)
    throw new AuditError(
      'state_mismatch',
      `${dir} holds an audit read as ${file.reader}, not ${expected.reader}: use another state directory`,
    );
  return {
    origin: file.origin,
    logVkey: file.log_vkey,
    reader: file.reader,
    checkpoint: file.checkpoint,
    rootHash: file.root_hash,
    tree: {
      size: BigInt(file.tree_size),
      rangeHashes: file.range_hashes.map(decodeBase64),
      partialTiles: file.partial_tiles.map((hashes) => hashes.map(decodeBase64)),
    },
    problems: file.problems.map(({ index, ...problem }) => ({
      ...problem,
      ...(index === undefined ? {} : { index: BigInt(index) }),
    })),
    counts: file.counts,
  };
}

/**
 * Replaces the state atomically: written to a temporary file, flushed, renamed over the old one. Crash ordering:
 * the mirror files for every entry it covers are written (and flushed) before; a crash before the rename leaves
 * the previous state, which names only mirrored entries, so the next run resumes from there.
 */
export async function writeAuditState(dir: string, state: AuditState): Promise<void> {
  const file: StateFile = {
    format: STATE_FORMAT,
    origin: state.origin,
    log_vkey: state.logVkey,
    reader: state.reader,
    checkpoint: state.checkpoint,
    root_hash: state.rootHash,
    tree_size: state.tree.size.toString(),
    range_hashes: state.tree.rangeHashes.map(encodeBase64),
    partial_tiles: state.tree.partialTiles.map((hashes) => hashes.map(encodeBase64)),
    problems: state.problems.map(({ index, ...problem }) => ({
      ...problem,
      ...(index === undefined ? {} : { index: index.toString() }),
    })),
    counts: state.counts,
  };
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `${STATE_FILE}.tmp`);
  await writeFileDurably(
    temporary,
    JSON.stringify(file, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
  );
  await rename(temporary, join(dir, STATE_FILE));
  await syncDirectory(dir);
}

/** Writes a file and flushes it to disk before resolving. */
export async function writeFileDurably(path: string, contents: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems cannot sync a directory; the rename is then as durable as they make it.
  } finally {
    await handle.close();
  }
}
