import { toMetricCell, type Measure, type MetricCell } from './metric-cell.ts';
import type { PeriodRange } from './metric-period.ts';
import type { MetricsContext } from './metrics-context.ts';

/** A group of metrics: each name with its one-line definition, which the API documentation shows as is. */
export type MetricDefinitions = Readonly<Record<string, string>>;

export type Measures<D extends MetricDefinitions> = { readonly [K in keyof D]: Measure };

/** One party's row of a metric group: every metric of the group, for the period and the one before. */
export type PartyMetricRow<D extends MetricDefinitions> = { readonly party: string } & {
  readonly [K in keyof D]: MetricCell;
};

/** Measures one party in one period. */
export type PartyMeasure<D extends MetricDefinitions> = (
  context: MetricsContext,
  party: string,
  range: PeriodRange,
) => Measures<D>;

/** Every party's row of a group: each metric measured in both periods and reported with its change. */
export function computePartyRows<D extends MetricDefinitions>(
  context: MetricsContext,
  definitions: D,
  measure: PartyMeasure<D>,
  current: PeriodRange,
  previous: PeriodRange,
): PartyMetricRow<D>[] {
  return context.parties.map((party) => {
    const now = measure(context, party, current);
    const before = measure(context, party, previous);
    const cells = Object.fromEntries(
      Object.keys(definitions).map((name) => [
        name,
        toMetricCell(now[name as keyof D], before[name as keyof D], context.disclosure),
      ]),
    ) as { [K in keyof D]: MetricCell };
    return { party, ...cells };
  });
}
