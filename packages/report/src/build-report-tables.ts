import { MECHANISM_TYPES, type MetricCell, type MetricsResult } from '@jmm/domain';
import { formatMetricCell, type Withholding } from './format-metric-cell.ts';
import {
  ACCESS_LABELS,
  ALLEGATION_OUTCOME_LABELS,
  CATEGORY_LABELS,
  EXCHANGE_LABELS,
  RESPONSE_LABELS,
  unitOfMetric,
} from './metric-labels.ts';
import type { ReportCell, ReportSection, ReportTable } from './report-model.ts';

export interface TableContext {
  readonly metrics: MetricsResult;
  readonly periodLabel: string;
  readonly previousLabel: string;
  readonly partyName: (party: string) => string;
}

/** A metric row: label, this period (carrying its report.publish key and value), previous period, change. */
function metricRow(
  label: string,
  key: string,
  cell: MetricCell,
  name: string,
  withholding: Withholding,
): ReportCell[] {
  const texts = formatMetricCell(cell, unitOfMetric(name), withholding);
  const current: ReportCell =
    cell.value === null || cell.suppressed
      ? { text: texts.value }
      : { text: texts.value, key, value: cell.value };
  return [{ text: label }, current, { text: texts.previous }, { text: texts.change }];
}

function columns(context: TableContext): string[] {
  return ['', context.periodLabel, context.previousLabel, 'Change'];
}

function withholdingOf(context: TableContext, secondary = false): Withholding {
  return { minCellSize: context.metrics.min_cell_size, secondary };
}

/** A party's row of a metric group as a table, one line per metric in the order of `labels`. */
function partyTable<Metric extends string>(
  context: TableContext,
  group: 'responses' | 'allegation_outcomes' | 'exchanges' | 'access',
  row: { readonly party: string } & Readonly<Record<NoInfer<Metric>, MetricCell>>,
  labels: Readonly<Record<Metric, string>>,
  caption: string,
): ReportTable {
  return {
    id: `${group}-${row.party}`,
    caption,
    columns: columns(context),
    rows: (Object.keys(labels) as Metric[]).map((name) =>
      metricRow(labels[name], `${group}.${row.party}.${name}`, row[name], name, withholdingOf(context)),
    ),
  };
}

const WITHHELD_NOTE =
  'Counts below the minimum cell size are withheld, and so is the smallest other count of a row when exactly one would be withheld (the total would give it away).';

function allegationTables(context: TableContext, side: 'alleged_by' | 'alleged_against'): ReportTable[] {
  return context.metrics.incidents[side].map((row) => {
    const name = context.partyName(row.party);
    const key = `incidents.${side}.${row.party}`;
    return {
      id: `${side}-${row.party}`,
      caption:
        side === 'alleged_by'
          ? `Allegations reported by ${name}`
          : `Allegations naming ${name} as responsible`,
      columns: columns(context),
      rows: [
        metricRow('All categories', `${key}.total`, row.total, 'total', withholdingOf(context)),
        ...MECHANISM_TYPES.map((category) =>
          metricRow(
            CATEGORY_LABELS[category],
            `${key}.by_category.${category}`,
            row.by_category[category],
            category,
            withholdingOf(context, true),
          ),
        ),
      ],
      ...(context.metrics.public ? { note: WITHHELD_NOTE } : {}),
    };
  });
}

/** An indicator status as words: `partly_met` → "partly met". */
function describeStatus(status: string): string {
  return status.replaceAll('_', ' ');
}

function commitmentTables(context: TableContext): ReportTable[] {
  return context.metrics.commitments.map((commitment) => {
    const prefix = `commitments.${commitment.commitment.replace(/^sha256:/, '').slice(0, 16)}.indicators`;
    const rows: ReportCell[][] = commitment.indicators.flatMap((indicator): ReportCell[][] => {
      if (indicator.kind === 'assessed') {
        return [
          [
            { text: indicator.name },
            { text: 'all parties' },
            { text: describeStatus(indicator.assessment?.status ?? 'not_assessed') },
            { text: describeStatus(indicator.previous_assessment?.status ?? 'not_assessed') },
            { text: '–' },
            { text: 'assessed by the verifiers' },
          ],
        ];
      }
      const unit = unitOfMetric(indicator.metric);
      const comparator = indicator.comparator === 'at_least' ? 'at least' : 'at most';
      const target = `${comparator} ${unit === 'share' ? `${indicator.threshold * 100}%` : indicator.threshold}`;
      return indicator.parties.map((party) => {
        const [, current, previous, change] = metricRow(
          indicator.name,
          `${prefix}.${indicator.id}.parties.${party.party}.value`,
          party.value,
          indicator.metric,
          withholdingOf(context),
        );
        const status = `${describeStatus(party.status ?? 'withheld')} (target ${target}; before: ${describeStatus(party.previous_status ?? 'withheld')})`;
        return [
          { text: indicator.name },
          { text: context.partyName(party.party) },
          current!,
          previous!,
          change!,
          { text: status },
        ];
      });
    });
    return {
      id: `commitment-${commitment.commitment.replace(/^sha256:/, '').slice(0, 16)}`,
      caption: `${commitment.title} (obligated: ${commitment.obligated.map(context.partyName).join(', ')})`,
      columns: ['Indicator', 'Party', context.periodLabel, context.previousLabel, 'Change', 'Status'],
      rows,
    };
  });
}

/** The report's tables, one section per metric group of DESIGN.md §6, every value beside its previous and change. */
export function buildReportSections(context: TableContext): ReportSection[] {
  const { metrics, partyName } = context;
  return [
    {
      id: 'allegations',
      heading: 'Allegations',
      intro:
        'Allegations (not withdrawn) reported in the period, by the party that reported them and by the party named as responsible, per mechanism category.',
      tables: [...allegationTables(context, 'alleged_by'), ...allegationTables(context, 'alleged_against')],
    },
    {
      id: 'responses',
      heading: 'Responses to allegations',
      intro:
        'How each party answered the allegations against it that were reported in the period, and how many answers were overdue.',
      tables: metrics.responses.map((row) =>
        partyTable(context, 'responses', row, RESPONSE_LABELS, `Responses by ${partyName(row.party)}`),
      ),
    },
    {
      id: 'allegation-outcomes',
      heading: 'What became of the allegations',
      intro:
        'Of the allegations against each party reported in the period: how many the verifiers admitted, investigated, confirmed and attributed; and the findings made final in the period.',
      tables: metrics.allegation_outcomes.map((row) =>
        partyTable(
          context,
          'allegation_outcomes',
          row,
          ALLEGATION_OUTCOME_LABELS,
          `Allegations against ${partyName(row.party)}`,
        ),
      ),
    },
    {
      id: 'exchanges',
      heading: 'Exchange timeliness',
      intro:
        'Requests sent to each party in the period: acknowledgements and replies, their times, and the share on time against their deadlines.',
      tables: metrics.exchanges.map((row) =>
        partyTable(context, 'exchanges', row, EXCHANGE_LABELS, `Requests to ${partyName(row.party)}`),
      ),
    },
    {
      id: 'access',
      heading: 'Access denials',
      intro: 'Access denied to or delayed for the verifiers, as they recorded it, naming each party.',
      tables: metrics.access.map((row) =>
        partyTable(context, 'access', row, ACCESS_LABELS, `Access denials naming ${partyName(row.party)}`),
      ),
    },
    {
      id: 'commitments',
      heading: 'Commitments and indicators',
      intro:
        metrics.commitments.length === 0
          ? 'No commitment was in force during the period.'
          : 'Commitments in force during the period, each computed indicator per obligated party (measured over its own period) and the verifiers’ assessments.',
      tables: commitmentTables(context),
    },
  ];
}
