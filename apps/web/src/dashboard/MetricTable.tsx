import type { MetricCell } from '@jmm/domain';
import type { MessageKey } from '../i18n/i18n-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { formatMetricChange, formatMetricValue, unitOfMetric } from './metric-format.ts';

/** A party's row of a metric group as the API serves it: the party and one cell per metric. */
export type PartyRow = { readonly party: string } & object;

export function cellOf(row: PartyRow, metric: string): MetricCell | undefined {
  return (row as Readonly<Record<string, MetricCell | undefined>>)[metric];
}

/** Each party's metrics for the period, the previous period and the change, as a table. */
export function MetricTable({
  rows,
  metrics,
  partyName,
  labelOf,
}: {
  rows: readonly PartyRow[];
  metrics: readonly string[];
  partyName: (party: string) => string;
  labelOf: (metric: string) => string;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const language = i18n.language;
  const words = { suppressed: t('dashboard.suppressed'), none: t('dashboard.noValue') };
  return (
    <div className="dashboard-table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.column.metric')}</th>
            <th scope="col">{t('dashboard.column.value')}</th>
            <th scope="col">{t('dashboard.column.previous')}</th>
            <th scope="col">{t('dashboard.column.change')}</th>
          </tr>
        </thead>
        {rows.map((row) => (
          <tbody key={row.party}>
            <tr>
              <th scope="colgroup" colSpan={4}>
                {partyName(row.party)}
              </th>
            </tr>
            {metrics.map((metric) => {
              const cell = cellOf(row, metric);
              if (cell === undefined) return null;
              const unit = unitOfMetric(metric);
              return (
                <tr key={metric}>
                  <th scope="row">{labelOf(metric)}</th>
                  <td>{formatMetricValue(cell.value, cell.suppressed, unit, language, words)}</td>
                  <td>{formatMetricValue(cell.previous, cell.previous_suppressed, unit, language, words)}</td>
                  <td>{formatMetricChange(cell, unit, language, words.none)}</td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
    </div>
  );
}

/** The catalogue key of each metric's label; a metric the server adds later shows under its own name. */
export const METRIC_LABELS: Readonly<Record<string, MessageKey>> = {
  total: 'dashboard.metric.total',
  allegations: 'dashboard.metric.allegations',
  responded: 'dashboard.metric.responded',
  responses_due: 'dashboard.metric.responses_due',
  responded_on_time: 'dashboard.metric.responded_on_time',
  responded_on_time_share: 'dashboard.metric.responded_on_time_share',
  hours_to_first_response_median: 'dashboard.metric.hours_to_first_response_median',
  hours_to_first_response_p90: 'dashboard.metric.hours_to_first_response_p90',
  overdue: 'dashboard.metric.overdue',
  admitted: 'dashboard.metric.admitted',
  investigated: 'dashboard.metric.investigated',
  confirmed: 'dashboard.metric.confirmed',
  attributed: 'dashboard.metric.attributed',
  admitted_share: 'dashboard.metric.admitted_share',
  investigated_share: 'dashboard.metric.investigated_share',
  confirmed_share: 'dashboard.metric.confirmed_share',
  attributed_share: 'dashboard.metric.attributed_share',
  finalised: 'dashboard.metric.finalised',
  days_to_final_finding_median: 'dashboard.metric.days_to_final_finding_median',
  days_to_final_finding_p90: 'dashboard.metric.days_to_final_finding_p90',
  requests: 'dashboard.metric.requests',
  acknowledged: 'dashboard.metric.acknowledged',
  acknowledgements_due: 'dashboard.metric.acknowledgements_due',
  acknowledged_on_time: 'dashboard.metric.acknowledged_on_time',
  acknowledged_on_time_share: 'dashboard.metric.acknowledged_on_time_share',
  hours_to_acknowledge_median: 'dashboard.metric.hours_to_acknowledge_median',
  hours_to_acknowledge_p90: 'dashboard.metric.hours_to_acknowledge_p90',
  replies_expected: 'dashboard.metric.replies_expected',
  replied: 'dashboard.metric.replied',
  replies_due: 'dashboard.metric.replies_due',
  replied_on_time: 'dashboard.metric.replied_on_time',
  replied_on_time_share: 'dashboard.metric.replied_on_time_share',
  hours_to_reply_median: 'dashboard.metric.hours_to_reply_median',
  hours_to_reply_p90: 'dashboard.metric.hours_to_reply_p90',
  overdue_acknowledgements: 'dashboard.metric.overdue_acknowledgements',
  overdue_replies: 'dashboard.metric.overdue_replies',
  denials: 'dashboard.metric.denials',
  delays: 'dashboard.metric.delays',
  access_denials: 'dashboard.metric.access_denials',
};
