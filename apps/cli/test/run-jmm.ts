// Drives `runCli` in process, as `jmm` would run, with captured output and a signal emitter the test
// controls.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JmmClient } from '@jmm/client';
import { readMemberKeyFile } from '../src/member-key-file.ts';
import { runCli } from '../src/run-cli.ts';

export interface JmmRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningJmm {
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Where the test delivers SIGINT and SIGTERM. */
  readonly signals: EventEmitter;
  readonly done: Promise<JmmRun>;
}

/** Starts `jmm ...args` without waiting for it: for `serve`, which runs until a signal arrives. */
export function startJmm(args: readonly string[]): RunningJmm {
  let stdout = '';
  let stderr = '';
  const signals = new EventEmitter();
  // An empty environment: JMM_* variables of whoever runs the tests must not change what is tested.
  const done = runCli(
    ['node', 'jmm', ...args],
    {},
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      signals,
    },
  ).then((code) => ({ code, stdout, stderr }));
  return { stdout: () => stdout, stderr: () => stderr, signals, done };
}

/** Runs `jmm ...args` to completion. */
export function jmm(...args: string[]): Promise<JmmRun> {
  return startJmm(args).done;
}

/** Runs `jmm --json ...args`, expects success, and parses the one JSON document it prints. */
export async function jmmJson<T>(...args: string[]): Promise<T> {
  const run = await jmm('--json', ...args);
  if (run.code !== 0) throw new Error(`jmm ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * Waits until a running `jmm --json serve` has printed its JSON document (the URL it serves at) and parses
 * it; fails with its stderr if it exits first.
 */
export async function waitForJson<T>(running: RunningJmm): Promise<T> {
  let exited: JmmRun | undefined;
  void running.done.then((run) => {
    exited = run;
  });
  for (;;) {
    try {
      return JSON.parse(running.stdout()) as T;
    } catch {
      if (exited !== undefined)
        throw new Error(`jmm exited ${exited.code} before printing: ${exited.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export interface ServedMechanism {
  readonly serve: RunningJmm;
  readonly url: string;
  /** The log key `jmm init` wrote to mechanism.json: what a client pins, not what the server says. */
  readonly logVerifierKey: string;
}

/**
 * `jmm init` of a mechanism with a secretariat (sec) and two parties (pa, pb) at `dataDir`, then `jmm serve` of
 * it on a free port. The caller stops it with a signal on `serve.signals` and awaits `serve.done`.
 */
export async function serveMechanism(dataDir: string, origin: string): Promise<ServedMechanism> {
  await jmmJson(
    'init',
    '--data',
    dataDir,
    '--origin',
    origin,
    '--org',
    'sec:secretariat:Secretariat',
    '--org',
    'pa:party:Party A',
    '--org',
    'pb:party:Party B',
  );
  const { log_vkey: logVerifierKey } = JSON.parse(
    await readFile(join(dataDir, 'mechanism.json'), 'utf8'),
  ) as {
    log_vkey: string;
  };
  const serve = startJmm(['--json', 'serve', '--data', dataDir, '--port', '0', '--log-level', 'silent']);
  const { url } = await waitForJson<{ url: string }>(serve);
  return { serve, url, logVerifierKey };
}

/**
 * A reporter of Party A, `pa/reporter`, whose key `jmm keys new` writes to `keyFile`, enrolled through `client`
 * by the Party A admin key `jmm init` wrote to `dataDir`.
 */
export async function enrolPartyAReporter(
  client: JmmClient,
  dataDir: string,
  keyFile: string,
): Promise<void> {
  const { public_key } = await jmmJson<{ public_key: string }>(
    'keys',
    'new',
    '--out',
    keyFile,
    '--org',
    'pa',
    '--member',
    'reporter',
  );
  const admin = await readMemberKeyFile(join(dataDir, 'keys', 'pa-admin.key'));
  const enrolment = await client.composeStatement(
    'member.enroll',
    { member: 'reporter', display_name: 'Reporter', roles: ['reporter'], public_key },
    {
      issuer: { org: 'pa', member: 'admin' },
      audience: { kind: 'public' },
      issuedAt: new Date().toISOString(),
    },
  );
  await client.signAndSubmit(enrolment, admin.signer);
}
