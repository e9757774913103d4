// @jmm/storage: Kysely over SQLite and PostgreSQL — dialects, migrations, the log storage port, projections,
// sessions and the access log (DESIGN.md §5, §8).
export { StorageError, isStorageError, type StorageErrorCode } from './storage-error.ts';

export type { DatabaseCapabilities } from './dialect/database-capabilities.ts';
export type { StorageDatabase } from './dialect/storage-database.ts';
export { createSqliteDatabase, type SqliteDatabaseOptions } from './dialect/create-sqlite-database.ts';
export { createPostgresDatabase, type PostgresDatabaseOptions } from './dialect/create-postgres-database.ts';
export type { Database } from './schema/database.ts';

export { migrateToLatest } from './migration/migrate-to-latest.ts';
export { pingDatabase } from './ping-database.ts';

export { createLogStorage } from './log-storage/create-log-storage.ts';

export {
  createEntryRepository,
  type EntryRepository,
  type StoredStatement,
} from './repository/entry.repository.ts';
export { createHashTileRepository, type HashTileRepository } from './repository/hash-tile.repository.ts';
export { createCheckpointRepository, type CheckpointRepository } from './repository/checkpoint.repository.ts';
export {
  createCosignatureRepository,
  MAX_CHECKPOINTS_PER_PAGE,
  type CosignatureRepository,
  type StoredCosignature,
  type WitnessedCheckpoint,
  type WitnessProgress,
} from './repository/cosignature.repository.ts';
export {
  createMechanismRepository,
  type MechanismProjection,
  type MechanismRepository,
  type ProjectedMember,
} from './repository/mechanism.repository.ts';
export {
  createSessionRepository,
  type SessionRepository,
  type StoredSession,
} from './repository/session.repository.ts';
export {
  createAuthChallengeRepository,
  type AuthChallenge,
  type AuthChallengeRepository,
} from './repository/auth-challenge.repository.ts';
export {
  createAccessLogRepository,
  type AccessLogRepository,
  type AccessRecord,
  type StoredAccessRecord,
} from './repository/access-log.repository.ts';
export {
  createBlobRepository,
  type BlobRepository,
  type BlobUpload,
  type EvidenceReference,
} from './repository/blob.repository.ts';
export {
  createWorkflowRepository,
  MAX_RECORDS_PER_PAGE,
  MAX_TIMELINE_DEPTH,
  MAX_TIMELINE_STATEMENTS,
  type BoundingBox,
  type CommitmentFilter,
  type ExchangeFilter,
  type FindingFilter,
  type IncidentFilter,
  type RecordFilters,
  type RecordOfKind,
  type RecordPage,
  type RecordQuery,
  type Timeline,
  type TimelineStatement,
  type WorkflowKind,
  type WorkflowRepository,
} from './repository/workflow.repository.ts';
export { RECORD_SORTS, type RecordSort } from './repository/record-cursor.ts';
export {
  createFoldRepository,
  type FoldRepository,
  type FoldRecordSink,
  type FoldSnapshot,
} from './repository/fold.repository.ts';
export type { ClaimStatus, FindingStatus, ReleaseStatus } from './schema/workflow-record-columns.ts';
export { createSequencerLease, type SequencerLease } from './sequencer-lease.ts';
