/**
 * The page tabs as a strip that scrolls sideways when it does not fit (a phone): the current tab
 * is scrolled into view, and an arrow at each edge with more tabs beyond it shows there is more
 * (and scrolls there when pressed). Keyboard focus scrolls a tab into view by itself.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export function TabStrip({ label, active, children }: { label: string; /** Changes when another tab becomes current. */ active: string; children: ReactNode }) {
  const nav = useRef<HTMLElement>(null);
  const [more, setMore] = useState({ before: false, after: false });

  const measure = useCallback(() => {
    const el = nav.current;
    if (!el) return;
    const before = el.scrollLeft > 1;
    const after = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setMore((m) => (m.before === before && m.after === after ? m : { before, after }));
  }, []);

  useLayoutEffect(() => {
    const el = nav.current;
    const tab = el?.querySelector<HTMLElement>('[aria-current="page"]');
    // Centre the current tab in the strip; scrollIntoView would scroll the page as well.
    if (el && tab) el.scrollLeft = Math.max(0, tab.offsetLeft - (el.clientWidth - tab.offsetWidth) / 2);
    measure();
  }, [active, measure]);

  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [measure]);

  const page = (sign: 1 | -1) => nav.current?.scrollBy({ left: sign * nav.current.clientWidth * 0.7, behavior: 'smooth' });

  return (
    <div className="tab-strip">
      {more.before && (
        <button type="button" className="tab-more tab-more-before" tabIndex={-1} aria-label="Show the previous pages" onClick={() => page(-1)}>
          ‹
        </button>
      )}
      <nav ref={nav} className="tabs" aria-label={label} onScroll={measure}>
        {children}
      </nav>
      {more.after && (
        <button type="button" className="tab-more tab-more-after" tabIndex={-1} aria-label="Show more pages" data-testid="tabs-more" onClick={() => page(1)}>
          ›
        </button>
      )}
    </div>
  );
}
