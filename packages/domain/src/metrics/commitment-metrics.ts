import { z } from 'zod';
import { INDICATOR_METRICS, type Indicator, type IndicatorMetric } from '../statements/commitment.ts';
import type { MechanismType } from '../taxonomy.ts';
import type { CommitmentRecord } from '../workflow-records.ts';
import { measureAccess } from './access-metrics.ts';
import { attributesTo } from './allegation-outcome-metrics.ts';
import { measureExchanges } from './exchange-metrics.ts';
import { countMeasure, metricCellSchema, toMetricCell, type Measure } from './metric-cell.ts';
import {
  describePeriod,
  isInPeriod,
  periodRange,
  previousMetricPeriod,
  resolveMetricPeriod,
  type MetricPeriod,
  type PeriodRange,
  reportedPeriodSchema,
} from './metric-period.ts';
import type { MetricDefinitions } from './metric-group.ts';
import type { MetricsContext } from './metrics-context.ts';
import { measureResponses } from './response-metrics.ts';

const ATTACK_CATEGORIES: ReadonlySet<MechanismType> = new Set([
  'cross_border_attack',
  'attack_on_border_post',
]);

/**
 * Final findings, final in the period, that confirm an incident of category cross_border_attack or
 * attack_on_border_post (any subject of the case) and attribute it to the party. Counted per finding.
 */
export function measureConfirmedAttacksAttributed(
  context: MetricsContext,
  party: string,
  range: PeriodRange,
): Measure {
  let count = 0;
  for (const kase of context.cases) {
    const finding = kase.finalFinding === undefined ? undefined : context.findings.get(kase.finalFinding);
    if (finding?.finalAt === undefined || !isInPeriod(range, Date.parse(finding.finalAt))) continue;
    if (!attributesTo(finding, party)) continue;
    const aboutAnAttack = kase.subjects.some((subject) => {
      const category = context.incidentCategories.get(subject);
      return category !== undefined && ATTACK_CATEGORIES.has(category);
    });
    if (aboutAnAttack) count += 1;
  }
  return countMeasure(count);
}

/** The one cell a commitment's computed indicator carries per obligated party. */
export const COMMITMENT_METRICS = {
  value:
    "A computed indicator's value for an obligated party: its metric, as the metric groups define it, over the indicator's own month or quarter holding the reporting period's latest instant reached by the log",
} as const satisfies MetricDefinitions;

/**
 * The metric behind each computed indicator (commitment.ts INDICATOR_METRICS): the same definitions the metric
 * groups report, so a commitment is judged by exactly the published numbers. Shares are fractions in [0, 1],
 * and so are the thresholds they are compared with.
 */
export const INDICATOR_MEASURES: Readonly<
  Record<IndicatorMetric, (context: MetricsContext, party: string, range: PeriodRange) => Measure>
> = {
  exchange_acknowledged_on_time_share: (context, party, range) =>
    measureExchanges(context, party, range).acknowledged_on_time_share,
  exchange_replied_on_time_share: (context, party, range) =>
    measureExchanges(context, party, range).replied_on_time_share,
  incident_responded_on_time_share: (context, party, range) =>
    measureResponses(context, party, range).responded_on_time_share,
  confirmed_attacks_attributed: measureConfirmedAttacksAttributed,
  access_denials: (context, party, range) => measureAccess(context, party, range).access_denials,
};

/** `no_data` when the value is undefined (a share of no due obligations); null when it is suppressed. */
const indicatorStatusSchema = z.enum(['met', 'not_met', 'no_data']).nullable();
export type IndicatorStatus = NonNullable<z.infer<typeof indicatorStatusSchema>>;

const assessmentSchema = z
  .object({
    status: z.string().describe('met, partly_met, not_met or not_assessable'),
    start: z.string(),
    end: z.string(),
    digest: z.string().describe('The indicator.assessment statement'),
  })
  .nullable();
type AssessmentResult = z.infer<typeof assessmentSchema>;

export const commitmentResultSchema = z.object({
  commitment: z.string().describe('Digest of the commitment.propose statement'),
  title: z.string(),
  obligated: z.array(z.string()),
  in_force_at: z.string(),
  effective_from: z.string(),
  effective_to: z.string().nullable(),
  indicators: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('computed'),
        id: z.string(),
        name: z.string(),
        metric: z.enum(INDICATOR_METRICS),
        comparator: z.enum(['at_least', 'at_most']),
        threshold: z.number().describe('Shares are fractions in [0, 1], and so are their thresholds'),
        period: reportedPeriodSchema.describe(
          "The indicator's own period (month or quarter) holding the reporting period's latest instant",
        ),
        previous_period: reportedPeriodSchema,
        parties: z.array(
          z.object({
            party: z.string(),
            value: metricCellSchema.describe(COMMITMENT_METRICS.value),
            status: indicatorStatusSchema,
            previous_status: indicatorStatusSchema,
          }),
        ),
      }),
      z.object({
        kind: z.literal('assessed'),
        id: z.string(),
        name: z.string(),
        assessment: assessmentSchema.describe(
          'The latest indicator.assessment (log order) whose period overlaps the reporting period',
        ),
        previous_assessment: assessmentSchema,
      }),
    ]),
  ),
});
export type CommitmentResult = z.infer<typeof commitmentResultSchema>;
type ComputedIndicatorResult = Extract<CommitmentResult['indicators'][number], { kind: 'computed' }>;

function judgeIndicator(
  value: number | null,
  suppressed: boolean,
  indicator: Extract<Indicator, { kind: 'computed' }>,
): IndicatorStatus | null {
  if (suppressed) return null;
  if (value === null) return 'no_data';
  const met =
    indicator.comparator === 'at_least' ? value >= indicator.threshold : value <= indicator.threshold;
  return met ? 'met' : 'not_met';
}

function computedIndicator(
  context: MetricsContext,
  commitment: CommitmentRecord,
  indicator: Extract<Indicator, { kind: 'computed' }>,
  reference: number,
): ComputedIndicatorResult {
  const period = resolveMetricPeriod(indicator.period, reference);
  const previous = previousMetricPeriod(period);
  const measure = INDICATOR_MEASURES[indicator.metric];
  return {
    kind: 'computed',
    id: indicator.id,
    name: indicator.name,
    metric: indicator.metric,
    comparator: indicator.comparator,
    threshold: indicator.threshold,
    period: describePeriod(period, context.asOf),
    previous_period: describePeriod(previous, context.asOf),
    parties: commitment.obligated.map((party) => {
      const value = toMetricCell(
        measure(context, party, periodRange(period)),
        measure(context, party, periodRange(previous)),
        context.disclosure,
      );
      return {
        party,
        value,
        status: judgeIndicator(value.value, value.suppressed, indicator),
        previous_status: judgeIndicator(value.previous, value.previous_suppressed, indicator),
      };
    }),
  };
}

function latestAssessment(commitment: CommitmentRecord, id: string, range: PeriodRange): AssessmentResult {
  const overlapping = commitment.assessments.filter(
    (a) => a.indicator === id && Date.parse(a.start) < range.end && Date.parse(a.end) > range.start,
  );
  const latest = overlapping.at(-1);
  return latest === undefined
    ? null
    : { status: latest.status, start: latest.start, end: latest.end, digest: latest.digest };
}

/**
 * Every commitment in force at as_of whose effective dates overlap the reporting period, with each indicator:
 * a computed one measured over its own period kind and judged against its threshold, per obligated party; an
 * assessed one with the verifiers' latest assessment.
 */
export function computeCommitmentMetrics(
  context: MetricsContext,
  current: MetricPeriod,
  previous: MetricPeriod,
): CommitmentResult[] {
  const range = periodRange(current);
  // The reporting period's latest instant that the log has reached: the indicator period that holds it.
  const reference = Math.max(range.start, Math.min(context.asOf, range.end - 1));
  return context.commitments
    .filter(
      (c) =>
        c.status === 'in_force' &&
        c.inForceAt !== undefined &&
        Date.parse(c.effectiveFrom) < range.end &&
        (c.effectiveTo === undefined || Date.parse(c.effectiveTo) > range.start),
    )
    .map((commitment) => ({
      commitment: commitment.digest,
      title: commitment.title,
      obligated: [...commitment.obligated],
      in_force_at: commitment.inForceAt!,
      effective_from: commitment.effectiveFrom,
      effective_to: commitment.effectiveTo ?? null,
      indicators: commitment.indicators.map((indicator) =>
        indicator.kind === 'computed'
          ? computedIndicator(context, commitment, indicator, reference)
          : {
              kind: 'assessed' as const,
              id: indicator.id,
              name: indicator.name,
              assessment: latestAssessment(commitment, indicator.id, range),
              previous_assessment: latestAssessment(commitment, indicator.id, periodRange(previous)),
            },
      ),
    }));
}
