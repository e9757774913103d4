import { coarsenLocation, listReportValues } from '@jmm/domain';
import { describe, expect, it } from 'vitest';
import { buildReportModel } from './build-report-model.ts';
import { listPublishedCells } from './report-cells.ts';
import { ReportError } from './report-error.ts';
import type { ReportModel } from './report-model.ts';
import { publicMetrics, publicReportInput } from './report.fixture.ts';

function tableRow(model: ReportModel, tableId: string, label: string): string[] {
  const table = model.sections.flatMap((s) => s.tables).find((t) => t.id === tableId);
  const row = table?.rows.find((r) => r[0]?.text === label);
  if (row === undefined) throw new Error(`no row ${label} in ${tableId}`);
  return row.map((c) => c.text);
}

describe('buildReportModel', () => {
  describe('on a hand-built public October 2026 metrics result', () => {
    const model = buildReportModel(publicReportInput());

    it('names the period, the previous period and the checkpoint', () => {
      expect(model.title).toBe('Joint Border Mechanism (demo): public monthly report, October 2026');
      expect(model.period.label).toBe('October 2026');
      expect(model.period.previous_label).toBe('September 2026');
      expect(model.verification.join(' ')).toContain('tree size 4321');
      expect(model.verify_command).toBe(
        "jmm verify https://jmm.example.org --origin jmm.example.org/pak-afg --log-key '<log verifier key>'",
      );
    });

    it('writes the summary from the numbers, withheld cells as "fewer than K"', () => {
      expect(model.summary).toEqual([
        'This report counts public statements only. Any count below 3 is shown as “fewer than 3”, never as a number; a share, median or time computed from such a count is “withheld”, and so is a category count hidden so that a total does not give a small one away.',
        'pa reported 12 allegations (8 in September 2026).',
        'pb reported fewer than 3 allegations (4 in September 2026).',
        'Fewer than 3 allegations (fewer than 3 in September 2026) named pa as responsible.',
        '12 allegations (8 in September 2026) named pb as responsible.',
        'pa responded on time to a withheld share (fewer than 3 cases) of the responses due; fewer than 3 responses were overdue at the end of the period.',
        'pb responded on time to 60% of the responses due; 4 responses were overdue at the end of the period.',
        'Of the fewer than 3 allegations against pa reported in the period, the verifiers admitted fewer than 3 and confirmed fewer than 3; fewer than 3 findings on allegations against it became final in the period.',
        'Of the 12 allegations against pb reported in the period, the verifiers admitted 6 and confirmed 3; 3 findings on allegations against it became final in the period.',
        'pa received 5 requests (6 in September 2026); it acknowledged a withheld share (fewer than 3 cases) of those due on time and replied on time to a withheld share (fewer than 3 cases).',
        'pb received 8 requests (5 in September 2026); it acknowledged 75% of those due on time and replied on time to 50%.',
        'The verifiers recorded fewer than 3 access denials or delays (fewer than 3 in September 2026) naming pa.',
        'The verifiers recorded 4 access denials or delays (3 in September 2026) naming pb.',
        'Across 1 commitment in force, 0 of 2 computed indicator results were met, 1 not met, 0 without data and 1 withheld.',
        '1 finding was released in the period; the map shows 2 incidents at public precision.',
      ]);
    });

    it('shows every value beside the previous period and the change', () => {
      expect(tableRow(model, 'responses-pb', 'Share responded to on time')).toEqual([
        'Share responded to on time',
        '60%',
        '50%',
        '+10 pp',
      ]);
      expect(tableRow(model, 'responses-pb', 'Hours to first response (median)')).toEqual([
        'Hours to first response (median)',
        '30.5',
        '41',
        '-10.5',
      ]);
      expect(tableRow(model, 'alleged_by-pb', 'All categories')).toEqual([
        'All categories',
        'fewer than 3',
        '4',
        '–',
      ]);
      expect(tableRow(model, 'alleged_by-pa', 'Incursion')).toEqual([
        'Incursion',
        'withheld',
        'withheld',
        '–',
      ]);
      expect(tableRow(model, 'commitment-abababababababab', 'Requests acknowledged on time')).toEqual([
        'Requests acknowledged on time',
        'pa',
        'withheld',
        'withheld',
        '–',
        'withheld (target at least 80%; before: withheld)',
      ]);
    });

    it('puts every published value in exactly one table cell, with its value', () => {
      const values = listReportValues(publicMetrics());
      const cells = listPublishedCells(model);
      expect(Object.keys(values).length).toBeGreaterThan(40);
      expect(Object.fromEntries(cells.map((c) => [c.key, c.value]))).toEqual(values);
      expect(cells).toHaveLength(Object.keys(values).length);
      expect(model.values).toEqual(values);
    });

    it('keeps only the findings released in the period', () => {
      expect(model.findings.map((f) => f.title)).toEqual(['Shelling near the crossing']);
    });

    it('is a pure function of its input', () => {
      expect(buildReportModel(publicReportInput())).toEqual(model);
    });
  });

  describe('when the report is public', () => {
    const input = publicReportInput({
      incidents: [{ lat: 34.123456, lon: 71.654321, admin1: 'PK-KP', category: 'incursion' }],
      findings: [
        // Extra fields a careless caller might pass through: the model must not carry them.
        {
          digest: `sha256:${'ef'.repeat(32)}`,
          released_at: '2026-10-20T09:00:00.000Z',
          title: 'A finding',
          summary: 'summary',
          issuer: 'ver/analyst',
          team: [{ org: 'ver', member: 'approver-2' }],
        } as never,
      ],
    });
    const model = buildReportModel(input);
    const json = JSON.stringify(model);

    it('contains no member id', () => {
      expect(json).not.toContain('ver/analyst');
      expect(json).not.toContain('approver-2');
    });

    it('maps no incident finer than the public precision', () => {
      const precision = { locationMetres: 10_000, time: 'month' as const };
      expect(model.map.incidents).toHaveLength(1);
      for (const incident of model.map.incidents) {
        const snapped = coarsenLocation({ ...incident, precision_m: 10_000 }, precision);
        expect([incident.lat, incident.lon]).toEqual([snapped.lat, snapped.lon]);
      }
      expect(json).not.toContain('34.123456');
      expect(json).not.toContain('71.654321');
    });
  });

  describe('when the report is for the mechanism', () => {
    it('maps incidents where they were reported', () => {
      const metrics = { ...publicMetrics(), public: false, min_cell_size: null };
      const model = buildReportModel(
        publicReportInput({
          audience: 'mechanism',
          metrics,
          incidents: [{ lat: 34.123456, lon: 71.654321, admin1: 'PK-KP', category: 'incursion' }],
        }),
      );
      expect(model.title).toBe('Joint Border Mechanism (demo): mechanism monthly report, October 2026');
      expect(model.map.incidents).toEqual([
        { lat: 34.123456, lon: 71.654321, admin1: 'PK-KP', category: 'incursion' },
      ]);
    });
  });

  describe('when the input contradicts itself', () => {
    it('refuses metrics of another period', () => {
      const input = publicReportInput({
        period: { kind: 'month', start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z' },
      });
      expect(() => buildReportModel(input)).toThrow(ReportError);
      expect(() => buildReportModel(input)).toThrow(
        expect.objectContaining({ code: 'invalid_report_input' }),
      );
    });

    it('refuses public metrics for a mechanism audience', () => {
      expect(() => buildReportModel(publicReportInput({ audience: 'mechanism' }))).toThrow(
        expect.objectContaining({ code: 'invalid_report_input' }),
      );
    });
  });
});
