/** Links between the dashboard's pages, followed in the page (modified clicks open a new tab as usual). */
import type { ReactNode } from 'react';
import { navigate } from '../state';

/** A link to another page of the dashboard. */
export function PageLink({ href, children, className, label, testId }: { href: string; children: ReactNode; className?: string; label?: string; testId?: string }) {
  return (
    <a
      className={className}
      href={href}
      aria-label={label}
      title={label}
      data-testid={testId}
      onClick={(e) => {
        // Modified clicks open a new tab as usual.
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
        window.scrollTo({ top: 0 });
      }}
    >
      {children}
    </a>
  );
}

/** A link to the conversations behind a figure (lib/drill.ts). */
export function DrillLink({ href, label, children, className = 'drill-link' }: { href: string; label: string; children: ReactNode; className?: string }) {
  return (
    <PageLink href={href} label={label} className={className} testId="drill-link">
      {children}
    </PageLink>
  );
}
