/** One chart over time (lines, bars or areas, stacked or not) with axes labelled in the chosen zone. */
import { useId } from 'react';
import { Area, Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Grain } from '@parley/shared';
import type { ReactNode } from 'react';
import { type ChartMarker, type Row, SCORE_TICKS, durationTicks } from '../lib/chart-data';
import { type ValueKind, formatAxis, formatBucket, formatHourTick, formatInstant, formatValue } from '../lib/format';
import { type BucketCoverage, bucketCoverage, coverageNote } from '../lib/periods';
import { useOptionalDashboard } from '../state';
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
  /** Drawn as faint dots without a line, and left out of the legend (values on too small a sample). */
  faint?: boolean;
  /** A dot on every value (a point between gaps has no line to show it). */
  dots?: boolean;
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
  /** Charts drawn side by side for one card (a panel per currency) list the campaigns once: under the last. */
  markerList?: boolean;
  /**
   * Which buckets are incomplete (running or cut by the period): drawn dashed or hatched and
   * named in the tooltip. Default: the rows' buckets against the dashboard's period.
   */
  coverage?: BucketCoverage[];
  /** Titles of the value axes (what and in which unit), when a chart has two or the unit is not obvious. */
  axisTitles?: { left?: string; right?: string };
  /** A line under the tooltip's date: the bucket's sample ("12 ratings") or how to read it. */
  tooltipNote?: (row: Row) => ReactNode;
  /** A click on a bucket (drill-down: its conversations); the tooltip then says so. */
  onBucket?: (bucket: string) => void;
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

/** A value axis' title, written along the axis on its outer side. */
function axisTitle(value: string | undefined, side: 'left' | 'right') {
  if (!value) return undefined;
  return { value, angle: side === 'left' ? -90 : 90, position: side === 'left' ? 'insideLeft' : 'insideRight', style: { textAnchor: 'middle', fontSize: 12, fill: 'var(--muted)' } } as const;
}

function tickLabel(bucket: string, grain: Grain, tz: string, multiDay: boolean): string {
  // Hours over several days: every tick with its day (the ticks are chosen at midnights, see hourTicks).
  if (grain === 'hour' && multiDay) return formatHourTick(bucket, tz);
  return formatBucket(bucket, grain, tz);
}

/**
 * The ticks of an hourly axis over several days: local midnights (and noons over three days or
 * fewer), so whichever ticks the chart keeps for the width, each is a day the reader can place.
 */
export function hourTicks(buckets: string[]): string[] {
  const noons = buckets.length <= 3 * 25;
  return buckets.filter((b) => b.slice(11, 16) === '00:00' || (noons && b.slice(11, 16) === '12:00'));
}

/** Few points (weeks, months, ≤ 12 buckets) are joined by straight segments: a curve invents values between them. */
export const curveFor = (grain: Grain, points: number): 'linear' | 'monotone' => (grain === 'week' || grain === 'month' || points <= 12 ? 'linear' : 'monotone');

const DONE = '__done';
const PART = '__part';

/**
 * Rows for drawing with incomplete buckets set apart: for each solid line or area `k`, `k__done`
 * holds the complete buckets' values and `k__part` the incomplete ones with their complete
 * neighbours (so the dashed segment joins the solid line). Pure; the original keys stay for the
 * tooltip and the table.
 */
export function splitIncomplete(rows: Row[], keys: string[], incomplete: boolean[]): Row[] {
  return rows.map((row, i) => {
    const out: Row = { ...row };
    const near = incomplete[i] || incomplete[i - 1] === true || incomplete[i + 1] === true;
    for (const k of keys) {
      out[k + DONE] = incomplete[i] ? null : row[k];
      out[k + PART] = near ? row[k] : null;
    }
    return out;
  });
}

export function TimeChart({
  rows,
  series,
  grain,
  tz,
  kind,
  rightKind,
  label,
  height = 260,
  previousKey,
  axisFormat,
  markers = [],
  markerList = true,
  coverage: given,
  axisTitles,
  tooltipNote,
  onBucket,
}: TimeChartProps) {
  const ref = useChartFocus<HTMLDivElement>();
  const dashboard = useOptionalDashboard();
  const coverage = given ?? (dashboard ? bucketCoverage(rows.map((r) => r.bucket), grain, dashboard.period) : []);
  const coverageAt = new Map(coverage.map((c) => [c.bucket, c]));
  const incomplete = rows.map((r) => (coverageAt.get(r.bucket)?.status ?? 'complete') !== 'complete');
  const anyIncomplete = incomplete.some(Boolean);
  // Solid lines and areas get a dashed, hatched piece over the incomplete buckets; dashed ones (the previous period) stay as they are.
  const splitKeys = anyIncomplete ? series.filter((s) => s.type !== 'bar' && !s.dashed).map((s) => s.key) : [];
  const drawn = splitKeys.length ? splitIncomplete(rows, splitKeys, incomplete) : rows;
  const curve = curveFor(grain, rows.length);
  const multiDay = grain === 'hour' && rows.length > 25;
  const kindOf = (s: SeriesSpec) => s.kind ?? (s.axis === 'right' && rightKind ? rightKind : kind);
  // Durations get round ticks (15m, 1h, 1d); the largest value of the series on the axis sets the scale.
  const ticksFor = (axis: 'left' | 'right', k: ValueKind | undefined) => {
    // A 1–5 rating always on its own scale, whatever the buckets hold.
    if (k === 'score') return SCORE_TICKS;
    if (k !== 'duration') return undefined;
    let max = 0;
    for (const s of series) if ((s.axis ?? 'left') === axis) for (const r of rows) max = Math.max(max, Number(r[s.key]) || 0);
    return durationTicks(max);
  };
  const leftTicks = ticksFor('left', kind);
  const rightTicks = ticksFor('right', rightKind);
  const markerAt = new Map(markers.map((m) => [m.bucket, m]));
  const hatchId = `hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const named = markers.length ? `${label}; campaigns started: ${markers.map((m) => markerText(m, tz)).join('; ')}` : label;
  return (
    <>
      <div
        className="chart"
        role="img"
        aria-label={named + incompleteText(coverage, grain, tz)}
        style={{ height }}
        ref={ref}
        data-incomplete={coverage.filter((c) => c.status !== 'complete').map((c) => `${c.bucket} ${c.status}`).join(',') || undefined}
      >
        <ComposedChart
          responsive
          data={drawn}
          style={{ width: '100%', height, cursor: onBucket ? 'pointer' : undefined }}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
          onClick={onBucket ? (e: { activeLabel?: string | number }) => e?.activeLabel !== undefined && onBucket(String(e.activeLabel)) : undefined}
        >
          <defs>
            {series.map((s, i) => (
              <pattern key={s.key} id={`${hatchId}-${i}`} patternUnits="userSpaceOnUse" width={6} height={6} patternTransform="rotate(45)">
                <rect width={6} height={6} fill={s.color} fillOpacity={0.12} />
                <line x1={0} y1={0} x2={0} y2={6} stroke={s.color} strokeWidth={2} strokeOpacity={0.55} />
              </pattern>
            ))}
          </defs>
          <CartesianGrid vertical={false} stroke="var(--grid)" />
          <XAxis
            dataKey="bucket"
            ticks={multiDay ? hourTicks(rows.map((r) => r.bucket)) : undefined}
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
            width={axisTitles?.left ? 70 : 52}
            ticks={leftTicks}
            domain={leftTicks ? [leftTicks[0], leftTicks[leftTicks.length - 1]] : kind === 'percent' ? [0, 'auto'] : undefined}
            label={axisTitle(axisTitles?.left, 'left')}
          />
          {rightKind && (
            <YAxis
              yAxisId="right"
              orientation="right"
              tickFormatter={(v: number) => formatAxis(rightKind, v)}
              tick={{ fontSize: 12, fill: 'var(--muted)' }}
              tickLine={false}
              axisLine={false}
              width={axisTitles?.right ? 70 : 52}
              ticks={rightTicks}
              domain={rightTicks ? [rightTicks[0], rightTicks[rightTicks.length - 1]] : undefined}
              label={axisTitle(axisTitles?.right, 'right')}
            />
          )}
          <Tooltip
            content={({ active, payload, label: bucket }) => {
              if (!active || !payload?.length) return null;
              const row = payload[0].payload as Row;
              const marker = markerAt.get(String(bucket));
              const note = coverageNote(coverageAt.get(String(bucket)));
              // Every series from the row (not the drawn pieces): one line per series, whichever piece is under the pointer.
              const shown = series.filter((s) => payload.some((p) => String(p.dataKey) === s.key || String(p.dataKey).startsWith(s.key + '__')));
              return (
                <div className="chart-tooltip">
                  <div className="chart-tooltip-title">
                    {formatBucket(String(bucket), grain, tz, undefined, true)}
                    {note && <span className="chart-tooltip-note"> ({note})</span>}
                  </div>
                  {marker && <div className="chart-tooltip-marker">Campaign: {markerText(marker, tz)}</div>}
                  {tooltipNote && <div className="chart-tooltip-note">{tooltipNote(row)}</div>}
                  {shown.map((s) => {
                    const value = row[s.key] as number | null;
                    const prevLabel = s.key === previousKey && row.previousBucket ? ` (${formatBucket(String(row.previousBucket), grain, tz, undefined, true)})` : '';
                    return (
                      <div key={s.key} className="chart-tooltip-row">
                        <span className="swatch" style={{ background: s.color }} />
                        <span>
                          {s.label}
                          {prevLabel}
                        </span>
                        <strong>{s.format ? s.format(value) : formatValue(kindOf(s), value)}</strong>
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
          {series.flatMap((s, i) => {
            const split = splitKeys.includes(s.key);
            const common = { dataKey: split ? s.key + DONE : s.key, name: s.label, yAxisId: s.axis ?? 'left', isAnimationActive: false } as const;
            // The incomplete piece: same series, dashed and hatched, out of the legend.
            const part = { dataKey: s.key + PART, name: `${s.label} (incomplete)`, yAxisId: s.axis ?? 'left', isAnimationActive: false, legendType: 'none' } as const;
            if (s.faint)
              return [
                <Line key={s.key} {...common} dataKey={s.key} stroke="none" legendType="none" dot={{ r: 3, fill: s.color, fillOpacity: 0.35, stroke: s.color, strokeOpacity: 0.5 }} activeDot={{ r: 4, fill: s.color, fillOpacity: 0.5 }} />,
              ];
            const hollow = (props: { cx?: number; cy?: number; index?: number }) =>
              props.cx !== undefined && props.cy !== undefined && props.index !== undefined && incomplete[props.index] ? (
                <circle key={`${s.key}-${props.index}`} cx={props.cx} cy={props.cy} r={3} fill="var(--surface, #fff)" stroke={s.color} strokeWidth={1.5} />
              ) : (
                <g key={`${s.key}-${props.index}`} />
              );
            if (s.type === 'bar')
              return [
                <Bar key={s.key} {...common} fill={s.color} stackId={s.stack} maxBarSize={40}>
                  {anyIncomplete &&
                    rows.map((r, j) =>
                      incomplete[j] ? (
                        <Cell key={r.bucket} fill={`url(#${hatchId}-${i})`} stroke={s.color} strokeDasharray="3 2" />
                      ) : (
                        <Cell key={r.bucket} fill={s.color} />
                      ),
                    )}
                </Bar>,
              ];
            if (s.type === 'area')
              return [
                <Area key={s.key} {...common} type={curve} stroke={s.color} fill={s.color} fillOpacity={0.15} strokeWidth={2} stackId={s.stack} dot={false} connectNulls={false} />,
                ...(split
                  ? [
                      <Area
                        key={s.key + PART}
                        {...part}
                        type={curve}
                        stroke={s.color}
                        strokeDasharray="5 4"
                        fill={`url(#${hatchId}-${i})`}
                        fillOpacity={1}
                        strokeWidth={2}
                        stackId={s.stack ? s.stack + PART : undefined}
                        dot={hollow}
                        activeDot={false}
                        connectNulls={false}
                      />,
                    ]
                  : []),
              ];
            return [
              <Line
                key={s.key}
                {...common}
                type={curve}
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                dot={s.dots ? { r: 2.5, fill: s.color, strokeWidth: 0 } : rows.length <= 2}
                connectNulls={false}
              />,
              ...(split
                ? [<Line key={s.key + PART} {...part} type={curve} stroke={s.color} strokeWidth={2} strokeDasharray="5 4" dot={hollow} activeDot={false} connectNulls={false} />]
                : []),
            ];
          })}
        </ComposedChart>
      </div>
      {anyIncomplete && (
        // Sighted readers get the same warning as the accessible name: these points are not whole buckets.
        <p className="chart-incomplete-note" data-testid="chart-incomplete-note" aria-hidden="true">
          <span className="incomplete-swatch" />
          Dashed, hatched:{' '}
          {coverage
            .filter((c) => c.status !== 'complete')
            .map((c) => `${formatBucket(c.bucket, grain, tz, undefined, true)} (${coverageNote(c)})`)
            .join(', ')}
        </p>
      )}
      {markerList && markers.length > 0 && (
        <ul className="chart-markers" data-testid="chart-markers" aria-label="Campaigns started">
          {markers.map((m) => (
            <li key={m.bucket} data-testid="chart-marker">
              <span className="marker-swatch" aria-hidden="true" />
              <span className="marker-when">{tickLabel(m.bucket, grain, tz, multiDay)}</span> {m.campaigns.map((c) => c.campaignId).join(', ')}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "; incomplete, drawn dashed: Fri, 20 Nov, 14:00 (so far)": what the chart's name adds for its incomplete buckets. */
function incompleteText(coverage: BucketCoverage[], grain: Grain, tz: string): string {
  const notes = coverage.filter((c) => c.status !== 'complete').map((c) => `${formatBucket(c.bucket, grain, tz, undefined, true)} (${coverageNote(c)})`);
  return notes.length ? `; incomplete, drawn dashed: ${notes.join(', ')}` : '';
}

/**
 * The same rows as a table: one row per bucket, one column per series. With `coverage`, an
 * incomplete bucket's label says so ("Fri 20 Nov, 14:00 (so far)", "Week of 17 Aug (partial: 23 Aug)").
 */
export function timeTable(
  rows: Row[],
  series: SeriesSpec[],
  grain: Grain,
  tz: string,
  kind: ValueKind,
  rightKind?: ValueKind,
  markers: ChartMarker[] = [],
  coverage: BucketCoverage[] = [],
): TableData {
  const coverageAt = new Map(coverage.map((c) => [c.bucket, c]));
  const kindOf = (s: SeriesSpec) => s.kind ?? (s.axis === 'right' && rightKind ? rightKind : kind);
  // With markers, a last column names the campaigns that started in each bucket.
  const markerAt = new Map(markers.map((m) => [m.bucket, m]));
  const withMarkers = markers.length > 0;
  return {
    columns: [grain === 'hour' ? 'Hour' : grain === 'day' ? 'Day' : grain === 'week' ? 'Week' : 'Month', ...series.map((s) => s.label), ...(withMarkers ? ['Campaigns started'] : [])],
    rows: rows.map((r) => ({
      key: r.bucket,
      cells: [
        formatBucket(r.bucket, grain, tz, undefined, true) + (coverageNote(coverageAt.get(r.bucket)) ? ` (${coverageNote(coverageAt.get(r.bucket))})` : ''),
        ...series.map((s) => (s.format ? s.format(r[s.key] as number | null) : formatValue(kindOf(s), r[s.key] as number | null))),
        ...(withMarkers ? [markerAt.get(r.bucket)?.campaigns.map((c) => c.campaignId).join(', ') ?? ''] : []),
      ],
    })),
  };
}
