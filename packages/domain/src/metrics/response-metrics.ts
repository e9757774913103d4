import { countMeasure, percentileMeasure, shareMeasure } from './metric-cell.ts';
import type { MetricDefinitions, Measures } from './metric-group.ts';
import { isInPeriod, type PeriodRange } from './metric-period.ts';
import { judgeDeadline } from './judge-deadline.ts';
import { hoursBetween, type MetricsContext } from './metrics-context.ts';

/**
 * Responses to allegations against each party and their timeliness. The cohort is the allegations against the
 * party reported in the period; the response deadline of an allegation is its report's log time plus
 * `settings.deadlines.routine.respond_hours` (incident reports carry no priority, so the routine deadline
 * applies); the response is the alleged party's first `incident.response`.
 */
export const RESPONSE_METRICS = {
  allegations: 'Allegations against the party reported in the period (not withdrawn)',
  responded: 'Of those, allegations the party had responded to by as_of',
  responses_due:
    'Of those, allegations responded to or whose response deadline (routine respond_hours) had passed by as_of',
  responded_on_time: 'Of those, allegations responded to within the response deadline',
  responded_on_time_share: 'responded_on_time / responses_due',
  hours_to_first_response_median: 'Median hours from report to first response, over responded allegations',
  hours_to_first_response_p90: '90th percentile of hours from report to first response',
  overdue:
    'Allegations against the party (any period) with no response and the deadline passed, at the end of the period (as_of for the current period)',
} as const satisfies MetricDefinitions;

export function measureResponses(
  context: MetricsContext,
  party: string,
  range: PeriodRange,
): Measures<typeof RESPONSE_METRICS> {
  let allegations = 0;
  let due = 0;
  let onTime = 0;
  const hours: number[] = [];
  let overdue = 0;
  const snapshot = Math.min(range.end, context.asOf);
  for (const allegation of context.allegations) {
    if (allegation.against !== party) continue;
    const { firstResponseAt, respondBy } = allegation;
    const unansweredAtSnapshot = firstResponseAt === undefined || firstResponseAt > snapshot;
    if (unansweredAtSnapshot && snapshot > respondBy) overdue += 1;
    if (!isInPeriod(range, allegation.reportedAt)) continue;
    allegations += 1;
    if (firstResponseAt !== undefined) hours.push(hoursBetween(allegation.reportedAt, firstResponseAt));
    const outcome = judgeDeadline(firstResponseAt, respondBy, context.asOf);
    if (outcome === 'on_time' || outcome === 'late') due += 1;
    if (outcome === 'on_time') onTime += 1;
  }
  return {
    allegations: countMeasure(allegations),
    responded: countMeasure(hours.length),
    responses_due: countMeasure(due),
    responded_on_time: countMeasure(onTime),
    responded_on_time_share: shareMeasure(onTime, due),
    hours_to_first_response_median: percentileMeasure(hours, 0.5),
    hours_to_first_response_p90: percentileMeasure(hours, 0.9),
    overdue: countMeasure(overdue),
  };
}
