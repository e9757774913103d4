import { z } from 'zod';
import { percentile } from './percentile.ts';

/**
 * One metric's value for one period, with the counts it was computed from: a count is its own basis, a share
 * its numerator and denominator, a median or p90 its sample size. The basis decides suppression.
 */
export interface Measure {
  readonly value: number | null;
  readonly basis: readonly number[];
}

/** What a public reader may be shown (DESIGN.md §1.7): no count below `minCellSize`, nothing derived from one. */
export interface Disclosure {
  readonly publicMode: boolean;
  readonly minCellSize: number;
}

/**
 * A metric as reported: its value for the period, for the previous period, and the change. A suppressed value is
 * `null` with `suppressed: true` (never shown, not even as a change); any other `null` means undefined (a share
 * of nothing, the median of no sample).
 */
export const metricCellSchema = z.object({
  value: z.number().nullable(),
  previous: z.number().nullable().describe('The value for the previous period'),
  change: z.number().nullable().describe('value − previous'),
  relative_change: z.number().nullable().describe('(value − previous) / previous, when previous is not 0'),
  suppressed: z.boolean().describe('true when value is hidden: a public count below the minimum cell size'),
  previous_suppressed: z.boolean(),
});
export type MetricCell = z.infer<typeof metricCellSchema>;

export function countMeasure(count: number): Measure {
  return { value: count, basis: [count] };
}

export function shareMeasure(numerator: number, denominator: number): Measure {
  return { value: denominator === 0 ? null : numerator / denominator, basis: [numerator, denominator] };
}

export function percentileMeasure(sample: readonly number[], p: number): Measure {
  return { value: percentile(sample, p) ?? null, basis: [sample.length] };
}

/** Whether public output must hide `measure`: a count below the minimum cell size, or a value derived from one. */
export function isSuppressed(measure: Measure, disclosure: Disclosure): boolean {
  return disclosure.publicMode && measure.basis.some((count) => count < disclosure.minCellSize);
}

/**
 * Published numbers carry four decimals: enough for hours and shares, and a fixed rule so that a recomputation
 * matches the published figure exactly.
 */
export function roundMetric(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Reports `current` against `previous`. `forceSuppressed` hides a value that is not small itself but would
 * let a reader recover a small one by subtraction (see `suppressRow`).
 */
export function toMetricCell(
  current: Measure,
  previous: Measure,
  disclosure: Disclosure,
  forceSuppressed: { readonly current?: boolean; readonly previous?: boolean } = {},
): MetricCell {
  const suppressed = forceSuppressed.current === true || isSuppressed(current, disclosure);
  const previousSuppressed = forceSuppressed.previous === true || isSuppressed(previous, disclosure);
  const value = suppressed || current.value === null ? null : roundMetric(current.value);
  const before = previousSuppressed || previous.value === null ? null : roundMetric(previous.value);
  const change = value === null || before === null ? null : roundMetric(value - before);
  return {
    value,
    previous: before,
    change,
    relative_change: change === null || before === 0 ? null : roundMetric(change / before!),
    suppressed,
    previous_suppressed: previousSuppressed,
  };
}

/**
 * Which counts of a row with a published total to hide: every count below the minimum cell size, and — when
 * exactly one count is hidden — also the smallest other, since the total minus the shown counts would give the
 * hidden one away (secondary suppression). Counts hidden together may still be summed by subtraction; that sum
 * is what a reader learns, never one small count.
 */
export function suppressRow(counts: readonly number[], disclosure: Disclosure): boolean[] {
  const hidden = counts.map((count) => disclosure.publicMode && count < disclosure.minCellSize);
  if (hidden.filter(Boolean).length !== 1) return hidden;
  let smallest = -1;
  counts.forEach((count, i) => {
    if (!hidden[i] && (smallest === -1 || count < counts[smallest]!)) smallest = i;
  });
  if (smallest !== -1) hidden[smallest] = true;
  return hidden;
}
