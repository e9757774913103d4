import type { Settings } from './settings.ts';
import type { IncidentRecord } from './workflow-records.ts';

const HOUR_MS = 3_600_000;

/**
 * When the party an allegation names owes its response (DESIGN.md §6): the report's log time plus the routine
 * `respond_hours` (an incident report carries no priority). The inbox, the incident views and the response
 * metrics all use this one rule. Undefined for an observation or an allegation that names no party.
 */
export function computeResponseDeadline(settings: Settings, record: IncidentRecord): string | undefined {
  if (record.body.kind !== 'allegation' || record.body.alleged_responsible?.party === undefined)
    return undefined;
  const reportedAt = Date.parse(record.reportedAt);
  return new Date(reportedAt + settings.deadlines.routine.respond_hours * HOUR_MS).toISOString();
}
