import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { registerCleanup } from './bench-cleanup.ts';
import type { BenchMechanismLocation } from './create-bench-mechanism.ts';
import type { ServerUsage } from './serve-bench-mechanism.ts';

export interface BenchServer {
  /** Base URL without the trailing slash, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  readonly pid: number;
  /** Milliseconds from the process's start to listening, and of those, opening the mechanism and server. */
  readonly readyMs: number;
  readonly openMs: number;
  readonly usage: () => Promise<ServerUsage>;
  /** Starts a CPU profile of the server's main thread. */
  readonly startProfile: () => Promise<void>;
  /** Stops it and writes it (Chrome .cpuprofile JSON) to `path`. */
  readonly stopProfile: (path: string) => Promise<void>;
  /** Asks the server to close and waits for it to exit; kills it if it has not within 15 s. */
  readonly stop: () => Promise<void>;
}

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./serve-bench-mechanism.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** Every server child still running, killed on exit whatever happens to the benchmark. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the server on `location` in a child process (`node --import tsx`) and resolves once it listens. With
 * `sqlTiming`, its profiles come with the time spent per SQL statement.
 */
export async function spawnBenchServer(
  location: BenchMechanismLocation,
  options: { sqlTiming: boolean; built?: boolean },
): Promise<BenchServer> {
  const database = location.databaseUrl === undefined ? [] : ['--database-url', location.databaseUrl];
  const timing = options.sqlTiming ? ['--sql-timing'] : [];
  const child = spawn(
    process.execPath,
    [
      // The built JavaScript of `npm run build:dist` (what production runs), or the TypeScript sources.
      ...(options.built === true ? ['--conditions=jmm-built'] : []),
      '--import',
      'tsx',
      ENTRY,
      '--data',
      location.dataDir,
      ...database,
      ...timing,
    ],
    // Detached: a Ctrl-C in the terminal reaches the benchmark, which closes the server in order (stdin ends),
    // rather than both at once. If the benchmark dies, stdin ends all the same.
    { cwd: SERVER_DIR, stdio: ['pipe', 'pipe', 'inherit'], detached: true },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const lines = createInterface({ input: child.stdout });
  try {
    const { url, readyMs, openMs } = JSON.parse(await nextLine(lines, child, START_TIMEOUT_MS)) as {
      url: string;
      readyMs: number;
      openMs: number;
    };
    const ask = async <T>(command: string): Promise<T> => {
      child.stdin.write(`${command}\n`);
      const reply = JSON.parse(await nextLine(lines, child, START_TIMEOUT_MS)) as T | { error: string };
      if (typeof reply === 'object' && reply !== null && 'error' in reply) throw new Error(reply.error);
      return reply;
    };
    return {
      url: url.replace(/\/$/, ''),
      pid: child.pid!,
      readyMs,
      openMs,
      usage: () => ask<ServerUsage>('usage'),
      startProfile: async () => {
        await ask('profile-start');
      },
      stopProfile: async (path) => {
        await ask(`profile-stop ${path}`);
      },
      stop: async () => {
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
}

function nextLine(lines: Interface, child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      cleanup();
      resolve(line);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the server process exited (code ${code}) before answering`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the server process did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      lines.off('line', onLine);
      child.off('exit', onExit);
    };
    lines.on('line', onLine);
    child.on('exit', onExit);
  });
}

/** spawnBenchServer, stopped with the run whatever happens to it (and at most once). */
export async function spawnCleanedUpServer(
  location: BenchMechanismLocation,
  options: { sqlTiming: boolean; built?: boolean },
): Promise<BenchServer> {
  const server = await spawnBenchServer(location, options);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  registerCleanup(stop);
  return { ...server, stop };
}
