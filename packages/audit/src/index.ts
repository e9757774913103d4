// @jmm/audit: the independent auditor behind `jmm verify` (issue 11). It trusts only a mechanism's origin and
// log key, reads the log from its HTTP API or an audit bundle, and checks the tree, the checkpoints and their
// cosignatures, and every statement it can read against the same @jmm/domain rules the sequencer runs.
export { AuditError, isAuditError, type AuditErrorCode } from './audit-error.ts';
export type {
  AuditProblem,
  AuditProblemKind,
  AuditProgress,
  AuditResult,
  UncheckedStatement,
} from './audit-result.ts';
export type { LogCheckpoint, LogEnvelope, LogSource, MechanismDescription } from './log-source.ts';
export { auditLog, type AuditOptions } from './audit-log.ts';
export { createHttpLogSource, type HttpLogSourceOptions } from './http-log-source.ts';
export { createBundleLogSource, readBundleManifest } from './bundle-log-source.ts';
export {
  writeAuditBundle,
  type AuditBundleSummary,
  type WriteAuditBundleOptions,
} from './write-audit-bundle.ts';
export { BUNDLE_FORMAT, BUNDLE_MANIFEST_FILE, type BundleManifest } from './audit-bundle-layout.ts';
