// @jmm/log: the sequencer and the storage port it is written against (DESIGN.md §4).
export { LogError, isLogError, type LogErrorCode } from './log-error.ts';
export type {
  MembershipChanges,
  EntryLocation,
  EvidenceHolders,
  HashTile,
  IntegratedBatch,
  LogStorage,
  SequencedEntry,
  StoredCheckpoint,
} from './log-storage.ts';
export { LogEngine, type LogEngineHealth, type LogEngineOptions, type SubmitResult } from './log-engine.ts';
export { prepareSubmission, type PreparedSubmission } from './prepare-submission.ts';
export { TileCache } from './tile-cache.ts';
export {
  integrateBatch,
  type BatchBase,
  type BatchIntegration,
  type SubmissionOutcome,
} from './integrate-batch.ts';
export { prefetchBatch, type BatchPrefetch, type PrefetchSources } from './prefetch-batch.ts';
export { StatementReader } from './statement-reader.ts';
