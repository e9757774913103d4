import type { PeriodKind } from '@jmm/domain';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A UTC date as "5 October 2026": fixed English names, not Intl, so that output never depends on ICU data. */
export function formatReportDate(time: string): string {
  const date = new Date(Date.parse(time));
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]!} ${date.getUTCFullYear()}`;
}

/** A log time as "5 October 2026, 14:03 UTC". */
export function formatReportTime(time: string): string {
  const date = new Date(Date.parse(time));
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${formatReportDate(time)}, ${hh}:${mm} UTC`;
}

/** A calendar period (DESIGN.md §6: UTC, [start, end)) as a reader names it: "October 2026", "Q4 2026". */
export function describeReportPeriod(kind: PeriodKind, start: string): string {
  const date = new Date(Date.parse(start));
  switch (kind) {
    case 'week':
      return `the week of ${formatReportDate(start)}`;
    case 'month':
      return `${MONTHS[date.getUTCMonth()]!} ${date.getUTCFullYear()}`;
    case 'quarter':
      return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
  }
}

/** The last day of a period `[start, end)`, for "1 to 31 October". */
export function lastDayOf(end: string): string {
  return new Date(Date.parse(end) - 1).toISOString();
}
