import { countMeasure } from './metric-cell.ts';
import type { MetricDefinitions, Measures } from './metric-group.ts';
import { isInPeriod, type PeriodRange } from './metric-period.ts';
import type { MetricsContext } from './metrics-context.ts';

/** Access denials and delays per party (DESIGN.md §3 `case.access_denied`), by the log time of the statement. */
export const ACCESS_METRICS = {
  denials: 'case.access_denied statements of kind denied naming the party, logged in the period',
  delays: 'case.access_denied statements of kind delayed naming the party, logged in the period',
  access_denials: 'denials + delays: every access denial or delay naming the party, logged in the period',
} as const satisfies MetricDefinitions;

export function measureAccess(
  context: MetricsContext,
  party: string,
  range: PeriodRange,
): Measures<typeof ACCESS_METRICS> {
  let denials = 0;
  let delays = 0;
  for (const kase of context.cases) {
    for (const event of kase.accessDenials) {
      if (event.party !== party || !isInPeriod(range, Date.parse(event.at))) continue;
      if (event.kind === 'denied') denials += 1;
      else delays += 1;
    }
  }
  return {
    denials: countMeasure(denials),
    delays: countMeasure(delays),
    access_denials: countMeasure(denials + delays),
  };
}
