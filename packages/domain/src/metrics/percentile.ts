/**
 * The `p`-quantile (0 ≤ p ≤ 1) of `values` by linear interpolation between closest ranks — R's type 7, NumPy's
 * and Excel PERCENTILE.INC's default — so the median of an even sample is the mean of its middle two, and
 * anyone recomputes a published value with a spreadsheet. Undefined for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const below = Math.floor(rank);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (rank - below) * (upper - lower);
}
