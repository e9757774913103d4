import { ACCESS_METRICS, measureAccess } from './access-metrics.ts';
import { ALLEGATION_OUTCOME_METRICS, measureAllegationOutcomes } from './allegation-outcome-metrics.ts';
import { computeCommitmentMetrics } from './commitment-metrics.ts';
import { EXCHANGE_METRICS, measureExchanges } from './exchange-metrics.ts';
import { computeIncidentMetrics } from './incident-metrics.ts';
import { computePartyRows } from './metric-group.ts';
import { describePeriod, periodRange, previousMetricPeriod, resolveMetricPeriod } from './metric-period.ts';
import type { MechanismState } from '../mechanism-state.ts';
import {
  createFoldMetricsContext,
  createMetricsContext,
  type FoldMetricsInput,
  type MetricsContext,
  type MetricsInput,
} from './metrics-context.ts';
import type { MetricsResult } from './metrics-result.ts';
import { measureResponses, RESPONSE_METRICS } from './response-metrics.ts';

/**
 * The metrics of DESIGN.md §6, a pure function of the statements visible to a reader as of a checkpoint
 * (principle 5): the same statements, settings, period and as_of give the same result, to the last digit.
 */
export function computeMetrics(input: MetricsInput): MetricsResult {
  return computeContextMetrics(createMetricsContext(input), input);
}

/**
 * The same metrics from the reader's fold as of the checkpoint (`createFoldMetricsContext`): equal to
 * `computeMetrics` over the statements that fold is made of, to the last digit (compute-metrics.test.ts).
 */
export function computeFoldMetrics(fold: MechanismState, input: FoldMetricsInput): MetricsResult {
  return computeContextMetrics(createFoldMetricsContext(fold, input), input);
}

/**
 * The metrics of a context, as `startFoldMetricsContext` builds it from a fold read a page at a time: equal to
 * `computeFoldMetrics` of that fold when `input` is the one the context was started with.
 */
export function computeContextMetrics(context: MetricsContext, input: FoldMetricsInput): MetricsResult {
  const period = resolveMetricPeriod(input.periodKind, Date.parse(input.periodAt ?? input.asOf));
  const previous = previousMetricPeriod(period);
  const current = periodRange(period);
  const before = periodRange(previous);
  return {
    as_of: input.asOf,
    time_zone: 'UTC',
    public: input.publicMode,
    min_cell_size: input.publicMode ? context.disclosure.minCellSize : null,
    period: describePeriod(period, context.asOf),
    previous_period: describePeriod(previous, context.asOf),
    parties: [...context.parties],
    incidents: computeIncidentMetrics(context, current, before),
    responses: computePartyRows(context, RESPONSE_METRICS, measureResponses, current, before),
    allegation_outcomes: computePartyRows(
      context,
      ALLEGATION_OUTCOME_METRICS,
      measureAllegationOutcomes,
      current,
      before,
    ),
    exchanges: computePartyRows(context, EXCHANGE_METRICS, measureExchanges, current, before),
    access: computePartyRows(context, ACCESS_METRICS, measureAccess, current, before),
    commitments: computeCommitmentMetrics(context, period, previous),
  };
}
