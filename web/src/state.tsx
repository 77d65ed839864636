/**
 * A tiny history router: the URL is the single source of the dashboard's state. Changes push a
 * history entry (so back/forward step through views); popstate re-reads the URL.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Me } from '@parley/shared';
import type { BaseParams, SeriesParams } from './api/hooks';
import { type DashboardState, type Page, type ResolvedPeriod, type UrlIssue, carryIgnoredFilters, parseStateWithIssues, resolvePeriod, serializeState, updateState } from './lib/url-state';

const NAVIGATE = 'parley:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}
// A string snapshot: useSyncExternalStore compares snapshots by identity.
const snapshot = () => window.location.pathname + window.location.search;

export function useLocationKey(): string {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (url === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATE));
}

interface Dashboard {
  state: DashboardState;
  period: ResolvedPeriod;
  me: Me;
  /** Applies a change and records it in the URL. */
  update: (patch: Partial<DashboardState>, options?: { replace?: boolean }) => void;
  /** The URL of another page with the same filters (for the nav links). */
  hrefFor: (page: Page) => string;
  /** from, to, tz, channel, and team, tag, hours for the reports that take them. */
  base: BaseParams;
  /** base and the grain. */
  series: SeriesParams;
  /** What the URL asked for that could not be shown (the URL has been replaced by the canonical one). */
  urlIssues: UrlIssue[];
  dismissUrlIssues: () => void;
}

const DashboardContext = createContext<Dashboard | null>(null);

export function DashboardProvider({ me, children }: { me: Me; children: ReactNode }) {
  const key = useLocationKey();
  const parsed = useMemo(() => {
    const url = new URL(key, window.location.origin);
    return parseStateWithIssues(url.pathname, url.search, { workspaceTz: me.workspace.timeZone, nowMs: Date.now(), businessHours: me.workspace.businessHours.set });
  }, [key, me.workspace.timeZone, me.workspace.businessHours.set]);
  // The state shown before this URL: what a page without grain or comparison carries on (see carryIgnoredFilters).
  const before = useRef<DashboardState | null>(null);
  const state = useMemo(() => {
    const next = carryIgnoredFilters(parsed.state, before.current);
    before.current = next;
    return next;
  }, [parsed]);
  // A bad URL: the notice says what was wrong, and the address bar gets the canonical URL of what
  // is shown (replaced, so back does not return to the bad one). The notice stays until dismissed
  // or until the view changes.
  const [notice, setNotice] = useState<{ issues: UrlIssue[]; url: string } | null>(null);
  useEffect(() => {
    if (parsed.issues.length > 0) {
      const url = serializeState(parsed.state);
      setNotice({ issues: parsed.issues, url });
      navigate(url, { replace: true });
    } else setNotice((n) => (n && n.url !== key ? null : n));
  }, [parsed, key]);
  const dismissUrlIssues = useCallback(() => setNotice(null), []);
  // "Today" is read when the view changes, not on every render, so query keys stay stable.
  const period = useMemo(() => resolvePeriod(state, me.workspace.timeZone, Date.now()), [state, me.workspace.timeZone]);
  const update = useCallback(
    (patch: Partial<DashboardState>, options?: { replace?: boolean }) => navigate(serializeState(updateState(state, patch)), options),
    [state],
  );
  const value = useMemo<Dashboard>(() => {
    // period.request, not the dates: a running period is asked until now, never the future.
    // team, tag and hours go with every call; each report keeps those it takes (api/hooks.ts reportParams).
    const base: BaseParams = {
      from: period.request.from,
      to: period.request.to,
      tz: period.tz,
      channel: state.channels,
      team: state.teams,
      tag: state.tags,
      hours: state.hours === 'business' ? 'business' : undefined,
    };
    return {
      state,
      period,
      me,
      update,
      hrefFor: (page) => serializeState(state, page),
      base,
      series: { ...base, grain: period.grain },
      urlIssues: notice?.issues ?? [],
      dismissUrlIssues,
    };
  }, [state, period, me, update, notice, dismissUrlIssues]);
  return <DashboardContext.Provider value={value}>{children}</DashboardContext.Provider>;
}

/** The dashboard when inside one, else null (components that also render alone, as in tests). */
export function useOptionalDashboard(): Dashboard | null {
  return useContext(DashboardContext);
}

export function useDashboard(): Dashboard {
  const d = useContext(DashboardContext);
  if (!d) throw new Error('useDashboard outside DashboardProvider');
  return d;
}
