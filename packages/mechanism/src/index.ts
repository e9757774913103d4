// @jmm/mechanism: a mechanism on disk and in its database — its configuration and files, opening it (the
// sequencer, the witnessing job, the sequencer election among processes), initialising and rebuilding it, and
// its blob stores. Everything a server needs except HTTP, which apps/server (Fastify) adds.
export { MechanismError, isMechanismError, type MechanismErrorCode } from './mechanism-error.ts';
export {
  parseServerConfig,
  DEFAULT_EVIDENCE_QUOTA_BYTES,
  DEFAULT_WITNESS_INTERVAL_MS,
  type ConfigInput,
  type ServerConfig,
} from './server-config.ts';
export type { MechanismServices } from './mechanism-services.ts';
export {
  openMechanism,
  openDatabase,
  type OpenMechanism,
  type OpenMechanismOptions,
} from './open-mechanism.ts';
export {
  createMechanismFiles,
  readMechanismFiles,
  writeNewFile,
  LOG_KEY_FILE,
  MECHANISM_FILE,
  SQLITE_FILE,
  type MechanismFiles,
} from './mechanism-files.ts';
export { initializeMechanism, type InitializeMechanismOptions } from './initialize-mechanism.ts';
export {
  rebuildMechanism,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildSummary,
  type RebuildTarget,
} from './rebuild-mechanism.ts';
export { DEMO_KEYS_FILE, readDemoMembers, type DemoMember } from './demo-members.ts';
export {
  BLOB_DIRECTORY,
  DEFAULT_MAX_BLOB_BYTES,
  DEFAULT_ORG_QUOTA_BYTES,
  openBlobStore,
  type BlobStore,
  type BlobStoreOptions,
  type OpenedBlobFile,
  type StoredBlobFile,
} from './blob-store.ts';
export {
  findReportDocumentSizes,
  openReportDocumentStore,
  REPORT_DOCUMENT_DIRECTORY,
} from './report-document-store.ts';
export { PublishedReports } from './published-reports.ts';
export { decodeStoredStatement } from './decode-stored-statement.ts';
export {
  SequencerElection,
  type ElectionLogger,
  type SequencerElectionOptions,
} from './sequencer-election.ts';
export {
  CheckpointWitnessing,
  type CheckpointWitnessingOptions,
  type CosignedCheckpoint,
  type WitnessingLogger,
} from './witnessing/checkpoint-witnessing.ts';
export {
  LOCAL_WITNESSES_DIR,
  LOCAL_WITNESS_KEY_FILE,
  LOCAL_WITNESS_STATE_DIR,
  openLocalWitnesses,
  type LocalWitnesses,
} from './witnessing/open-local-witnesses.ts';
export {
  checkpointBodyOf,
  pushCheckpoint,
  type PushCheckpointOptions,
  type PushOutcome,
} from './witnessing/push-checkpoint.ts';
export { appendCosignatures, listWitnessOrgs, meetsWitnessPolicy } from './witnessing/witness-policy.ts';
export {
  createHttpWitnessTransport,
  createLocalWitnessTransport,
  MAX_WITNESS_ANSWER_BYTES,
  type ConfiguredWitness,
  type LocalWitness,
  type WitnessAnswer,
  type WitnessTransport,
} from './witnessing/witness-transport.ts';
