// The witness's durable memory: per log origin, the latest checkpoint it cosigned (c2sp.org/tlog-witness: "the
// witness MUST persist the new checkpoint before responding"). One small JSON file per origin, named after the
// SHA-256 of the origin so that any origin string is a safe file name, and replaced atomically:
//   write <file>.tmp, fsync it, rename it over <file>, fsync the directory.
// After a crash at any point, <file> is either the old state or the new one, never a mix; a stray .tmp file is
// an unfinished write whose answer was never sent, and is ignored.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKPOINT_ROOT_HASH_LENGTH, decodeBase64, encodeBase64 } from '@jmm/core';
import { WitnessError } from './witness-error.ts';

/** What the witness remembers about one log. */
export interface LogState {
  readonly origin: string;
  /** The size of the latest checkpoint it cosigned. */
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  /** That checkpoint as the log signed it, with the witness's cosignature line appended. */
  readonly checkpoint: string;
}

interface LogStateFile {
  format: 'jmm-witness-state/v1';
  origin: string;
  tree_size: string;
  root_hash: string;
  checkpoint: string;
}

const FORMAT = 'jmm-witness-state/v1';
const STATE_FILE = /^[0-9a-f]{64}\.json$/;
const TREE_SIZE = /^(0|[1-9][0-9]{0,19})$/;
// A state file holds one checkpoint note (≤ 1 MiB) and a few short fields.
const MAX_STATE_FILE_BYTES = 2 * (1 << 20);

function stateFileName(origin: string): string {
  return `${createHash('sha256').update(origin, 'utf8').digest('hex')}.json`;
}

function invalidState(file: string, problem: string, cause?: unknown): WitnessError {
  return new WitnessError('invalid_state', `state file ${file} ${problem}`, { cause });
}

function decodeStateFile(file: string, text: string): LogState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalidState(file, 'is not JSON', cause);
  }
  const record = value as Partial<Record<keyof LogStateFile, unknown>>;
  const { format, origin, tree_size: size, root_hash: root, checkpoint } = record;
  if (typeof value !== 'object' || value === null || format !== FORMAT) {
    throw invalidState(file, `is not ${FORMAT}`);
  }
  if (typeof origin !== 'string' || origin === '' || stateFileName(origin) !== file) {
    throw invalidState(file, 'does not belong to the origin it names');
  }
  if (typeof size !== 'string' || !TREE_SIZE.test(size) || typeof checkpoint !== 'string') {
    throw invalidState(file, 'has a malformed tree size or checkpoint');
  }
  let rootHash: Uint8Array;
  try {
    rootHash = decodeBase64(typeof root === 'string' ? root : '');
  } catch (cause) {
    throw invalidState(file, 'has a malformed root hash', cause);
  }
  if (rootHash.length !== CHECKPOINT_ROOT_HASH_LENGTH) throw invalidState(file, 'has a malformed root hash');
  return { origin, treeSize: BigInt(size), rootHash, checkpoint };
}

/** Reads every log state in `stateDir`, creating the directory if it does not exist. */
export async function loadLogStates(stateDir: string): Promise<Map<string, LogState>> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const states = new Map<string, LogState>();
  for (const file of await readdir(stateDir)) {
    if (!STATE_FILE.test(file)) continue;
    let text: string;
    try {
      const bytes = await readFile(join(stateDir, file));
      if (bytes.length > MAX_STATE_FILE_BYTES) throw invalidState(file, 'is too large');
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (cause) {
      if (cause instanceof WitnessError) throw cause;
      throw invalidState(file, 'cannot be read', cause);
    }
    const state = decodeStateFile(file, text);
    states.set(state.origin, state);
  }
  return states;
}

/** Writes one log's state; durable once it resolves (file and directory entry both fsynced). */
export async function saveLogState(stateDir: string, state: LogState): Promise<void> {
  const file: LogStateFile = {
    format: FORMAT,
    origin: state.origin,
    tree_size: state.treeSize.toString(),
    root_hash: encodeBase64(state.rootHash),
    checkpoint: state.checkpoint,
  };
  const target = join(stateDir, stateFileName(state.origin));
  const temporary = `${target}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, target);
  // The rename is durable only once the directory itself is on disk.
  const directory = await open(stateDir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/**
 * Keeps a log-signed request the witness refused for a fork or a failing proof (c2sp.org/tlog-witness: the
 * witness "MAY log the request ... as it might be proof of log misbehavior"), in `evidence/`, named by the
 * SHA-256 of the body so that a log retrying the same request leaves one file.
 */
export async function saveEvidence(stateDir: string, body: string): Promise<void> {
  const directory = join(stateDir, 'evidence');
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const name = `${createHash('sha256').update(body, 'utf8').digest('hex')}.txt`;
  await writeFile(join(directory, name), body, { encoding: 'utf8', mode: 0o600 });
}
