import { useState } from 'react';
import type { ExchangeStatus } from '@jmm/client';
import { useJmm } from '../app/jmm-context.tsx';
import { Link } from '../app/router.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

const STATUSES: readonly ExchangeStatus[] = ['sent', 'acknowledged', 'replied', 'closed'];

/** Requests for information or action between organisations, with their deadlines (DESIGN.md §6 exchange). */
export default function ExchangesPage() {
  const { t, dateTime } = useI18n();
  const { client, mechanism, treeSize, session } = useJmm();
  const [status, setStatus] = useState<ExchangeStatus | ''>('');
  const [overdue, setOverdue] = useState(false);
  const [resource, retry] = useResource(
    () =>
      client.listExchanges({
        limit: 200,
        ...(status === '' ? {} : { status: [status] }),
        ...(overdue ? { overdue: true } : {}),
      }),
    [client, status, overdue, treeSize, session?.token],
  );
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  return (
    <section className="page" aria-labelledby="exchanges-title">
      <div className="page-head">
        <h1 id="exchanges-title">{t('exchanges.title')}</h1>
        <Link className="button primary" href="/compose/exchange.request">
          {t('exchanges.new')}
        </Link>
      </div>
      <form
        className="filters"
        onSubmit={(event) => event.preventDefault()}
        aria-label={t('incidents.filters')}
      >
        <label>
          {t('incidents.filter.status')}
          <select value={status} onChange={(event) => setStatus(event.target.value as ExchangeStatus)}>
            <option value="">{t('common.any')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {vocabularyLabel(t, value)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(event) => setOverdue(event.target.checked)} />
          {t('exchanges.overdueOnly')}
        </label>
      </form>
      <ResourceView resource={resource} retry={retry}>
        {(page) =>
          page.records.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            <table className="records">
              <caption className="visually-hidden">{t('exchanges.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchanges.subject')}</th>
                  <th scope="col">{t('exchanges.from')}</th>
                  <th scope="col">{t('exchanges.to')}</th>
                  <th scope="col">{t('exchanges.priority')}</th>
                  <th scope="col">{t('exchanges.ackBy')}</th>
                  <th scope="col">{t('exchanges.respondBy')}</th>
                  <th scope="col">{t('incidents.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {page.records.map((exchange) => (
                  <tr key={exchange.digest} className={exchange.overdue ? 'overdue' : undefined}>
                    <td>
                      <Link href={`/records/${exchange.digest}`} dir="auto">
                        {exchange.subject}
                      </Link>
                    </td>
                    <td>{orgName(exchange.org)}</td>
                    <td>{exchange.recipients.map(orgName).join(', ')}</td>
                    <td>{vocabularyLabel(t, exchange.priority)}</td>
                    <td>{dateTime(exchange.acknowledge_by)}</td>
                    <td>{dateTime(exchange.respond_by)}</td>
                    <td>
                      {vocabularyLabel(t, exchange.status)}
                      {exchange.overdue && <span className="tag tag-danger">{t('inbox.overdue')}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </ResourceView>
    </section>
  );
}
