import { resolveMetricPeriod, type MetricPeriod } from '@jmm/domain';
import { ReportError } from './report-error.ts';

const DAY_MS = 86_400_000;

/** The longest period text read: `2026-W40` is 8 characters; anything much longer is not a period. */
const MAX_PERIOD_TEXT = 16;

/**
 * The calendar period (UTC, DESIGN.md §6) a report names: `2026-10` (a month), `2026-Q3` (a quarter) or
 * `2026-W40` (an ISO 8601 week, Monday to Monday, the week the metrics call `week`). Each is resolved through
 * the domain's own `resolveMetricPeriod`, so the bounds are exactly those `report.publish` validation accepts.
 * `jmm report --period` and `POST /api/v1/reports/drafts` read it here. ReportError `invalid_report_period`
 * for anything else.
 */
export function parseReportPeriod(text: string): MetricPeriod {
  if (text.length <= MAX_PERIOD_TEXT) {
    const period = resolvePeriod(text);
    if (period !== undefined) return period;
  }
  throw new ReportError(
    'invalid_report_period',
    `a report period is a month (2026-10), a quarter (2026-Q3) or an ISO week (2026-W40), not ${JSON.stringify(text.slice(0, MAX_PERIOD_TEXT))}`,
  );
}

function resolvePeriod(text: string): MetricPeriod | undefined {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month !== null) {
    const number = Number(month[2]);
    return number >= 1 && number <= 12
      ? resolveMetricPeriod('month', utcDay(Number(month[1]), number - 1, 1))
      : undefined;
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(text);
  if (quarter !== null)
    return resolveMetricPeriod('quarter', utcDay(Number(quarter[1]), (Number(quarter[2]) - 1) * 3, 1));
  const week = /^(\d{4})-W(\d{2})$/.exec(text);
  if (week === null) return undefined;
  const year = Number(week[1]);
  const number = Number(week[2]);
  // ISO 8601: week 1 holds 4 January; a week belongs to the year that holds its Thursday.
  const january4 = utcDay(year, 0, 4);
  const week1Monday = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * DAY_MS;
  const monday = week1Monday + (number - 1) * 7 * DAY_MS;
  return number >= 1 && new Date(monday + 3 * DAY_MS).getUTCFullYear() === year
    ? resolveMetricPeriod('week', monday)
    : undefined;
}

function utcDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}
