import type { IncidentReportBody } from '@jmm/domain';
import { describe, expect, it } from 'vitest';
import {
  BARE_OBSERVATION,
  FULL_ALLEGATION,
  MECHANISM_ALLEGATION,
  PUBLIC_PRECISION,
} from '../test/sample-views.ts';
import { formatCsvRecord } from './csv-text.ts';
import type { IncidentView } from './export-views.types.ts';
import { formatIncidentsCsv } from './format-incidents-csv.ts';
import { INCIDENT_CSV_COLUMNS } from './incident-csv-columns.ts';
import { parseIncidentsCsv } from './parse-incidents-csv.ts';

/** The incident.report body a view shows (the report with its amendments applied). */
function bodyOf(view: IncidentView): IncidentReportBody {
  return {
    kind: view.kind,
    category: view.category,
    time: view.time,
    location: view.location,
    ...(view.casualties === null ? {} : { casualties: view.casualties }),
    ...(view.alleged_responsible === null
      ? {}
      : {
          alleged_responsible: {
            actor: view.alleged_responsible.actor,
            ...(view.alleged_responsible.party === null ? {} : { party: view.alleged_responsible.party }),
          },
        }),
    narrative: view.narrative,
    evidence: view.evidence,
  };
}

const VIEWS = [FULL_ALLEGATION, BARE_OBSERVATION, MECHANISM_ALLEGATION];

/** A CSV of one header and rows given as column → value (other cells empty). */
function csvOf(rows: readonly Partial<Record<(typeof INCIDENT_CSV_COLUMNS)[number], string>>[]): string {
  return (
    formatCsvRecord(INCIDENT_CSV_COLUMNS) +
    rows.map((row) => formatCsvRecord(INCIDENT_CSV_COLUMNS.map((c) => row[c] ?? ''))).join('')
  );
}

function rowOf(view: IncidentView): Record<string, string> {
  const [, line] = formatIncidentsCsv([view]).split('\r\n');
  // Only used for single-line rows (no line break in the narrative).
  return Object.fromEntries(INCIDENT_CSV_COLUMNS.map((c, i) => [c, line!.split(',')[i]!]));
}

describe('formatIncidentsCsv → parseIncidentsCsv', () => {
  it('gives back every field of every incident.report body, its audience and where it came from', () => {
    const { rows, problems } = parseIncidentsCsv(formatIncidentsCsv(VIEWS), {
      publicPrecision: PUBLIC_PRECISION,
    });
    expect(problems).toEqual([]);
    expect(rows.map((row) => row.body)).toEqual(VIEWS.map(bodyOf));
    expect(rows.map((row) => row.audience)).toEqual(VIEWS.map((view) => view.audience));
    expect(rows.map((row) => row.source)).toEqual(
      VIEWS.map((view) => ({ digest: view.digest, org: view.org })),
    );
  });

  it('writes ACLED columns with ACLED spellings, and leaves a public row without a member', () => {
    const csv = formatIncidentsCsv([FULL_ALLEGATION, BARE_OBSERVATION]);
    const [header] = csv.split('\r\n');
    expect(header!.startsWith('event_id_cnty,event_date,year,time_precision,disorder_type,event_type')).toBe(
      true,
    );
    expect(csv).toContain(
      ',Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,',
    );
    const publicRow = rowOf(BARE_OBSERVATION);
    expect(publicRow.jmm_member).toBe('');
    expect(publicRow.time_precision).toBe(
      { exact: '1', day: '1', week: '2', month: '3' }[BARE_OBSERVATION.time.precision],
    );
    expect(publicRow.fatalities).toBe('');
  });
});

describe('parseIncidentsCsv', () => {
  describe('when rows are wrong', () => {
    it('reports every problem of every row with its line and column, and returns only the sound rows', () => {
      const good = rowOf(BARE_OBSERVATION);
      const csv = csvOf([
        { ...good, jmm_audience: 'mechanism' },
        { ...good, latitude: '95', jmm_audience: 'mechanism' },
        { ...good, sub_event_type: 'Armed clash', event_type: 'Protests', jmm_audience: 'mechanism' },
        { ...good, notes: '', jmm_precision_m: 'far', jmm_audience: 'everyone' },
        { ...good, jmm_alleged_party: 'pb', jmm_kind: 'allegation', jmm_audience: 'mechanism' },
        { ...good, fatalities: '', jmm_killed_low: '2', jmm_audience: 'mechanism' },
      ]);
      const { rows, problems } = parseIncidentsCsv(csv);
      expect(rows.map((row) => row.line)).toEqual([2]);
      expect(problems.map((p) => [p.line, p.column])).toEqual([
        [3, 'latitude'],
        [4, 'sub_event_type'],
        [5, 'jmm_audience'],
        [5, 'jmm_precision_m'],
        [5, 'notes'],
        [6, 'actor1'],
        [7, 'fatalities'],
      ]);
    });

    it('reports a row that repeats an earlier one, so nothing is signed twice', () => {
      const good = rowOf(BARE_OBSERVATION);
      const { rows, problems } = parseIncidentsCsv(csvOf([good, good]), {
        publicPrecision: PUBLIC_PRECISION,
      });
      expect(rows).toHaveLength(1);
      expect(problems).toEqual([{ line: 3, message: 'repeats line 2' }]);
    });

    it('refuses a public row finer than the public precision', () => {
      const fine = { ...rowOf(BARE_OBSERVATION), latitude: '34.8071234' };
      const { problems } = parseIncidentsCsv(csvOf([fine]), { publicPrecision: PUBLIC_PRECISION });
      expect(problems).toEqual([
        { line: 2, column: 'latitude', message: expect.stringContaining('finer than the public') as string },
      ]);
    });

    it('reports a row with the wrong number of fields, and a header without a required column', () => {
      expect(parseIncidentsCsv(`${INCIDENT_CSV_COLUMNS.join(',')}\r\na,b\r\n`).problems).toEqual([
        { line: 2, message: `has 2 fields; the header has ${INCIDENT_CSV_COLUMNS.length}` },
      ]);
      expect(parseIncidentsCsv('event_type,notes\r\n').problems.map((p) => p.column)).toEqual([
        'sub_event_type',
        'latitude',
        'longitude',
      ]);
    });
  });

  it('reads an ACLED-style row without jmm_* time columns: the day of event_date', () => {
    const { rows, problems } = parseIncidentsCsv(
      'event_date,time_precision,event_type,sub_event_type,latitude,longitude,notes,jmm_mechanism_type,jmm_precision_m\r\n' +
        '2026-05-02,1,Battles,Armed clash,34.5,70.25,Clash at the post.,attack_on_border_post,2000\r\n',
    );
    expect(problems).toEqual([]);
    expect(rows[0]?.body.time).toEqual({
      start: '2026-05-02T00:00:00Z',
      end: '2026-05-02T00:00:00Z',
      precision: 'day',
    });
    expect(rows[0]?.body.kind).toBe('observation');
    expect(rows[0]?.audience).toEqual({ kind: 'mechanism' });
  });
});
