import { Suspense, lazy, useEffect, useRef, type MouseEvent } from 'react';
import type { Me } from '@parley/shared';
import { useLogout, useMe } from './api/hooks';
import { EmptyWorkspace } from './components/EmptyWorkspace';
import { FilterBar } from './components/FilterBar';
import { SignIn } from './components/SignIn';
import { ErrorPanel, Skeleton } from './components/status';
import { ADMIN_PAGES, PAGES, type Page } from './lib/url-state';
import { DashboardProvider, navigate, useDashboard } from './state';

// Pages load on demand: the sign-in page does not wait for the charting library.
const PAGE_COMPONENTS: Record<Page, React.LazyExoticComponent<() => React.JSX.Element>> = {
  overview: lazy(() => import('./pages/Overview')),
  'response-times': lazy(() => import('./pages/ResponseTimes')),
  engagement: lazy(() => import('./pages/Engagement')),
  campaigns: lazy(() => import('./pages/Campaigns')),
  loyalty: lazy(() => import('./pages/Loyalty')),
  channels: lazy(() => import('./pages/Channels')),
  exports: lazy(() => import('./pages/Exports')),
  settings: lazy(() => import('./pages/Settings')),
};

export const PAGE_TITLES: Record<Page, string> = {
  overview: 'Overview',
  'response-times': 'Response times',
  engagement: 'Engagement',
  campaigns: 'Campaigns',
  loyalty: 'Loyalty',
  channels: 'Channels',
  exports: 'Exports',
  settings: 'Settings',
};

/** Signed in: the dashboard; not: the sign-in page; a 401 anywhere flips it (see query-client). */
export function App() {
  const me = useMe();
  if (me.data === undefined) {
    if (me.isError)
      return (
        <main className="centered">
          <ErrorPanel error={me.error} onRetry={() => void me.refetch()} />
        </main>
      );
    return (
      <main className="centered" aria-busy="true">
        <Skeleton height={120} label="Loading Parley" />
      </main>
    );
  }
  if (me.data === null) return <SignIn />;
  return (
    <DashboardProvider me={me.data}>
      <Dashboard me={me.data} checking={me.isFetching} onCheckAgain={() => void me.refetch()} />
    </DashboardProvider>
  );
}

function Dashboard({ me, checking, onCheckAgain }: { me: Me; checking: boolean; onCheckAgain: () => void }) {
  const { state, hrefFor } = useDashboard();
  const logout = useLogout();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstPage = useRef(true);
  const PageComponent = PAGE_COMPONENTS[state.page];
  const isAdmin = me.user?.role === 'admin';
  // Settings is about the workspace, not its figures: no filters, and open before the first event arrives.
  const adminPage = ADMIN_PAGES.includes(state.page);
  // Members do not see the Settings tab; opening /settings anyway says why there is nothing there.
  // Except their own account: anyone signed in has Settings, with only that section for members.
  const tabs = PAGES.filter((p) => isAdmin || !ADMIN_PAGES.includes(p) || (p === 'settings' && me.user !== null));

  useEffect(() => {
    document.title = `${PAGE_TITLES[state.page]} · ${me.workspace.name} · Parley`;
    // After a page change (not on first load, not on a filter change) move focus to the new heading.
    if (firstPage.current) firstPage.current = false;
    else heading.current?.focus();
  }, [state.page, me.workspace.name]);

  const follow = (e: MouseEvent<HTMLAnchorElement>, href: string) => {
    // Let modified clicks open a new tab as usual.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    window.scrollTo({ top: 0 });
  };

  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar-inner">
          <a className="brand" href={hrefFor('overview')} onClick={(e) => follow(e, hrefFor('overview'))} aria-label="Parley: overview">
            <span className="brand-mark" aria-hidden="true">
              P
            </span>
            <span className="brand-name">Parley</span>
          </a>
          <span className="workspace-name" title="Workspace">
            {me.workspace.name}
          </span>
          <div className="topbar-user">
            {me.user && <span className="user-email">{me.user.email}</span>}
            {me.user && (
              <button type="button" className="link-button" onClick={() => logout.mutate()} disabled={logout.isPending}>
                Sign out
              </button>
            )}
          </div>
        </div>
        <nav className="tabs" aria-label="Pages">
          {tabs.map((p) => (
            <a
              key={p}
              href={hrefFor(p)}
              className={`tab${p === state.page ? ' active' : ''}${ADMIN_PAGES.includes(p) ? ' tab-admin' : ''}`}
              aria-current={p === state.page ? 'page' : undefined}
              onClick={(e) => follow(e, hrefFor(p))}
            >
              {PAGE_TITLES[p]}
            </a>
          ))}
        </nav>
      </header>
      <main className="content">
        <h1 ref={heading} tabIndex={-1} data-testid="page-title" className="page-title">
          {PAGE_TITLES[state.page]}
        </h1>
        {adminPage ? (
          <Suspense fallback={<Skeleton height={320} />}>
            <PageComponent />
          </Suspense>
        ) : me.workspace.hasEvents ? (
          <>
            <FilterBar />
            <Suspense fallback={<Skeleton height={320} />}>
              <PageComponent />
            </Suspense>
          </>
        ) : (
          <EmptyWorkspace me={me} checking={checking} onCheckAgain={onCheckAgain} />
        )}
      </main>
    </div>
  );
}
