import type { Timeline } from '@jmm/client';
import { useMemo } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { Link } from '../app/router.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { VerifiedBadge } from '../components/VerifiedBadge.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';
import { StatementBody } from './StatementBody.tsx';
import { listRecordActions } from './record-actions.ts';

/**
 * A record's page (issue 10): its full history as the reader may see it — report, responses, case, notes,
 * findings, endorsements and dissents, release — each statement with its signing and log times and a badge
 * verified in this browser, and the next steps the member's role allows.
 */
export default function IncidentPage({ digest }: { digest: string }) {
  const { t } = useI18n();
  const { client, treeSize, session } = useJmm();
  const [resource, retry] = useResource(
    () => client.readTimeline(digest),
    [client, digest, treeSize, session?.token],
  );
  return (
    <section className="page record" aria-labelledby="record-title">
      <ResourceView resource={resource} retry={retry}>
        {(timeline) => <RecordHistory timeline={timeline} />}
      </ResourceView>
      {resource.state === 'error' && <h1 id="record-title">{t('record.notFound')}</h1>}
    </section>
  );
}

function RecordHistory({ timeline }: { timeline: Timeline }) {
  const { t, dateTime } = useI18n();
  const { client, mechanism, session } = useJmm();
  const orgKind = mechanism.orgs.find((org) => org.id === session?.org)?.kind;
  const actions = useMemo(
    () =>
      listRecordActions(
        timeline,
        session === undefined || orgKind === undefined
          ? undefined
          : { org: session.org, orgKind, roles: session.roles },
      ),
    [timeline, session, orgKind],
  );
  const verify = useMemo(() => client.readStatement.bind(client), [client]);
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  const first = timeline.statements[0];
  return (
    <>
      <h1 id="record-title">
        {vocabularyLabel(t, timeline.kind)}
        {first !== undefined && ` · ${orgName(first.org)} · ${dateTime(first.log_time)}`}
      </h1>
      <p className="mono digest">{timeline.digest}</p>
      {actions.length > 0 && (
        <nav className="actions" aria-label={t('record.actions')}>
          {actions.map((item) => (
            <Link key={item.href} className="button" href={item.href}>
              {t(item.label)}
            </Link>
          ))}
        </nav>
      )}
      {timeline.truncated && <p className="notice">{t('record.truncated')}</p>}
      <ol className="history">
        {timeline.statements.map((entry) => {
          const late = Date.parse(entry.log_time) - Date.parse(entry.statement.issued_at) > 15 * 60_000;
          return (
            <li key={entry.digest} className={`history-item type-${entry.type.replace('.', '-')}`}>
              <article aria-labelledby={`h-${entry.digest}`}>
                <header>
                  <h2 id={`h-${entry.digest}`}>{vocabularyLabel(t, entry.type)}</h2>
                  <VerifiedBadge digest={entry.digest} verify={verify} />
                </header>
                <p className="meta">
                  {orgName(entry.org)}
                  {entry.statement.issuer.member !== null && ` · ${entry.statement.issuer.member}`} ·{' '}
                  {t('record.logged', { time: dateTime(entry.log_time), index: entry.index })}
                  {late && ` · ${t('record.signedAt', { time: dateTime(entry.statement.issued_at) })}`} ·{' '}
                  {vocabularyLabel(t, `audience.${entry.statement.audience.kind}`)}
                </p>
                <StatementBody type={entry.type} body={entry.statement.body} />
                {entry.type === 'case.finding' && (
                  <p>
                    <Link href={`/findings/${entry.digest}`}>{t('record.openFinding')}</Link>
                  </p>
                )}
              </article>
            </li>
          );
        })}
      </ol>
    </>
  );
}
