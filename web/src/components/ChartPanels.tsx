/**
 * Small multiples: one panel per series, each on its own scale. A median of 2 minutes under a p90
 * of 3 hours on one linear axis is a flat line at 0; on its own panel it reads.
 */
import type { Grain } from '@parley/shared';
import type { Row } from '../lib/chart-data';
import type { ValueKind } from '../lib/format';
import { TimeChart, type SeriesSpec } from './TimeChart';

export function ChartPanels({
  rows,
  series,
  grain,
  tz,
  kind,
  label,
  height = 150,
  onBucket,
}: {
  rows: Row[];
  series: SeriesSpec[];
  grain: Grain;
  tz: string;
  kind: ValueKind;
  /** What the panels show together; each panel's accessible name adds its series. */
  label: string;
  height?: number;
  /** A click on a bucket (TimeChart): every panel opens the same conversations. */
  onBucket?: (bucket: string) => void;
}) {
  return (
    <div className="chart-panels">
      {series.map((s) => (
        <figure key={s.key} className="chart-panel" data-testid={`panel-${s.key}`}>
          <figcaption className="chart-panel-title">
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label} <span className="muted">· own scale</span>
          </figcaption>
          <TimeChart rows={rows} series={[s]} grain={grain} tz={tz} kind={kind} height={height} label={`${label}: ${s.label}`} onBucket={onBucket} />
        </figure>
      ))}
    </div>
  );
}
