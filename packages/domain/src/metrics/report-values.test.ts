import { describe, expect, it } from 'vitest';
import { computeMetrics } from './compute-metrics.ts';
import { MetricsLog, SHORT_DEADLINES } from './metrics.fixture.ts';
import { findReportPeriodKind, findReportValueDifference, listReportValues } from './report-values.ts';

const PUBLIC = { kind: 'public' } as const;

/** In August pa alleges six times publicly against pb, and twice to the mechanism only. */
function august(): MetricsLog {
  const log = new MetricsLog(SHORT_DEADLINES);
  for (let day = 1; day <= 6; day++) log.report(`2026-08-0${day}T00:00:00Z`, { audience: PUBLIC });
  log.report('2026-08-07T00:00:00Z');
  log.report('2026-08-08T00:00:00Z');
  return log;
}

function valuesOf(log: MetricsLog, publicMode: boolean): Record<string, number> {
  return listReportValues(
    computeMetrics({
      statements: log.statements.filter((s) => !publicMode || s.statement.audience.kind === 'public'),
      settings: SHORT_DEADLINES,
      periodKind: 'month',
      periodAt: '2026-08-01T00:00:00Z',
      asOf: '2026-08-20T00:00:00Z',
      publicMode,
    }),
  );
}

describe('the values a report carries', () => {
  it('are the public metrics by path, with small cells left out (worked by hand)', () => {
    const values = valuesOf(august(), true);
    // Six public allegations by pa, all cross-border fire: the total and the category reach the cell size (5).
    expect(values['incidents.alleged_by.pa.total']).toBe(6);
    expect(values['incidents.alleged_against.pb.total']).toBe(6);
    expect(values['incidents.alleged_by.pa.by_category.cross_border_fire']).toBe(6);
    // pb alleged nothing: 0 is below the minimum cell size, so the cell is suppressed and has no key.
    expect(values).not.toHaveProperty('incidents.alleged_by.pb.total');
    expect(values).not.toHaveProperty('incidents.alleged_by.pa.by_category.incursion');
    // No key names a previous period or a position in a list.
    expect(Object.keys(values).every((key) => !/previous|\.\d+\./.test(key))).toBe(true);
  });

  it('for the mechanism count what the public does not see, small cells included', () => {
    const values = valuesOf(august(), false);
    expect(values['incidents.alleged_by.pa.total']).toBe(8);
    expect(values['incidents.alleged_by.pb.total']).toBe(0);
  });
});

describe('a report period', () => {
  it('is one calendar week, month or quarter in UTC', () => {
    expect(findReportPeriodKind({ start: '2026-08-01T00:00:00Z', end: '2026-09-01T00:00:00Z' })).toBe(
      'month',
    );
    expect(findReportPeriodKind({ start: '2026-07-01T00:00:00Z', end: '2026-10-01T00:00:00Z' })).toBe(
      'quarter',
    );
    // 2026-08-03 is a Monday.
    expect(findReportPeriodKind({ start: '2026-08-03T00:00:00Z', end: '2026-08-10T00:00:00Z' })).toBe('week');
    expect(
      findReportPeriodKind({ start: '2026-08-02T00:00:00Z', end: '2026-09-02T00:00:00Z' }),
    ).toBeUndefined();
  });
});

describe('comparing published values with the log', () => {
  it('names the first changed, missing or extra value', () => {
    const computed = { 'a.total': 6, 'b.share': 0.5 };
    expect(findReportValueDifference({ 'a.total': 6, 'b.share': 0.5 }, computed)).toBeUndefined();
    expect(findReportValueDifference({ 'a.total': 7, 'b.share': 0.5 }, computed)).toMatch(/a\.total is 7/);
    expect(findReportValueDifference({ 'a.total': 6 }, computed)).toMatch(/b\.share is missing/);
    expect(findReportValueDifference({ ...computed, 'c.total': 3 }, computed)).toMatch(/c\.total is not/);
  });
});
