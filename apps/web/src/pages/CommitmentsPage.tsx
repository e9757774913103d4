import { satisfiesRule, STATEMENT_RULES } from '@jmm/domain';
import { useJmm } from '../app/jmm-context.tsx';
import { Link } from '../app/router.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

/** Commitments agreed at the talks, who accepted them, and their indicators' assessments (DESIGN.md §6). */
export default function CommitmentsPage() {
  const { t, date } = useI18n();
  const { client, mechanism, treeSize, session } = useJmm();
  const [resource, retry] = useResource(
    () => client.listCommitments({ limit: 200 }),
    [client, treeSize, session?.token],
  );
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  const orgKind = mechanism.orgs.find((org) => org.id === session?.org)?.kind;
  const mayPropose =
    session !== undefined &&
    orgKind !== undefined &&
    satisfiesRule(STATEMENT_RULES['commitment.propose'], orgKind, session.roles);
  return (
    <section className="page" aria-labelledby="commitments-title">
      <div className="page-head">
        <h1 id="commitments-title">{t('commitments.title')}</h1>
        {mayPropose && (
          <Link className="button primary" href="/compose/commitment.propose">
            {t('commitments.propose')}
          </Link>
        )}
      </div>
      <ResourceView resource={resource} retry={retry}>
        {(page) =>
          page.records.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            page.records.map((commitment) => (
              <article key={commitment.digest} className="card" aria-labelledby={`c-${commitment.digest}`}>
                <h2 id={`c-${commitment.digest}`}>
                  <Link href={`/records/${commitment.digest}`} dir="auto">
                    {commitment.title}
                  </Link>{' '}
                  <span className={`tag tag-${commitment.status}`}>
                    {vocabularyLabel(t, commitment.status)}
                  </span>
                </h2>
                <p className="meta">
                  {t('commitments.obligated')}: {commitment.obligated.map(orgName).join(', ')} ·{' '}
                  {t('commitments.from', { date: date(commitment.effective_from) })}
                  {commitment.accepted.length > 0 &&
                    ` · ${t('commitments.accepted')}: ${commitment.accepted.map((accept) => orgName(accept.org)).join(', ')}`}
                </p>
                <table className="records">
                  <caption>{t('commitments.indicators')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('commitments.indicator')}</th>
                      <th scope="col">{t('commitments.assessments')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {commitment.indicators.map((indicator) => {
                      const id = String(indicator.id);
                      const assessments = commitment.assessments.filter(
                        (assessment) => assessment.indicator === id,
                      );
                      return (
                        <tr key={id}>
                          <td dir="auto">{String(indicator.name)}</td>
                          <td>
                            {assessments.length === 0
                              ? '—'
                              : assessments
                                  .map(
                                    (assessment) =>
                                      `${date(assessment.start)}: ${vocabularyLabel(t, assessment.status)}`,
                                  )
                                  .join(' · ')}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </article>
            ))
          )
        }
      </ResourceView>
    </section>
  );
}
