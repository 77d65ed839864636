/** A headline figure with its change against the previous period. */
import { type Delta, type Kpi, MIN_SAMPLE } from '../lib/chart-data';
import { NO_VALUE, formatChange, formatCurrency, formatPoints, formatValue } from '../lib/format';
import { METRICS } from '../lib/metrics';
import { DrillLink } from './PageLink';

export function formatKpiValue(kpi: Pick<Kpi, 'kind' | 'currency'>, v: number | null): string {
  return kpi.currency ? formatCurrency(v, kpi.currency) : formatValue(kpi.kind, v);
}

/** What a delta shows instead of a change when the samples are too small (docs/metrics-decisions.md). */
export const INSUFFICIENT_TEXT = { before: 'n/a — too little data before', now: 'n/a — too little data yet' } as const;

export function deltaText(d: Delta): string {
  if (d.insufficient) return INSUFFICIENT_TEXT[d.insufficient];
  if (d.change === null) return d.direction === 'up' ? 'new' : NO_VALUE;
  return d.mode === 'points' ? formatPoints(d.change) : formatChange(d.change);
}

const ARROWS = { up: '▲', down: '▼', flat: '■' } as const;

/**
 * The change against the compared period. `vs` names that period ("yesterday until 14:23",
 * "4 – 10 Nov 2026"); without it, "the previous period".
 */
export function DeltaBadge({ kpi, vs }: { kpi: Kpi; vs?: string }) {
  const d = kpi.delta;
  const text = deltaText(d);
  const previous = formatKpiValue(kpi, kpi.previous);
  const against = vs ? `vs ${vs}` : 'vs the previous period';
  if (d.insufficient)
    return (
      <span className="delta tone-neutral delta-na" data-testid={`kpi-${kpi.id}-delta`} data-insufficient={d.insufficient} title={`${against}: ${previous}; too few to compare (a change is shown from ${MIN_SAMPLE} on)`}>
        <span aria-hidden="true">{text}</span>
        <span className="visually-hidden">{`no change shown ${against} (${previous}): too little data ${d.insufficient === 'before' ? 'before' : 'yet'}`}</span>
      </span>
    );
  const words = d.direction === 'flat' ? 'unchanged' : d.direction === 'up' ? `up ${text}` : `down ${text}`;
  return (
    <span className={`delta tone-${d.tone}`} data-testid={`kpi-${kpi.id}-delta`} title={`${against}: ${previous}`}>
      <span aria-hidden="true">
        {ARROWS[d.direction]} {text}
      </span>
      {/* Arrows and colours say nothing to a screen reader: words do. */}
      <span className="visually-hidden">{`${words} from ${previous} ${against}`}</span>
    </span>
  );
}

export function KpiCard({
  kpi,
  compare,
  selected,
  onSelect,
  vs,
  drill,
}: {
  kpi: Kpi;
  compare: boolean;
  selected?: boolean;
  onSelect?: () => void;
  vs?: string;
  /** The conversations the figure counted (lib/drill.ts): a link under the card. */
  drill?: string;
}) {
  const body = (
    <>
      <span className="kpi-label" title={METRICS[kpi.metric].hint}>
        {kpi.label}
      </span>
      <span className="kpi-value" data-testid={`kpi-${kpi.id}`}>
        {formatKpiValue(kpi, kpi.value)}
      </span>
      {compare && <DeltaBadge kpi={kpi} vs={vs} />}
    </>
  );
  // Volume cards choose the main chart's series (as in most analytics dashboards): a toggle button.
  const card = onSelect ? (
    <button type="button" className={selected ? 'kpi selectable selected' : 'kpi selectable'} aria-pressed={selected} onClick={onSelect}>
      {body}
      <span className="visually-hidden">(show in the chart)</span>
    </button>
  ) : (
    <div className="kpi">{body}</div>
  );
  if (!drill) return card;
  // The link sits under the card: a button cannot hold a link.
  return (
    <div className="kpi-cell">
      {card}
      <DrillLink href={drill} label={`The conversations behind ${kpi.label}`}>
        conversations →
      </DrillLink>
    </div>
  );
}
