import { canonicalizeJson } from '@jmm/core';
import {
  audienceSchema,
  findFinePublicDetail,
  incidentReportBodySchema,
  TAXONOMY_VERSION,
  type Audience,
  type IncidentReportBody,
  type PublicPrecision,
  type Statement,
} from '@jmm/domain';
import { parseEventType, parseSubEventType } from './acled-labels.ts';
import { parseCsvRecords, type CsvProblem } from './csv-text.ts';
import { InterchangeError } from './interchange-error.ts';
import type { IncidentCsvColumn } from './incident-csv-columns.ts';

/** A CSV larger than this is refused whole (STYLE.md habit 5); the API's own exports stay far below it. */
export const MAX_INCIDENTS_CSV_BYTES = 32 * 1024 * 1024;
export const MAX_INCIDENTS_CSV_ROWS = 10_000;

export type IncidentCsvProblem = CsvProblem;

/** One row, ready to be signed as an `incident.report` by the importing reporter. */
export interface IncidentCsvRow {
  readonly line: number;
  readonly body: IncidentReportBody;
  readonly audience: Audience;
  /** Where the row came from, when it was exported by JMM: the original statement's digest and organisation. */
  readonly source: { readonly digest?: string; readonly org?: string };
}

export interface ParseIncidentsCsvOptions {
  /** Required for rows whose audience is public: they must be no finer than this (DESIGN.md §1.7). */
  readonly publicPrecision?: PublicPrecision;
  /** The audience of rows without a `jmm_audience`; `mechanism` by default. */
  readonly defaultAudience?: Audience;
}

/** Which column a schema issue is about, so every problem names a cell a person can find. */
const COLUMN_OF_PATH: readonly (readonly [string, IncidentCsvColumn])[] = [
  ['kind', 'jmm_kind'],
  ['category.taxonomy', 'jmm_taxonomy'],
  ['category.mechanism_type', 'jmm_mechanism_type'],
  ['category.event_type', 'event_type'],
  ['category.sub_event_type', 'sub_event_type'],
  ['time.start', 'jmm_time_start'],
  ['time.end', 'jmm_time_end'],
  ['time', 'jmm_time_precision'],
  ['location.lat', 'latitude'],
  ['location.lon', 'longitude'],
  ['location.precision_m', 'jmm_precision_m'],
  ['location.admin1', 'admin1'],
  ['location.admin2', 'admin2'],
  ['location.sector', 'jmm_sector'],
  ['casualties.killed', 'fatalities'],
  ['casualties.civilians_killed', 'jmm_civilians_killed_best'],
  ['casualties.injured', 'jmm_injured_best'],
  ['alleged_responsible.actor', 'actor1'],
  ['alleged_responsible', 'jmm_alleged_party'],
  ['narrative', 'notes'],
  ['evidence', 'jmm_evidence'],
];

function columnOfPath(path: string): IncidentCsvColumn | undefined {
  return COLUMN_OF_PATH.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
}

/** Reads one row's cells by column name, collecting every problem instead of stopping at the first. */
class RowReader {
  readonly problems: CsvProblem[] = [];

  constructor(
    readonly line: number,
    private readonly cells: ReadonlyMap<string, string>,
  ) {}

  text(column: IncidentCsvColumn): string | undefined {
    const value = this.cells.get(column);
    return value === undefined || value === '' ? undefined : value;
  }

  required(column: IncidentCsvColumn): string {
    const value = this.text(column);
    if (value === undefined) this.problem(column, 'is empty');
    return value ?? '';
  }

  integer(column: IncidentCsvColumn): number | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (!/^\d{1,9}$/.test(value)) {
      this.problem(column, `is not a whole number: ${JSON.stringify(value)}`);
      return undefined;
    }
    return Number(value);
  }

  decimal(column: IncidentCsvColumn): number {
    const value = this.required(column);
    // Plain decimals only: no exponents, hex or Infinity, which Number() would also accept.
    if (value !== '' && !/^-?\d{1,3}(\.\d{1,17})?$/.test(value))
      this.problem(column, `is not a decimal number of degrees: ${JSON.stringify(value)}`);
    return Number(value);
  }

  problem(column: IncidentCsvColumn | undefined, message: string): void {
    this.problems.push({ line: this.line, ...(column === undefined ? {} : { column }), message });
  }
}

function readEstimate(
  row: RowReader,
  columns: readonly [IncidentCsvColumn, IncidentCsvColumn, IncidentCsvColumn],
  what: string,
): { best: number; low: number; high: number } | undefined {
  const [best, low, high] = columns.map((column) => row.integer(column));
  if (best === undefined && low === undefined && high === undefined) return undefined;
  if (best === undefined) {
    row.problem(columns[0], `is empty, but ${what} has a low or high`);
    return undefined;
  }
  return { best, low: low ?? best, high: high ?? best };
}

function readTime(row: RowReader): unknown {
  const start = row.text('jmm_time_start');
  const end = row.text('jmm_time_end');
  const precision = row.text('jmm_time_precision');
  if (start !== undefined || end !== undefined || precision !== undefined)
    return { start: start ?? '', end: end ?? start ?? '', precision: precision ?? '' };
  // An ACLED row: the day, week or month of event_date.
  const date = row.required('event_date');
  const acled = row.text('time_precision') ?? '1';
  const precisionOf: Record<string, string> = { '1': 'day', '2': 'week', '3': 'month' };
  if (precisionOf[acled] === undefined) row.problem('time_precision', 'is not 1, 2 or 3');
  return { start: `${date}T00:00:00Z`, end: `${date}T00:00:00Z`, precision: precisionOf[acled] ?? 'day' };
}

function readEvidence(row: RowReader): unknown {
  const text = row.text('jmm_evidence');
  if (text === undefined) return [];
  try {
    return JSON.parse(text) as unknown;
  } catch {
    row.problem('jmm_evidence', 'is not a JSON list of evidence files');
    return [];
  }
}

function readAudience(row: RowReader, fallback: Audience): Audience {
  const text = row.text('jmm_audience');
  if (text === undefined) return fallback;
  const candidate =
    text === 'public' || text === 'mechanism'
      ? { kind: text }
      : text.startsWith('orgs:')
        ? { kind: 'orgs', orgs: text.slice('orgs:'.length).split(',') }
        : undefined;
  const result = audienceSchema.safeParse(candidate);
  if (!result.success) {
    row.problem('jmm_audience', `must be public, mechanism or orgs:a,b, not ${JSON.stringify(text)}`);
    return fallback;
  }
  return result.data;
}

/** The candidate body of a row, before the domain schema judges it. */
function readBody(row: RowReader): Record<string, unknown> {
  const eventTypeText = row.required('event_type');
  const eventType = parseEventType(eventTypeText);
  if (eventTypeText !== '' && eventType === undefined)
    row.problem('event_type', `is not an ACLED event type: ${JSON.stringify(eventTypeText)}`);
  const party = row.text('jmm_alleged_party');
  const actor = row.text('actor1');
  const killed = readEstimate(row, ['fatalities', 'jmm_killed_low', 'jmm_killed_high'], 'fatalities');
  const civilians = readEstimate(
    row,
    ['jmm_civilians_killed_best', 'jmm_civilians_killed_low', 'jmm_civilians_killed_high'],
    'civilians killed',
  );
  const injured = readEstimate(row, ['jmm_injured_best', 'jmm_injured_low', 'jmm_injured_high'], 'injured');
  if (killed === undefined && (civilians !== undefined || injured !== undefined))
    row.problem('fatalities', 'is empty, but civilians killed or injured are given');
  const precision = row.integer('jmm_precision_m');
  if (row.text('jmm_precision_m') === undefined) row.problem('jmm_precision_m', 'is empty');
  const admin1 = row.text('admin1');
  const admin2 = row.text('admin2');
  const sector = row.text('jmm_sector');
  if (party !== undefined && actor === undefined)
    row.problem('actor1', 'is empty, but jmm_alleged_party names a party: name the group or unit');
  return {
    kind: row.text('jmm_kind') ?? (party === undefined ? 'observation' : 'allegation'),
    category: {
      taxonomy: row.text('jmm_taxonomy') ?? TAXONOMY_VERSION,
      mechanism_type: row.required('jmm_mechanism_type'),
      event_type: eventType ?? eventTypeText,
      sub_event_type: parseSubEventType(row.required('sub_event_type')),
    },
    time: readTime(row),
    location: {
      lat: row.decimal('latitude'),
      lon: row.decimal('longitude'),
      precision_m: precision ?? 0,
      ...(admin1 === undefined ? {} : { admin1 }),
      ...(admin2 === undefined ? {} : { admin2 }),
      ...(sector === undefined ? {} : { sector }),
    },
    ...(killed === undefined
      ? {}
      : {
          casualties: {
            killed,
            ...(civilians === undefined ? {} : { civilians_killed: civilians }),
            ...(injured === undefined ? {} : { injured }),
          },
        }),
    // A party without an actor keeps the party, so the one mistake is reported once, at actor1.
    ...(actor === undefined && party === undefined
      ? {}
      : { alleged_responsible: { actor: actor ?? '', ...(party === undefined ? {} : { party }) } }),
    narrative: row.required('notes'),
    evidence: readEvidence(row),
  };
}

/**
 * Reads incidents from CSV (as `formatIncidentsCsv` writes it, or ACLED-style with fewer columns) into
 * `incident.report` bodies validated with the domain's schema. Every row is read and every problem reported,
 * each with its line (and column where there is one); `rows` holds only the rows without problems, and a caller
 * that must not half-import submits nothing unless `problems` is empty. Rows repeating an earlier row (the same
 * body and audience) are problems too, so an import never signs the same report twice.
 *
 * Throws InterchangeError('too_large') above MAX_INCIDENTS_CSV_BYTES or MAX_INCIDENTS_CSV_ROWS.
 */
export function parseIncidentsCsv(
  text: string,
  options: ParseIncidentsCsvOptions = {},
): { rows: IncidentCsvRow[]; problems: IncidentCsvProblem[] } {
  if (text.length > MAX_INCIDENTS_CSV_BYTES)
    throw new InterchangeError('too_large', `a CSV of incidents is at most ${MAX_INCIDENTS_CSV_BYTES} bytes`);
  const parsed = parseCsvRecords(text);
  const problems: IncidentCsvProblem[] = [...parsed.problems];
  const [header, ...records] = parsed.records;
  if (header === undefined) {
    if (problems.length === 0) problems.push({ line: 1, message: 'the file has no header row' });
    return { rows: [], problems };
  }
  if (records.length > MAX_INCIDENTS_CSV_ROWS)
    throw new InterchangeError('too_large', `a CSV of incidents has at most ${MAX_INCIDENTS_CSV_ROWS} rows`);
  for (const [position, name] of header.fields.entries()) {
    if (header.fields.indexOf(name) !== position)
      problems.push({ line: header.line, column: name, message: 'the header names this column twice' });
  }
  for (const required of ['event_type', 'sub_event_type', 'latitude', 'longitude', 'notes'] as const) {
    if (!header.fields.includes(required))
      problems.push({ line: header.line, column: required, message: 'the header has no such column' });
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: IncidentCsvRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      problems.push({
        line: record.line,
        message: `has ${record.fields.length} fields; the header has ${header.fields.length}`,
      });
      continue;
    }
    const row = new RowReader(
      record.line,
      new Map(header.fields.map((name, i) => [name, record.fields[i]!] as const)),
    );
    const audience = readAudience(row, options.defaultAudience ?? { kind: 'mechanism' });
    const candidate = readBody(row);
    const result = incidentReportBodySchema.safeParse(candidate);
    if (!result.success) {
      // A cell already reported unreadable is not reported again by the schema.
      const reported = new Set(row.problems.map((problem) => problem.column));
      for (const issue of result.error.issues) {
        const path = issue.path.map(String).join('.');
        const column = columnOfPath(path);
        if (column === undefined || !reported.has(column))
          row.problem(column, `${path || 'body'}: ${issue.message}`);
      }
    } else if (audience.kind === 'public') {
      checkPublicPrecision(row, result.data, options.publicPrecision);
    }
    // Only rows whose own cells are sound are compared, so one mistake is reported once.
    if (row.problems.length === 0 && result.success) {
      const key = canonicalizeJson({ body: result.data, audience });
      const first = firstLineOf.get(key);
      if (first !== undefined) row.problem(undefined, `repeats line ${first}`);
      else firstLineOf.set(key, record.line);
    }
    problems.push(...row.problems);
    if (row.problems.length === 0 && result.success) {
      const digest = row.text('jmm_digest');
      const org = row.text('source');
      rows.push({
        line: record.line,
        body: result.data,
        audience,
        source: { ...(digest === undefined ? {} : { digest }), ...(org === undefined ? {} : { org }) },
      });
    }
  }
  return { rows, problems };
}

const COLUMN_OF_FINE_DETAIL: Readonly<Record<string, IncidentCsvColumn>> = {
  location: 'latitude',
  time: 'jmm_time_start',
  'evidence captured_at': 'jmm_evidence',
};

/** A public row must be as coarse as the mechanism publishes (the server refuses it otherwise, DESIGN.md §1.7). */
function checkPublicPrecision(
  row: RowReader,
  body: IncidentReportBody,
  precision: PublicPrecision | undefined,
): void {
  if (precision === undefined) {
    row.problem('jmm_audience', "is public, and the mechanism's public precision was not given to check it");
    return;
  }
  // The domain's own check reads only the type, audience and body of the statement.
  const detail = findFinePublicDetail(
    { type: 'incident.report', audience: { kind: 'public' }, body } as Statement,
    precision,
  );
  if (detail !== undefined)
    row.problem(
      COLUMN_OF_FINE_DETAIL[detail],
      `the audience is public, but the ${detail} is finer than the public precision (${precision.locationMetres} m, ${precision.time}); coarsen it or choose a restricted audience`,
    );
}
