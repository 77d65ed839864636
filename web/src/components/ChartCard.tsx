/**
 * A card around one chart: title, "Download CSV" (a server link, so the browser streams the
 * file and the numbers are exactly the API's) and "View as table" (the same data, readable by
 * screen readers and copyable). Loading, error and empty states come from QueryView.
 */
import { useId, useState, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { DataTable, type TableData } from './DataTable';
import { EmptyNote, QueryView } from './status';

export interface ChartView {
  chart: ReactNode;
  table: TableData;
  empty?: boolean;
  /** What the empty state says instead of "No data in this period." */
  emptyText?: ReactNode;
}

export function ChartCard<T>({
  title,
  description,
  csv,
  query,
  controls,
  height = 260,
  testId,
  children,
}: {
  title: string;
  description?: ReactNode;
  csv?: string;
  query: UseQueryResult<T>;
  /** Options of this chart (a metric picker…), shown under the title. */
  controls?: ReactNode;
  height?: number;
  testId?: string;
  children: (data: T) => ChartView;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <section className="card chart-card" aria-labelledby={headingId} data-testid={testId}>
      <header className="card-header">
        <div>
          <h2 id={headingId}>{title}</h2>
          {description && <p className="card-description">{description}</p>}
        </div>
        <div className="card-actions">
          {csv && (
            <a className="link-button" href={csv} download aria-label={`Download CSV: ${title}`}>
              Download CSV
            </a>
          )}
          <button type="button" className="link-button" aria-pressed={asTable} aria-label={`View as table: ${title}`} onClick={() => setAsTable((v) => !v)}>
            {asTable ? 'View as chart' : 'View as table'}
          </button>
        </div>
      </header>
      {controls && <div className="card-controls">{controls}</div>}
      <QueryView query={query} skeletonHeight={height}>
        {(data) => {
          const view = children(data);
          if (view.empty) return <EmptyNote>{view.emptyText}</EmptyNote>;
          return asTable ? <DataTable data={view.table} caption={title} /> : view.chart;
        }}
      </QueryView>
    </section>
  );
}
