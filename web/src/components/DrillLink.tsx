/** A link to the conversations behind a figure (lib/drill.ts), followed in the page. */
import type { ReactNode } from 'react';
import { navigate } from '../state';

export function DrillLink({ href, label, children, className = 'drill-link' }: { href: string; label: string; children: ReactNode; className?: string }) {
  return (
    <a
      className={className}
      href={href}
      aria-label={label}
      title={label}
      data-testid="drill-link"
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
