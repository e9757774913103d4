import { lastInstantOf } from '../i18n/format-date-time.ts';
import { useResource } from '../components/use-resource.ts';
import type { MetricsAnswer } from '@jmm/client';
import { PERIOD_KINDS, type PeriodKind } from '@jmm/domain';
import { useState } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CommitmentsSection } from './CommitmentsSection.tsx';
import { chartValue, unitOfMetric } from './metric-format.ts';
import { MetricFigure } from './MetricChart.tsx';
import { cellOf, METRIC_LABELS, MetricTable, type PartyRow } from './MetricTable.tsx';
import './dashboard.css';

const PERIOD_LABELS = {
  week: 'dashboard.period.week',
  month: 'dashboard.period.month',
  quarter: 'dashboard.period.quarter',
} as const satisfies Record<PeriodKind, string>;

/** The figures of DESIGN.md §6: each a metric group, the metrics its table lists and the one its chart draws. */
const FIGURES = [
  { id: 'responses', title: 'dashboard.section.responses', chart: 'responded_on_time_share' },
  { id: 'allegation_outcomes', title: 'dashboard.section.outcomes', chart: 'confirmed_share' },
  { id: 'exchanges', title: 'dashboard.section.exchanges', chart: 'acknowledged_on_time_share' },
  { id: 'exchanges', title: 'dashboard.section.exchangeOverdue', chart: 'overdue_replies' },
  { id: 'access', title: 'dashboard.section.access', chart: 'access_denials' },
] as const;

const TABLE_METRICS: Readonly<Record<string, readonly string[]>> = {
  'dashboard.section.exchanges': [
    'requests',
    'acknowledged_on_time_share',
    'hours_to_acknowledge_median',
    'hours_to_acknowledge_p90',
    'replied_on_time_share',
    'hours_to_reply_median',
    'hours_to_reply_p90',
    'acknowledged',
    'acknowledgements_due',
    'acknowledged_on_time',
    'replies_expected',
    'replied',
    'replies_due',
    'replied_on_time',
  ],
  'dashboard.section.exchangeOverdue': ['overdue_acknowledgements', 'overdue_replies'],
};

/** The dashboard (DESIGN.md §6, §7): metrics per party and period, each figure with its checkpoint. */
export default function DashboardPage() {
  const { client, treeSize } = useJmm();
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [loaded, retry] = useResource(() => client.readMetrics({ period }), [client, period, treeSize]);
  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <p>{t('dashboard.intro')}</p>
      <fieldset className="dashboard-periods">
        <legend>{t('dashboard.period.label')}</legend>
        {PERIOD_KINDS.map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name="dashboard-period"
              value={kind}
              checked={period === kind}
              onChange={() => {
                setPeriod(kind);
              }}
            />{' '}
            {t(PERIOD_LABELS[kind])}
          </label>
        ))}
      </fieldset>
      {loaded.state === 'loading' && (
        <p className="loading" role="status">
          {t('dashboard.loading')}
        </p>
      )}
      {loaded.state === 'error' && (
        <div role="alert">
          <p>{t('dashboard.loadFailed')}</p>
          <ErrorMessage error={loaded.error} />
          <button type="button" onClick={retry}>
            {t('dashboard.retry')}
          </button>
        </div>
      )}
      {loaded.state === 'ready' && <Metrics answer={loaded.value} />}
    </div>
  );
}

function Metrics({ answer }: { answer: MetricsAnswer }) {
  const { mechanism } = useJmm();
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const dateTime = i18n.dateTime.bind(i18n);
  const date = i18n.date.bind(i18n);
  const { metrics, checkpoint } = answer;
  const partyName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  const labelOf = (metric: string) => {
    const key = METRIC_LABELS[metric];
    return key === undefined ? metric : t(key);
  };
  const checkpointNote = t('dashboard.checkpoint', {
    size: String(checkpoint.tree_size),
    time: dateTime(checkpoint.log_time),
  });
  const series = (rows: readonly PartyRow[], metric: string) => {
    const unit = unitOfMetric(metric);
    const pick = (previous: boolean) =>
      rows.map((row) => {
        const cell = cellOf(row, metric);
        if (cell === undefined) return null;
        return previous
          ? chartValue(cell.previous, cell.previous_suppressed, unit)
          : chartValue(cell.value, cell.suppressed, unit);
      });
    return {
      categories: rows.map((row) => partyName(row.party)),
      unit: t(
        unit === 'share'
          ? 'dashboard.unit.percent'
          : unit === 'count'
            ? 'dashboard.unit.count'
            : 'dashboard.unit.hours',
      ),
      series: [
        { name: t('dashboard.series.current'), values: pick(false) },
        { name: t('dashboard.series.previous'), values: pick(true) },
      ],
    };
  };
  const allegations = [
    { title: t('dashboard.section.allegedBy'), rows: metrics.incidents.alleged_by },
    { title: t('dashboard.section.allegedAgainst'), rows: metrics.incidents.alleged_against },
  ];
  return (
    <>
      <p>
        {t('dashboard.period.range', {
          start: date(metrics.period.start),
          end: date(lastInstantOf(metrics.period.end)),
          previousStart: date(metrics.previous_period.start),
          previousEnd: date(lastInstantOf(metrics.previous_period.end)),
        })}
        {!metrics.period.complete && <> {t('dashboard.period.open')}</>}
      </p>
      <p className="dashboard-checkpoint">{checkpointNote}</p>
      {metrics.public && metrics.min_cell_size !== null && (
        <p role="note">{t('dashboard.public', { min: metrics.min_cell_size })}</p>
      )}
      {allegations.map(({ title, rows }) => {
        const flat = rows.map((row) => ({ party: row.party, total: row.total, ...row.by_category }));
        const categories = Object.keys(rows[0]?.by_category ?? {});
        return (
          <MetricFigure
            key={title}
            title={title}
            checkpointNote={checkpointNote}
            chart={rows.length === 0 ? undefined : series(flat, 'total')}
            table={
              <MetricTable
                rows={flat}
                metrics={['total', ...categories]}
                partyName={partyName}
                labelOf={(name) => (name === 'total' ? labelOf(name) : categoryLabel(name, t))}
              />
            }
          />
        );
      })}
      {FIGURES.map((figure) => {
        const rows: readonly PartyRow[] = metrics[figure.id];
        const first = rows[0];
        const names =
          TABLE_METRICS[figure.title] ??
          (first === undefined ? [] : Object.keys(first).filter((k) => k !== 'party'));
        return (
          <MetricFigure
            key={figure.title}
            title={t(figure.title)}
            checkpointNote={checkpointNote}
            chart={rows.length === 0 ? undefined : { ...series(rows, figure.chart) }}
            table={<MetricTable rows={rows} metrics={names} partyName={partyName} labelOf={labelOf} />}
          />
        );
      })}
      <CommitmentsSection
        results={metrics.commitments}
        checkpointNote={checkpointNote}
        partyName={partyName}
      />
    </>
  );
}

function categoryLabel(name: string, t: ReturnType<typeof useI18n>['t']): string {
  const key = `dashboard.category.${name}`;
  return key in CATEGORY_KEYS ? t(key as keyof typeof CATEGORY_KEYS) : name;
}

const CATEGORY_KEYS = {
  'dashboard.category.cross_border_attack': true,
  'dashboard.category.cross_border_fire': true,
  'dashboard.category.incursion': true,
  'dashboard.category.airspace_violation': true,
  'dashboard.category.militant_presence': true,
  'dashboard.category.attack_on_border_post': true,
  'dashboard.category.access_restriction': true,
  'dashboard.category.other': true,
} as const;
