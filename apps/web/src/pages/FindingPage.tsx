import type { Finding } from '@jmm/client';
import { satisfiesRule, STATEMENT_RULES } from '@jmm/domain';
import { useMemo } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { Link } from '../app/router.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { VerifiedBadge } from '../components/VerifiedBadge.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

/** A finding with its grading, its endorsements and every dissent in full (DESIGN.md §2: findings record dissent). */
export default function FindingPage({ digest }: { digest: string }) {
  const { client, treeSize, session } = useJmm();
  const [resource, retry] = useResource(
    () => client.readFinding(digest),
    [client, digest, treeSize, session?.token],
  );
  return (
    <section className="page finding" aria-labelledby="finding-title">
      <ResourceView resource={resource} retry={retry}>
        {(finding) => <FindingView finding={finding} />}
      </ResourceView>
    </section>
  );
}

function FindingView({ finding }: { finding: Finding }) {
  const { t, dateTime } = useI18n();
  const { client, mechanism, session } = useJmm();
  const verify = useMemo(() => client.readStatement.bind(client), [client]);
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  const orgKind = mechanism.orgs.find((org) => org.id === session?.org)?.kind;
  const may = (type: 'endorse' | 'release') =>
    session !== undefined &&
    orgKind !== undefined &&
    satisfiesRule(STATEMENT_RULES[type], orgKind, session.roles);
  const concur = finding.endorsements.filter(
    (endorsement) => endorsement.position === 'concur' && endorsement.counts,
  ).length;
  return (
    <>
      <h1 id="finding-title">
        {t('finding.title')}: {vocabularyLabel(t, finding.determination)}
      </h1>
      <p>
        <VerifiedBadge digest={finding.digest} verify={verify} />{' '}
        <span className={`tag tag-${finding.status}`}>{vocabularyLabel(t, finding.status)}</span>
      </p>
      <dl className="facts">
        <dt>{t('finding.attribution')}</dt>
        <dd>
          {finding.attribution === null
            ? t('finding.noAttribution')
            : `${orgName(finding.attribution.party)} · ${vocabularyLabel(t, finding.attribution.degree)}`}
        </dd>
        <dt>{t('finding.grading')}</dt>
        <dd>
          {t('finding.gradingValue', {
            reliability: finding.source_reliability,
            credibility: finding.information_credibility,
          })}{' '}
          · {vocabularyLabel(t, finding.confidence)}
        </dd>
        <dt>{t('finding.methods')}</dt>
        <dd>{finding.methods.map((method) => vocabularyLabel(t, method)).join(', ')}</dd>
        <dt>{t('finding.drafted')}</dt>
        <dd>{dateTime(finding.drafted_at)}</dd>
        {finding.final_at !== null && (
          <>
            <dt>{t('finding.final')}</dt>
            <dd>{dateTime(finding.final_at)}</dd>
          </>
        )}
        <dt>{t('finding.case')}</dt>
        <dd>
          <Link href={`/incidents/${finding.case_digest}`} className="mono">
            {finding.case_digest.slice(0, 19)}…
          </Link>
        </dd>
      </dl>
      <p dir="auto" className="prose">
        {finding.summary}
      </p>
      <h2>{t('finding.endorsements', { count: finding.endorsements.length, concur })}</h2>
      {finding.endorsements.length === 0 ? (
        <p className="empty">{t('finding.noEndorsements')}</p>
      ) : (
        <ul className="endorsements">
          {finding.endorsements.map((endorsement) => (
            <li key={endorsement.digest} className={endorsement.position}>
              <strong>{vocabularyLabel(t, endorsement.position)}</strong> · {orgName(endorsement.org)}
              {endorsement.member !== null && ` · ${endorsement.member}`}
              {!endorsement.counts && ` · ${t('finding.recordedOnly')}`}{' '}
              <VerifiedBadge digest={endorsement.digest} verify={verify} />
              {endorsement.text !== null && (
                <blockquote dir="auto" className="prose">
                  {endorsement.text}
                </blockquote>
              )}
            </li>
          ))}
        </ul>
      )}
      <nav className="actions" aria-label={t('record.actions')}>
        {may('endorse') && (
          <Link className="button" href={`/compose/endorse?ref=endorses:${finding.digest}`}>
            {t('record.act.endorseFinding')}
          </Link>
        )}
        {may('release') && finding.status === 'final' && (
          <Link className="button" href={`/compose/release?ref=summarises:${finding.digest}`}>
            {t('record.act.release')}
          </Link>
        )}
      </nav>
    </>
  );
}
