import pg from 'pg';
import type { StorageDatabase } from './dialect/storage-database.ts';
import { withStorageErrors } from './with-storage-errors.ts';

/**
 * The sequencer's lock on PostgreSQL (DESIGN.md §5 scale-out, issue 9): a session advisory lock held on a
 * connection of its own. PostgreSQL releases it when that session ends, however the process ends (a crash, a
 * SIGKILL, a lost network), so another process can take over; PostgreSQL's own replication and failover are
 * what keep the database itself available. The lock is for liveness only: the compare-and-swap on the checkpoint
 * in every commit is what keeps the log single-rooted if two processes ever believed they sequence.
 */
export interface SequencerLease {
  /** Whether this process holds the lock, as far as it knows (false once its lock connection failed). */
  readonly held: boolean;
  /** Takes the lock if nobody holds it; resolves whether this process holds it. Never waits for it. */
  tryAcquire(): Promise<boolean>;
  /** Records where this process is reached, on the lock's own session, so only the holder can write it. */
  advertise(url: string, since: string): Promise<void>;
  /** Where the holder said it is reached; undefined before any process advertised. */
  readHolderUrl(): Promise<string | undefined>;
  /** Releases the lock (closes its connection). */
  release(): Promise<void>;
}

/** Connecting to PostgreSQL, or one query on the lock's session, fails after this long. */
const LEASE_TIMEOUT_MS = 5000;

/** The lock's key: one log per database, so one key. */
const LOCK_KEY = "hashtext('jmm/sequencer')";

export function createSequencerLease(
  database: StorageDatabase,
  options: { readonly connectionString: string; readonly onLost?: (error: Error | undefined) => void },
): SequencerLease {
  let client: pg.Client | undefined;
  let held = false;
  const lose = (error: Error | undefined) => {
    const had = held;
    held = false;
    client = undefined;
    if (had) options.onLost?.(error);
  };
  return {
    get held() {
      return held;
    },

    tryAcquire: () =>
      withStorageErrors(database, 'tryAcquireSequencerLease', async () => {
        if (held) return true;
        if (client === undefined) {
          // Keep-alive and timeouts: a half-open connection must fail (and free the lock on the server) rather
          // than hang a round of the election forever.
          const fresh = new pg.Client({
            connectionString: options.connectionString,
            keepAlive: true,
            connectionTimeoutMillis: LEASE_TIMEOUT_MS,
            query_timeout: LEASE_TIMEOUT_MS,
          });
          fresh.on('error', (error) => {
            if (client === fresh) lose(error);
          });
          fresh.on('end', () => {
            if (client === fresh) lose(undefined);
          });
          await fresh.connect();
          client = fresh;
        }
        const { rows } = await client.query<{ locked: boolean }>(
          `select pg_try_advisory_lock(${LOCK_KEY}) as locked`,
        );
        held = rows[0]?.locked === true;
        return held;
      }),

    advertise: (url, since) =>
      withStorageErrors(database, 'advertiseSequencer', async () => {
        if (!held || client === undefined) return;
        await client.query(
          'insert into sequencer_lease (id, url, since) values (1, $1, $2) ' +
            'on conflict (id) do update set url = excluded.url, since = excluded.since',
          [url, since],
        );
      }),

    readHolderUrl: () =>
      withStorageErrors(database, 'readSequencerUrl', async () => {
        const row = await database.db
          .selectFrom('sequencer_lease')
          .select(['url'])
          .where('id', '=', 1n)
          .executeTakeFirst();
        return row?.url;
      }),

    release: async () => {
      const closing = client;
      held = false;
      client = undefined;
      await closing?.end().catch(() => undefined);
    },
  };
}
