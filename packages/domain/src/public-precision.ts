import type { Settings } from './settings.ts';
import type { IncidentReportBody } from './statements/incident.ts';

/**
 * The public precision (DESIGN.md §1.7) and what it does to the details a statement gives: coarsen them onto
 * it, or tell whether they are finer than it. public-disclosure.ts applies these to whole statements and
 * records; each statement type's handler says which of its details are coarsened.
 */

export type Location = IncidentReportBody['location'];
export type TimeSpan = IncidentReportBody['time'];
export type Evidence = IncidentReportBody['evidence'][number];

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

export function coarsenEvidence(evidence: Evidence, precision: PublicPrecision): Evidence {
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

/** Whether `time` is not already rounded to the public time precision. */
export function isFineTime(time: string, precision: PublicPrecision): boolean {
  return !sameTime(time, coarsenTime(time, precision.time));
}

export function isFineLocation(location: Location, precision: PublicPrecision): boolean {
  return !sameLocation(location, coarsenLocation(location, precision));
}

export function isFineTimeSpan(span: TimeSpan, precision: PublicPrecision): boolean {
  const coarse = coarsenTimeSpan(span, precision);
  return (
    !sameTime(span.start, coarse.start) ||
    !sameTime(span.end, coarse.end) ||
    span.precision !== coarse.precision
  );
}

/** Whether any of `evidence` gives its capture time more precisely than the public time precision. */
export function hasFineEvidence(
  evidence: readonly Evidence[] | undefined,
  precision: PublicPrecision,
): boolean {
  return (evidence ?? []).some((e) => e.captured_at !== undefined && isFineTime(e.captured_at, precision));
}
