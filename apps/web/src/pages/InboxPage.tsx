import type { Inbox } from '@jmm/client';
import { useEffect, useMemo, useState } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { Link } from '../app/router.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { FORM_SPECS, isFormType } from '../forms/form-specs.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';
import { notifyUrgentItems } from './inbox-notifications.ts';

type InboxItem = Inbox['items'][number];

/** Oldest deadline first; items without a deadline after those with one, oldest first (issue 10). */
export function sortInboxItems(items: readonly InboxItem[]): InboxItem[] {
  return [...items].sort((a, b) => {
    if (a.deadline !== null && b.deadline !== null) return a.deadline.localeCompare(b.deadline);
    if (a.deadline !== null) return -1;
    if (b.deadline !== null) return 1;
    return a.since.localeCompare(b.since);
  });
}

/** Where an item is settled: the form for its action, referring to its record with the relation the form needs. */
export function actionHref(item: InboxItem): string | undefined {
  if (!isFormType(item.action)) return undefined;
  const rel = FORM_SPECS[item.action].refs[0];
  return rel === undefined ? `/compose/${item.action}` : `/compose/${item.action}?ref=${rel}:${item.digest}`;
}

export default function InboxPage() {
  const { t, dateTime } = useI18n();
  const { client, treeSize, session } = useJmm();
  const [resource, retry] = useResource(() => client.readInbox(), [client, treeSize, session?.token]);
  const [permission, setPermission] = useState(
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  const [filter, setFilter] = useState('');

  useEffect(() => {
    if (resource.state === 'ready' && permission === 'granted') notifyUrgentItems(resource.value, t);
  }, [resource, permission, t]);

  const actions = useMemo(
    () =>
      resource.state === 'ready' ? [...new Set(resource.value.items.map((item) => item.action))].sort() : [],
    [resource],
  );

  return (
    <section className="page" aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <p>{t('inbox.explain')}</p>
      {permission === 'default' && (
        <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
          {t('inbox.enableNotifications')}
        </button>
      )}
      <ResourceView resource={resource} retry={retry}>
        {(inbox) => {
          const items = sortInboxItems(inbox.items).filter((item) => filter === '' || item.action === filter);
          return (
            <>
              <p className="as-of">{t('inbox.asOf', { time: dateTime(inbox.as_of) })}</p>
              <label>
                {t('inbox.filter')}{' '}
                <select value={filter} onChange={(event) => setFilter(event.target.value)}>
                  <option value="">{t('inbox.all', { count: inbox.items.length })}</option>
                  {actions.map((action) => (
                    <option key={action} value={action}>
                      {vocabularyLabel(t, action)}
                    </option>
                  ))}
                </select>
              </label>
              {items.length === 0 ? (
                <p className="empty">{t('inbox.empty')}</p>
              ) : (
                <table className="records">
                  <caption className="visually-hidden">{t('inbox.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('inbox.due')}</th>
                      <th scope="col">{t('inbox.action')}</th>
                      <th scope="col">{t('inbox.subject')}</th>
                      <th scope="col">{t('inbox.since')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('inbox.act')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((item) => {
                      const href = actionHref(item);
                      return (
                        <tr
                          key={`${item.action}:${item.digest}`}
                          className={item.overdue ? 'overdue' : undefined}
                        >
                          <td>
                            {item.deadline === null ? t('inbox.noDeadline') : dateTime(item.deadline)}
                            {item.overdue && <span className="tag tag-danger">{t('inbox.overdue')}</span>}
                          </td>
                          <td>{vocabularyLabel(t, item.action)}</td>
                          <td>
                            <Link
                              href={
                                item.subject_type === 'finding'
                                  ? `/findings/${item.digest}`
                                  : `/incidents/${item.digest}`
                              }
                            >
                              {item.subject ?? vocabularyLabel(t, item.subject_type)}
                            </Link>
                          </td>
                          <td>{dateTime(item.since)}</td>
                          <td>
                            {href !== undefined && (
                              <Link className="button" href={href}>
                                {vocabularyLabel(t, `act.${item.action}`)}
                              </Link>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </ResourceView>
    </section>
  );
}
