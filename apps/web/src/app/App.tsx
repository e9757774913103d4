import { lazy, Suspense, useCallback, type ReactNode } from 'react';
import { I18nProvider, useI18n } from '../i18n/i18n-context.tsx';
import { listMemberKeys, type StoredKey } from '../session/key-store.ts';
import { AppHeader } from './AppHeader.tsx';
import { JmmProvider, useJmm, type JmmBootstrap } from './jmm-context.tsx';
import { matchPath, useLocation } from './router.tsx';
import { OutboxProvider } from '../forms/outbox-context.tsx';

const PublicPortalPage = lazy(() => import('../pages/PublicPortalPage.tsx'));
const SignInPage = lazy(() => import('../pages/SignInPage.tsx'));
const InboxPage = lazy(() => import('../pages/InboxPage.tsx'));
const IncidentsPage = lazy(() => import('../pages/IncidentsPage.tsx'));
const IncidentPage = lazy(() => import('../pages/IncidentPage.tsx'));
const ExchangesPage = lazy(() => import('../pages/ExchangesPage.tsx'));
const CasesPage = lazy(() => import('../pages/CasesPage.tsx'));
const FindingPage = lazy(() => import('../pages/FindingPage.tsx'));
const CommitmentsPage = lazy(() => import('../pages/CommitmentsPage.tsx'));
const ComposePage = lazy(() => import('../forms/ComposePage.tsx'));
const AdminPage = lazy(() => import('../pages/AdminPage.tsx'));
const DashboardPage = lazy(() => import('../dashboard/DashboardPage.tsx'));
const LogExplorerPage = lazy(() => import('../log-explorer/LogExplorerPage.tsx'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage.tsx'));

interface Route {
  readonly pattern: string;
  readonly signedIn: boolean;
  render(params: Record<string, string>): ReactNode;
}

/** Every screen of the app (DESIGN.md §7). Screens that need a member send a signed-out reader to sign in. */
const ROUTES: readonly Route[] = [
  { pattern: '/', signedIn: false, render: () => <HomePage /> },
  { pattern: '/public', signedIn: false, render: () => <PublicPortalPage /> },
  { pattern: '/sign-in', signedIn: false, render: () => <SignInPage /> },
  { pattern: '/inbox', signedIn: true, render: () => <InboxPage /> },
  { pattern: '/incidents', signedIn: false, render: () => <IncidentsPage /> },
  {
    pattern: '/incidents/:digest',
    signedIn: false,
    render: ({ digest = '' }) => <IncidentPage digest={digest} />,
  },
  {
    pattern: '/records/:digest',
    signedIn: false,
    render: ({ digest = '' }) => <IncidentPage digest={digest} />,
  },
  { pattern: '/exchanges', signedIn: true, render: () => <ExchangesPage /> },
  { pattern: '/cases', signedIn: true, render: () => <CasesPage /> },
  {
    pattern: '/findings/:digest',
    signedIn: false,
    render: ({ digest = '' }) => <FindingPage digest={digest} />,
  },
  { pattern: '/commitments', signedIn: false, render: () => <CommitmentsPage /> },
  { pattern: '/dashboard', signedIn: false, render: () => <DashboardPage /> },
  { pattern: '/log-explorer', signedIn: false, render: () => <LogExplorerPage /> },
  { pattern: '/compose/:type', signedIn: true, render: ({ type = '' }) => <ComposePage type={type} /> },
  { pattern: '/admin', signedIn: true, render: () => <AdminPage /> },
];

function HomePage() {
  const { session } = useJmm();
  return session === undefined ? <PublicPortalPage /> : <InboxPage />;
}

function Screen() {
  const { path } = useLocation();
  const { session } = useJmm();
  const { t } = useI18n();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params === undefined) continue;
    if (route.signedIn && session === undefined) return <SignInPage reason={t('signIn.needed')} />;
    return route.render(params);
  }
  return <NotFoundPage />;
}

function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function App({ bootstrap }: { bootstrap: JmmBootstrap }) {
  const findKey = useCallback(
    async (id: string): Promise<StoredKey | undefined> =>
      (await listMemberKeys(bootstrap.mechanism.origin)).find((key) => key.id === id),
    [bootstrap.mechanism.origin],
  );
  return (
    <I18nProvider>
      <JmmProvider bootstrap={bootstrap} findKey={findKey}>
        <OutboxProvider>
          <a className="skip-link" href="#main">
            <SkipLabel />
          </a>
          <AppHeader />
          <main id="main" tabIndex={-1}>
            <Suspense fallback={<Loading />}>
              <Screen />
            </Suspense>
          </main>
        </OutboxProvider>
      </JmmProvider>
    </I18nProvider>
  );
}

function SkipLabel() {
  const { t } = useI18n();
  return <>{t('nav.skip')}</>;
}
