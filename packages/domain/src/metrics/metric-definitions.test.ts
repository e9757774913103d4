import { describe, expect, it } from 'vitest';
import { computeAudienceMetrics } from './report-audience.ts';
import { METRIC_DEFINITIONS } from './metric-definitions.ts';
import { MetricsLog } from './metrics.fixture.ts';
import { listReportValues } from './report-values.ts';

/** Whether `key` is an instance of `pattern` (`<name>` stands for one path segment). */
function matches(pattern: string, key: string): boolean {
  const patternParts = pattern.split('.');
  const keyParts = key.split('.');
  return (
    patternParts.length === keyParts.length &&
    patternParts.every((part, i) => (part.startsWith('<') && part.endsWith('>')) || part === keyParts[i])
  );
}

describe('METRIC_DEFINITIONS', () => {
  it('defines every value a result carries, commitment indicators included', () => {
    const log = new MetricsLog();
    const pledge = log.propose('2026-08-01T00:00:00Z', [
      {
        id: 'attacks',
        kind: 'computed',
        name: 'No confirmed attacks',
        metric: 'confirmed_attacks_attributed',
        comparator: 'at_most',
        threshold: 0,
        period: 'month',
      },
    ]);
    log.accept('2026-08-02T00:00:00Z', pledge, 'pa/liaison');
    log.accept('2026-08-02T00:00:00Z', pledge, 'pb/liaison');
    log.report('2026-08-03T00:00:00Z');
    const values = listReportValues(
      computeAudienceMetrics({ statements: log.statements, audience: 'mechanism', periodKind: 'month' }),
    );
    expect(Object.keys(values).some((key) => key.startsWith('commitments.'))).toBe(true);
    const patterns = Object.keys(METRIC_DEFINITIONS);
    for (const key of Object.keys(values)) {
      expect(
        patterns.filter((pattern) => matches(pattern, key)),
        key,
      ).toHaveLength(1);
    }
  });

  it('marks the snapshots of what is overdue, and only those, as running totals', () => {
    const running = Object.entries(METRIC_DEFINITIONS)
      .filter(([, definition]) => definition.running_total)
      .map(([pattern]) => pattern);
    expect(running.sort()).toEqual([
      'exchanges.<party>.overdue_acknowledgements',
      'exchanges.<party>.overdue_replies',
      'responses.<party>.overdue',
    ]);
    expect(METRIC_DEFINITIONS['responses.<party>.responded']?.what).toMatch(/responded to/);
  });
});
