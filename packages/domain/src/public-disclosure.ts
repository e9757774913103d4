import { coarsenIncidentBody, type PublicPrecision } from './public-precision.ts';
import { handlerOf } from './statement-types/statement-handlers.ts';
import type { Statement } from './statements/statement.ts';
import type { WorkflowRecord } from './workflow-records.ts';

export {
  coarsenIncidentBody,
  coarsenLocation,
  coarsenTime,
  coarsenTimeSpan,
  publicPrecisionOf,
  type PublicPrecision,
} from './public-precision.ts';

/**
 * Public coarsening (DESIGN.md §1.7): public outputs carry locations rounded to the settings' public precision
 * (admin1 kept, admin2 and sector dropped) and event times rounded down to the public time precision. Public
 * statements must already be coarse (validation: `findFinePublicDetail`), because their signed envelopes are
 * served as they are; the public projection coarsens again (`coarsenRecordForPublic`) so records stay coarse
 * under a stricter setting too. Precise detail goes in a restricted statement (an `incident.amend` to the
 * verifiers), which only its readers' views fold in. Which details of a statement are coarsened is its type's
 * handler's to say (statement-types/).
 */

/** A record of the public's fold as the public projection stores it. */
export function coarsenRecordForPublic(record: WorkflowRecord, precision: PublicPrecision): WorkflowRecord {
  return record.kind === 'incident'
    ? { ...record, body: coarsenIncidentBody(record.body, precision) }
    : record;
}

/**
 * What, if anything, a public statement states more precisely than the public precision allows: a location off
 * the grid or with admin2/sector, an event time or capture time not rounded. Undefined when it is coarse.
 * Amendments are checked on what they patch (a public patch replaces a location or time span whole).
 */
export function findFinePublicDetail(statement: Statement, precision: PublicPrecision): string | undefined {
  if (statement.audience.kind !== 'public') return undefined;
  return handlerOf(statement.type).findFinePublicDetail?.(statement, precision);
}

/**
 * A statement as a client should sign it for the public: what `findFinePublicDetail` would refuse, coarsened
 * (locations onto the grid without admin2/sector, event and capture times rounded). Non-public statements are
 * returned as they are. The precise detail belongs in a restricted statement beside it.
 */
export function coarsenStatementForPublic(statement: Statement, precision: PublicPrecision): Statement {
  if (statement.audience.kind !== 'public') return statement;
  return handlerOf(statement.type).coarsenForPublic?.(statement, precision) ?? statement;
}
