/**
 * A page loaded on demand that renders without a Suspense fallback once its module is here.
 * React keeps a fallback it has revealed on screen for at least 300 ms, and a page's queries
 * start only when the page mounts: a page that suspended even briefly (its module coming from
 * the cache) fetched its data ~300 ms late. So the current page's module is asked for at start-up,
 * alongside the session check, and a page already loaded is rendered directly.
 */
import { lazy, type ComponentType } from 'react';

export interface LazyPage {
  /** Starts loading the module (once). */
  preload(): Promise<unknown>;
  /** The component to render: the page itself when loaded, else a lazy one that suspends. */
  component(): ComponentType;
}

export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  let loaded: ComponentType | undefined;
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (loading ??= load().then((m) => {
      loaded = m.default;
      return m;
    }));
  const Lazy = lazy(preload);
  return { preload, component: () => loaded ?? Lazy };
}
