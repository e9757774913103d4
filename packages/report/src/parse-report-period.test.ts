import { describe, expect, it } from 'vitest';
import { parseReportPeriod } from './parse-report-period.ts';
import { ReportError } from './report-error.ts';

describe('parseReportPeriod', () => {
  it('reads a month as the calendar month in UTC', () => {
    expect(parseReportPeriod('2026-10')).toEqual({
      kind: 'month',
      start: '2026-10-01T00:00:00.000Z',
      end: '2026-11-01T00:00:00.000Z',
    });
    expect(parseReportPeriod('2026-12').end).toBe('2027-01-01T00:00:00.000Z');
  });

  it('reads a quarter', () => {
    expect(parseReportPeriod('2026-Q3')).toEqual({
      kind: 'quarter',
      start: '2026-07-01T00:00:00.000Z',
      end: '2026-10-01T00:00:00.000Z',
    });
  });

  describe('an ISO 8601 week', () => {
    it('starts on the Monday of the week that holds 4 January, for week 1', () => {
      // 4 January 2026 is a Sunday: week 1 runs from Monday 29 December 2025.
      expect(parseReportPeriod('2026-W01')).toEqual({
        kind: 'week',
        start: '2025-12-29T00:00:00.000Z',
        end: '2026-01-05T00:00:00.000Z',
      });
    });

    it('counts weeks on from there', () => {
      expect(parseReportPeriod('2026-W40').start).toBe('2026-09-28T00:00:00.000Z');
    });

    it('knows which years have a week 53', () => {
      expect(parseReportPeriod('2026-W53').start).toBe('2026-12-28T00:00:00.000Z');
      expect(() => parseReportPeriod('2027-W53')).toThrow(ReportError);
    });
  });

  it.each(['2026-13', '2026-00', '2026-Q5', '2026-W00', '2026/10', 'October', '2026-10-01', '9'.repeat(400)])(
    'refuses %s with invalid_report_period',
    (text) => {
      let error: unknown;
      try {
        parseReportPeriod(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ReportError);
      expect((error as ReportError).code).toBe('invalid_report_period');
    },
  );
});
