import { useI18n, type MessageKey } from '../i18n/i18n-context.tsx';
import { CALENDARS, TIME_ZONES, type Calendar, type TimeZone } from '../i18n/format-date-time.ts';
import { isLanguageCode, LANGUAGES } from '../i18n/languages.ts';
import { useOutbox } from '../forms/outbox-context.tsx';
import { useJmm } from './jmm-context.tsx';
import { Link, navigate, useLocation } from './router.tsx';

const SIGNED_IN_NAV: readonly { href: string; label: MessageKey }[] = [
  { href: '/inbox', label: 'nav.inbox' },
  { href: '/incidents', label: 'nav.incidents' },
  { href: '/exchanges', label: 'nav.exchanges' },
  { href: '/cases', label: 'nav.cases' },
  { href: '/commitments', label: 'nav.commitments' },
  { href: '/dashboard', label: 'nav.dashboard' },
  { href: '/log-explorer', label: 'nav.log' },
  { href: '/admin', label: 'nav.admin' },
];
const PUBLIC_NAV: readonly { href: string; label: MessageKey }[] = [
  { href: '/public', label: 'nav.public' },
  { href: '/incidents', label: 'nav.incidents' },
  { href: '/dashboard', label: 'nav.dashboard' },
  { href: '/log-explorer', label: 'nav.log' },
];

export function AppHeader() {
  const { t, language, setLanguage, calendar, setCalendar, timeZone, setTimeZone, unreviewed } = useI18n();
  const { mechanism, session, signOut, trust } = useJmm();
  const { pending } = useOutbox();
  const { path } = useLocation();
  const nav = session === undefined ? PUBLIC_NAV : SIGNED_IN_NAV;
  const orgName = mechanism.orgs.find((org) => org.id === session?.org)?.name ?? session?.org;
  return (
    <header className="app-header">
      {mechanism.synthetic && (
        <p className="banner banner-synthetic" role="note">
          {t('banner.synthetic')}
        </p>
      )}
      {trust.presentedKey !== undefined && (
        <p className="banner banner-danger" role="alert">
          {t('banner.logKeyChanged')}
        </p>
      )}
      {unreviewed && (
        <p className="banner banner-info" role="note">
          {t('banner.unreviewedTranslation')}
        </p>
      )}
      <div className="header-row">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            JMM
          </span>
          <span className="brand-name">{mechanism.name}</span>
        </Link>
        <div className="header-tools">
          <label>
            <span>{t('prefs.language')}</span>
            <select
              value={language}
              onChange={(event) => {
                if (isLanguageCode(event.target.value)) setLanguage(event.target.value);
              }}
            >
              {LANGUAGES.map((option) => (
                <option key={option.code} value={option.code} lang={option.code}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('prefs.calendar')}</span>
            <select value={calendar} onChange={(event) => setCalendar(event.target.value as Calendar)}>
              {CALENDARS.map((option) => (
                <option key={option} value={option}>
                  {t(option === 'gregory' ? 'prefs.calendar.gregory' : 'prefs.calendar.persian')}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('prefs.timeZone')}</span>
            <select value={timeZone} onChange={(event) => setTimeZone(event.target.value as TimeZone)}>
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </label>
          {session === undefined ? (
            <Link href="/sign-in" className="button">
              {t('nav.signIn')}
            </Link>
          ) : (
            <span className="who">
              <span>
                {session.member} · {orgName}
              </span>
              <button
                type="button"
                onClick={() => {
                  void signOut().then(() => navigate('/'));
                }}
              >
                {t('nav.signOut')}
              </button>
            </span>
          )}
        </div>
      </div>
      <nav aria-label={t('nav.main')}>
        <ul>
          {nav.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={path === item.href || path.startsWith(`${item.href}/`) ? 'page' : undefined}
              >
                {t(item.label)}
              </Link>
            </li>
          ))}
        </ul>
        {pending > 0 && (
          <p className="outbox-status" role="status">
            {t('outbox.pending', { count: pending })}
          </p>
        )}
      </nav>
    </header>
  );
}
