/** A headline figure with its change against the previous period. */
import type { Delta, Kpi } from '../lib/chart-data';
import { NO_VALUE, formatChange, formatCurrency, formatPoints, formatValue } from '../lib/format';
import { METRICS } from '../lib/metrics';

export function formatKpiValue(kpi: Pick<Kpi, 'kind' | 'currency'>, v: number | null): string {
  return kpi.currency ? formatCurrency(v, kpi.currency) : formatValue(kpi.kind, v);
}

export function deltaText(d: Delta): string {
  if (d.change === null) return d.direction === 'up' ? 'new' : NO_VALUE;
  return d.mode === 'points' ? formatPoints(d.change) : formatChange(d.change);
}

const ARROWS = { up: '▲', down: '▼', flat: '■' } as const;

export function DeltaBadge({ kpi }: { kpi: Kpi }) {
  const d = kpi.delta;
  const text = deltaText(d);
  const words = d.direction === 'flat' ? 'unchanged' : d.direction === 'up' ? `up ${text}` : `down ${text}`;
  const previous = formatKpiValue(kpi, kpi.previous);
  return (
    <span className={`delta tone-${d.tone}`} data-testid={`kpi-${kpi.id}-delta`} title={`Previous period: ${previous}`}>
      <span aria-hidden="true">
        {ARROWS[d.direction]} {text}
      </span>
      {/* Arrows and colours say nothing to a screen reader: words do. */}
      <span className="visually-hidden">{`${words} from ${previous} in the previous period`}</span>
    </span>
  );
}

export function KpiCard({ kpi, compare, selected, onSelect }: { kpi: Kpi; compare: boolean; selected?: boolean; onSelect?: () => void }) {
  const body = (
    <>
      <span className="kpi-label" title={METRICS[kpi.metric].hint}>
        {kpi.label}
      </span>
      <span className="kpi-value" data-testid={`kpi-${kpi.id}`}>
        {formatKpiValue(kpi, kpi.value)}
      </span>
      {compare && <DeltaBadge kpi={kpi} />}
    </>
  );
  // Volume cards choose the main chart's series (as in most analytics dashboards): a toggle button.
  if (onSelect)
    return (
      <button type="button" className={selected ? 'kpi selectable selected' : 'kpi selectable'} aria-pressed={selected} onClick={onSelect}>
        {body}
        <span className="visually-hidden">(show in the chart)</span>
      </button>
    );
  return <div className="kpi">{body}</div>;
}
