import { z } from 'zod';

/** The period kinds metrics are reported for (DESIGN.md §6). */
export const PERIOD_KINDS = ['week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/**
 * A reporting period: `[start, end)` in log time. Periods are calendar periods in **UTC** — weeks start on
 * Monday 00:00 UTC, months and quarters on the 1st at 00:00 UTC. UTC, not one of the mechanism's time zones,
 * because the mechanism spans zones (Asia/Karachi, Asia/Kabul) and choosing one would favour one party
 * (DESIGN.md §1.8); log time is UTC too, so a period boundary is one comparison and anyone recomputes it
 * without a time zone database.
 */
export interface MetricPeriod {
  readonly kind: PeriodKind;
  /** RFC 3339 UTC, inclusive. */
  readonly start: string;
  /** RFC 3339 UTC, exclusive. */
  readonly end: string;
}

/** A period as milliseconds since the epoch, `[start, end)`, for the hot comparisons. */
export interface PeriodRange {
  readonly start: number;
  readonly end: number;
}

const DAY_MS = 86_400_000;

/** Midnight UTC of a calendar day; unlike Date.UTC, years 0–99 are not taken as 1900–1999. */
function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

/** The period of `kind` that contains the instant `at` (milliseconds since the epoch). */
export function resolveMetricPeriod(kind: PeriodKind, at: number): MetricPeriod {
  const date = new Date(at);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  let start: number;
  let end: number;
  switch (kind) {
    case 'week': {
      const daysSinceMonday = (date.getUTCDay() + 6) % 7;
      start = utcMidnight(year, month, date.getUTCDate() - daysSinceMonday);
      end = start + 7 * DAY_MS;
      break;
    }
    case 'month':
      start = utcMidnight(year, month, 1);
      end = utcMidnight(year, month + 1, 1);
      break;
    case 'quarter': {
      const first = month - (month % 3);
      start = utcMidnight(year, first, 1);
      end = utcMidnight(year, first + 3, 1);
      break;
    }
  }
  return { kind, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The period of the same kind just before `period`. */
export function previousMetricPeriod(period: MetricPeriod): MetricPeriod {
  return resolveMetricPeriod(period.kind, Date.parse(period.start) - 1);
}

export function periodRange(period: Pick<MetricPeriod, 'start' | 'end'>): PeriodRange {
  return { start: Date.parse(period.start), end: Date.parse(period.end) };
}

/** Whether the instant `at` (milliseconds) falls in `[range.start, range.end)`. */
export function isInPeriod(range: PeriodRange, at: number): boolean {
  return at >= range.start && at < range.end;
}

/** A period as reported: its bounds, and whether it had ended by as_of (an open period's values still move). */
export const reportedPeriodSchema = z.object({
  kind: z.enum(PERIOD_KINDS),
  start: z.string().describe('RFC 3339 UTC, inclusive'),
  end: z.string().describe('RFC 3339 UTC, exclusive'),
  complete: z.boolean().describe('true when the period had ended by as_of'),
});
export type ReportedPeriod = z.infer<typeof reportedPeriodSchema>;

export function describePeriod(period: MetricPeriod, asOf: number): ReportedPeriod {
  return { ...period, complete: Date.parse(period.end) <= asOf };
}
