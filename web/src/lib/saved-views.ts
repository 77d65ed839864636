/**
 * Saved views, the pure part: what of the URL a view keeps, whether the page shows a view, and
 * what is wrong with a name before the API is asked. A view is the URL serializeState writes, so a
 * relative period ("last 7 days") stays relative when the view is opened later.
 */
import type { SavedView } from '@parley/shared';
import { VIEW_PATHS, type ViewPath, viewNameProblem } from '@parley/shared/view-params';
import { type DashboardState, parseState, serializeState } from './url-state';

/** The page path and query (without '?') of a state, as a view stores them. */
export function viewOfState(state: DashboardState): { path: string; query: string } {
  const url = serializeState(state);
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** What a view of this page would store; null for a page that cannot be one (Settings shows no figures). */
export function savableView(state: DashboardState): { path: ViewPath; query: string } | null {
  const view = viewOfState(state);
  return (VIEW_PATHS as readonly string[]).includes(view.path) ? (view as { path: ViewPath; query: string }) : null;
}

/**
 * The URL a view opens: read through parseState and written again, so a view saved by an older
 * dashboard (another parameter order, a value since retired) opens as today's dashboard shows it.
 */
export const viewHref = (view: { path: string; query: string }): string => serializeState(parseState(view.path, view.query ? `?${view.query}` : ''));

/** The saved view the page shows, if any: the same canonical URL (parameter order does not matter). */
export function activeView<V extends { path: string; query: string }>(views: readonly V[], state: DashboardState): V | undefined {
  const here = serializeState(state);
  return views.find((v) => viewHref(v) === here);
}

/** What is wrong with a name typed for a view (trimmed), or null; `exceptId`: the view being renamed. */
export function viewNameError(name: string, views: readonly Pick<SavedView, 'id' | 'name'>[], exceptId?: string): string | null {
  const trimmed = name.trim();
  const problem = viewNameProblem(trimmed);
  if (problem) return `The name ${problem}.`;
  const clash = views.find((v) => v.id !== exceptId && v.name.toLowerCase() === trimmed.toLowerCase());
  return clash ? `You already have a view named “${clash.name}”.` : null;
}
