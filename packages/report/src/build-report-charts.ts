import type { MetricCell, MetricsResult } from '@jmm/domain';
import type { ReportChart } from './report-model.ts';

function current(cell: MetricCell): number | null {
  return cell.suppressed ? null : cell.value;
}

function previous(cell: MetricCell): number | null {
  return cell.previous_suppressed ? null : cell.previous;
}

function percent(cell: MetricCell): number | null {
  const value = current(cell);
  return value === null ? null : Number((value * 100).toFixed(2));
}

interface Labels {
  readonly period: string;
  readonly previous: string;
  readonly partyName: (party: string) => string;
}

/** A chart of one metric per party, this period beside the previous one. */
function versusChart<Row extends { readonly party: string }>(
  id: string,
  title: string,
  rows: readonly Row[],
  cellOf: (row: Row) => MetricCell,
  labels: Labels,
): ReportChart {
  const cells = rows.map(cellOf);
  return {
    id,
    title,
    unit: 'count',
    categories: rows.map((row) => labels.partyName(row.party)),
    series: [
      { name: labels.period, values: cells.map(current) },
      { name: labels.previous, values: cells.map(previous) },
    ],
  };
}

/**
 * The charts' data, taken from the same metric cells as the tables: a withheld or undefined value draws no bar,
 * so a chart never shows what a table withholds.
 */
export function buildReportCharts(metrics: MetricsResult, labels: Labels): ReportChart[] {
  return [
    versusChart(
      'alleged-against',
      'Allegations naming each party as responsible',
      metrics.incidents.alleged_against,
      (row) => row.total,
      labels,
    ),
    versusChart(
      'alleged-by',
      'Allegations reported by each party',
      metrics.incidents.alleged_by,
      (row) => row.total,
      labels,
    ),
    {
      id: 'on-time',
      title: `Share on time, ${labels.period} (%)`,
      unit: 'percent',
      categories: metrics.responses.map((row) => labels.partyName(row.party)),
      series: [
        {
          name: 'Responses to allegations',
          values: metrics.responses.map((row) => percent(row.responded_on_time_share)),
        },
        {
          name: 'Acknowledgements',
          values: metrics.exchanges.map((row) => percent(row.acknowledged_on_time_share)),
        },
        { name: 'Replies', values: metrics.exchanges.map((row) => percent(row.replied_on_time_share)) },
      ],
    },
    versusChart(
      'access-denials',
      'Access denials and delays naming each party',
      metrics.access,
      (row) => row.access_denials,
      labels,
    ),
  ];
}
