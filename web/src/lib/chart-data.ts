/**
 * Pure shaping of API answers into what the cards, charts and tables draw. No React, no fetch:
 * every function here has a unit test, and the components stay thin.
 */
import type { CampaignMetrics, CampaignTotals, CampaignsResponse, ChannelMetrics, CohortsResponse, HeatmapResponse, OverviewMetrics, OverviewResponse } from '@parley/shared';
import { type ValueKind, formatNumber } from './format';
import { METRICS, type MetricKey } from './metrics';
import type { CampaignSort, ChannelSort } from './url-state';

/** A row of a time chart: the bucket (as the API names it) and numbers by key. */
export type Row = { bucket: string } & Record<string, number | string | null>;

// ---------------------------------------------------------------------------------------------
// Period-over-period

export interface Delta {
  /** Relative change (0.12 = +12%) or, for rates, the difference in points (0.021 = +2.1 pp). */
  change: number | null;
  mode: 'relative' | 'points';
  direction: 'up' | 'down' | 'flat';
  tone: 'good' | 'bad' | 'neutral';
  /** Set when the change is not shown: too little data before (the previous period's sample) or now. */
  insufficient?: 'before' | 'now';
}

// Below this a change is shown as flat (rounding noise, not news).
const FLAT = 0.0005;

/**
 * The change from `previous` to `current`. Rates change in points: a response rate from 80% to
 * 88% is "+8 pp", not "+10%". A change from nothing (0 or no value) has no ratio: change null.
 */
export function delta(current: number | null, previous: number | null, kind: ValueKind, better: 'up' | 'down' | null): Delta {
  const mode = kind === 'percent' ? 'points' : 'relative';
  let change: number | null = null;
  if (current !== null && previous !== null) {
    if (mode === 'points') change = current - previous;
    else if (previous !== 0) change = (current - previous) / Math.abs(previous);
    else if (current === 0) change = 0;
  }
  let direction: Delta['direction'] = 'flat';
  if (change !== null) direction = Math.abs(change) < FLAT ? 'flat' : change > 0 ? 'up' : 'down';
  else if (current !== null && previous !== null) direction = current > previous ? 'up' : current < previous ? 'down' : 'flat';
  let tone: Delta['tone'] = 'neutral';
  if (better && direction !== 'flat') tone = (direction === 'up') === (better === 'up') ? 'good' : 'bad';
  return { change, mode, direction, tone };
}

export interface Kpi {
  /** Stable id: the metric, or revenue-<CUR>; also the data-testid suffix. */
  id: string;
  metric: MetricKey;
  label: string;
  kind: ValueKind;
  value: number | null;
  previous: number | null;
  delta: Delta;
  /** Revenue cards: the currency of the value. */
  currency?: string;
}

/** The headline cards of the overview, in the order the issue lists them. */
export const OVERVIEW_CARDS: MetricKey[] = [
  'conversations',
  'messagesIn',
  'messagesOut',
  'activeContacts',
  'responseRate',
  'firstResponseMedian',
  'firstResponseP90',
  'automationRate',
  'csatAverage',
  'conversionRate',
];

/**
 * Cards for `keys` of a totals object against the previous period's (null: not compared).
 * `revenue` becomes one card per currency: amounts in different currencies do not add up.
 */
export function buildKpis<T extends Partial<Record<MetricKey, unknown>>>(current: T, previous: T | null, keys: MetricKey[]): Kpi[] {
  const cards: Kpi[] = [];
  for (const metric of keys) {
    const info = METRICS[metric];
    if (metric === 'revenue') {
      const now = (current.revenue ?? {}) as Record<string, number>;
      const before = (previous?.revenue ?? {}) as Record<string, number>;
      for (const currency of currencies([now, before])) {
        const value = now[currency] ?? 0;
        const prev = previous ? (before[currency] ?? 0) : null;
        cards.push({
          id: `revenue-${currency}`,
          metric,
          label: `Revenue (${currency})`,
          kind: info.kind,
          value,
          previous: prev,
          delta: comparedDelta(metric, current, previous, value, prev),
          currency,
        });
      }
      continue;
    }
    const value = (current[metric] as number | null | undefined) ?? null;
    const prev = previous ? ((previous[metric] as number | null | undefined) ?? null) : null;
    cards.push({ id: metric, metric, label: info.label, kind: info.kind, value, previous: prev, delta: comparedDelta(metric, current, previous, value, prev) });
  }
  return cards;
}

/**
 * Below this many items in a period's sample (docs/metrics-decisions.md, "Comparisons"), a change
 * is noise (+58,278% from 3 conversations), so it is not shown: "n/a — too little data before".
 */
export const MIN_SAMPLE = 20;

/**
 * The fields of a report's totals that count what each metric is measured over, first present
 * wins: a count is its own sample; a rate or a duration its denominator; CSAT its ratings.
 * Revenue has no count of conversions in the answers, so its sample is the conversations.
 */
const SAMPLE_FIELDS: Partial<Record<MetricKey, MetricKey[]>> = {
  revenue: ['conversations'],
  responseRate: ['conversations'],
  withinSla: ['conversations'],
  conversionRate: ['conversations'],
  messagesPerConversation: ['conversations'],
  automationRate: ['responded', 'conversations'],
  firstResponseMedian: ['responded', 'conversations'],
  firstResponseP90: ['responded', 'conversations'],
  firstResponseMean: ['responded', 'conversations'],
  replyMedian: ['conversations'],
  replyP90: ['conversations'],
  resolutionMedian: ['resolutions'],
  assignmentResponseMedian: ['assignedConversations'],
  assignmentResponseP90: ['assignedConversations'],
  returningRate: ['activeContacts'],
  repeatContactRate: ['activeContacts'],
  csatAverage: ['csatResponses'],
  csatSatisfiedRate: ['csatResponses'],
};

/** The size of the sample a metric's value stands on in `totals`, or null when the totals do not say. */
export function sampleSize(metric: MetricKey, totals: Partial<Record<MetricKey, unknown>>): number | null {
  const fields = SAMPLE_FIELDS[metric] ?? (METRICS[metric].kind === 'count' ? [metric] : []);
  for (const f of fields) if (typeof totals[f] === 'number') return totals[f] as number;
  return null;
}

/**
 * Whether a change can be shown: the previous period's sample must reach MIN_SAMPLE, and for a
 * ratio (rate, duration, score, average) the current one too. A count now is a fact however
 * small (0 against 300 is a real −100%); a count before is a sample (3 → 300 is no trend).
 */
export function comparability(metric: MetricKey, current: Partial<Record<MetricKey, unknown>>, previous: Partial<Record<MetricKey, unknown>>): 'before' | 'now' | null {
  const before = sampleSize(metric, previous);
  if (before !== null && before < MIN_SAMPLE) return 'before';
  const ratio = METRICS[metric].kind !== 'count';
  const now = sampleSize(metric, current);
  if (ratio && now !== null && now < MIN_SAMPLE) return 'now';
  return null;
}

/** The delta, or no change at all when the samples are too small (tone neutral, never green or red). */
function comparedDelta<T extends Partial<Record<MetricKey, unknown>>>(metric: MetricKey, current: T, previous: T | null, value: number | null, prev: number | null): Delta {
  const info = METRICS[metric];
  const insufficient = previous ? comparability(metric, current, previous) : null;
  if (insufficient) return { change: null, mode: info.kind === 'percent' ? 'points' : 'relative', direction: 'flat', tone: 'neutral', insufficient };
  return delta(value, prev, info.kind, info.better);
}

export function overviewKpis(overview: Pick<OverviewResponse, 'current' | 'before'>): Kpi[] {
  return buildKpis<OverviewMetrics>(overview.current, overview.before, [...OVERVIEW_CARDS, 'revenue']);
}

// ---------------------------------------------------------------------------------------------
// Time series

/** Currencies seen, largest total first (so the main one gets the first colour). */
export function currencies(revenues: Record<string, number>[]): string[] {
  const totals = new Map<string, number>();
  for (const r of revenues) for (const [cur, v] of Object.entries(r)) totals.set(cur, (totals.get(cur) ?? 0) + v);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([cur]) => cur);
}

/** Picks `fields` of each item of an ungrouped series into chart rows (one per bucket). */
export function seriesRows<T extends { bucket: string }>(series: T[], fields: (keyof T & string)[]): Row[] {
  return series.map((item) => {
    const row: Record<string, number | string | null> = { bucket: item.bucket };
    for (const f of fields) row[f] = (item[f] as number | null | undefined) ?? null;
    return row as Row;
  });
}

/** Revenue per bucket as one column per currency (0 where a bucket has none of it). */
export function revenueRows(series: { bucket: string; revenue: Record<string, number> }[]): { rows: Row[]; currencies: string[] } {
  const curs = currencies(series.map((s) => s.revenue));
  const rows = series.map((s) => {
    const row: Row = { bucket: s.bucket };
    for (const c of curs) row[c] = s.revenue[c] ?? 0;
    return row;
  });
  return { rows, currencies: curs };
}

/**
 * Lays the previous period's values beside the current ones, bucket by bucket in order (the
 * n-th day against the n-th day before), as `previous` and `previousBucket`. A previous
 * period with fewer buckets (a shorter month) leaves the rest null.
 */
export function withPrevious(rows: Row[], previousRows: Row[] | undefined, field: string): Row[] {
  return rows.map((row, i) => {
    const p = previousRows?.[i];
    return { ...row, previous: p ? ((p[field] as number | null) ?? null) : null, previousBucket: p ? p.bucket : null };
  });
}

export interface GroupSeries {
  key: string;
  label: string;
  /** The raw group value (null: the API's "no group", e.g. unanswered for agents). */
  group: string | null;
}

/**
 * A grouped series (groupBy) as one row per bucket with one column per group, for stacked bars
 * or one line per group. Keys are g0, g1, … because agent ids may hold dots, which charting
 * libraries read as paths. Groups are ordered by their weight (largest first); beyond `limit`
 * they are summed into "Other" when the metric adds up (counts), else left out (medians).
 */
export function pivotGroups<T extends { bucket: string; group?: string | null }>(
  series: T[],
  field: keyof T & string,
  options: { limit?: number; additive?: boolean; weight?: keyof T & string; noneLabel?: string } = {},
): { rows: Row[]; groups: GroupSeries[]; hidden: number } {
  const { limit = 8, additive = true, weight = field, noneLabel = 'None' } = options;
  const weights = new Map<string | null, number>();
  const withValue = new Set<string | null>();
  const buckets: string[] = [];
  const seen = new Set<string>();
  for (const item of series) {
    const g = item.group ?? null;
    weights.set(g, (weights.get(g) ?? 0) + (Number(item[weight]) || 0));
    if (item[field] !== null && item[field] !== undefined) withValue.add(g);
    if (!seen.has(item.bucket)) {
      seen.add(item.bucket);
      buckets.push(item.bucket);
    }
  }
  // A group with nothing to draw (no median for the unanswered) would only take a colour.
  const ordered = [...weights.keys()].filter((g) => withValue.has(g)).sort((a, b) => weights.get(b)! - weights.get(a)! || order(a, b));
  const shown = ordered.slice(0, limit);
  const rest = new Set(ordered.slice(limit));
  const groups: GroupSeries[] = shown.map((g, i) => ({ key: `g${i}`, label: g ?? noneLabel, group: g }));
  const keyOf = new Map(groups.map((g) => [g.group, g.key]));
  const other = additive && rest.size > 0;
  if (other) groups.push({ key: 'other', label: `Other (${rest.size})`, group: null });

  const rows = new Map<string, Row>();
  for (const b of buckets) {
    const row: Row = { bucket: b };
    for (const g of groups) row[g.key] = g.key === 'other' ? 0 : null;
    rows.set(b, row);
  }
  for (const item of series) {
    const row = rows.get(item.bucket)!;
    const g = item.group ?? null;
    const v = (item[field] as number | null | undefined) ?? null;
    const key = keyOf.get(g);
    if (key) row[key] = v;
    else if (other && v !== null) row.other = (row.other as number) + v;
  }
  return { rows: [...rows.values()], groups, hidden: other ? 0 : rest.size };
}

// Group names in byte order with null last, as the API sorts them.
function order(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

// Steps a reader can count in: seconds, minutes, hours, days.
const DURATION_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 432_000, 604_800, 1_209_600, 2_592_000];

/**
 * Axis ticks for durations at round values (0, 15m, 30m, 45m or 0, 6h, 12h, 18h, 1d) instead of a
 * chart library's decimal ones (22.2h). At most `count` steps above 0.
 */
export function durationTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 60];
  const step = DURATION_STEPS.find((s) => max / s <= count) ?? Math.ceil(max / count / 2_592_000) * 2_592_000;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return ticks;
}

/** True when no row has a non-zero value in any of `keys` (an empty period gets a message, not a flat line). */
export function isEmpty(rows: Row[], keys: string[]): boolean {
  return !rows.some((r) => keys.some((k) => typeof r[k] === 'number' && r[k] !== 0));
}

// ---------------------------------------------------------------------------------------------
// Heatmap, cohorts

export interface HeatmapGrid {
  /** values[weekday − 1][hour]: Monday first. */
  values: number[][];
  max: number;
  total: number;
}

export function heatmapGrid(cells: HeatmapResponse['cells']): HeatmapGrid {
  const values = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  let max = 0;
  let total = 0;
  for (const c of cells) {
    if (c.weekday < 1 || c.weekday > 7 || c.hour < 0 || c.hour > 23) continue;
    values[c.weekday - 1][c.hour] = c.messages;
    max = Math.max(max, c.messages);
    total += c.messages;
  }
  return { values, max, total };
}

/** 0…1 for a colour scale; a square root so a few busy hours do not wash out the rest. */
export function intensity(value: number | null, max: number): number {
  if (value === null || max <= 0 || value <= 0) return 0;
  return Math.min(1, Math.sqrt(value / max));
}

export interface CohortRow {
  cohort: string;
  size: number;
  cells: { offset: number; retained: number; rate: number | null }[];
}

/** The retention triangle: one row per cohort, its offsets 0…k (later cohorts have fewer). */
export function cohortTable(cohorts: CohortsResponse['cohorts']): { rows: CohortRow[]; offsets: number } {
  const rows = cohorts.map((c) => ({
    cohort: c.cohort,
    size: c.size,
    cells: c.retained.map((retained, offset) => ({ offset, retained, rate: c.rate[offset] ?? null })),
  }));
  return { rows, offsets: Math.max(0, ...rows.map((r) => r.cells.length)) };
}

// ---------------------------------------------------------------------------------------------
// Channels

/** The value a channel is sorted and charted by; revenue counts in the main currency. */
export function channelValue(c: ChannelMetrics, key: Exclude<ChannelSort, 'channel'>, currency?: string): number | null {
  if (key === 'revenue') return currency ? (c.revenue[currency] ?? 0) : 0;
  return c[key];
}

/** Sorted copy; channels without a value (null) go last whichever the direction. */
export function sortChannels(channels: ChannelMetrics[], sort: ChannelSort, dir: 'asc' | 'desc', currency?: string): ChannelMetrics[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...channels].sort((a, b) => {
    if (sort === 'channel') return sign * a.channel.localeCompare(b.channel);
    const va = channelValue(a, sort, currency);
    const vb = channelValue(b, sort, currency);
    if (va === null && vb === null) return a.channel.localeCompare(b.channel);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || a.channel.localeCompare(b.channel);
  });
}

/** One small bar chart's data: channels by a metric, largest first, channels without a value left out. */
export function channelBars(channels: ChannelMetrics[], key: Exclude<ChannelSort, 'channel'>, currency?: string): { channel: string; value: number }[] {
  return channels
    .map((c) => ({ channel: c.channel, value: channelValue(c, key, currency) }))
    .filter((b): b is { channel: string; value: number } => b.value !== null)
    .sort((a, b) => b.value - a.value || a.channel.localeCompare(b.channel));
}

// ---------------------------------------------------------------------------------------------
// Campaigns

/** What a funnel is drawn from: one campaign, or the totals over all of them. */
export type FunnelSource = Pick<
  CampaignTotals,
  'sent' | 'recipients' | 'delivered' | 'read' | 'failed' | 'deliveryRate' | 'readRate' | 'replied' | 'replyRate' | 'converted' | 'conversionRate'
>;

export interface FunnelStep {
  key: 'sent' | 'delivered' | 'read' | 'recipients' | 'replied' | 'converted';
  label: string;
  /** Messages until read; then contacts (the funnel changes unit there). */
  unit: 'messages' | 'recipients';
  value: number;
  /** Bar length, 0…1 of the first step of its unit (sent, recipients). */
  share: number;
  /** The API's rate from the step before (null for the first step of a unit, and for a rate over 0). */
  rate: number | null;
  /** What the rate is of ("of sent"). */
  rateOf: string | null;
}

const share = (value: number, base: number) => (base > 0 ? Math.min(1, value / base) : 0);

/**
 * The funnel's steps. Sent, delivered and read count messages; replied and converted count
 * recipients (contacts), so the recipients step starts the second part and its bars are measured
 * against it. Rates are the API's (computed with the counts, never here).
 */
export function funnelSteps(m: FunnelSource): FunnelStep[] {
  return [
    { key: 'sent', label: 'Sent', unit: 'messages', value: m.sent, share: share(m.sent, m.sent), rate: null, rateOf: null },
    { key: 'delivered', label: 'Delivered', unit: 'messages', value: m.delivered, share: share(m.delivered, m.sent), rate: m.deliveryRate, rateOf: 'of sent' },
    { key: 'read', label: 'Read', unit: 'messages', value: m.read, share: share(m.read, m.sent), rate: m.readRate, rateOf: 'of delivered' },
    { key: 'recipients', label: 'Recipients', unit: 'recipients', value: m.recipients, share: share(m.recipients, m.recipients), rate: null, rateOf: null },
    { key: 'replied', label: 'Replied', unit: 'recipients', value: m.replied, share: share(m.replied, m.recipients), rate: m.replyRate, rateOf: 'of recipients' },
    { key: 'converted', label: 'Converted', unit: 'recipients', value: m.converted, share: share(m.converted, m.recipients), rate: m.conversionRate, rateOf: 'of recipients' },
  ];
}

/** Failed messages as a share of sent, for the note beside "delivered" (null when nothing was sent). */
export function failedShare(m: Pick<FunnelSource, 'sent' | 'failed'>): number | null {
  return m.sent > 0 ? m.failed / m.sent : null;
}

/** The value a campaign is sorted by; revenue counts in the main currency, channels by their names. */
export function campaignValue(c: CampaignMetrics, key: CampaignSort, currency?: string): number | string | null {
  switch (key) {
    case 'campaignId':
      return c.campaignId;
    case 'channels':
      return c.channels.join(',');
    case 'firstSentAt':
      return Date.parse(c.firstSentAt);
    case 'revenue':
      return currency ? (c.revenue[currency] ?? 0) : 0;
    default:
      return c[key];
  }
}

const byId = (a: CampaignMetrics, b: CampaignMetrics) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0);
// Ties (and the default order): more converted recipients first, then more replied, then the id.
const byRank = (a: CampaignMetrics, b: CampaignMetrics) => b.converted - a.converted || b.replied - a.replied || byId(a, b);

/**
 * Sorted copy of the campaigns. The default (converted, descending) ranks by converted
 * recipients, then replied recipients, then campaign id; any column breaks its ties the same way.
 * Campaigns without a value (a rate over 0) go last whichever the direction.
 */
export function sortCampaigns(campaigns: CampaignMetrics[], sort: CampaignSort, dir: 'asc' | 'desc', currency?: string): CampaignMetrics[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...campaigns].sort((a, b) => {
    const va = campaignValue(a, sort, currency);
    const vb = campaignValue(b, sort, currency);
    if (va === null && vb === null) return byRank(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    const c = typeof va === 'string' || typeof vb === 'string' ? String(va).localeCompare(String(vb)) : va - vb;
    return sign * c || byRank(a, b);
  });
}

/**
 * Sends over time as stacked bars: one column per campaign, the `limit` campaigns with the most
 * messages in the period first, the rest summed into "Other (n)" (messages add up).
 */
export function campaignSends(series: CampaignsResponse['series'], limit = 8): { rows: Row[]; groups: GroupSeries[] } {
  const { rows, groups } = pivotGroups(series, 'sent', { limit, additive: true });
  return { rows, groups };
}

export interface ChartMarker {
  /** The bucket (as the chart's rows name it) the marker stands at. */
  bucket: string;
  /** The campaigns whose first message in the period falls in that bucket, earliest first. */
  campaigns: { campaignId: string; firstSentAt: string }[];
}

/**
 * Campaign markers for a time chart: each campaign at the bucket holding its first send, i.e.
 * the last bucket starting at or before that instant. Buckets and sends carry their offsets, so
 * comparing instants puts a send in its local bucket in any zone and across clock changes.
 * Campaigns in the same bucket share one marker; sends before the first bucket or at/after
 * `endMs` (the period's end) have none.
 */
export function campaignMarkers(campaigns: { campaignId: string; firstSentAt: string }[], buckets: string[], endMs?: number): ChartMarker[] {
  const starts = buckets.map((b) => Date.parse(b));
  const byBucket = new Map<number, { campaignId: string; firstSentAt: string; ms: number }[]>();
  for (const c of campaigns) {
    const ms = Date.parse(c.firstSentAt);
    if (Number.isNaN(ms) || (endMs !== undefined && ms >= endMs)) continue;
    let index = -1;
    for (let i = 0; i < starts.length && starts[i] <= ms; i++) index = i;
    if (index < 0) continue;
    const list = byBucket.get(index) ?? [];
    list.push({ campaignId: c.campaignId, firstSentAt: c.firstSentAt, ms });
    byBucket.set(index, list);
  }
  return [...byBucket.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, list]) => ({
      bucket: buckets[index],
      campaigns: list
        .sort((a, b) => a.ms - b.ms || (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0))
        .map(({ campaignId, firstSentAt }) => ({ campaignId, firstSentAt })),
    }));
}

// ---------------------------------------------------------------------------------------------
// Readability: rating scale, small samples

/** A 1–5 rating's axis: the scale itself, not the range of the buckets' averages. */
export const SCORE_TICKS = [1, 2, 3, 4, 5];

/** Below this many ratings a bucket's CSAT average and satisfied rate are shown faint (one rating swings them 0–100%). */
export const MIN_RATINGS = 5;

/** The key of a field's values on too small a sample (drawn faint, see splitBySample). */
export const fewKey = (field: string) => `${field}Few`;

/**
 * Splits each of `fields` by its bucket's sample size `countKey`: the value stays under its key
 * when the sample has at least `min` items, else it moves to fewKey(field), so the line is drawn
 * only through buckets with enough data and the rest are faint points. The count stays in the row.
 */
export function splitBySample(rows: Row[], fields: string[], countKey: string, min: number): Row[] {
  return rows.map((row) => {
    const n = Number(row[countKey]) || 0;
    const out: Row = { ...row };
    for (const f of fields) {
      const v = row[f] ?? null;
      out[f] = n >= min ? v : null;
      out[fewKey(f)] = n >= min ? null : v;
    }
    return out;
  });
}

/** "12 ratings", "2 ratings, too few to read": the sample under a bucket's CSAT (tooltip). */
export function ratingsNote(n: number): string {
  const text = `${formatNumber(n)} ${n === 1 ? 'rating' : 'ratings'}`;
  return n > 0 && n < MIN_RATINGS ? `${text}, too few to read` : text;
}

// ---------------------------------------------------------------------------------------------
// Money by currency: amounts in different currencies never add up, so they never share an axis.

/** A channel's bars of one currency. */
export interface CurrencyBars {
  currency: string;
  bars: { channel: string; value: number }[];
}

/**
 * One bar chart per currency (the largest total first), each of the channels with revenue in
 * that currency, largest first: every currency is shown, none on another's axis.
 */
export function channelRevenueBars(channels: ChannelMetrics[]): CurrencyBars[] {
  return currencies(channels.map((c) => c.revenue)).map((currency) => ({
    currency,
    bars: channelBars(channels, 'revenue', currency).filter((b) => b.value > 0),
  }));
}

/**
 * A revenue figure's amounts, one per currency it has, in `order` (the page's currencies, so
 * every row of a table lists them alike) and then any others A–Z.
 */
export function revenueAmounts(revenue: Record<string, number>, order: string[] = []): { currency: string; value: number }[] {
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  return Object.entries(revenue)
    .map(([currency, value]) => ({ currency, value }))
    .sort((a, b) => rank(a.currency) - rank(b.currency) || a.currency.localeCompare(b.currency));
}
