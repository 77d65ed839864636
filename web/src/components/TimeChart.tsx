/** One chart over time (lines, bars or areas, stacked or not) with axes labelled in the chosen zone. */
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Grain } from '@parley/shared';
import { type ChartMarker, type Row, durationTicks } from '../lib/chart-data';
import { type ValueKind, formatAxis, formatBucket, formatInstant, formatValue } from '../lib/format';
import type { TableData } from './DataTable';
import { useChartFocus } from './useChartFocus';

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  type?: 'line' | 'bar' | 'area';
  /** Series with the same stack id are stacked. */
  stack?: string;
  dashed?: boolean;
  axis?: 'left' | 'right';
  /** Defaults to the chart's kind. */
  kind?: ValueKind;
  /** Overrides the kind's formatter (currencies). */
  format?: (v: number | null) => string;
}

interface TimeChartProps {
  rows: Row[];
  series: SeriesSpec[];
  grain: Grain;
  tz: string;
  kind: ValueKind;
  rightKind?: ValueKind;
  /** The accessible name: what the chart shows. */
  label: string;
  height?: number;
  /** Label of the `previous` column in tooltips, which carry the previous bucket's own date. */
  previousKey?: string;
  /** Overrides the left axis' tick format (currencies). */
  axisFormat?: (v: number) => string;
  /** Campaign markers: a vertical line at each bucket, named in the tooltip and on hover. */
  markers?: ChartMarker[];
}

export const MARKER_COLOR = 'var(--marker, #be185d)';

/**
 * "spring (first send in the period 2 Nov 2026, 10:00)": what a marker says, in the chart's zone.
 * A campaign already running when the period starts is marked at its first send inside it.
 */
export function markerText(m: ChartMarker, tz: string): string {
  return m.campaigns.map((c) => `${c.campaignId} (first send in the period ${formatInstant(c.firstSentAt, undefined, tz)})`).join(', ');
}

/** The marker's flag at the top of its line; its <title> names the campaigns on hover. */
function MarkerFlag({ viewBox, text }: { viewBox?: { x?: number; y?: number }; text: string }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  return (
    <g className="chart-marker-flag">
      <title>{`Campaign: ${text}`}</title>
      <path d={`M${x},${y} l6,0 l-6,8 l-6,-8 z`} fill={MARKER_COLOR} />
      {/* A wider invisible target, easier to hover than a 1 px line. */}
      <rect x={x - 6} y={y} width={12} height={24} fill="transparent" />
    </g>
  );
}

function tickLabel(bucket: string, grain: Grain, tz: string, multiDay: boolean): string {
  if (grain === 'hour' && multiDay) {
    const time = formatBucket(bucket, 'hour', tz);
    // Hours over several days: the day at each midnight, the time elsewhere.
    return /^0?0\D00/.test(time) || /^12\D00\sAM/i.test(time) ? formatBucket(bucket, 'day', tz) : time;
  }
  return formatBucket(bucket, grain, tz);
}

export function TimeChart({ rows, series, grain, tz, kind, rightKind, label, height = 260, previousKey, axisFormat, markers = [] }: TimeChartProps) {
  const ref = useChartFocus<HTMLDivElement>();
  const multiDay = grain === 'hour' && rows.length > 25;
  const kindOf = (s: SeriesSpec) => s.kind ?? (s.axis === 'right' && rightKind ? rightKind : kind);
  const byKey = new Map(series.map((s) => [s.key, s]));
  // Durations get round ticks (15m, 1h, 1d); the largest value of the series on the axis sets the scale.
  const ticksFor = (axis: 'left' | 'right', k: ValueKind | undefined) => {
    if (k !== 'duration') return undefined;
    let max = 0;
    for (const s of series) if ((s.axis ?? 'left') === axis) for (const r of rows) max = Math.max(max, Number(r[s.key]) || 0);
    return durationTicks(max);
  };
  const leftTicks = ticksFor('left', kind);
  const rightTicks = ticksFor('right', rightKind);
  const markerAt = new Map(markers.map((m) => [m.bucket, m]));
  const named = markers.length ? `${label}; campaigns started: ${markers.map((m) => markerText(m, tz)).join('; ')}` : label;
  return (
    <>
      <div className="chart" role="img" aria-label={named} style={{ height }} ref={ref}>
        <ComposedChart responsive data={rows} style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="var(--grid)" />
          <XAxis
            dataKey="bucket"
            tickFormatter={(b: string) => tickLabel(b, grain, tz, multiDay)}
            tick={{ fontSize: 12, fill: 'var(--muted)' }}
            tickLine={false}
            axisLine={{ stroke: 'var(--border)' }}
            minTickGap={24}
            interval="preserveStartEnd"
          />
          <YAxis
            yAxisId="left"
            tickFormatter={(v: number) => (axisFormat ? axisFormat(v) : formatAxis(kind, v))}
            tick={{ fontSize: 12, fill: 'var(--muted)' }}
            tickLine={false}
            axisLine={false}
            width={52}
            ticks={leftTicks}
            domain={leftTicks ? [0, leftTicks[leftTicks.length - 1]] : kind === 'percent' ? [0, 'auto'] : undefined}
          />
          {rightKind && (
            <YAxis
              yAxisId="right"
              orientation="right"
              tickFormatter={(v: number) => formatAxis(rightKind, v)}
              tick={{ fontSize: 12, fill: 'var(--muted)' }}
              tickLine={false}
              axisLine={false}
              width={52}
              ticks={rightTicks}
              domain={rightTicks ? [0, rightTicks[rightTicks.length - 1]] : undefined}
            />
          )}
          <Tooltip
            content={({ active, payload, label: bucket }) => {
              if (!active || !payload?.length) return null;
              const row = payload[0].payload as Row;
              const marker = markerAt.get(String(bucket));
              return (
                <div className="chart-tooltip">
                  <div className="chart-tooltip-title">{formatBucket(String(bucket), grain, tz, undefined, true)}</div>
                  {marker && <div className="chart-tooltip-marker">Campaign: {markerText(marker, tz)}</div>}
                  {payload.map((p) => {
                    const s = byKey.get(String(p.dataKey));
                    if (!s) return null;
                    const prevLabel = s.key === previousKey && row.previousBucket ? ` (${formatBucket(String(row.previousBucket), grain, tz, undefined, true)})` : '';
                    return (
                      <div key={s.key} className="chart-tooltip-row">
                        <span className="swatch" style={{ background: s.color }} />
                        <span>
                          {s.label}
                          {prevLabel}
                        </span>
                        <strong>{s.format ? s.format(p.value as number | null) : formatValue(kindOf(s), p.value as number | null)}</strong>
                      </div>
                    );
                  })}
                </div>
              );
            }}
          />
          {markers.map((m) => (
            <ReferenceLine
              key={m.bucket}
              x={m.bucket}
              yAxisId="left"
              stroke={MARKER_COLOR}
              strokeDasharray="3 3"
              ifOverflow="extendDomain"
              label={(props: { viewBox?: { x?: number; y?: number } }) => <MarkerFlag viewBox={props.viewBox} text={markerText(m, tz)} />}
            />
          ))}
          {series.length > 1 && <Legend verticalAlign="bottom" iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />}
          {series.map((s) => {
            const common = { dataKey: s.key, name: s.label, yAxisId: s.axis ?? 'left', isAnimationActive: false } as const;
            if (s.type === 'bar') return <Bar key={s.key} {...common} fill={s.color} stackId={s.stack} maxBarSize={40} />;
            if (s.type === 'area')
              return <Area key={s.key} {...common} type="monotone" stroke={s.color} fill={s.color} fillOpacity={0.15} strokeWidth={2} stackId={s.stack} dot={false} connectNulls={false} />;
            return (
              <Line
                key={s.key}
                {...common}
                type="monotone"
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                dot={rows.length <= 2}
                connectNulls={false}
              />
            );
          })}
        </ComposedChart>
      </div>
      {markers.length > 0 && (
        <ul className="chart-markers" data-testid="chart-markers" aria-label="Campaigns started">
          {markers.map((m) => (
            <li key={m.bucket} data-testid="chart-marker">
              <span className="marker-swatch" aria-hidden="true" />
              <span className="marker-when">{formatBucket(m.bucket, grain, tz)}</span> {m.campaigns.map((c) => c.campaignId).join(', ')}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The same rows as a table: one row per bucket, one column per series. */
export function timeTable(rows: Row[], series: SeriesSpec[], grain: Grain, tz: string, kind: ValueKind, rightKind?: ValueKind, markers: ChartMarker[] = []): TableData {
  const kindOf = (s: SeriesSpec) => s.kind ?? (s.axis === 'right' && rightKind ? rightKind : kind);
  // With markers, a last column names the campaigns that started in each bucket.
  const markerAt = new Map(markers.map((m) => [m.bucket, m]));
  const withMarkers = markers.length > 0;
  return {
    columns: [grain === 'hour' ? 'Hour' : grain === 'day' ? 'Day' : grain === 'week' ? 'Week' : 'Month', ...series.map((s) => s.label), ...(withMarkers ? ['Campaigns started'] : [])],
    rows: rows.map((r) => ({
      key: r.bucket,
      cells: [
        formatBucket(r.bucket, grain, tz, undefined, true),
        ...series.map((s) => (s.format ? s.format(r[s.key] as number | null) : formatValue(kindOf(s), r[s.key] as number | null))),
        ...(withMarkers ? [markerAt.get(r.bucket)?.campaigns.map((c) => c.campaignId).join(', ') ?? ''] : []),
      ],
    })),
  };
}
