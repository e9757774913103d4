import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./crash-server-entry.ts', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** Output kept for failure messages: enough for a stack trace, bounded for a child that floods. */
const MAX_OUTPUT = 64 * 1024;

/** Children still running, so that a failed test does not leave a server behind (see killServerProcesses). */
const running = new Set<{ readonly child: ChildProcess; readonly exited: Promise<unknown> }>();

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A server in its own process, so that SIGKILL hits the real thing: no finally block or exit hook runs. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resolves once the process is gone (never rejects). */
  readonly exited: Promise<ProcessExit>;
  kill(signal: NodeJS.Signals): void;
  /** What the child wrote on stderr so far, for failure messages. */
  stderr(): string;
}

/**
 * Spawns `node --import tsx crash-server-entry.ts <flags>` and resolves when it prints its URL; rejects with
 * its stderr if it exits first.
 */
export function startServerProcess(flags: Readonly<Record<string, string>>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(flags)], {
    cwd: SERVER_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-MAX_OUTPUT);
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(handle);
      resolve({ code, signal });
    });
  });
  const handle = { child, exited };
  running.add(handle);
  return new Promise<ServerProcess>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-MAX_OUTPUT);
      // Only complete lines: the last element is whatever follows the last newline.
      const line = stdout
        .split('\n')
        .slice(0, -1)
        .find((candidate) => candidate.startsWith('{"url":'));
      if (line === undefined) return;
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        pid: child.pid!,
        exited,
        kill: (signal) => {
          child.kill(signal);
        },
        stderr: () => stderr,
      });
    });
    void exited.then(({ code, signal }) => {
      reject(new Error(`the server exited before listening (code ${code}, signal ${signal}):\n${stderr}`));
    });
    child.once('error', reject);
  });
}

/** Kills (SIGKILL) every server this module started that is still running, and waits for them to exit. */
export async function killServerProcesses(): Promise<void> {
  const children = [...running];
  for (const { child } of children) child.kill('SIGKILL');
  await Promise.all(children.map(({ exited }) => exited));
}
