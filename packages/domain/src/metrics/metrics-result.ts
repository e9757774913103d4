import { z } from 'zod';
import { MECHANISM_TYPES } from '../taxonomy.ts';
import { ACCESS_METRICS } from './access-metrics.ts';
import { ALLEGATION_OUTCOME_METRICS } from './allegation-outcome-metrics.ts';
import { commitmentResultSchema } from './commitment-metrics.ts';
import { EXCHANGE_METRICS } from './exchange-metrics.ts';
import { INCIDENT_METRICS } from './incident-metrics.ts';
import { metricCellSchema } from './metric-cell.ts';
import type { MetricDefinitions } from './metric-group.ts';
import { reportedPeriodSchema } from './metric-period.ts';
import { RESPONSE_METRICS } from './response-metrics.ts';

/** A party's row of a metric group, each metric documented by its one-line definition. */
function partyRowSchema<D extends MetricDefinitions>(definitions: D) {
  const cells = Object.fromEntries(
    Object.entries(definitions).map(([name, definition]) => [name, metricCellSchema.describe(definition)]),
  ) as { [K in keyof D]: typeof metricCellSchema };
  return z.object({ party: z.string() }).extend(cells);
}

const allegationCountRowSchema = z.object({
  party: z.string(),
  total: metricCellSchema,
  by_category: z.record(z.enum(MECHANISM_TYPES), metricCellSchema).describe('By mechanism category'),
});

/**
 * The metrics of DESIGN.md §6 as computed at one checkpoint for one reader: what `computeMetrics` returns and
 * the API serves. JSON-friendly (no bigint); every value carries the previous period's value and the change.
 */
export const metricsResultSchema = z.object({
  as_of: z.string().describe("The checkpoint's log time: nothing after it counts"),
  time_zone: z.literal('UTC').describe('Periods are calendar periods in UTC; weeks start on Monday'),
  public: z.boolean().describe('Public statements only, small cells suppressed'),
  min_cell_size: z.number().int().nullable().describe('The minimum cell size applied, in public mode'),
  period: reportedPeriodSchema,
  previous_period: reportedPeriodSchema,
  parties: z.array(z.string()),
  incidents: z.object({
    alleged_by: z.array(allegationCountRowSchema).describe(INCIDENT_METRICS.alleged_by),
    alleged_against: z.array(allegationCountRowSchema).describe(INCIDENT_METRICS.alleged_against),
  }),
  responses: z.array(partyRowSchema(RESPONSE_METRICS)),
  allegation_outcomes: z.array(partyRowSchema(ALLEGATION_OUTCOME_METRICS)),
  exchanges: z.array(partyRowSchema(EXCHANGE_METRICS)).describe('Per recipient party'),
  access: z.array(partyRowSchema(ACCESS_METRICS)),
  commitments: z
    .array(commitmentResultSchema)
    .describe('Commitments in force at as_of, effective in the period'),
});
export type MetricsResult = z.infer<typeof metricsResultSchema>;
