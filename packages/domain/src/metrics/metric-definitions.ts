import { MECHANISM_TYPES } from '../taxonomy.ts';
import { ACCESS_METRICS } from './access-metrics.ts';
import { ALLEGATION_OUTCOME_METRICS } from './allegation-outcome-metrics.ts';
import { COMMITMENT_METRICS } from './commitment-metrics.ts';
import { EXCHANGE_METRICS } from './exchange-metrics.ts';
import { INCIDENT_METRICS } from './incident-metrics.ts';
import type { MetricDefinitions } from './metric-group.ts';
import { RESPONSE_METRICS } from './response-metrics.ts';

/** What a metric counts, over which period, and whether it is a running total (served beside its value). */
export interface MetricDefinition {
  readonly what: string;
  readonly period: string;
  /**
   * True when the metric counts over every period up to the end of the reported one (a stock, such as what is
   * overdue), not only what happened in the period: its values are not added up across periods.
   */
  readonly running_total: boolean;
}

const IN_PERIOD = 'The reported period (previous: the period before), each judged as of the checkpoint';
const IN_INDICATOR_PERIOD =
  "The indicator's own month or quarter holding the reporting period's latest instant";
const AT_PERIOD_END =
  'Every period up to the end of the reported period (as_of for the current period): a snapshot at that instant';

/** Metrics counted over every period up to the reported one's end, rather than in it (see the definitions). */
const RESPONSE_RUNNING_TOTALS: readonly (keyof typeof RESPONSE_METRICS)[] = ['overdue'];
const EXCHANGE_RUNNING_TOTALS: readonly (keyof typeof EXCHANGE_METRICS)[] = [
  'overdue_acknowledgements',
  'overdue_replies',
];

function partyRows(
  group: string,
  definitions: MetricDefinitions,
  runningTotals: readonly string[] = [],
): [string, MetricDefinition][] {
  return Object.entries(definitions).map(([name, what]) => {
    const running = runningTotals.includes(name);
    return [
      `${group}.<party>.${name}`,
      { what, period: running ? AT_PERIOD_END : IN_PERIOD, running_total: running },
    ];
  });
}

/**
 * Every metric path pattern a result (and a report's values, `listReportValues`) uses, with its definition:
 * `<party>` is an organisation id, `<category>` one of MECHANISM_TYPES, `<commitment>` the first 16 hex digits
 * of a commitment's digest and `<indicator>` an indicator id. Built from the `*_METRICS` one-line definitions,
 * which stay the only place a metric is described.
 */
export const METRIC_DEFINITIONS: Readonly<Record<string, MetricDefinition>> = Object.freeze(
  Object.fromEntries([
    ...(['alleged_by', 'alleged_against'] as const).flatMap((row): [string, MetricDefinition][] => [
      [
        `incidents.${row}.<party>.total`,
        { what: INCIDENT_METRICS[row], period: IN_PERIOD, running_total: false },
      ],
      [
        `incidents.${row}.<party>.by_category.<category>`,
        {
          what: `${INCIDENT_METRICS[row]}, of one mechanism category (${MECHANISM_TYPES.join(', ')})`,
          period: IN_PERIOD,
          running_total: false,
        },
      ],
    ]),
    ...partyRows('responses', RESPONSE_METRICS, RESPONSE_RUNNING_TOTALS),
    ...partyRows('allegation_outcomes', ALLEGATION_OUTCOME_METRICS),
    ...partyRows('exchanges', EXCHANGE_METRICS, EXCHANGE_RUNNING_TOTALS),
    ...partyRows('access', ACCESS_METRICS),
    [
      'commitments.<commitment>.indicators.<indicator>.parties.<party>.value',
      { what: COMMITMENT_METRICS.value, period: IN_INDICATOR_PERIOD, running_total: false },
    ],
  ]),
);
