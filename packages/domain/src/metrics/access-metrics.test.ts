import { describe, expect, it } from 'vitest';
import { MetricsLog, rowOf } from './metrics.fixture.ts';

const AS_OF = '2026-08-20T00:00:00Z';

function accessLog(): MetricsLog {
  const log = new MetricsLog();
  const kase = log.openCase('2026-07-02T00:00:00Z', [log.report('2026-07-01T00:00:00Z')]);
  const other = log.openCase('2026-07-03T00:00:00Z', [
    log.report('2026-07-02T00:00:00Z', { by: 'pb/reporter', against: 'pa' }),
  ]);
  log.accessDenied('2026-07-31T23:59:59Z', kase, 'pb', 'denied');
  log.accessDenied('2026-08-02T00:00:00Z', kase, 'pb', 'denied');
  log.accessDenied('2026-08-03T00:00:00Z', other, 'pb', 'delayed');
  log.accessDenied('2026-08-05T00:00:00Z', other, 'pa', 'delayed');
  log.accessDenied('2026-08-21T00:00:00Z', kase, 'pb', 'denied');
  return log;
}

describe('access metrics', () => {
  const rows = accessLog().metrics(AS_OF).access;

  it('counts denials and delays naming each party, in any case, by log time', () => {
    expect(rowOf(rows, 'pb')).toMatchObject({
      denials: { value: 1, previous: 1, change: 0, relative_change: 0 },
      delays: { value: 1, previous: 0 },
      access_denials: { value: 2, previous: 1, change: 1, relative_change: 1 },
    });
    expect(rowOf(rows, 'pa')).toMatchObject({
      denials: { value: 0 },
      delays: { value: 1 },
      access_denials: { value: 1, previous: 0 },
    });
  });

  it('ignores events logged after as_of', () => {
    const later = accessLog().metrics('2026-08-31T00:00:00Z').access;
    expect(rowOf(later, 'pb').denials.value).toBe(2);
  });
});
