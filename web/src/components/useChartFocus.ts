import { useEffect, useRef } from 'react';

/**
 * Keeps a chart out of the tab order. Charts are role="img" with a name (their data is reachable
 * through "View as table"), but Chromium tabs into Recharts' z-index layer groups (<g>) one by
 * one, a dozen stops per chart. tabindex=-1 takes them out of sequential navigation; the layers
 * appear after the first render, hence the observer.
 */
export function useChartFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const fix = () => {
      for (const g of root.querySelectorAll('svg g[class^="recharts-zIndex-layer"]:not([tabindex])')) g.setAttribute('tabindex', '-1');
    };
    fix();
    const observer = new MutationObserver(fix);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return ref;
}
