/** Customer messages by local weekday × hour, as a coloured grid. */
import type { HeatmapResponse } from '@parley/shared';
import { heatmapGrid, intensity } from '../lib/chart-data';
import { formatNumber, hourName, hourShort, weekdayNames } from '../lib/format';
import type { TableData } from './DataTable';

export function heatmapTable(cells: HeatmapResponse['cells']): TableData {
  const grid = heatmapGrid(cells);
  const days = weekdayNames(undefined, 'long');
  return {
    columns: ['Weekday', ...Array.from({ length: 24 }, (_, h) => hourName(h))],
    rows: grid.values.map((row, d) => ({ key: String(d), cells: [days[d], ...row.map((v) => formatNumber(v))] })),
  };
}

export function Heatmap({ cells, tz }: { cells: HeatmapResponse['cells']; tz: string }) {
  const grid = heatmapGrid(cells);
  const days = weekdayNames();
  const longDays = weekdayNames(undefined, 'long');
  let busiest = { d: 0, h: 0, v: -1 };
  grid.values.forEach((row, d) => row.forEach((v, h) => v > busiest.v && (busiest = { d, h, v })));
  const label =
    grid.total > 0
      ? `Customer messages by weekday and hour in ${tz}. Busiest: ${longDays[busiest.d]} at ${hourName(busiest.h)}, ${formatNumber(busiest.v)} messages.`
      : `Customer messages by weekday and hour in ${tz}: none in this period.`;
  return (
    <div className="heatmap-wrap">
      <div className="heatmap" role="img" aria-label={label}>
        <span />
        {/* A label every 3 hours, each over its 3 columns so it has their width; a phone gets "21" for "9 PM". */}
        {Array.from({ length: 8 }, (_, i) => (
          <span key={i} className="heatmap-hour" data-testid="heatmap-hour">
            <span className="hour-long">{hourName(i * 3)}</span>
            <span className="hour-short">{hourShort(i * 3)}</span>
          </span>
        ))}
        {grid.values.map((row, d) => [
          <span key={`d${d}`} className="heatmap-day">
            {days[d]}
          </span>,
          ...row.map((v, h) => (
            <span
              key={`${d}-${h}`}
              className="heatmap-cell"
              style={{ background: `rgba(var(--heat-rgb, 79, 70, 229), ${0.06 + 0.94 * intensity(v, grid.max)})` }}
              title={`${longDays[d]} ${hourName(h)}: ${formatNumber(v)}`}
            />
          )),
        ])}
      </div>
      <div className="heatmap-legend" aria-hidden="true">
        <span>Fewer</span>
        <span className="heatmap-scale" />
        <span>More ({formatNumber(grid.max)} max)</span>
      </div>
    </div>
  );
}
