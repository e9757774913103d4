/**
 * The columns of an incident CSV, in order. ACLED's column names where a JMM field means the same thing
 * (ACLED Codebook: event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type,
 * actor1, admin1, admin2, latitude, longitude, geo_precision, source, notes, fatalities, timestamp), and
 * `jmm_*` columns for everything ACLED has no column for, so that a row holds every field of the incident's
 * `incident.report` body and `parseIncidentsCsv` gets it back exactly.
 *
 * ACLED columns with no honest JMM value (country, admin3, location, assoc_actor_1, actor2, inter1,
 * source_scale, tags, civilian_targeting, iso) are left out rather than filled with guesses: JMM does not record
 * a country or a place name, and its sources are the reporting organisations themselves.
 */
export const INCIDENT_CSV_COLUMNS = [
  // ACLED
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'admin1',
  'admin2',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'notes',
  'fatalities',
  'timestamp',
  // JMM: the record
  'jmm_digest',
  'jmm_index',
  'jmm_member',
  'jmm_audience',
  'jmm_status',
  'jmm_reported_at',
  'jmm_case',
  'jmm_amendments',
  // JMM: the rest of the incident.report body
  'jmm_kind',
  'jmm_taxonomy',
  'jmm_mechanism_type',
  'jmm_time_start',
  'jmm_time_end',
  'jmm_time_precision',
  'jmm_precision_m',
  'jmm_sector',
  'jmm_alleged_party',
  'jmm_killed_low',
  'jmm_killed_high',
  'jmm_civilians_killed_best',
  'jmm_civilians_killed_low',
  'jmm_civilians_killed_high',
  'jmm_injured_best',
  'jmm_injured_low',
  'jmm_injured_high',
  'jmm_evidence',
] as const;
export type IncidentCsvColumn = (typeof INCIDENT_CSV_COLUMNS)[number];

/** ACLED time_precision: 1 the day is known, 2 the week, 3 the month (an exact time is known to the day). */
export const ACLED_TIME_PRECISION = { exact: '1', day: '1', week: '2', month: '3' } as const;

/**
 * ACLED geo_precision from JMM's precision in metres: 1 the place itself, 2 near it or part of a region, 3 a
 * larger region. The thresholds are JMM's reading of the codebook's words, not ACLED's numbers.
 */
export function formatGeoPrecision(precisionMetres: number): string {
  if (precisionMetres <= 1_000) return '1';
  if (precisionMetres <= 25_000) return '2';
  return '3';
}
