import type { MetricCell } from '@jmm/domain';
import type { MetricUnit } from './metric-labels.ts';

/**
 * Every number a report shows is exact: the metrics carry four decimals, so a share shows as a percentage with
 * up to two decimals and any other value with up to four, trailing zeros dropped. A reader (or a test) turns
 * the text back into the published value without rounding.
 */
export function formatMetricNumber(value: number, unit: MetricUnit): string {
  if (unit === 'share') return `${trimDecimals(value * 100, 2)}%`;
  return trimDecimals(value, 4);
}

function trimDecimals(value: number, decimals: number): string {
  // toFixed then Number drops trailing zeros and the float noise of value * 100.
  const text = String(Number(value.toFixed(decimals)));
  return text === '-0' ? '0' : text;
}

/** A change with its sign; shares change by percentage points. */
export function formatMetricChange(change: number, unit: MetricUnit): string {
  const sign = change > 0 ? '+' : change < 0 ? '-' : '';
  const magnitude =
    unit === 'share' ? `${trimDecimals(Math.abs(change) * 100, 2)} pp` : trimDecimals(Math.abs(change), 4);
  return `${sign}${magnitude}`;
}

/**
 * What a withheld value says instead of a number (DESIGN.md §1.7): a count below the minimum cell size is
 * "fewer than K"; a share, median or time computed from such a count, or a category count hidden so that the
 * total does not give a small one away, is "withheld" (the summary says so once).
 */
export interface Withholding {
  readonly minCellSize: number | null;
  /** Counts of rows with secondary suppression may be withheld though not small themselves. */
  readonly secondary?: boolean;
}

export function describeWithheld(unit: MetricUnit, withholding: Withholding): string {
  const k = withholding.minCellSize ?? 0;
  if (withholding.secondary === true) return 'withheld';
  return unit === 'count' ? `fewer than ${k}` : 'withheld';
}

export interface CellTexts {
  readonly value: string;
  readonly previous: string;
  readonly change: string;
}

/** The three texts of a metric cell: this period, the previous period, the change. */
export function formatMetricCell(cell: MetricCell, unit: MetricUnit, withholding: Withholding): CellTexts {
  const show = (value: number | null, suppressed: boolean): string =>
    suppressed ? describeWithheld(unit, withholding) : value === null ? '–' : formatMetricNumber(value, unit);
  return {
    value: show(cell.value, cell.suppressed),
    previous: show(cell.previous, cell.previous_suppressed),
    change: cell.change === null ? '–' : formatMetricChange(cell.change, unit),
  };
}
