import type { Audience, StatementType } from './statements/statement.ts';
import type { MetricsStatement } from './metrics/metrics-context.ts';

/** What validation needs to know about a referenced statement; the sequencer prefetches it from storage. */
export interface RefInfo {
  readonly digest: string;
  readonly type: StatementType;
  readonly org: string;
  readonly audience: Audience;
  readonly index: bigint;
}

export interface ValidationContext {
  /** The log time the statement would be sequenced at (RFC 3339 UTC). */
  readonly logTime: string;
  /** The statement's signing key id (lowercase hex SHA-256 of the public key). */
  readonly keyId: string;
  /** Looks up a referenced statement already in the log, or earlier in the same batch. */
  readonly lookupRef: (digest: string) => RefInfo | undefined;
  /** Key id of a base64 public key (DESIGN.md §3), injected so domain code does not hash. */
  readonly keyIdOf: (publicKey: string) => string;
  /**
   * The root hash (standard base64) of the log at a tree size the statement names, prefetched by the sequencer
   * (a report.publish must cite a checkpoint the log really had); undefined when it was not prefetched.
   */
  readonly rootHashAt?: (treeSize: bigint) => string | undefined;
  /**
   * The first `treeSize` statements of the log (all audiences, log order), prefetched by the sequencer for a
   * report.publish citing a checkpoint of that size: its values must be the metrics its readers get there.
   * Undefined when not prefetched; a report is then refused, since its numbers cannot be checked.
   */
  readonly statementsAt?: (treeSize: bigint) => readonly MetricsStatement[] | undefined;
  /**
   * Whether `org` may list the evidence file `sha256` (lowercase hex): a member of `org` uploaded it, or `org`
   * may read a statement that lists it, in the log or earlier in the same batch. Prefetched by the sequencer;
   * without it, a statement that lists evidence is refused.
   */
  readonly canCiteEvidence?: (sha256: string, org: string) => boolean;
  /**
   * Whether the server stores the report document `sha256` (lowercase hex) with `bytes` bytes, prefetched by
   * the sequencer for a report.publish, which may list only uploaded documents (its readers must be able to
   * download them). Undefined where uploads cannot be seen (an auditor replaying the log, a rebuild): then
   * documents are not checked, because the uploads are the server's files, not part of the log.
   */
  readonly isReportDocumentStored?: (sha256: string, bytes: number) => boolean;
}
