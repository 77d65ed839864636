/** A row of headline figures: a page's totals, with deltas when comparing. */
import type { UseQueryResult } from '@tanstack/react-query';
import { type Kpi, buildKpis } from '../lib/chart-data';
import type { MetricKey } from '../lib/metrics';
import { comparisonLabel } from '../lib/periods';
import { useOptionalDashboard } from '../state';
import { KpiCard } from './KpiCard';
import { QueryView } from './status';

export function KpiGrid({ kpis, compare, label }: { kpis: Kpi[]; compare: boolean; label: string }) {
  // The pages compare with the dashboard's previous period: name it on every delta.
  const dashboard = useOptionalDashboard();
  const vs = dashboard ? comparisonLabel(dashboard.period) : undefined;
  return (
    <section className="kpi-grid" aria-label={label}>
      {kpis.map((k) => (
        <KpiCard key={k.id} kpi={k} compare={compare} vs={vs} />
      ))}
    </section>
  );
}

/** Totals of a series answer; `previous` is the same report for the period before (only when comparing). */
export function Figures<T extends { totals: Partial<Record<MetricKey, unknown>> }>({
  query,
  previous,
  keys,
  label,
}: {
  query: UseQueryResult<T>;
  previous?: UseQueryResult<T>;
  keys: MetricKey[];
  label: string;
}) {
  const compare = previous !== undefined;
  return (
    <QueryView query={query} skeletonHeight={96}>
      {(data) => {
        // The comparison may arrive later than the figures: show them at once, deltas when ready.
        const before = compare ? (previous.data?.totals ?? null) : null;
        return <KpiGrid kpis={buildKpis(data.totals, before, keys)} compare={compare && before !== null} label={label} />;
      }}
    </QueryView>
  );
}
