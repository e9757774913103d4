import { PublishedReports } from './published-reports.ts';
import { join } from 'node:path';
import { LogEngine } from '@jmm/log';
import {
  createAccessLogRepository,
  createAuthChallengeRepository,
  createBlobRepository,
  createCosignatureRepository,
  createEntryRepository,
  createSequencerLease,
  type SequencerLease,
  createFoldRepository,
  createLogStorage,
  createPostgresDatabase,
  createSessionRepository,
  createSqliteDatabase,
  createWorkflowRepository,
  migrateToLatest,
  pingDatabase,
  type StorageDatabase,
} from '@jmm/storage';
import type { MechanismServices } from './mechanism-services.ts';
import { SequencerElection } from './sequencer-election.ts';
import { readDemoMembers } from './demo-members.ts';
import { openBlobStore } from './blob-store.ts';
import { readMechanismFiles, SQLITE_FILE, type MechanismFiles } from './mechanism-files.ts';
import { findReportDocumentSizes, openReportDocumentStore } from './report-document-store.ts';
import type { ServerConfig } from './server-config.ts';
import { CheckpointWitnessing } from './witnessing/checkpoint-witnessing.ts';
import { openLocalWitnesses, type LocalWitnesses } from './witnessing/open-local-witnesses.ts';
import {
  createHttpWitnessTransport,
  createLocalWitnessTransport,
  type WitnessTransport,
} from './witnessing/witness-transport.ts';

export interface OpenMechanism {
  readonly services: MechanismServices;
  readonly database: StorageDatabase;
  /** Drains the sequencer, then closes the database. */
  close(): Promise<void>;
}

export interface OpenMechanismOptions {
  readonly clock: () => number;
  readonly randomBytes: (length: number) => Uint8Array;
  /** Files already read or just created; read from `config.dataDir` when absent. */
  readonly files?: MechanismFiles;
  /**
   * How the log reaches its witnesses. By default: the local witnesses in `<data>/witnesses/` in-process, and
   * every other witness the settings list over HTTP at its URL.
   */
  readonly witnessTransport?: WitnessTransport;
}

/** How often a process that does not sequence tries the sequencer lock (and follows the stored log). */
const SEQUENCER_ELECTION_INTERVAL_MS = 500;

/** A witness that has not answered in this long has failed this round; the next round tries again. */
const WITNESS_TIMEOUT_MS = 5000;

/** Opens the database of `config` (SQLite in the data directory unless a PostgreSQL URL is given). */
export function openDatabase(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): StorageDatabase {
  return config.databaseUrl === undefined
    ? createSqliteDatabase({ path: join(config.dataDir, SQLITE_FILE) })
    : createPostgresDatabase({ connectionString: config.databaseUrl, poolSize: 10 });
}

/** Opens a mechanism for serving: files, database (migrated), storage and sequencer. */
export async function openMechanism(
  config: ServerConfig,
  options: OpenMechanismOptions,
): Promise<OpenMechanism> {
  const files = options.files ?? (await readMechanismFiles(config.dataDir));
  const demoMembers = await readDemoMembers(config.dataDir);
  const database = openDatabase(config);
  let localWitnesses: LocalWitnesses | undefined;
  let lease: SequencerLease | undefined;
  try {
    await migrateToLatest(database);
    const reportDocuments = await openReportDocumentStore({
      dataDir: config.dataDir,
      clock: options.clock,
      randomBytes: options.randomBytes,
    });
    // On PostgreSQL any number of processes serve the log and the one holding the sequencer lock sequences
    // (SequencerElection); one process on a SQLite file always sequences.
    let election: SequencerElection | undefined;
    lease =
      config.databaseUrl === undefined
        ? undefined
        : createSequencerLease(database, {
            connectionString: config.databaseUrl,
            onLost: (error) => election?.handleLost(error),
          });
    const sequencing = lease === undefined ? true : await lease.tryAcquire();
    const engine = await LogEngine.open({
      storage: createLogStorage(database),
      origin: files.origin,
      logSigner: files.logSigner,
      clock: options.clock,
      maxQueue: config.maxQueue,
      maxBatch: config.maxBatch,
      findReportDocumentSizes: (sha256s) => findReportDocumentSizes(reportDocuments, sha256s),
      sequencing,
    });
    if (lease !== undefined)
      election = new SequencerElection({
        lease,
        engine,
        intervalMs: SEQUENCER_ELECTION_INTERVAL_MS,
        clock: options.clock,
      });
    let witnessTransport = options.witnessTransport;
    if (witnessTransport === undefined) {
      localWitnesses = await openLocalWitnesses({
        dataDir: config.dataDir,
        origin: files.origin,
        logVerifierKey: files.logVerifierKey,
      });
      const http = createHttpWitnessTransport({ timeoutMs: WITNESS_TIMEOUT_MS });
      witnessTransport = createLocalWitnessTransport(localWitnesses.witnesses, http);
    }
    const cosignatures = createCosignatureRepository(database);
    const witnessing = new CheckpointWitnessing({
      engine,
      cosignatures,
      transport: witnessTransport,
      intervalMs: config.witnessIntervalMs,
    });
    const services: MechanismServices = {
      config,
      engine,
      cosignatures,
      witnessing,
      entries: createEntryRepository(database),
      sessions: createSessionRepository(database),
      challenges: createAuthChallengeRepository(database),
      accessLog: createAccessLogRepository(database),
      workflow: createWorkflowRepository(database),
      folds: createFoldRepository(database),
      blobs: createBlobRepository(database),
      blobStore: await openBlobStore({
        dataDir: config.dataDir,
        clock: options.clock,
        randomBytes: options.randomBytes,
        orgQuotaBytes: config.evidenceQuotaBytes,
      }),
      reportDocuments,
      ...(election === undefined ? {} : { election }),
      reports: new PublishedReports(createEntryRepository(database)),
      ping: () => pingDatabase(database),
      clock: options.clock,
      randomBytes: options.randomBytes,
      logVerifierKey: files.logVerifierKey,
      ...(demoMembers === undefined ? {} : { demoMembers }),
    };
    return {
      services,
      database,
      close: async () => {
        // Pushes in flight finish first: they read the engine's tiles and write cosignatures.
        await witnessing.close();
        await localWitnesses?.close();
        await engine.close();
        await election?.close();
        await database.db.destroy();
      },
    };
  } catch (error) {
    await localWitnesses?.close();
    // The lock must not outlive a process that could not open: another process could never sequence.
    await lease?.release();
    await database.db.destroy();
    throw error;
  }
}
