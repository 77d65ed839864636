/** Loading, error and "nothing here" states, the same on every card. */
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../api/client';

export function Skeleton({ height = 240, label = 'Loading' }: { height?: number; label?: string }) {
  return (
    <div className="skeleton" style={{ height }} role="status" aria-live="polite">
      <span className="visually-hidden">{label}…</span>
    </div>
  );
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function describe(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    if (error.status === 0) return { title: 'Cannot reach Parley', detail: error.message };
    if (error.status === 429) return { title: 'Too many requests', detail: `Wait ${error.retryAfter ?? 'a few'} seconds and try again.` };
    if (error.status === 400) return { title: 'These filters cannot be shown', detail: error.message };
    if (error.status === 403) return { title: 'Not allowed', detail: error.message };
    if (error.status >= 500) return { title: 'Parley had a problem answering', detail: `${sentence(error.message)} Try again in a moment.` };
    return { title: 'Something went wrong', detail: error.message };
  }
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
}

export function ErrorPanel({ error, onRetry, compact = false }: { error: unknown; onRetry: () => void; compact?: boolean }) {
  const { title, detail } = describe(error);
  return (
    <div className={compact ? 'error-panel compact' : 'error-panel'} role="alert">
      <div>
        <strong>{title}</strong>
        <p>{detail}</p>
      </div>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

export function EmptyNote({ children = 'No data in this period.' }: { children?: ReactNode }) {
  return <p className="empty-note">{children}</p>;
}

/**
 * Renders a query's data, or its skeleton or error. Once there is data it stays on screen:
 * while newer data loads it is dimmed (aria-busy), and a failed refresh shows a small error
 * above it rather than taking it away.
 */
export function QueryView<T>({
  query,
  skeletonHeight,
  children,
}: {
  query: UseQueryResult<T>;
  skeletonHeight?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.data === undefined) {
    if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
    return <Skeleton height={skeletonHeight} />;
  }
  const stale = query.isPlaceholderData || (query.isFetching && !query.isError);
  return (
    <div className={stale ? 'query-view is-stale' : 'query-view'} aria-busy={stale}>
      {query.isError && <ErrorPanel compact error={query.error} onRetry={() => void query.refetch()} />}
      {children(query.data)}
    </div>
  );
}
