import type { IncidentReportBody } from '../statements/incident.ts';
import { evidenceSchema, incidentAmendBodySchema, incidentReportBodySchema } from '../statements/incident.ts';
import {
  coarsenEvidence,
  coarsenLocation,
  coarsenTimeSpan,
  hasFineEvidence,
  isFineLocation,
  isFineTimeSpan,
  type Evidence,
  type Location,
  type TimeSpan,
} from '../public-precision.ts';
import { applyMergePatch } from '../settings.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireTarget } from './require-target.ts';
import { setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `incident.amend`: the reporting organisation patches its report (RFC 7396); ref `amends` the report. */
export const incidentAmendHandler: StatementHandler<'incident.amend'> = {
  body: incidentAmendBodySchema,
  validate(statement, state) {
    const incident = requireTarget(statement, state, 'amends', 'incident');
    if (incident.org !== statement.issuer.org)
      fail('forbidden_type', 'only the reporting organisation amends its report');
    if (incident.status === 'withdrawn') fail('state_conflict', 'the report was withdrawn');
    const amended = incidentReportBodySchema.safeParse(applyMergePatch(incident.body, statement.body.patch));
    if (!amended.success)
      fail('invalid_statement', `the amended report is not valid: ${amended.error.issues[0]?.message ?? ''}`);
  },
  apply(state, { statement, digest }) {
    const touched: string[] = [];
    const incident = recordOf(state, refOf(statement, 'amends'), 'incident');
    if (incident === undefined) return touched;
    const body = applyMergePatch(incident.body, statement.body.patch) as IncidentReportBody;
    setRecord(state, { ...incident, body, amendments: [...incident.amendments, digest] }, touched);
    return touched;
  },
  listEvidence(statement) {
    // A merge patch replaces an array whole (RFC 7396), so a patch with `evidence` lists the report's new
    // evidence. The patch is schema-free JSON here; an item that is not evidence lists nothing (validation
    // of the patched report refuses it anyway).
    const evidence: unknown = statement.body.patch.evidence;
    if (!Array.isArray(evidence)) return [];
    return [
      ...new Set(
        evidence.flatMap((item: unknown) => {
          const parsed = evidenceSchema.safeParse(item);
          return parsed.success ? [parsed.data.sha256] : [];
        }),
      ),
    ];
  },
  // A public patch replaces a location or time span whole, so it is checked and coarsened as one.
  findFinePublicDetail(statement, precision) {
    const { patch } = statement.body;
    if (patch.location !== undefined && patch.location !== null) {
      const location = patch.location;
      if (!isObject(location) || typeof location.lat !== 'number' || typeof location.lon !== 'number')
        return 'location (a public amendment replaces the whole location)';
      if (isFineLocation(location as Location, precision)) return 'location';
    }
    if (patch.time !== undefined && patch.time !== null) {
      const time = patch.time;
      if (!isObject(time) || typeof time.start !== 'string' || typeof time.end !== 'string')
        return 'time (a public amendment replaces the whole time span)';
      if (isFineTimeSpan(time as TimeSpan, precision)) return 'time';
    }
    if (Array.isArray(patch.evidence) && hasFineEvidence(patch.evidence as Evidence[], precision))
      return 'evidence captured_at';
    return undefined;
  },
  coarsenForPublic(statement, precision) {
    const patch = { ...statement.body.patch };
    if (isObject(patch.location) && typeof patch.location.lat === 'number')
      patch.location = coarsenLocation(patch.location as Location, precision);
    if (isObject(patch.time) && typeof patch.time.start === 'string')
      patch.time = coarsenTimeSpan(patch.time as TimeSpan, precision);
    if (Array.isArray(patch.evidence))
      patch.evidence = (patch.evidence as Evidence[]).map((e) => coarsenEvidence(e, precision));
    return { ...statement, body: { ...statement.body, patch } };
  },
};
