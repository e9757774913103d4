import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../settings.ts';
import { computeFoldMetrics, computeMetrics } from './compute-metrics.ts';
import { replayMechanismState } from './metrics-context.ts';
import { metricsResultSchema } from './metrics-result.ts';
import { MetricsLog, rowOf, SHORT_DEADLINES } from './metrics.fixture.ts';

const AS_OF = '2026-08-20T00:00:00Z';
const PUBLIC = { kind: 'public' } as const;

/**
 * In August pa publicly alleges six times against pb (five cross-border fire, one incursion) and pb publicly
 * answers five within ten hours; pa also alleges three times to the mechanism only. In July pa publicly alleged
 * twice.
 */
function mixedLog(): MetricsLog {
  const log = new MetricsLog(SHORT_DEADLINES);
  log.report('2026-07-10T00:00:00Z', { audience: PUBLIC });
  log.report('2026-07-11T00:00:00Z', { audience: PUBLIC });
  for (let day = 1; day <= 6; day++) {
    const reportedAt = `2026-08-0${day}T00:00:00Z`;
    const report = log.report(reportedAt, {
      audience: PUBLIC,
      category: day === 6 ? 'incursion' : 'cross_border_fire',
    });
    if (day <= 5) {
      log.add(
        'incident.response',
        'pb/liaison',
        `2026-08-0${day}T10:00:00Z`,
        { position: 'dispute', narrative: 'no such event', evidence: [] },
        { refs: [{ rel: 'responds_to', digest: report }], audience: PUBLIC },
      );
    }
    if (day <= 3) log.report(`2026-08-0${day}T12:00:00Z`);
  }
  return log;
}

function publicMetrics(log: MetricsLog, statements = log.statements) {
  return computeMetrics({
    statements: statements.filter((s) => s.statement.audience.kind === 'public'),
    settings: log.settings,
    periodKind: 'month',
    asOf: AS_OF,
    publicMode: true,
  });
}

describe('computeMetrics', () => {
  const log = mixedLog();

  it('names as_of, the period and the previous period', () => {
    expect(log.metrics(AS_OF)).toMatchObject({
      as_of: AS_OF,
      time_zone: 'UTC',
      public: false,
      min_cell_size: null,
      period: {
        kind: 'month',
        start: '2026-08-01T00:00:00.000Z',
        end: '2026-09-01T00:00:00.000Z',
        complete: false,
      },
      previous_period: { start: '2026-07-01T00:00:00.000Z', end: '2026-08-01T00:00:00.000Z', complete: true },
      parties: ['pa', 'pb'],
    });
  });

  it('returns JSON that its schema describes exactly', () => {
    const result = log.metrics(AS_OF);
    expect(metricsResultSchema.parse(result)).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('gives the same answer for the same statements, to the last digit', () => {
    expect(JSON.stringify(log.metrics(AS_OF))).toBe(JSON.stringify(mixedLog().metrics(AS_OF)));
  });

  it('counts every statement the member can read, without suppression', () => {
    const pb = rowOf(log.metrics(AS_OF).incidents.alleged_against, 'pb');
    expect(pb.total).toMatchObject({ value: 9, previous: 2, suppressed: false });
    expect(pb.by_category.incursion).toMatchObject({ value: 1, suppressed: false });
  });

  describe('in public mode', () => {
    const result = publicMetrics(log);

    it('states the minimum cell size it applied', () => {
      expect(result).toMatchObject({ public: true, min_cell_size: DEFAULT_SETTINGS.public_min_cell_size });
    });

    it('shows counts of at least the minimum cell size and suppresses smaller ones', () => {
      const pb = rowOf(result.incidents.alleged_against, 'pb');
      expect(pb.total).toEqual({
        value: 6,
        previous: null,
        change: null,
        relative_change: null,
        suppressed: false,
        previous_suppressed: true,
      });
      expect(pb.by_category.cross_border_fire).toMatchObject({ value: 5, suppressed: false });
      expect(pb.by_category.incursion).toMatchObject({ value: null, suppressed: true });
      expect(pb.by_category.militant_presence).toMatchObject({ value: null, suppressed: true });
      expect(rowOf(result.incidents.alleged_by, 'pb').total).toMatchObject({ value: null, suppressed: true });
    });

    it('suppresses shares and medians computed from a small cell', () => {
      const pb = rowOf(result.responses, 'pb');
      expect(pb.responded).toMatchObject({ value: 5, suppressed: false });
      expect(pb.responded_on_time_share).toMatchObject({ value: 0.8333, suppressed: false });
      expect(pb.hours_to_first_response_median).toMatchObject({ value: 10, suppressed: false });
      expect(pb.overdue).toMatchObject({ value: null, suppressed: true });
      const pa = rowOf(result.responses, 'pa');
      expect(pa.responded_on_time_share).toMatchObject({ value: null, suppressed: true });
      expect(pa.hours_to_first_response_median).toMatchObject({ value: null, suppressed: true });
    });

    it('never counts a statement that is not public, even if the caller passes it', () => {
      const careless = computeMetrics({
        statements: log.statements,
        settings: log.settings,
        periodKind: 'month',
        asOf: AS_OF,
        publicMode: true,
      });
      expect(careless).toEqual(result);
    });

    it('ignores public statements after as_of', () => {
      const withLater = new MetricsLog(SHORT_DEADLINES);
      for (let day = 1; day <= 4; day++) withLater.report(`2026-08-0${day}T00:00:00Z`, { audience: PUBLIC });
      withLater.report('2026-08-21T00:00:00Z', { audience: PUBLIC });
      const pb = rowOf(publicMetrics(withLater).incidents.alleged_against, 'pb');
      expect(pb.total).toMatchObject({ value: null, suppressed: true });
    });
  });

  it('reports an empty log as all zeros', () => {
    const result = computeMetrics({
      statements: [],
      settings: DEFAULT_SETTINGS,
      periodKind: 'week',
      asOf: AS_OF,
      publicMode: false,
    });
    expect(result).toMatchObject({ parties: [], responses: [], commitments: [] });
  });

  it('gives the same result from the reader fold as from its statements, in both modes', () => {
    for (const publicMode of [false, true]) {
      const input = { settings: log.settings, periodKind: 'month' as const, asOf: AS_OF, publicMode };
      const fold = replayMechanismState(log.statements, Date.parse(AS_OF), publicMode);
      expect(computeFoldMetrics(fold, input)).toEqual(
        computeMetrics({ ...input, statements: log.statements }),
      );
    }
  });
});
