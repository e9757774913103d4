import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openWitness, type Witness } from '@jmm/witness';

/**
 * Witnesses that run inside the server process, one directory each under `<data>/witnesses/` (the demo gives
 * every party and the verifier one, DESIGN.md §9): `<dir>/witness.key` holds the type-0x04 signer key and
 * `<dir>/state/` the witness's durable state. A real deployment runs `jmm witness` per organisation instead.
 */
export const LOCAL_WITNESSES_DIR = 'witnesses';
export const LOCAL_WITNESS_KEY_FILE = 'witness.key';
export const LOCAL_WITNESS_STATE_DIR = 'state';

export interface LocalWitnesses {
  readonly witnesses: readonly Witness[];
  /** Waits for requests in progress, then closes every witness. */
  close(): Promise<void>;
}

/**
 * Opens every local witness of `dataDir` for the log `origin` (verified with `logVerifierKey`); none when the
 * directory does not exist. Cosignature timestamps come from `now` — the real clock, even while the demo's log
 * runs on a simulated one: a witness says when it saw a checkpoint.
 */
export async function openLocalWitnesses(options: {
  readonly dataDir: string;
  readonly origin: string;
  readonly logVerifierKey: string;
  readonly now?: () => Date;
}): Promise<LocalWitnesses> {
  const root = join(options.dataDir, LOCAL_WITNESSES_DIR);
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return { witnesses: [], close: () => Promise.resolve() };
    throw cause;
  }
  const witnesses: Witness[] = [];
  try {
    for (const name of names) {
      const dir = join(root, name);
      const signerKey = (await readFile(join(dir, LOCAL_WITNESS_KEY_FILE), 'utf8')).trim();
      witnesses.push(
        await openWitness({
          stateDir: join(dir, LOCAL_WITNESS_STATE_DIR),
          signerKey,
          logs: [{ origin: options.origin, verifierKey: options.logVerifierKey }],
          ...(options.now === undefined ? {} : { now: options.now }),
        }),
      );
    }
  } catch (cause) {
    await Promise.allSettled(witnesses.map((witness) => witness.close()));
    throw cause;
  }
  return {
    witnesses,
    close: async () => {
      await Promise.allSettled(witnesses.map((witness) => witness.close()));
    },
  };
}
