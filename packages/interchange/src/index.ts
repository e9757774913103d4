// @jmm/interchange: incidents to and from CSV (ACLED columns), GeoJSON and STIX 2.1 (pure; DESIGN.md §7, §8).
export { InterchangeError, isInterchangeError, type InterchangeErrorCode } from './interchange-error.ts';
export type { CaseView, FindingView, IncidentView, OrgView } from './export-views.types.ts';
export { formatCsvRecord, parseCsvRecords, type CsvProblem, type CsvRecord } from './csv-text.ts';
export { INCIDENT_CSV_COLUMNS, type IncidentCsvColumn } from './incident-csv-columns.ts';
export { formatAudience, formatIncidentsCsv } from './format-incidents-csv.ts';
export {
  MAX_INCIDENTS_CSV_BYTES,
  MAX_INCIDENTS_CSV_ROWS,
  parseIncidentsCsv,
  type IncidentCsvProblem,
  type IncidentCsvRow,
  type ParseIncidentsCsvOptions,
} from './parse-incidents-csv.ts';
export { formatIncidentsGeoJson } from './format-incidents-geojson.ts';
export { formatStixBundle, type StixBundleInput } from './format-stix-bundle.ts';
export { deriveStixId } from './stix-id.ts';
export { formatTlpMarking, selectTlpLevel, TLP_2_MARKINGS, type TlpLevel } from './tlp-markings.ts';
