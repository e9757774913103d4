import type { PublishedReports } from './published-reports.ts';
import type { LogEngine } from '@jmm/log';
import type {
  AccessLogRepository,
  AuthChallengeRepository,
  BlobRepository,
  CosignatureRepository,
  EntryRepository,
  FoldRepository,
  SessionRepository,
  WorkflowRepository,
} from '@jmm/storage';
import type { DemoMember } from './demo-members.ts';
import type { BlobStore } from './blob-store.ts';
import type { ServerConfig } from './server-config.ts';
import type { CheckpointWitnessing } from './witnessing/checkpoint-witnessing.ts';
import type { SequencerElection } from './sequencer-election.ts';

/** Everything `buildApp` is given: no module reads the environment or the clock on its own. */
export interface MechanismServices {
  readonly config: ServerConfig;
  readonly engine: LogEngine;
  readonly entries: EntryRepository;
  readonly sessions: SessionRepository;
  readonly challenges: AuthChallengeRepository;
  readonly accessLog: AccessLogRepository;
  /** Each reader's fold as of the latest checkpoint, as the sequencer stored it (metrics without a replay). */
  readonly folds: FoldRepository;
  /** The workflow record projections: lists, records, timelines. */
  readonly workflow: WorkflowRepository;
  /** Evidence files: the database index (who uploaded, who may read) and the files on disk. */
  readonly blobs: BlobRepository;
  readonly blobStore: BlobStore;
  /** Report documents (HTML, PDF): content-addressed files in their own blob tree, never evidence. */
  readonly reportDocuments: BlobStore;
  /** The log's report.publish statements, extended as the log grows; shared by every route that lists them. */
  readonly reports: PublishedReports;
  /** Witness cosignatures on the log's checkpoints, stored as gathered. */
  readonly cosignatures: CosignatureRepository;
  /** Pushes checkpoints to the settings' witnesses and knows the checkpoint /log/checkpoint serves. */
  readonly witnessing: CheckpointWitnessing;
  /**
   * On PostgreSQL: which of the processes serving the log sequences it, and where it is reached; submissions
   * received by another process are handed to it. Absent on SQLite, where this process always sequences.
   */
  readonly election?: SequencerElection;
  /** Resolves when the database answers (for /readyz). */
  readonly ping: () => Promise<void>;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly randomBytes: (length: number) => Uint8Array;
  /** The C2SP verifier key of the log's checkpoint key. */
  readonly logVerifierKey: string;
  /**
   * The demonstration members and their keys, read at start from demo-keys.json; absent for a real mechanism.
   * Served (GET /api/v1/demo/members) only while the mechanism's settings also say `synthetic`.
   */
  readonly demoMembers?: readonly DemoMember[];
}
