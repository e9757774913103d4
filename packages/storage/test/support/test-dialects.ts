import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  migrateToLatest,
  type StorageDatabase,
} from '../../src/index.ts';

/** A fresh, migrated database of one dialect, owned by one test. */
export interface TestDatabase {
  readonly database: StorageDatabase;
  /** An independent connection (pool) to the same database, as a second server process would open. */
  connectAgain(): StorageDatabase;
  /**
   * One connection to the same database with the durability a deployment has: the test PostgreSQL trades
   * `synchronous_commit` for speed, and this connection turns it back on (SQLite's is FULL on every connection).
   */
  connectDurably(): StorageDatabase;
  /** Closes every connection opened on it and removes it. */
  close(): Promise<void>;
}

/** One dialect as the conformance suite sees it (after Kysely's test-setup DIALECTS list). */
export interface TestDialect {
  readonly name: string;
  createDatabase(): Promise<TestDatabase>;
  /** Opens a database that cannot be reached, for the `database_unavailable` mapping. */
  openUnreachable(): StorageDatabase;
}

const sqlite: TestDialect = {
  name: 'sqlite',
  async createDatabase() {
    const dir = await mkdtemp(join(tmpdir(), 'jmm-storage-sqlite-'));
    const path = join(dir, 'jmm.sqlite');
    const opened: StorageDatabase[] = [];
    const connect = (): StorageDatabase => {
      const database = createSqliteDatabase({ path, busyTimeoutMillis: 2000 });
      opened.push(database);
      return database;
    };
    const database = connect();
    await migrateToLatest(database);
    return {
      database,
      connectAgain: connect,
      connectDurably: connect,
      async close() {
        for (const each of opened) await each.db.destroy();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  openUnreachable: () => createSqliteDatabase({ path: join(tmpdir(), 'jmm-no-such-dir', 'x', 'jmm.sqlite') }),
};

const postgres: TestDialect = {
  name: 'postgres',
  async createDatabase() {
    const adminUrl = new URL(inject('postgresAdminUrl'));
    const name = `jmm_test_${randomBytes(6).toString('hex')}`;
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const opened: StorageDatabase[] = [];
    const connect = (): StorageDatabase => {
      const database = createPostgresDatabase({ connectionString: url.toString(), poolSize: 4 });
      opened.push(database);
      return database;
    };
    const database = connect();
    await migrateToLatest(database);
    return {
      database,
      connectAgain: connect,
      connectDurably() {
        const durable = new URL(url);
        durable.searchParams.set('options', '-c synchronous_commit=on');
        const one = createPostgresDatabase({ connectionString: durable.toString(), poolSize: 1 });
        opened.push(one);
        return one;
      },
      async close() {
        for (const each of opened) await each.db.destroy();
        await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`));
      },
    };
  },
  openUnreachable: () => {
    const url = new URL(inject('postgresAdminUrl'));
    // Port 1 on loopback: nothing listens there, so connecting is refused at once.
    url.port = '1';
    return createPostgresDatabase({ connectionString: url.toString(), poolSize: 1 });
  },
};

export const TEST_DIALECTS: readonly TestDialect[] = [sqlite, postgres];

async function withAdminClient<T>(url: URL, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
