import { useMemo } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { VerifiedBadge } from '../components/VerifiedBadge.tsx';
import { Link } from '../app/router.tsx';
import { ReportList } from '../components/ReportList.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

/**
 * The public portal (no sign-in): what the mechanism has made public — releases agreed by the mediators,
 * periodic reports, public incident reports and metrics — coarsened as the settings say, and how anyone can
 * check it against the log. Kept free of the map and chart code so it loads fast on a slow link.
 */
export default function PublicPortalPage() {
  const { t, dateTime, date } = useI18n();
  const { client, mechanism, treeSize, session } = useJmm();
  const verify = useMemo(() => client.readStatement.bind(client), [client]);
  const [releases, retryReleases] = useResource(() => client.listReleases({ limit: 20 }), [client, treeSize]);
  const [reports, retryReports] = useResource(() => client.listReports({ limit: 12 }), [client, treeSize]);
  const [incidents, retryIncidents] = useResource(
    () => client.listIncidents({ limit: 10, sort: 'newest' }),
    [client, treeSize],
  );
  const orgName = (id: string | null | undefined) =>
    mechanism.orgs.find((org) => org.id === id)?.name ?? id ?? '';
  return (
    <section className="page portal" aria-labelledby="portal-title">
      <h1 id="portal-title">{mechanism.name}</h1>
      <p className="lead">{t('portal.intro')}</p>
      <p className="facts-inline">
        {t('portal.logSize', { size: treeSize })} · <Link href="/log-explorer">{t('portal.verifyLink')}</Link>{' '}
        · <Link href="/dashboard">{t('portal.metricsLink')}</Link>
      </p>

      <h2>{t('portal.releases')}</h2>
      <ResourceView resource={releases} retry={retryReleases}>
        {(page) =>
          page.records.length === 0 ? (
            <p className="empty">{t('portal.noReleases')}</p>
          ) : (
            <ul className="release-list">
              {page.records.map((release) => (
                <li key={release.digest} className="card" data-release={release.digest}>
                  <h3 dir="auto">{release.title}</h3>
                  <p className="meta">
                    {orgName(release.org)} · {dateTime(release.log_time)}
                  </p>
                  <p dir="auto" className="prose">
                    {release.summary}
                  </p>
                  <p>
                    <VerifiedBadge digest={release.digest} verify={verify} />
                  </p>
                  {session !== undefined && (
                    <p>
                      {release.summarises.map((digest) => (
                        <Link key={digest} href={`/records/${digest}`} className="button">
                          {t('portal.readRecord')}
                        </Link>
                      ))}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </ResourceView>

      <h2>{t('portal.reports')}</h2>
      <ResourceView resource={reports} retry={retryReports}>
        {(page) =>
          page.records.length === 0 ? (
            <p className="empty">{t('portal.noReports')}</p>
          ) : (
            <ReportList reports={page.records} />
          )
        }
      </ResourceView>

      <h2>{t('portal.incidents')}</h2>
      <ResourceView resource={incidents} retry={retryIncidents}>
        {(page) =>
          page.records.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            <ul>
              {page.records.map((incident) => (
                <li key={incident.digest}>
                  <Link href={`/incidents/${incident.digest}`}>
                    {date(incident.time.start)} · {vocabularyLabel(t, incident.category.mechanism_type)} ·{' '}
                    {incident.location.admin1 ?? ''}
                  </Link>{' '}
                  · {t('portal.reportedBy', { org: orgName(incident.org) })} ·{' '}
                  {vocabularyLabel(t, incident.status)}
                </li>
              ))}
            </ul>
          )
        }
      </ResourceView>
      <p>
        <Link href="/incidents">{t('portal.allIncidents')}</Link>
      </p>
      <h2>{t('portal.howToVerify')}</h2>
      <p>{t('portal.howToVerifyText')}</p>
    </section>
  );
}
