/**
 * Pure shaping of a split (groupBy): the ranked table of groups, the groups picked for the chart,
 * and the sparklines. Figures come from the API's per-group totals (`groups` of the answer,
 * computed over the whole period): a median or a distinct count is never summed from buckets here.
 */
import { MIN_SAMPLE, type Row } from './chart-data';
import { MAX_PICKED_GROUPS, NO_GROUP } from './url-state';

/** main: an agent or a channel; bot: a responder id that answered as a bot; none: the API's null group. */
export type GroupKind = 'main' | 'bot' | 'none';

export interface GroupTotals {
  group: string | null;
  bot?: boolean;
}

export interface GroupRow<T extends GroupTotals> {
  /** The group's name in the URL (NO_GROUP for null). */
  key: string;
  group: string | null;
  label: string;
  kind: GroupKind;
  totals: T;
  /** The shown metric per bucket, in the series' order; null where the bucket has no value. */
  spark: (number | null)[];
}

export const groupKey = (group: string | null): string => group ?? NO_GROUP;

/** One row per group of the answer, with that group's series of `field` for its sparkline. */
export function groupRows<T extends GroupTotals>(
  groups: T[],
  series: ({ group?: string | null } & Record<string, unknown>)[],
  field: string,
  noneLabel: string,
): GroupRow<T>[] {
  const sparks = new Map<string | null, (number | null)[]>();
  for (const item of series) {
    const g = item.group ?? null;
    const v = item[field];
    const list = sparks.get(g) ?? [];
    list.push(typeof v === 'number' ? v : null);
    sparks.set(g, list);
  }
  return groups.map((t) => ({
    key: groupKey(t.group),
    group: t.group,
    label: t.group ?? noneLabel,
    kind: t.group === null ? 'none' : t.bot ? 'bot' : 'main',
    totals: t,
    spark: sparks.get(t.group) ?? [],
  }));
}

/**
 * Whether a split has anything to rank: a group other than the null one. Only "Without team"
 * (nobody assigned to a team) is no ranking; the table says so instead of showing one row.
 */
export const hasNamedGroup = <T extends GroupTotals>(rows: GroupRow<T>[]): boolean => rows.some((r) => r.kind !== 'none');

const SECTION: Record<GroupKind, number> = { main: 0, bot: 1, none: 2 };

/**
 * Ranked copy: people (or channels) first, ranked by the column; then bots, then the no-responder
 * row, each ranked on its own, so a bot's 2-second median never tops the agents' ranking.
 * A row without a value goes last in its section whichever the direction; ties by name.
 */
export function sortGroupRows<T extends GroupTotals>(
  rows: GroupRow<T>[],
  value: ((t: T) => number | null) | 'name',
  dir: 'asc' | 'desc',
): GroupRow<T>[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: GroupRow<T>, b: GroupRow<T>) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  return [...rows].sort((a, b) => {
    const section = SECTION[a.kind] - SECTION[b.kind];
    if (section !== 0) return section;
    if (value === 'name') return sign * byName(a, b);
    const va = value(a.totals);
    const vb = value(b.totals);
    if (va === null && vb === null) return byName(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/** Rank numbers of the main rows (1, 2, …); bots and the no-responder row have none. */
export function ranks<T extends GroupTotals>(sorted: GroupRow<T>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of sorted) if (r.kind === 'main') out.set(r.key, out.size + 1);
  return out;
}

/**
 * The groups charted: those picked (in the URL) that the answer has, in table order; when none
 * is left (or none was picked), the first `count` of the ranking: people or channels first, then
 * bots; the no-responder row only when there is nothing else.
 */
export function resolvePicks<T extends GroupTotals>(sorted: GroupRow<T>[], picked: string[] | null, count = 3): string[] {
  if (picked) {
    const wanted = new Set(picked);
    const kept = sorted.filter((r) => wanted.has(r.key)).map((r) => r.key);
    if (kept.length > 0) return kept.slice(0, MAX_PICKED_GROUPS);
  }
  const candidates = sorted.filter((r) => r.kind !== 'none');
  return (candidates.length > 0 ? candidates : sorted).slice(0, count).map((r) => r.key);
}

/**
 * The picks after ticking or unticking `key`: at most MAX_PICKED_GROUPS, and never none
 * (an empty chart says nothing; the URL would read it as "the default" anyway).
 */
export function togglePick(picks: string[], key: string, max = MAX_PICKED_GROUPS): string[] {
  if (picks.includes(key)) return picks.length > 1 ? picks.filter((k) => k !== key) : picks;
  return picks.length < max ? [...picks, key] : picks;
}

/**
 * The picked groups' series of `field` as chart rows, one column per group (p0, p1, … in the
 * order of `picks`: agent ids may hold dots, which chart libraries read as paths).
 */
export function pickedRows(series: ({ bucket: string; group?: string | null } & Record<string, unknown>)[], field: string, picks: string[]): Row[] {
  const column = new Map(picks.map((k, i) => [k, `p${i}`]));
  const rows = new Map<string, Row>();
  for (const item of series) {
    let row = rows.get(item.bucket);
    if (!row) {
      row = { bucket: item.bucket };
      for (const c of column.values()) row[c] = null;
      rows.set(item.bucket, row);
    }
    const c = column.get(groupKey(item.group ?? null));
    const v = item[field];
    if (c) row[c] = typeof v === 'number' ? v : null;
  }
  return [...rows.values()];
}

export interface Sparkline {
  /** SVG path data; a bucket without a value breaks the line. */
  path: string;
  /** Values with no neighbour to join, drawn as dots. */
  dots: { x: number; y: number }[];
}

/** A sparkline of `values` in a width × height box (1 px margin), scaled to their own min and max. */
export function sparkline(values: (number | null)[], width: number, height: number): Sparkline {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { path: '', dots: [] };
  const min = Math.min(...present);
  const max = Math.max(...present);
  const step = values.length > 1 ? (width - 2) / (values.length - 1) : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  const x = (i: number) => round(1 + i * step);
  // A flat series is drawn across the middle, not along an edge.
  const y = (v: number) => round(max === min ? height / 2 : 1 + (height - 2) * (1 - (v - min) / (max - min)));
  const parts: string[] = [];
  const dots: Sparkline['dots'] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const joined = i > 0 && values[i - 1] !== null;
    const next = i + 1 < values.length && values[i + 1] !== null;
    parts.push(`${joined ? 'L' : 'M'}${x(i)} ${y(v)}`);
    if (!joined && !next) dots.push({ x: x(i), y: y(v) });
  });
  return { path: parts.join(' '), dots };
}

/** Below this many conversations a group's rates and times are marked as a small sample: the comparisons' threshold. */
export const SMALL_SAMPLE = MIN_SAMPLE;
