import type { MetricCell } from '@jmm/domain';

/** How a metric is read: a share in [0, 1] as a percentage, hours or days as a duration, anything else a count. */
export type MetricUnit = 'share' | 'hours' | 'days' | 'count';

export function unitOfMetric(name: string): MetricUnit {
  if (name.endsWith('_share')) return 'share';
  if (name.startsWith('hours_')) return 'hours';
  if (name.startsWith('days_')) return 'days';
  return 'count';
}

/**
 * A metric value as text: `suppressed` for a value public output hides (DESIGN.md §1.7, minimum cell size),
 * `none` for an undefined one (a share of nothing, the median of no sample).
 */
export function formatMetricValue(
  value: number | null,
  suppressed: boolean,
  unit: MetricUnit,
  locale: string,
  words: { suppressed: string; none: string },
): string {
  if (suppressed) return words.suppressed;
  if (value === null) return words.none;
  if (unit === 'share')
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 'count' ? 0 : 1 }).format(value);
}

/** The change from the previous period, signed; a share's change is in percentage points. */
export function formatMetricChange(cell: MetricCell, unit: MetricUnit, locale: string, none: string): string {
  if (cell.change === null) return none;
  const points = unit === 'share' ? cell.change * 100 : cell.change;
  const text = new Intl.NumberFormat(locale, {
    signDisplay: 'exceptZero',
    maximumFractionDigits: unit === 'count' ? 0 : 1,
  }).format(points);
  return unit === 'share' ? `${text} pp` : text;
}

/** A cell's value for a chart: suppressed and undefined values are gaps, never zeros. */
export function chartValue(value: number | null, suppressed: boolean, unit: MetricUnit): number | null {
  if (suppressed || value === null) return null;
  return unit === 'share' ? Math.round(value * 1000) / 10 : value;
}
