import type { Audience } from '@jmm/domain';
import { ACLED_DISORDER_TYPES, ACLED_EVENT_TYPE_LABELS, formatSubEventType } from './acled-labels.ts';
import { formatCsvRecord } from './csv-text.ts';
import type { IncidentView } from './export-views.types.ts';
import {
  ACLED_TIME_PRECISION,
  formatGeoPrecision,
  INCIDENT_CSV_COLUMNS,
  type IncidentCsvColumn,
} from './incident-csv-columns.ts';

/** `public`, `mechanism` or `orgs:a,b`: the spelling `jmm statement new --audience` takes. */
export function formatAudience(audience: Audience): string {
  return audience.kind === 'orgs' ? `orgs:${audience.orgs.join(',')}` : audience.kind;
}

/** Numbers as JavaScript's shortest round-trip form, so parsing gives back the same double. */
function number(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

function unixSeconds(time: string): string {
  return String(Math.floor(Date.parse(time) / 1000));
}

function formatRow(incident: IncidentView): Record<IncidentCsvColumn, string> {
  const { category, time, location, casualties } = incident;
  return {
    event_id_cnty: `JMM${incident.index}`,
    event_date: time.start.slice(0, 10),
    year: time.start.slice(0, 4),
    time_precision: ACLED_TIME_PRECISION[time.precision],
    disorder_type: ACLED_DISORDER_TYPES[category.event_type],
    event_type: ACLED_EVENT_TYPE_LABELS[category.event_type],
    sub_event_type: formatSubEventType(category),
    actor1: incident.alleged_responsible?.actor ?? '',
    admin1: location.admin1 ?? '',
    admin2: location.admin2 ?? '',
    latitude: number(location.lat),
    longitude: number(location.lon),
    geo_precision: formatGeoPrecision(location.precision_m),
    source: incident.org,
    notes: incident.narrative,
    fatalities: number(casualties?.killed.best),
    timestamp: unixSeconds(incident.reported_at),
    jmm_digest: incident.digest,
    jmm_index: String(incident.index),
    jmm_member: incident.member ?? '',
    jmm_audience: formatAudience(incident.audience),
    jmm_status: incident.status,
    jmm_reported_at: incident.reported_at,
    jmm_case: incident.case_digest ?? '',
    jmm_amendments: incident.amendments.join(' '),
    jmm_kind: incident.kind,
    jmm_taxonomy: category.taxonomy,
    jmm_mechanism_type: category.mechanism_type,
    jmm_time_start: time.start,
    jmm_time_end: time.end,
    jmm_time_precision: time.precision,
    jmm_precision_m: String(location.precision_m),
    jmm_sector: location.sector ?? '',
    jmm_alleged_party: incident.alleged_responsible?.party ?? '',
    jmm_killed_low: number(casualties?.killed.low),
    jmm_killed_high: number(casualties?.killed.high),
    jmm_civilians_killed_best: number(casualties?.civilians_killed?.best),
    jmm_civilians_killed_low: number(casualties?.civilians_killed?.low),
    jmm_civilians_killed_high: number(casualties?.civilians_killed?.high),
    jmm_injured_best: number(casualties?.injured?.best),
    jmm_injured_low: number(casualties?.injured?.low),
    jmm_injured_high: number(casualties?.injured?.high),
    // The evidence list as compact JSON: a list of objects has no flat CSV form, and JSON keeps every field.
    jmm_evidence: incident.evidence.length === 0 ? '' : JSON.stringify(incident.evidence),
  };
}

/**
 * Incidents as CSV (RFC 4180, UTF-8, CRLF): a header row of INCIDENT_CSV_COLUMNS, then one row per incident, in
 * the order given. An empty cell is an absent value; a public view's rows have no member.
 */
export function formatIncidentsCsv(incidents: readonly IncidentView[]): string {
  const header = formatCsvRecord(INCIDENT_CSV_COLUMNS);
  const rows = incidents.map((incident) => {
    const row = formatRow(incident);
    return formatCsvRecord(INCIDENT_CSV_COLUMNS.map((column) => row[column]));
  });
  return header + rows.join('');
}
