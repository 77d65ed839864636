/**
 * A split (groupBy) as a manager reads it: a ranked table of the groups first (each group's
 * totals for the period from the API, a sparkline of the shown metric, sortable columns), then a
 * chart of only the few groups ticked in the table (default: the top 3). Sort and picks live in
 * the URL (groupSort, groupDir, groups). Used by Response times (by channel or agent) and
 * Engagement (by channel).
 */
import { useId, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { EmptyNote, QueryView } from './status';
import { TimeChart, type SeriesSpec } from './TimeChart';
import { type GroupRow, type GroupTotals, SMALL_SAMPLE, groupRows, hasNamedGroup, pickedRows, ranks, resolvePicks, sortGroupRows, sparkline, togglePick } from '../lib/group-table';
import type { ChartMarker } from '../lib/chart-data';
import { formatNumber, formatValue, type ValueKind } from '../lib/format';
import { METRICS, type MetricKey } from '../lib/metrics';
import { DEFAULT_STATE, MAX_PICKED_GROUPS, type GroupSort } from '../lib/url-state';
import { useDashboard } from '../state';
import { type DrillGroup, type DrillTarget, canDrillGroups, drillHref, groupOfKey } from '../lib/drill';
import { useBucketDrill } from './useBucketDrill';
import { DrillLink } from './PageLink';

export interface GroupColumn<T> {
  key: GroupSort;
  label: string;
  kind: ValueKind;
  value: (t: T) => number | null;
  /** A rate or time: greyed when the group's sample is small. */
  sampled?: boolean;
  /** What this column stands on when not the table's sample (CSAT: its ratings), and what they are called. */
  sample?: { of: (t: T) => number; noun: string };
  /** The sample written after the value (CSAT's ratings: an average of 3 ratings reads differently). */
  showSample?: boolean;
}

/** A column of a figure the API gives per group, labelled and formatted as METRICS says (or `label`). */
export function metricColumn<T>(key: Exclude<GroupSort, 'group'> & keyof T & MetricKey, label: string, sampled = false): GroupColumn<T> {
  return { key, label, kind: METRICS[key].kind, value: (t) => t[key] as number | null, sampled };
}

export interface GroupTableProps<T extends GroupTotals> {
  rows: GroupRow<T>[];
  columns: GroupColumn<T>[];
  /** Extra cells after the sortable ones (e.g. revenue in every currency: not rankable across currencies). */
  extra?: { label: string; cell: (t: T) => ReactNode };
  /** The name column's header: Agent, Channel. */
  nameHeader: string;
  /** The badge of the null group's row ('No responder' for agents; '' for none, as "Without team" says it all). */
  noneNote?: string;
  /** The sample size a rate stands on (conversations). */
  sample: (t: T) => number;
  sort: GroupSort;
  dir: 'asc' | 'desc';
  onSort: (key: GroupSort) => void;
  picks: string[];
  onToggle: (key: string) => void;
  colorOf: (row: GroupRow<T>) => string;
  sparkLabel: string;
  sparkKind: ValueKind;
  caption: string;
  /** The conversations a row counted (lib/drill.ts): a link after its name. */
  drillHref?: (key: string) => string;
}

const KIND_NOTE = { bot: 'Bot', none: 'No responder', main: '' } as const;
const SAMPLE_NOUN = 'conversations';
const SPARK_W = 88;
const SPARK_H = 24;

export function GroupTable<T extends GroupTotals>(p: GroupTableProps<T>) {
  const rank = ranks(p.rows);
  const full = p.picks.length >= MAX_PICKED_GROUPS;
  const header = (key: GroupSort, label: string, numeric: boolean) => (
    <th key={key} scope="col" className={numeric ? 'num' : undefined} aria-sort={p.sort === key ? (p.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => p.onSort(key)} data-testid={`group-sort-${key}`}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {p.sort === key ? (p.dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
  return (
    // Scrolls sideways inside the card on a phone; focusable so a keyboard can scroll it too.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={p.caption}>
      <table className="data-table group-table">
        <caption className="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="group-pick-head">
              <span className="visually-hidden">In the chart</span>
            </th>
            <th scope="col" className="num group-rank">
              #
            </th>
            {header('group', p.nameHeader, false)}
            {p.columns.map((c) => header(c.key, c.label, true))}
            {p.extra && (
              <th scope="col" className="num">
                {p.extra.label}
              </th>
            )}
            <th scope="col">{p.sparkLabel}</th>
            {p.drillHref && (
              <th scope="col">
                <span className="visually-hidden">Conversations</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r, i) => {
            const picked = p.picks.includes(r.key);
            const note = r.kind === 'none' ? (p.noneNote ?? KIND_NOTE.none) : KIND_NOTE[r.kind];
            // A line between the people's ranking and the bots or the no-responder row.
            const starts = i > 0 && p.rows[i - 1].kind !== r.kind;
            const spark = sparkline(r.spark, SPARK_W, SPARK_H);
            const color = p.colorOf(r);
            return (
              <tr key={r.key} data-testid="group-row" data-group={r.key} data-kind={r.kind} className={starts ? 'group-section-start' : undefined}>
                <td className="group-pick">
                  <input
                    type="checkbox"
                    checked={picked}
                    // The last pick stays (an empty chart says nothing); no sixth line.
                    disabled={picked ? p.picks.length === 1 : full}
                    onChange={() => p.onToggle(r.key)}
                    aria-label={`Show ${r.label} in the chart`}
                  />
                </td>
                <td className="num group-rank">{rank.get(r.key) ?? ''}</td>
                <th scope="row">
                  <span className="swatch" style={{ background: picked ? color : 'transparent', borderColor: color }} aria-hidden="true" />
                  <span className="group-name" title={r.label}>
                    {r.label}
                  </span>
                  {note && <span className={`badge group-kind group-kind-${r.kind}`}>{note}</span>}
                </th>
                {p.columns.map((c) => {
                  const v = c.value(r.totals);
                  const n = c.sample ? c.sample.of(r.totals) : p.sample(r.totals);
                  const noun = c.sample?.noun ?? SAMPLE_NOUN;
                  const faint = c.sampled && n < SMALL_SAMPLE && v !== null;
                  return (
                    <td key={c.key} className={faint ? 'num small-sample' : 'num'} data-col={c.key} title={faint ? `Only ${formatNumber(n)} ${noun}` : undefined}>
                      {formatValue(c.kind, v)}
                      {c.showSample && v !== null && (
                        <span className="cell-sample" data-testid="cell-sample">
                          {' '}
                          ({formatNumber(n)}
                          <span className="visually-hidden"> {noun}</span>)
                        </span>
                      )}
                    </td>
                  );
                })}
                {p.extra && <td className="num">{p.extra.cell(r.totals)}</td>}
                <td className="group-spark">
                  <svg width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} role="img" aria-label={sparkText(r, p.sparkLabel, p.sparkKind)}>
                    <path d={spark.path} fill="none" stroke={picked ? color : 'var(--muted)'} strokeWidth={1.5} />
                    {spark.dots.map((d, j) => (
                      <circle key={j} cx={d.x} cy={d.y} r={1.5} fill={picked ? color : 'var(--muted)'} />
                    ))}
                  </svg>
                </td>
                {p.drillHref && (
                  <td className="group-drill">
                    <DrillLink href={p.drillHref(r.key)} label={`The conversations of ${r.label}`}>
                      conversations →
                    </DrillLink>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function sparkText(r: GroupRow<GroupTotals>, label: string, kind: ValueKind): string {
  const values = r.spark.filter((v): v is number => v !== null);
  if (values.length === 0) return `${label} of ${r.label}: no values`;
  return `${label} of ${r.label}: from ${formatValue(kind, values[0])} to ${formatValue(kind, values[values.length - 1])}, between ${formatValue(kind, Math.min(...values))} and ${formatValue(kind, Math.max(...values))}`;
}

/** The columns greyed on a sample of their own, for the hint: ", or ratings for CSAT". */
function ownSamples<T>(columns: GroupColumn<T>[]): string {
  return columns
    .filter((c) => c.sampled && c.sample)
    .map((c) => `, or ${c.sample!.noun} for ${c.label.replace(/\s*\(.*\)$/, '')}`)
    .join('');
}

type GroupedAnswer<T> = { series: ({ bucket: string; group?: string | null } & Record<string, unknown>)[]; groups?: T[] };

export interface GroupSplitProps<T extends GroupTotals> {
  title: string;
  description?: ReactNode;
  /** The server's CSV of the same grouped request. */
  csv: string;
  query: UseQueryResult<GroupedAnswer<T>>;
  controls?: ReactNode;
  testId: string;
  nameHeader: string;
  /** Name of the null group (Unanswered). */
  noneLabel?: string;
  noneNote?: string;
  /** What the table says when the answer has no named group (only the null one, or none). */
  emptyText?: ReactNode;
  /** Said under the table, after the hint (tags: the rows may add up to more than the totals). */
  footnote?: ReactNode;
  columns: GroupColumn<T>[];
  extra?: GroupTableProps<T>['extra'];
  sample: (t: T) => number;
  /** The series field drawn in the sparklines and the chart. */
  field: string;
  fieldLabel: string;
  kind: ValueKind;
  /** A group's colour; `index` is its place among the picks, -1 for a group not picked. */
  colorOf: (group: string | null, index: number) => string;
  chartLabel: string;
  /** Campaign markers for the chart's buckets (Engagement). */
  markersFor?: (buckets: string[]) => ChartMarker[];
  /** Each row links to the conversations it counted: the split's grouping and which conversations. */
  drill?: { by: DrillGroup['by']; target: DrillTarget };
}

export function GroupSplit<T extends GroupTotals>(p: GroupSplitProps<T>) {
  const { state, period, update } = useDashboard();
  const bucketDrill = useBucketDrill();
  const headingId = useId();
  const sortable = new Set<GroupSort>(['group', ...p.columns.map((c) => c.key)]);
  // A sort from another split (a response time on Engagement) falls back to the default.
  const sort = sortable.has(state.groupSort) ? state.groupSort : DEFAULT_STATE.groupSort;
  const dir = state.groupDir;
  const onSort = (key: GroupSort) => {
    // A new column sorts its natural way first: names A–Z, figures largest first.
    if (key === sort) update({ groupDir: dir === 'asc' ? 'desc' : 'asc' });
    else update({ groupSort: key, groupDir: key === 'group' ? 'asc' : 'desc' });
  };
  return (
    <section className="card chart-card group-split" aria-labelledby={headingId} data-testid={p.testId}>
      <header className="card-header">
        <div>
          <h2 id={headingId}>{p.title}</h2>
          {p.description && <p className="card-description">{p.description}</p>}
        </div>
        <div className="card-actions">
          <a className="link-button" href={p.csv} download aria-label={`Download CSV: ${p.title}`} data-testid="group-csv">
            Download CSV
          </a>
        </div>
      </header>
      {p.controls && <div className="card-controls">{p.controls}</div>}
      <QueryView query={p.query} skeletonHeight={320}>
        {(data) => {
          const all = groupRows(data.groups ?? [], data.series, p.field, p.noneLabel ?? 'None');
          if (!hasNamedGroup(all)) return <EmptyNote>{p.emptyText}</EmptyNote>;
          const column = p.columns.find((c) => c.key === sort);
          const rows = sortGroupRows(all, column ? column.value : 'name', dir);
          const picks = resolvePicks(rows, state.groups);
          const colors = new Map(picks.map((k, i) => [k, p.colorOf(rows.find((r) => r.key === k)!.group, i)]));
          const specs: SeriesSpec[] = picks.map((k, i) => ({ key: `p${i}`, label: rows.find((r) => r.key === k)!.label, color: colors.get(k)! }));
          const chartRows = pickedRows(data.series, p.field, picks);
          // A bucket of the chart opens the conversations of its lines' groups in its days.
          const chartGroups = p.drill ? picks.map((k) => groupOfKey(p.drill!.by, k)) : [];
          const chartDrill = canDrillGroups(chartGroups) ? chartGroups : undefined;
          return (
            <>
              <GroupTable
                rows={rows}
                columns={p.columns}
                extra={p.extra}
                nameHeader={p.nameHeader}
                noneNote={p.noneNote}
                sample={p.sample}
                sort={sort}
                dir={dir}
                onSort={onSort}
                picks={picks}
                onToggle={(key) => update({ groups: togglePick(picks, key) })}
                colorOf={(r) => colors.get(r.key) ?? p.colorOf(r.group, -1)}
                sparkLabel={`${p.fieldLabel} per ${period.grain}`}
                sparkKind={p.kind}
                caption={`${p.title}: one row per ${p.nameHeader.toLowerCase()}, totals for the period`}
                drillHref={p.drill && ((key) => drillHref(state, p.drill!.target, { group: groupOfKey(p.drill!.by, key) }))}
              />
              <p className="hint group-hint">
                Figures are each {p.nameHeader.toLowerCase()}'s totals for the whole period. Grey: fewer than {SMALL_SAMPLE} conversations{ownSamples(p.columns)}. Tick up to{' '}
                {MAX_PICKED_GROUPS} rows to compare them over time.
              </p>
              {p.footnote && (
                <p className="hint group-footnote" data-testid="group-footnote">
                  {p.footnote}
                </p>
              )}
              <div data-testid="group-chart">
                <TimeChart
                  rows={chartRows}
                  series={specs}
                  grain={period.grain}
                  tz={period.tz}
                  kind={p.kind}
                  height={280}
                  markers={p.markersFor?.(chartRows.map((r) => r.bucket))}
                  onBucket={chartDrill && bucketDrill(p.drill!.target, chartDrill)}
                  label={`${p.chartLabel} per ${period.grain}: ${specs.map((s) => s.label).join(', ')}`} />
              </div>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
