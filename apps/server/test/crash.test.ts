// Crash test: a real server process under concurrent load is killed with SIGKILL at random moments and
// restarted, on SQLite and on PostgreSQL. After every restart, everything the clients were ever told must
// still hold (log-auditor.ts): acknowledged statements stay at their index, served checkpoints stay
// consistent with the tree, no tree size ever gets two roots, and unanswered submissions are in the log
// once or not at all.
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCheckpointRepository } from '@jmm/storage';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@jmm/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoad } from './crash/crash-load.ts';
import { CrashLedger } from './crash/crash-ledger.ts';
import {
  CRASH_ORIGIN,
  createCrashMechanism,
  signEnrolment,
  SUBMITTING_ORGS,
} from './crash/crash-mechanism.ts';
import { LogAuditor } from './crash/log-auditor.ts';
import { createSeededRandom } from './crash/seeded-random.ts';
import { killServerProcesses, startServerProcess } from './crash/server-process.ts';
import { MECHANISM_FILE, openDatabase, parseServerConfig, SQLITE_FILE } from '@jmm/mechanism';

const ROUNDS = 10;
const SUBMITTERS = 32;
/** The kill comes this long after the server starts listening and the load starts. */
const KILL_AFTER_MS = { min: 150, max: 900 } as const;

interface Dialect {
  readonly name: string;
  readonly seed: number;
  /** Server flags naming where the mechanism lives (data directory, and the database URL if not SQLite). */
  setUp(dataDir: string): Promise<Record<string, string>>;
  /** Checks what a kill leaves behind, before anything reopens the database. */
  afterKill(dataDir: string): Promise<void>;
  tearDown(): Promise<void>;
}

let postgres: EmbeddedPostgresServer | undefined;

const DIALECTS: readonly Dialect[] = [
  {
    name: 'SQLite',
    seed: 0x5eed_0001,
    setUp: (dataDir) => Promise.resolve({ data: dataDir }),
    // The killed server never closed its connection, so its write-ahead log is still there: reopening the
    // database below is a recovery, not a clean start.
    afterKill: async (dataDir) => {
      await access(join(dataDir, `${SQLITE_FILE}-wal`));
    },
    tearDown: () => Promise.resolve(),
  },
  {
    name: 'PostgreSQL',
    seed: 0x5eed_0002,
    // PostgreSQL itself is never killed here, so its fsync=off test setting changes nothing the test sees.
    setUp: async (dataDir) => {
      postgres = await startEmbeddedPostgres();
      return { data: dataDir, 'database-url': await postgres.createDatabase('jmm_crash') };
    },
    afterKill: () => Promise.resolve(),
    tearDown: async () => {
      await postgres?.stop();
      postgres = undefined;
    },
  },
];

async function readStoredHistory(flags: Record<string, string>) {
  const database = openDatabase(parseServerConfig(flags, {}));
  try {
    return await createCheckpointRepository(database).readCheckpointHistory();
  } finally {
    await database.db.destroy();
  }
}

describe.each(DIALECTS.map((dialect) => [dialect.name, dialect] as const))(
  'a server on %s killed with SIGKILL under load',
  (_name, dialect) => {
    let dataDir: string;
    let flags: Record<string, string>;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'jmm-crash-test-'));
      flags = {
        ...(await dialect.setUp(dataDir)),
        port: '0',
        'log-level': 'silent',
        // The load comes from one address, far faster than a person: the rate limit is not under test here.
        'rate-limit': '10000000',
      };
      await createCrashMechanism(flags);
    });

    afterAll(async () => {
      // Only after a failure is a server still running here; it must not outlive the test or hold the database.
      await killServerProcesses();
      await dialect.tearDown();
      await rm(dataDir, { recursive: true, force: true });
    });

    it(`keeps every promise it made, across ${ROUNDS} kills and restarts`, { timeout: 180_000 }, async () => {
      const random = createSeededRandom(dialect.seed);
      const ledger = new CrashLedger();
      const { log_vkey: logVerifierKey } = JSON.parse(
        await readFile(join(dataDir, MECHANISM_FILE), 'utf8'),
      ) as { log_vkey: string };
      const auditor = new LogAuditor(ledger, logVerifierKey, CRASH_ORIGIN);

      for (let round = 0; round < ROUNDS; round += 1) {
        const server = await startServerProcess(flags);
        await auditor.audit(server.url, { allConsistencyProofs: false });

        const load = startLoad({
          url: server.url,
          submitters: SUBMITTERS,
          makeEnvelope: (submitter, n) =>
            signEnrolment(
              SUBMITTING_ORGS[submitter % SUBMITTING_ORGS.length]!,
              `r${round}-s${submitter}-${n}`,
            ),
          ledger,
        });
        await new Promise((resolve) =>
          setTimeout(resolve, random.integer(KILL_AFTER_MS.min, KILL_AFTER_MS.max)),
        );
        server.kill('SIGKILL');
        ledger.kills += 1;
        await load.stop();
        const exit = await server.exited;
        // Dying of anything but our SIGKILL would be a crash of its own.
        expect(exit, server.stderr()).toEqual({ code: null, signal: 'SIGKILL' });
        expect(ledger.unexpectedAnswers).toEqual([]);

        await dialect.afterKill(dataDir);
        // With no server running, the database reopens (SQLite: recovers its WAL) and its history must agree
        // with everything that was served.
        ledger.storedHistory = await readStoredHistory(flags);
        await auditor.checkStoredHistory(ledger.storedHistory);
      }

      // A last restart: audit everything (resubmitting what was still in doubt), audit again now that nothing
      // is, and shut down gracefully.
      const server = await startServerProcess(flags);
      await auditor.audit(server.url, { allConsistencyProofs: true });
      expect(ledger.inDoubt.size).toBe(0);
      const treeSize = await auditor.audit(server.url, { allConsistencyProofs: true });
      server.kill('SIGTERM');
      expect(await server.exited, server.stderr()).toEqual({ code: 0, signal: null });
      ledger.storedHistory = await readStoredHistory(flags);
      await auditor.checkStoredHistory(ledger.storedHistory);

      // The test proves something only if the kills caught statements in flight and the log grew.
      expect(ledger.kills).toBe(ROUNDS);
      expect(ledger.acknowledgedUnderLoad).toBeGreaterThanOrEqual(ROUNDS);
      expect(ledger.inDoubtCommitted + ledger.inDoubtLost).toBeGreaterThanOrEqual(ROUNDS);
      expect(treeSize).toBe(BigInt(ledger.acknowledged.size) + 1n);
      console.info(
        [
          `${dialect.name}: ${ledger.kills} kills, tree size ${treeSize}`,
          `${ledger.acknowledgedUnderLoad} acknowledged under load`,
          `in doubt at a kill: ${ledger.inDoubtCommitted} committed but unanswered`,
          `${ledger.inDoubtLost} not committed`,
          `${auditor.checkpointSizes} checkpoint sizes (${ledger.storedHistory.length} stored)`,
        ].join('; '),
      );
    });
  },
);
