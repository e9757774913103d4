import { useJmm } from '../app/jmm-context.tsx';
import { Link } from '../app/router.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

/** The verification team's cases: subjects, team, deadlines, access denials, findings. */
export default function CasesPage() {
  const { t, dateTime } = useI18n();
  const { client, mechanism, treeSize, session } = useJmm();
  const [resource, retry] = useResource(
    () => client.listCases({ limit: 200 }),
    [client, treeSize, session?.token],
  );
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  return (
    <section className="page" aria-labelledby="cases-title">
      <h1 id="cases-title">{t('cases.title')}</h1>
      <ResourceView resource={resource} retry={retry}>
        {(page) =>
          page.records.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            <table className="records">
              <caption className="visually-hidden">{t('cases.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.opened')}</th>
                  <th scope="col">{t('cases.subjects')}</th>
                  <th scope="col">{t('cases.team')}</th>
                  <th scope="col">{t('cases.findingBy')}</th>
                  <th scope="col">{t('cases.accessDenials')}</th>
                  <th scope="col">{t('incidents.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {page.records.map((kase) => (
                  <tr key={kase.digest}>
                    <td>
                      <Link href={`/incidents/${kase.subjects[0] ?? kase.digest}`}>
                        {dateTime(kase.opened_at)}
                      </Link>
                    </td>
                    <td>{kase.subjects.length}</td>
                    <td>
                      {kase.analysts.map((analyst) => analyst.member ?? orgName(analyst.org)).join(', ')}
                    </td>
                    <td>{kase.finding_by === null ? '—' : dateTime(kase.finding_by)}</td>
                    <td>
                      {kase.access_denials
                        .map((denial) => `${orgName(denial.party)} (${vocabularyLabel(t, denial.kind)})`)
                        .join(', ') || '—'}
                    </td>
                    <td>
                      {vocabularyLabel(t, kase.status)}
                      {kase.final_finding !== null && (
                        <>
                          {' '}
                          <Link href={`/findings/${kase.final_finding}`}>{t('cases.finding')}</Link>
                        </>
                      )}
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
