/**
 * A metric or export request's query: checked by the registry's zod schema (shared/src/reports.ts),
 * then its zone and period resolved here, with the zone data and the calendar the browser bundle
 * does without, against the registry's limits. Every 400 names its parameter. Pure, so every rule
 * has a unit test.
 */
import {
  CONVERSATION_LIST,
  LIVE,
  type ConversationBy,
  type ConversationSort,
  type ConversationStatus,
  DEFAULT_LIST_LIMIT,
  DEFAULT_PERIOD_HOURS,
  DEFAULT_WINDOW_HOURS,
  EXPORTS,
  type Grain, type GroupBy, type Hours, MAX_PERIOD_HOURS,
  type ParsedQuery,
  REPORTS,
  type Responder,
  type SortOrder,
  queryMessages,
} from '@parley/shared';
import { canonicalZone, isIanaZone } from '../common/time-zones.js';
import { EARLIEST_BOUND, LATEST_BOUND, boundInRange, parseBound } from './period.calculations.js';

export type Endpoint = keyof typeof REPORTS | keyof typeof EXPORTS | 'conversations' | 'live';

/** GET /conversations' own parameters (api.md "Drill-down"); the cursor is checked by the list itself. */
export interface ListQuery {
  by: ConversationBy;
  status: ConversationStatus | null;
  /** First responder; `none` as given (no first responder). */
  agent: string | null;
  sort: ConversationSort;
  order: SortOrder;
  limit: number;
  cursor: string | null;
}

export interface MetricsQuery {
  fromMs: number;
  toMs: number;
  tz: string;
  grain: Grain;
  channels: string[] | null;
  /** team / tag filters (`none` included as given: the repositories read it as "without"); null = all. */
  teams: string[] | null;
  tags: string[] | null;
  groupBy: GroupBy | null;
  responder: Responder;
  /** Durations in calendar or business time (business needs the workspace's schedule: checked by the service). */
  hours: Hours;
  sla: number;
  /** Campaign attribution window, hours. */
  window: number;
  format: 'json' | 'csv';
  /** Overview only, when compareFrom and compareTo are given: the period `before` is of. */
  compare?: { fromMs: number; toMs: number };
  /** GET /conversations only. */
  list?: ListQuery;
}

const HOUR_MS = 3_600_000;
// Messages are listed unknown parameters first, then in this order.
const ORDER = [
  'tz', 'grain', 'from', 'to', 'compareFrom', 'compareTo', 'by', 'channel', 'team', 'tag', 'groupBy', 'responder', 'hours', 'sla', 'window',
  'status', 'agent', 'sort', 'order', 'limit', 'cursor', 'format',
];

export class QueryError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

const entryOf = (endpoint: Endpoint) =>
  endpoint === 'conversations' ? CONVERSATION_LIST : endpoint === 'live' ? LIVE : endpoint in REPORTS ? REPORTS[endpoint as keyof typeof REPORTS] : EXPORTS[endpoint as keyof typeof EXPORTS];

/**
 * `raw` is Express's parsed query (values are strings or arrays of strings). `accept` is the
 * Accept header (text/csv asks for CSV like format=csv).
 */
export function parseMetricsQuery(
  endpoint: Endpoint,
  raw: Record<string, unknown>,
  context: { workspaceTz: string; nowMs: number; accept?: string },
): MetricsQuery {
  const { params, query } = entryOf(endpoint);
  const parsed = query.safeParse(raw);
  const errors = parsed.success ? [] : queryMessages(parsed.error, params);
  // After another parameter's error the zone and the period are still checked, each from its own field.
  const field = <K extends 'grain' | 'tz' | 'from' | 'to' | 'compareFrom' | 'compareTo'>(name: K) => {
    const r = query.shape[name]?.safeParse(raw[name]);
    return r?.success ? (r.data as ParsedQuery[K]) : undefined;
  };
  const q = parsed.success
    ? (parsed.data as ParsedQuery)
    : { grain: field('grain'), tz: field('tz'), from: field('from'), to: field('to'), compareFrom: field('compareFrom'), compareTo: field('compareTo') };

  let tz = context.workspaceTz;
  if (q.tz !== undefined) {
    if (isIanaZone(q.tz)) tz = canonicalZone(q.tz);
    else errors.push(`tz: unknown time zone '${q.tz}'`);
  }
  const grain = q.grain ?? params.defaultGrain;

  let badBound = false;
  const bound = (name: 'from' | 'to' | 'compareFrom' | 'compareTo'): number | undefined => {
    const text = q[name];
    if (text === undefined) return undefined;
    const ms = parseBound(text, tz);
    if (ms === null) errors.push(`${name}: must be a date (2026-11-01) or a date-time (2026-11-01T08:00:00+01:00), got '${text}'`);
    else if (!boundInRange(ms, tz)) errors.push(`${name}: must be from ${EARLIEST_BOUND} to ${LATEST_BOUND} (in ${tz}), got '${text}'`);
    else return ms;
    badBound = true;
    return undefined;
  };
  const fromGiven = bound('from');
  const toGiven = bound('to');
  const toMs = toGiven ?? context.nowMs;
  const fromMs = fromGiven ?? toMs - DEFAULT_PERIOD_HOURS * HOUR_MS;
  // After a bad bound, its stand-in (now, or 30 days back) would only add confusing errors.
  if (!badBound) errors.push(...periodErrors(fromMs, toMs, grain, params.maxHours, fromGiven !== undefined || toGiven !== undefined));
  // Presence is read from the raw query: a repeated value fails the schema but is still given.
  const takesCompare = (params.params as readonly string[]).includes('compareFrom');
  const compare = takesCompare && compareErrors(raw.compareFrom !== undefined, raw.compareTo !== undefined, q.compareFrom, q.compareTo, bound, errors);

  if (errors.length) throw new QueryError(sorted(errors, params.params));
  const data = parsed.data as ParsedQuery;
  return {
    fromMs,
    toMs,
    tz,
    grain: data.grain,
    channels: data.channel ?? null,
    teams: data.team ?? null,
    tags: data.tag ?? null,
    groupBy: data.groupBy ?? null,
    responder: data.responder,
    hours: data.hours ?? 'calendar',
    sla: data.sla,
    window: data.window ?? DEFAULT_WINDOW_HOURS,
    format: data.format ?? (/\btext\/csv\b/i.test(context.accept ?? '') ? 'csv' : 'json'),
    ...(compare && { compare }),
    ...((endpoint === 'conversations' || endpoint === 'conversations.csv') && {
      list: {
        by: data.by ?? 'startedAt',
        status: data.status ?? null,
        agent: data.agent ?? null,
        sort: data.sort ?? 'startedAt',
        order: data.order ?? 'desc',
        limit: data.limit ?? DEFAULT_LIST_LIMIT,
        cursor: data.cursor ?? null,
      },
    }),
  };
}

/**
 * The compared period of the overview (compareFrom, compareTo): both or neither, each a bound as
 * `from`, in order, at most as long as any period. Its errors are pushed to `errors`.
 */
function compareErrors(
  fromGiven: boolean,
  toGiven: boolean,
  fromText: string | undefined,
  toText: string | undefined,
  bound: (name: 'compareFrom' | 'compareTo') => number | undefined,
  errors: string[],
): { fromMs: number; toMs: number } | null {
  if (!fromGiven && !toGiven) return null;
  if (!fromGiven) errors.push('compareFrom: give it with compareTo (the compared period needs both ends)');
  if (!toGiven) errors.push('compareTo: give it with compareFrom (the compared period needs both ends)');
  const fromMs = fromText === undefined ? undefined : bound('compareFrom');
  const toMs = toText === undefined ? undefined : bound('compareTo');
  if (fromMs === undefined || toMs === undefined) return null;
  if (fromMs >= toMs) errors.push('compareTo: must be after compareFrom');
  else if (toMs - fromMs > MAX_PERIOD_HOURS * HOUR_MS) errors.push(`compareTo: the compared period must be at most ${MAX_PERIOD_HOURS / 24} days`);
  else return { fromMs, toMs };
  return null;
}

/**
 * The period's limits (api.md): from before to, at most 10 years, and the grain's own limit from
 * the registry (731 days for a day series, 744 hours by the hour). Hours are exact, not local days.
 */
export function periodErrors(fromMs: number, toMs: number, grain: Grain, maxHours: Partial<Record<Grain, number>>, boundsGiven: boolean): string[] {
  const hours = (toMs - fromMs) / HOUR_MS;
  if (boundsGiven) {
    if (fromMs >= toMs) return ['from: must be before to'];
    if (hours > MAX_PERIOD_HOURS) return [`to: the period must be at most ${MAX_PERIOD_HOURS / 24} days`];
  }
  const limit = maxHours[grain];
  if (limit === undefined || hours <= limit) return [];
  return grain === 'hour'
    ? [`grain: hour allows a period of at most ${limit} hours (${limit / 24} days); use day`]
    : [`to: the period must be at most ${limit / 24} days with grain=${grain}; use a longer grain`];
}

/** Unknown parameters first (-1), then ORDER; stable. */
function sorted(messages: string[], taken: readonly string[]): string[] {
  const rank = (m: string) => {
    const name = m.slice(0, m.indexOf(':'));
    return taken.includes(name) ? ORDER.indexOf(name) : -1;
  };
  return messages.map((m, i) => [rank(m), i, m] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, , m]) => m);
}
