import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createNoteSigner,
  ed25519,
  formatSignerKey,
  formatVerifierKey,
  parseSignerKey,
  type NoteSigner,
} from '@jmm/core';
import { MechanismError } from './mechanism-error.ts';

/**
 * A mechanism's data directory:
 * - `mechanism.json`: origin and the log's verifier key (public, safe to share);
 * - `log.key`: the checkpoint signing key as a C2SP signer key string (mode 0600, never leaves the host);
 * - `jmm.sqlite`: the embedded database, unless a PostgreSQL URL is configured.
 */
export const MECHANISM_FILE = 'mechanism.json';
export const LOG_KEY_FILE = 'log.key';
export const SQLITE_FILE = 'jmm.sqlite';

export interface MechanismFiles {
  readonly origin: string;
  readonly logVerifierKey: string;
  readonly logSigner: NoteSigner;
}

/** Writes a file that must not exist yet, with `mode`, and flushes it to disk before returning. */
export async function writeNewFile(path: string, contents: string, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates the log key and mechanism.json for a new mechanism; refuses a directory that already has them. */
export async function createMechanismFiles(dataDir: string, origin: string): Promise<MechanismFiles> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const seed = new Uint8Array(randomBytes(32));
  const signerKey = await formatSignerKey(origin, seed);
  const publicKey = (await ed25519.createSigner(seed)).publicKey;
  const logVerifierKey = formatVerifierKey(origin, publicKey);
  try {
    await writeNewFile(join(dataDir, LOG_KEY_FILE), `${signerKey}\n`, 0o600);
    await writeNewFile(
      join(dataDir, MECHANISM_FILE),
      `${JSON.stringify({ origin, log_vkey: logVerifierKey }, null, 2)}\n`,
      0o644,
    );
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new MechanismError('already_exists', `${dataDir} already holds a mechanism`, { cause });
    }
    throw cause;
  }
  return { origin, logVerifierKey, logSigner: await createNoteSigner(signerKey) };
}

/** Reads mechanism.json and log.key, checking that they belong together. */
export async function readMechanismFiles(dataDir: string): Promise<MechanismFiles> {
  let description: unknown;
  let signerKey: string;
  try {
    description = JSON.parse(await readFile(join(dataDir, MECHANISM_FILE), 'utf8'));
    signerKey = (await readFile(join(dataDir, LOG_KEY_FILE), 'utf8')).trim();
  } catch (cause) {
    throw new MechanismError('not_found', `${dataDir} holds no mechanism: run jmm init or jmm demo first`, {
      cause,
    });
  }
  const { origin, log_vkey: logVerifierKey } = (description ?? {}) as {
    origin?: unknown;
    log_vkey?: unknown;
  };
  if (typeof origin !== 'string' || typeof logVerifierKey !== 'string') {
    throw new MechanismError('invalid_request', `${join(dataDir, MECHANISM_FILE)} is malformed`);
  }
  const parsed = await parseSignerKey(signerKey);
  if (parsed.name !== origin || formatVerifierKey(origin, parsed.publicKey) !== logVerifierKey) {
    throw new MechanismError('invalid_request', `${LOG_KEY_FILE} does not match ${MECHANISM_FILE}`);
  }
  return { origin, logVerifierKey, logSigner: await createNoteSigner(signerKey) };
}
