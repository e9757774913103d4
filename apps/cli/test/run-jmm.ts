// Drives `runCli` in process, as `jmm` would run, with captured output and a signal emitter the test
// controls.
import { EventEmitter } from 'node:events';
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
