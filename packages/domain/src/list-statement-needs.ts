import { handlerOf } from './statement-types/statement-handlers.ts';
import type { Statement } from './statements/statement.ts';

/**
 * What the sequencer must load from storage before it validates a statement (validation is synchronous and
 * pure, so everything it reads is prefetched per batch). Declared here, by the statement types, so that the
 * sequencer never names a type (issue 9).
 */
export interface StatementNeeds {
  /** Workflow records the statement starts from: its refs (RecordWorkingSet follows their links). */
  readonly recordDigests: readonly string[];
  /** A checkpoint size whose root and statements the statement's rules read (a report's cited checkpoint). */
  readonly citedTreeSize?: bigint;
  /** Report documents (lowercase hex SHA-256) that must be stored (ValidationContext.isReportDocumentStored). */
  readonly reportDocuments?: readonly string[];
}

export function listStatementNeeds(statement: Statement): StatementNeeds {
  const own = handlerOf(statement.type).listNeeds?.(statement) ?? {};
  return { recordDigests: statement.refs.map((ref) => ref.digest), ...own };
}
