import { handlerOf } from './statement-types/statement-handlers.ts';
import type { Statement } from './statements/statement.ts';

/**
 * The SHA-256 (lowercase hex, no duplicates, in order of first listing) of every evidence file `statement`
 * lists (DESIGN.md §5 blobs): the `evidence` array of a report, response, exchange reply, case note or finding,
 * and of an `incident.amend` patch that sets it. Validation binds each to its uploader; storage projects them.
 * Which field of a type lists evidence is its handler's to say (statement-types/).
 */
export function listEvidenceSha256(statement: Statement): string[] {
  return handlerOf(statement.type).listEvidence?.(statement) ?? [];
}
