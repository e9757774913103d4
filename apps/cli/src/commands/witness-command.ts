// `jmm witness`: run a C2SP tlog-witness (c2sp.org/tlog-witness) for one or more logs, as the member
// organisations of a mechanism do (DESIGN.md §2, §4): `keygen` makes the cosigning key, `serve` answers the
// log's add-checkpoint pushes, `pull` polls a log's tlog-tiles endpoints instead and cosigns what it verified.
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { parseVerifierKey } from '@jmm/core';
import {
  generateWitnessKey,
  isWitnessError,
  openWitness,
  pullCheckpoint,
  pullCheckpoints,
  serveWitness,
  type PullResult,
  type Witness,
  type WitnessedLog,
} from '@jmm/witness';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';

const DEFAULT_PORT = 7380;
const DEFAULT_INTERVAL_MS = 10_000;
const MAX_KEY_FILE_BYTES = 4096;

/** `ORIGIN=VKEY`, or just `VKEY` when the key's name is the origin (as it is for every JMM log). */
export function parseWitnessedLog(value: string): WitnessedLog {
  const tryKey = (origin: string | undefined, vkey: string): WitnessedLog | undefined => {
    try {
      const { name } = parseVerifierKey(vkey);
      return { origin: origin ?? name, verifierKey: vkey };
    } catch {
      return undefined;
    }
  };
  const whole = tryKey(undefined, value);
  if (whole !== undefined) return whole;
  // An origin may itself contain "=": take the first split whose right side is a verifier key.
  for (let at = value.indexOf('='); at > 0; at = value.indexOf('=', at + 1)) {
    const log = tryKey(value.slice(0, at), value.slice(at + 1));
    if (log !== undefined) return log;
  }
  throw new InvalidArgumentError(
    `expected ORIGIN=VKEY or VKEY (a C2SP verifier key), got ${JSON.stringify(value)}`,
  );
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a positive integer');
  return number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('expected a port 0–65535');
  return port;
}

/** The witness's errors, as the CLI's exit codes. */
function asCliError(error: unknown): unknown {
  if (!isWitnessError(error)) return error;
  switch (error.code) {
    case 'invalid_configuration':
      return new CliError('usage', error.message, { cause: error });
    case 'invalid_state':
      return new CliError('io', error.message, { cause: error });
    case 'fetch_failed':
      return new CliError('server', error.message, { cause: error });
    case 'closed':
      return error;
  }
}

/** `jmm witness keygen`: a new cosigning key in a 0600 file (never overwritten); prints the verifier key. */
export async function runWitnessKeygen(
  options: { name: string; out: string },
  output: CliOutput,
): Promise<void> {
  let key: { signerKey: string; verifierKey: string };
  try {
    key = generateWitnessKey(options.name);
  } catch (error) {
    throw asCliError(error);
  }
  await mkdir(dirname(options.out), { recursive: true, mode: 0o700 });
  let handle;
  try {
    handle = await open(options.out, 'wx', 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CliError('exists', `${options.out} exists; refusing to overwrite a key`, { cause });
    throw new CliError('io', `cannot write ${options.out}`, { cause });
  }
  try {
    await handle.writeFile(`${key.signerKey}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  output.result({ file: options.out, name: options.name, vkey: key.verifierKey }, () =>
    [`Wrote ${options.out}`, `witness verifier key: ${key.verifierKey}`].join('\n'),
  );
}

/** The signer key string in a witness key file (as `keygen` writes it). */
export async function readWitnessKeyFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new CliError('key_file', `cannot read ${file}`, { cause });
  }
  const text = bytes.length <= MAX_KEY_FILE_BYTES ? bytes.toString('utf8').trim() : '';
  if (!text.startsWith('PRIVATE+KEY+') || text.includes('\n')) {
    throw new CliError('key_file', `${file} is not a witness key file (from jmm witness keygen)`);
  }
  return text;
}

async function openWitnessFor(options: {
  state: string;
  key: string;
  logs: readonly WitnessedLog[];
}): Promise<Witness> {
  const signerKey = await readWitnessKeyFile(options.key);
  try {
    return await openWitness({ stateDir: options.state, signerKey, logs: options.logs });
  } catch (error) {
    throw asCliError(error);
  }
}

function waitForSignal(signals: NodeJS.EventEmitter): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      signals.removeListener('SIGINT', stop);
      signals.removeListener('SIGTERM', stop);
      resolve();
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
  });
}

/** `jmm witness serve`: answers POST /add-checkpoint until SIGINT or SIGTERM. */
export async function runWitnessServe(
  options: { state: string; key: string; log: WitnessedLog[]; host: string; port: number },
  output: CliOutput,
  signals: NodeJS.EventEmitter,
): Promise<void> {
  if (options.log.length === 0) throw new CliError('usage', 'give at least one --log ORIGIN=VKEY');
  const witness = await openWitnessFor({ ...options, logs: options.log });
  const server = await serveWitness(witness, {
    host: options.host,
    port: options.port,
    onError: (error) => {
      output.error(`jmm witness: add-checkpoint failed: ${String(error)}`);
    },
  });
  output.result(
    {
      url: server.url,
      name: witness.name,
      vkey: witness.verifierKey,
      logs: options.log.map((l) => l.origin),
    },
    () =>
      [
        `Witness ${witness.name} is serving at ${server.url}/add-checkpoint`,
        `verifier key: ${witness.verifierKey}`,
        ...options.log.map(
          (log) => `witnessing ${log.origin} (size ${String(witness.latestSize(log.origin) ?? 0n)})`,
        ),
      ].join('\n'),
  );
  await waitForSignal(signals);
  output.info('Shutting down…');
  await server.close();
  await witness.close();
}

function describePull(result: PullResult): string {
  switch (result.outcome) {
    case 'cosigned':
      return `cosigned size ${String(result.treeSize)}: ${result.cosignature.trimEnd()}`;
    case 'unchanged':
      return `size ${String(result.treeSize)}: nothing new`;
    case 'refused':
      return `REFUSED size ${String(result.treeSize)} (${result.answer.status}): ${result.answer.body.trimEnd()}`;
  }
}

/**
 * `jmm witness pull`: polls a JMM server's tlog-tiles endpoints and cosigns each new checkpoint after checking
 * it. The log's key is pinned with --log-key: a witness that took the key from the server it watches would
 * check the server against itself.
 */
export async function runWitnessPull(
  options: { url: string; state: string; key: string; logKey?: string; interval: number; once: boolean },
  output: CliOutput,
  signals: NodeJS.EventEmitter,
): Promise<void> {
  if (options.logKey === undefined) {
    const served = await readServedLogKey(options.url);
    throw new CliError(
      'usage',
      `pin the log's key with --log-key <vkey>, checked with the mechanism out of band${
        served === undefined ? '' : ` (${options.url} says its key is ${served})`
      }`,
    );
  }
  let log: WitnessedLog;
  try {
    log = parseWitnessedLog(options.logKey);
  } catch (error) {
    throw new CliError('usage', (error as Error).message);
  }
  const witness = await openWitnessFor({ ...options, logs: [log] });
  const base = { witness, logUrl: options.url, origin: log.origin };
  try {
    if (options.once) {
      const result = await pullCheckpoint(base);
      output.result(result, () => describePull(result));
      return;
    }
    output.info(
      `Witness ${witness.name} pulling ${log.origin} from ${options.url} every ${options.interval} ms`,
    );
    const controller = new AbortController();
    void waitForSignal(signals).then(() => {
      controller.abort();
    });
    await pullCheckpoints({
      ...base,
      intervalMs: options.interval,
      signal: controller.signal,
      onResult: (result) => {
        if (result.outcome !== 'unchanged') output.info(describePull(result));
      },
      onError: (error) => {
        output.error(`jmm witness: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
  } catch (error) {
    throw asCliError(error);
  } finally {
    await witness.close();
  }
}

/** The log key a JMM server publishes at /api/v1/mechanism, to quote in the error message; undefined if none. */
async function readServedLogKey(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/api/v1/mechanism`);
    const body = (await response.json()) as { log_vkey?: unknown };
    return typeof body.log_vkey === 'string' ? body.log_vkey : undefined;
  } catch {
    return undefined;
  }
}

/** Adds `jmm witness keygen|serve|pull` to the program. */
export function addWitnessCommands(
  program: Command,
  context: { output: () => CliOutput; signals: NodeJS.EventEmitter },
): void {
  const witness = program
    .command('witness')
    .description('run a C2SP tlog-witness that cosigns log checkpoints');
  witness
    .command('keygen')
    .description('generate a witness cosigning key into a new file (mode 0600); print its verifier key')
    .requiredOption('--name <name>', 'the witness key name, e.g. witness.example.org/pa')
    .requiredOption('--out <file>', 'where to write the key')
    .action(async (options: { name: string; out: string }) => {
      await runWitnessKeygen(options, context.output());
    });
  witness
    .command('serve')
    .description('answer add-checkpoint requests (POST /add-checkpoint) until interrupted')
    .requiredOption(
      '--state <dir>',
      'the witness state directory (keep it: a witness that forgets must retire)',
    )
    .requiredOption('--key <file>', 'the witness key file (from jmm witness keygen)')
    .option('--log <origin=vkey>', 'a log to witness, ORIGIN=VKEY or VKEY (repeat)', collectLog, [])
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'TCP port', parsePort, DEFAULT_PORT)
    .action(
      async (options: { state: string; key: string; log: WitnessedLog[]; host: string; port: number }) => {
        await runWitnessServe(options, context.output(), context.signals);
      },
    );
  witness
    .command('pull')
    .description("poll a JMM server's checkpoint and tiles, and cosign each new checkpoint")
    .argument('<url>', 'the mechanism server, e.g. https://jmm.example.org')
    .requiredOption('--state <dir>', 'the witness state directory')
    .requiredOption('--key <file>', 'the witness key file (from jmm witness keygen)')
    .option('--log-key <vkey>', "the log's verifier key, ORIGIN=VKEY or VKEY (required: pin it out of band)")
    .option('--interval <ms>', 'pause between polls', parsePositiveInteger, DEFAULT_INTERVAL_MS)
    .option('--once', 'poll once and exit')
    .action(
      async (
        url: string,
        options: { state: string; key: string; logKey?: string; interval: number; once?: boolean },
      ) => {
        await runWitnessPull(
          { ...options, url, once: options.once === true },
          context.output(),
          context.signals,
        );
      },
    );
}

function collectLog(value: string, previous: WitnessedLog[]): WitnessedLog[] {
  return [...previous, parseWitnessedLog(value)];
}
