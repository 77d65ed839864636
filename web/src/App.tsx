import { Suspense, useEffect, useMemo, useRef, type MouseEvent } from 'react';
import type { Me } from '@parley/shared';
import { useLogout, useMe } from './api/hooks';
import { BusinessHoursNotice } from './components/BusinessHoursNotice';
import { DataRangeNotice } from './components/DataRangeNotice';
import { EmptyWorkspace } from './components/EmptyWorkspace';
import { FilterBar } from './components/FilterBar';
import { SavedViews } from './components/SavedViews';
import { ThemePicker } from './components/ThemePicker';
import { SignIn } from './components/SignIn';
import { UrlNotice } from './components/UrlNotice';
import { TabStrip } from './components/TabStrip';
import { ErrorPanel, Skeleton } from './components/status';
import { type LazyPage, lazyPage } from './lazy-page';
import { ADMIN_PAGES, LINKED_PAGES, PAGES, type Page, pageFromPath } from './lib/url-state';
import { DashboardProvider, navigate, useDashboard } from './state';

// Pages load on demand: the sign-in page does not wait for the charting library.
const PAGE_COMPONENTS: Record<Page, LazyPage> = {
  overview: lazyPage(() => import('./pages/Overview')),
  'response-times': lazyPage(() => import('./pages/ResponseTimes')),
  agents: lazyPage(() => import('./pages/Rankings').then((m) => ({ default: m.AgentsPage }))),
  teams: lazyPage(() => import('./pages/Rankings').then((m) => ({ default: m.TeamsPage }))),
  tags: lazyPage(() => import('./pages/Rankings').then((m) => ({ default: m.TagsPage }))),
  engagement: lazyPage(() => import('./pages/Engagement')),
  campaigns: lazyPage(() => import('./pages/Campaigns')),
  loyalty: lazyPage(() => import('./pages/Loyalty')),
  channels: lazyPage(() => import('./pages/Channels')),
  conversations: lazyPage(() => import('./pages/Conversations')),
  live: lazyPage(() => import('./pages/Live')),
  exports: lazyPage(() => import('./pages/Exports')),
  settings: lazyPage(() => import('./pages/Settings')),
  conversation: lazyPage(() => import('./pages/Conversation')),
};
// The page of the address loads while the session is checked (see lazy-page.ts); the others
// once it is shown, so moving between pages never waits for a module.
void PAGE_COMPONENTS[pageFromPath(window.location.pathname)].preload().catch(() => undefined);

export const PAGE_TITLES: Record<Page, string> = {
  overview: 'Overview',
  'response-times': 'Response times',
  agents: 'Agents',
  teams: 'Teams',
  tags: 'Tags',
  engagement: 'Engagement',
  campaigns: 'Campaigns',
  loyalty: 'Loyalty',
  channels: 'Channels',
  conversations: 'Conversations',
  live: 'Live',
  exports: 'Exports',
  settings: 'Settings',
  conversation: 'Conversation',
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
  // Chosen once per page, so a page rendered lazily is not remounted when its module arrives.
  const PageComponent = useMemo(() => PAGE_COMPONENTS[state.page].component(), [state.page]);
  const isAdmin = me.user?.role === 'admin';
  // Settings is about the workspace, not its figures: no filters, and open before the first event arrives.
  const adminPage = ADMIN_PAGES.includes(state.page);
  // Members do not see the Settings tab; opening /settings anyway says why there is nothing there.
  // Except their own account: anyone signed in has Settings, with only that section for members.
  const tabs = PAGES.filter((p) => !LINKED_PAGES.includes(p) && (isAdmin || !ADMIN_PAGES.includes(p) || (p === 'settings' && me.user !== null)));
  // One conversation is a page of its own: no filter bar (its facts are the conversation's, whatever the period).
  const barePage = LINKED_PAGES.includes(state.page);

  useEffect(() => {
    // After the first page is drawn, the other pages' modules load too (see PAGE_COMPONENTS).
    const later = window.setTimeout(() => {
      for (const p of PAGES) if (isAdmin || !ADMIN_PAGES.includes(p)) void PAGE_COMPONENTS[p].preload().catch(() => undefined);
    }, 1500);
    return () => window.clearTimeout(later);
  }, [isAdmin]);

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
            {me.user && <SavedViews email={me.user.email} />}
            <ThemePicker />
            {me.user && <span className="user-email">{me.user.email}</span>}
            {me.user && (
              <button type="button" className="link-button" onClick={() => logout.mutate()} disabled={logout.isPending}>
                Sign out
              </button>
            )}
          </div>
        </div>
        <TabStrip label="Pages" active={state.page}>
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
        </TabStrip>
      </header>
      <main className="content">
        <h1 ref={heading} tabIndex={-1} data-testid="page-title" className="page-title">
          {PAGE_TITLES[state.page]}
        </h1>
        <UrlNotice />
        <BusinessHoursNotice />
        {adminPage || barePage ? (
          <Suspense fallback={<Skeleton height={320} />}>
            <PageComponent />
          </Suspense>
        ) : me.workspace.hasEvents ? (
          <>
            <FilterBar />
            <DataRangeNotice />
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
