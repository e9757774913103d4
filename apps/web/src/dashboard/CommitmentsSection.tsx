import { useResource } from '../components/use-resource.ts';
import type { Commitment } from '@jmm/client';
import type { MetricsResult } from '@jmm/domain';
import { useJmm } from '../app/jmm-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { formatMetricValue, unitOfMetric } from './metric-format.ts';

type CommitmentResult = MetricsResult['commitments'][number];

const INDICATOR_STATUS = {
  met: 'dashboard.indicatorStatus.met',
  not_met: 'dashboard.indicatorStatus.not_met',
  no_data: 'dashboard.indicatorStatus.no_data',
} as const;

const COMMITMENT_STATUS = {
  proposed: 'dashboard.commitmentStatus.proposed',
  in_force: 'dashboard.commitmentStatus.in_force',
  withdrawn: 'dashboard.commitmentStatus.withdrawn',
} as const satisfies Record<Commitment['status'], string>;

/** Commitments in force in the period with each indicator's status per party, then every commitment's status. */
export function CommitmentsSection({
  results,
  checkpointNote,
  partyName,
}: {
  results: readonly CommitmentResult[];
  checkpointNote: string;
  partyName: (party: string) => string;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const language = i18n.language;
  const words = { suppressed: t('dashboard.suppressed'), none: t('dashboard.noValue') };
  const statusText = (status: 'met' | 'not_met' | 'no_data' | null) =>
    status === null ? t('dashboard.indicatorStatus.suppressed') : t(INDICATOR_STATUS[status]);
  return (
    <section aria-labelledby="dashboard-commitments-heading">
      <h2 id="dashboard-commitments-heading">{t('dashboard.section.commitments')}</h2>
      <p className="dashboard-checkpoint">{checkpointNote}</p>
      {results.length === 0 && <p>{t('dashboard.commitments.none')}</p>}
      {results.map((commitment) => (
        <article key={commitment.commitment}>
          <h3>{commitment.title}</h3>
          <p>
            {t('dashboard.commitments.obligated', {
              parties: commitment.obligated.map(partyName).join(', '),
            })}
          </p>
          <div className="dashboard-table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.column.indicator')}</th>
                  <th scope="col">{t('dashboard.column.party')}</th>
                  <th scope="col">{t('dashboard.column.value')}</th>
                  <th scope="col">{t('dashboard.column.status')}</th>
                  <th scope="col">{t('dashboard.column.previousStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {commitment.indicators.flatMap((indicator) => {
                  if (indicator.kind === 'assessed') {
                    return [
                      <tr key={indicator.id}>
                        <th scope="row">{indicator.name}</th>
                        <td />
                        <td />
                        <td>
                          {indicator.assessment === null
                            ? t('dashboard.commitments.notAssessed')
                            : t('dashboard.commitments.assessed', { status: indicator.assessment.status })}
                        </td>
                        <td>{indicator.previous_assessment?.status ?? t('dashboard.noValue')}</td>
                      </tr>,
                    ];
                  }
                  const unit = unitOfMetric(indicator.metric);
                  const threshold = formatMetricValue(indicator.threshold, false, unit, language, words);
                  const target =
                    indicator.comparator === 'at_least'
                      ? t('dashboard.commitments.atLeast', { threshold })
                      : t('dashboard.commitments.atMost', { threshold });
                  return indicator.parties.map((row) => (
                    <tr key={`${indicator.id}:${row.party}`}>
                      <th scope="row">
                        {indicator.name} ({target})
                      </th>
                      <td>{partyName(row.party)}</td>
                      <td>
                        {formatMetricValue(row.value.value, row.value.suppressed, unit, language, words)}
                      </td>
                      <td>{statusText(row.status)}</td>
                      <td>{statusText(row.previous_status)}</td>
                    </tr>
                  ));
                })}
              </tbody>
            </table>
          </div>
        </article>
      ))}
      <CommitmentList partyName={partyName} />
    </section>
  );
}

/** Every commitment the reader may see, with its status (client.listCommitments). */
function CommitmentList({ partyName }: { partyName: (party: string) => string }) {
  const { client, treeSize } = useJmm();
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const date = i18n.date.bind(i18n);
  const [loaded, retry] = useResource(() => client.listCommitments({ limit: 200 }), [client, treeSize]);
  return (
    <section aria-labelledby="dashboard-commitment-list-heading">
      <h3 id="dashboard-commitment-list-heading">{t('dashboard.section.commitmentList')}</h3>
      {loaded.state === 'loading' && (
        <p className="loading" role="status">
          {t('dashboard.commitments.listLoading')}
        </p>
      )}
      {loaded.state === 'error' && (
        <div>
          <ErrorMessage error={loaded.error} />
          <button type="button" onClick={retry}>
            {t('dashboard.retry')}
          </button>
        </div>
      )}
      {loaded.state === 'ready' &&
        (loaded.value.records.length === 0 ? (
          <p>{t('dashboard.commitments.listNone')}</p>
        ) : (
          <ul>
            {loaded.value.records.map((commitment) => (
              <li key={commitment.digest}>
                <strong>{commitment.title}</strong> — {t(COMMITMENT_STATUS[commitment.status])}.{' '}
                {t('dashboard.commitments.obligated', {
                  parties: commitment.obligated.map(partyName).join(', '),
                })}
                .{' '}
                {commitment.effective_to === null
                  ? t('dashboard.commitments.effective', { from: date(commitment.effective_from) })
                  : t('dashboard.commitments.effectiveUntil', {
                      from: date(commitment.effective_from),
                      to: date(commitment.effective_to),
                    })}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
