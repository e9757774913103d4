import type { Settings } from './settings.ts';
import type { IncidentReportBody } from './statements/incident.ts';
import type { Statement } from './statements/statement.ts';
import type { WorkflowRecord } from './workflow-records.ts';

/**
 * Public coarsening (DESIGN.md §1.7): public outputs carry locations rounded to the settings' public precision
 * (admin1 kept, admin2 and sector dropped) and event times rounded down to the public time precision. Public
 * statements must already be coarse (validation: `findFinePublicDetail`), because their signed envelopes are
 * served as they are; the public projection coarsens again (`coarsenRecordForPublic`) so records stay coarse
 * under a stricter setting too. Precise detail goes in a restricted statement (an `incident.amend` to the
 * verifiers), which only its readers' views fold in.
 */

type Location = IncidentReportBody['location'];
type TimeSpan = IncidentReportBody['time'];
type Evidence = IncidentReportBody['evidence'][number];

export interface PublicPrecision {
  readonly locationMetres: number;
  readonly time: Settings['public_time_precision'];
}

export function publicPrecisionOf(settings: Settings): PublicPrecision {
  return { locationMetres: settings.public_location_precision_m, time: settings.public_time_precision };
}

/** Metres per degree of latitude (WGS84 mean); a degree of longitude is this times cos(latitude). */
const METRES_PER_DEGREE = 111_320;
/** Coordinates compare equal within this many degrees (about 1 cm), so clients' float rounding never matters. */
const DEGREE_TOLERANCE = 1e-7;

function roundTo(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(6));
}

/**
 * The location on a grid of `precision.locationMetres`: latitude in steps of that many metres, longitude in
 * steps as wide in metres at the rounded latitude; precision_m at least the grid's; admin1 kept.
 */
export function coarsenLocation(location: Location, precision: PublicPrecision): Location {
  const metres = precision.locationMetres;
  const latStep = metres / METRES_PER_DEGREE;
  const lat = Math.max(-90, Math.min(90, roundTo(location.lat, latStep)));
  const cosine = Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
  const lon = Math.max(-180, Math.min(180, roundTo(location.lon, Math.min(latStep / cosine, 360))));
  return {
    lat,
    lon,
    precision_m: Math.max(location.precision_m, metres),
    ...(location.admin1 === undefined ? {} : { admin1: location.admin1 }),
  };
}

const TIME_PRECISION_ORDER = ['exact', 'day', 'week', 'month'] as const;
const DAY_MS = 86_400_000;

/** The start (UTC) of the day, ISO week (Monday) or month holding `time`. */
export function coarsenTime(time: string, precision: PublicPrecision['time']): string {
  const date = new Date(Date.parse(time));
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (precision === 'day') return new Date(day).toISOString();
  if (precision === 'week') return new Date(day - ((date.getUTCDay() + 6) % 7) * DAY_MS).toISOString();
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)).toISOString();
}

export function coarsenTimeSpan(span: TimeSpan, precision: PublicPrecision): TimeSpan {
  const finer = TIME_PRECISION_ORDER.indexOf(span.precision) < TIME_PRECISION_ORDER.indexOf(precision.time);
  return {
    start: coarsenTime(span.start, precision.time),
    end: coarsenTime(span.end, precision.time),
    precision: finer ? precision.time : span.precision,
  };
}

function coarsenEvidence(evidence: Evidence, precision: PublicPrecision): Evidence {
  return evidence.captured_at === undefined
    ? evidence
    : { ...evidence, captured_at: coarsenTime(evidence.captured_at, precision.time) };
}

export function coarsenIncidentBody(
  body: IncidentReportBody,
  precision: PublicPrecision,
): IncidentReportBody {
  return {
    ...body,
    time: coarsenTimeSpan(body.time, precision),
    location: coarsenLocation(body.location, precision),
    evidence: body.evidence.map((evidence) => coarsenEvidence(evidence, precision)),
  };
}

/** A record of the public's fold as the public projection stores it. */
export function coarsenRecordForPublic(record: WorkflowRecord, precision: PublicPrecision): WorkflowRecord {
  return record.kind === 'incident'
    ? { ...record, body: coarsenIncidentBody(record.body, precision) }
    : record;
}

function sameLocation(a: Location, b: Location): boolean {
  return (
    Math.abs(a.lat - b.lat) <= DEGREE_TOLERANCE &&
    Math.abs(a.lon - b.lon) <= DEGREE_TOLERANCE &&
    a.precision_m === b.precision_m &&
    a.admin1 === b.admin1 &&
    a.admin2 === b.admin2 &&
    a.sector === b.sector
  );
}

function sameTime(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

function fineLocation(location: Location, precision: PublicPrecision): boolean {
  return !sameLocation(location, coarsenLocation(location, precision));
}

function fineTimeSpan(span: TimeSpan, precision: PublicPrecision): boolean {
  const coarse = coarsenTimeSpan(span, precision);
  return (
    !sameTime(span.start, coarse.start) ||
    !sameTime(span.end, coarse.end) ||
    span.precision !== coarse.precision
  );
}

function fineEvidence(evidence: readonly Evidence[] | undefined, precision: PublicPrecision): boolean {
  return (evidence ?? []).some(
    (e) =>
      e.captured_at !== undefined && !sameTime(e.captured_at, coarsenTime(e.captured_at, precision.time)),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What, if anything, a public statement states more precisely than the public precision allows: a location off
 * the grid or with admin2/sector, an event time or capture time not rounded. Undefined when it is coarse.
 * Amendments are checked on what they patch (a public patch replaces a location or time span whole).
 */
export function findFinePublicDetail(statement: Statement, precision: PublicPrecision): string | undefined {
  if (statement.audience.kind !== 'public') return undefined;
  switch (statement.type) {
    case 'incident.report': {
      const { body } = statement;
      if (fineLocation(body.location, precision)) return 'location';
      if (fineTimeSpan(body.time, precision)) return 'time';
      if (fineEvidence(body.evidence, precision)) return 'evidence captured_at';
      return undefined;
    }
    case 'incident.amend': {
      const { patch } = statement.body;
      if (patch.location !== undefined && patch.location !== null) {
        const location = patch.location;
        if (!isObject(location) || typeof location.lat !== 'number' || typeof location.lon !== 'number')
          return 'location (a public amendment replaces the whole location)';
        if (fineLocation(location as Location, precision)) return 'location';
      }
      if (patch.time !== undefined && patch.time !== null) {
        const time = patch.time;
        if (!isObject(time) || typeof time.start !== 'string' || typeof time.end !== 'string')
          return 'time (a public amendment replaces the whole time span)';
        if (fineTimeSpan(time as TimeSpan, precision)) return 'time';
      }
      if (Array.isArray(patch.evidence) && fineEvidence(patch.evidence as Evidence[], precision))
        return 'evidence captured_at';
      return undefined;
    }
    case 'incident.response': {
      const { action, evidence } = statement.body;
      if (action?.location !== undefined && fineLocation(action.location, precision))
        return 'action location';
      if (
        action?.taken_at !== undefined &&
        !sameTime(action.taken_at, coarsenTime(action.taken_at, precision.time))
      )
        return 'action taken_at';
      if (fineEvidence(evidence, precision)) return 'evidence captured_at';
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A statement as a client should sign it for the public: what `findFinePublicDetail` would refuse, coarsened
 * (locations onto the grid without admin2/sector, event and capture times rounded). Non-public statements are
 * returned as they are. The precise detail belongs in a restricted statement beside it.
 */
export function coarsenStatementForPublic(statement: Statement, precision: PublicPrecision): Statement {
  if (statement.audience.kind !== 'public') return statement;
  switch (statement.type) {
    case 'incident.report':
      return { ...statement, body: coarsenIncidentBody(statement.body, precision) };
    case 'incident.amend': {
      const patch = { ...statement.body.patch };
      if (isObject(patch.location) && typeof patch.location.lat === 'number')
        patch.location = coarsenLocation(patch.location as Location, precision);
      if (isObject(patch.time) && typeof patch.time.start === 'string')
        patch.time = coarsenTimeSpan(patch.time as TimeSpan, precision);
      if (Array.isArray(patch.evidence))
        patch.evidence = (patch.evidence as Evidence[]).map((e) => coarsenEvidence(e, precision));
      return { ...statement, body: { ...statement.body, patch } };
    }
    case 'incident.response': {
      const { action, evidence } = statement.body;
      return {
        ...statement,
        body: {
          ...statement.body,
          evidence: evidence.map((e) => coarsenEvidence(e, precision)),
          ...(action === undefined
            ? {}
            : {
                action: {
                  ...action,
                  ...(action.location === undefined
                    ? {}
                    : { location: coarsenLocation(action.location, precision) }),
                  ...(action.taken_at === undefined
                    ? {}
                    : { taken_at: coarsenTime(action.taken_at, precision.time) }),
                },
              }),
        },
      };
    }
    default:
      return statement;
  }
}
