import type { Member, RuleChange } from '@jmm/client';
import { satisfiesRule, STATEMENT_RULES } from '@jmm/domain';
import { useJmm } from '../app/jmm-context.tsx';
import { Link } from '../app/router.tsx';
import { ResourceView } from '../components/ResourceView.tsx';
import { useResource } from '../components/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

/**
 * Administration (issue 10): organisations, members and their keys (enrol, revoke), rule changes with the
 * parties' endorsements, the mechanism's settings, and the access log of the member's organisation. Every
 * change is a signed statement like any other: the buttons open its form.
 */
export default function AdminPage() {
  const { t } = useI18n();
  const { mechanism, session } = useJmm();
  const orgKind = mechanism.orgs.find((org) => org.id === session?.org)?.kind;
  const may = (type: 'member.enroll' | 'member.revoke' | 'settings.change' | 'org.admit') =>
    session !== undefined &&
    orgKind !== undefined &&
    satisfiesRule(STATEMENT_RULES[type], orgKind, session.roles);
  return (
    <section className="page admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <nav className="actions" aria-label={t('record.actions')}>
        {may('member.enroll') && (
          <Link className="button" href="/compose/member.enroll">
            {t('admin.enrol')}
          </Link>
        )}
        {may('member.revoke') && (
          <Link className="button" href="/compose/member.revoke">
            {t('admin.revoke')}
          </Link>
        )}
        {may('settings.change') && (
          <Link className="button" href="/compose/settings.change">
            {t('admin.changeSettings')}
          </Link>
        )}
        {may('org.admit') && (
          <Link className="button" href="/compose/org.admit">
            {t('admin.admitOrg')}
          </Link>
        )}
      </nav>
      <h2>{t('admin.orgs')}</h2>
      <table className="records">
        <caption className="visually-hidden">{t('admin.orgs')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('field.org')}</th>
            <th scope="col">{t('admin.orgName')}</th>
            <th scope="col">{t('admin.orgKind')}</th>
          </tr>
        </thead>
        <tbody>
          {mechanism.orgs.map((org) => (
            <tr key={org.id}>
              <td className="mono">{org.id}</td>
              <td>{org.name}</td>
              <td>{vocabularyLabel(t, org.kind)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MembersSection />
      <RuleChangesSection />
      <h2>{t('admin.settings')}</h2>
      <pre className="mono settings">{JSON.stringify(mechanism.settings, null, 2)}</pre>
      {/* The server shows the access log to an organisation's administrators only. */}
      {session?.roles.includes('admin') === true && <AccessLogSection />}
    </section>
  );
}

function MembersSection() {
  const { t, dateTime } = useI18n();
  const { client, mechanism, treeSize } = useJmm();
  const [resource, retry] = useResource(() => client.listMembers(), [client, treeSize]);
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  return (
    <>
      <h2>{t('admin.members')}</h2>
      <ResourceView resource={resource} retry={retry}>
        {(members: Member[]) => (
          <table className="records">
            <caption className="visually-hidden">{t('admin.members')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.org')}</th>
                <th scope="col">{t('field.member')}</th>
                <th scope="col">{t('admin.displayName')}</th>
                <th scope="col">{t('admin.roleTitle')}</th>
                <th scope="col">{t('admin.roles')}</th>
                <th scope="col">{t('admin.keys')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={`${member.org}/${member.member}`} className={member.active ? undefined : 'inactive'}>
                  <td>{orgName(member.org)}</td>
                  <td className="mono">{member.member}</td>
                  <td>{member.display_name}</td>
                  <td>{member.role_title}</td>
                  <td>{member.roles.map((role) => t(`role.${role}`)).join(', ')}</td>
                  <td>
                    <ul className="plain">
                      {member.keys.map((key) => (
                        <li key={key.key_id}>
                          <span className="mono">{key.key_id.slice(0, 16)}…</span>{' '}
                          {key.revoked_index === null
                            ? t('admin.keyActive', { index: key.enrolled_index })
                            : t('admin.keyRevoked', {
                                index: key.revoked_index,
                                time: key.revoked_at === null ? '' : dateTime(key.revoked_at),
                              })}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceView>
    </>
  );
}

function RuleChangesSection() {
  const { t, dateTime } = useI18n();
  const { client, mechanism, treeSize } = useJmm();
  const [resource, retry] = useResource(() => client.readSettingsChanges(), [client, treeSize]);
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;
  return (
    <>
      <h2>{t('admin.ruleChanges')}</h2>
      <ResourceView resource={resource} retry={retry}>
        {(changes: RuleChange[]) =>
          changes.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            <ul className="plain">
              {changes.map((change) => (
                <li key={change.digest} className="card">
                  <strong>{vocabularyLabel(t, change.type)}</strong> · {orgName(change.org)} ·{' '}
                  {dateTime(change.log_time)} ·{' '}
                  <span className="tag">{vocabularyLabel(t, change.status)}</span>
                  <p dir="auto">{change.reason}</p>
                  {change.patch !== null && (
                    <pre className="mono">{JSON.stringify(change.patch, null, 2)}</pre>
                  )}
                  {change.admits !== null && <p>{t('admin.admits', { name: change.admits.name })}</p>}
                  {change.awaiting.length > 0 && (
                    <p>{t('admin.awaiting', { orgs: change.awaiting.map(orgName).join(', ') })}</p>
                  )}
                  <ul>
                    {change.endorsements.map((endorsement) => (
                      <li key={endorsement.digest}>
                        {vocabularyLabel(t, endorsement.position)} · {orgName(endorsement.org)}
                        {endorsement.text !== null && `: ${endorsement.text}`}
                      </li>
                    ))}
                  </ul>
                  {change.status === 'pending' && (
                    <Link className="button" href={`/compose/endorse?ref=endorses:${change.digest}`}>
                      {t('record.act.endorseFinding')}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </ResourceView>
    </>
  );
}

function AccessLogSection() {
  const { t, dateTime } = useI18n();
  const { client } = useJmm();
  const [resource, retry] = useResource(() => client.readAccessLog({ limit: 100 }), [client]);
  return (
    <>
      <h2>{t('admin.accessLog')}</h2>
      <p>{t('admin.accessLogExplain')}</p>
      <ResourceView resource={resource} retry={retry}>
        {(entries) =>
          entries.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            <table className="records">
              <caption className="visually-hidden">{t('admin.accessLog')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.when')}</th>
                  <th scope="col">{t('field.member')}</th>
                  <th scope="col">{t('admin.what')}</th>
                  <th scope="col">{t('admin.resource')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{dateTime(entry.time)}</td>
                    <td className="mono">{entry.member ?? '—'}</td>
                    <td>{entry.action}</td>
                    <td className="mono">{entry.resource ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </ResourceView>
    </>
  );
}
