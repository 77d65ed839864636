/**
 * The dashboard's state lives in the URL, so a link reproduces the view and back/forward work.
 * parseState never fails: anything missing or invalid falls back to its default.
 * serializeState writes only what differs from the defaults, and only what the page uses,
 * so links stay short and readable.
 *
 * Periods are calendar dates in the chosen zone. The API reads a date as local midnight in `tz`,
 * so a preset turns into from/to dates and the server does the DST-correct rest.
 */
import type { Grain } from '@parley/shared';
import {
  CHANNEL_PATTERN,
  DEFAULT_SLA_SECONDS,
  DEFAULT_WINDOW_HOURS,
  GRAINS,
  MAX_DAY_SERIES_HOURS,
  MAX_HOUR_BUCKETS,
  MAX_SLA_SECONDS,
  MAX_WINDOW_HOURS,
  REPORT_PARAMS,
  RESPONDERS,
} from '@parley/shared/report-params';
import { addDays, canonicalTimeZone, daysBetween, monthStart, parseDate, todayIn, zonedMidnightMs } from './dates';

// The parameters' values and limits come from the report registry (@parley/shared/report-params:
// plain values, so the bundle does without zod).
/**
 * The longest period the dashboard offers: every page can show it by day, and a series by day
 * (response-times, engagement, loyalty) is limited to 731 days.
 */
export const MAX_PERIOD_DAYS = MAX_DAY_SERIES_HOURS / 24;

export const PAGES = ['overview', 'response-times', 'engagement', 'campaigns', 'loyalty', 'channels', 'exports', 'settings'] as const;
export type Page = (typeof PAGES)[number];
export const PAGE_PATHS: Record<Page, string> = {
  overview: '/',
  'response-times': '/response-times',
  engagement: '/engagement',
  campaigns: '/campaigns',
  loyalty: '/loyalty',
  channels: '/channels',
  exports: '/exports',
  settings: '/settings',
};
/** Pages that are about the workspace, not its figures: no filter bar, and open to admins only. */
export const ADMIN_PAGES: readonly Page[] = ['settings'];

export const PERIODS = ['today', '7d', '30d', '90d', 'month', 'lastmonth', 'custom'] as const;
export type PeriodPreset = (typeof PERIODS)[number];

export const VOLUME_METRICS = ['conversations', 'messagesIn', 'messagesOut', 'activeContacts'] as const;
export type VolumeMetric = (typeof VOLUME_METRICS)[number];
export const RESPONSE_SERIES = ['firstResponseMedian', 'firstResponseP90', 'replyMedian', 'replyP90', 'resolutionMedian', 'withinSla', 'responseRate'] as const;
export type ResponseSeriesMetric = (typeof RESPONSE_SERIES)[number];
/** Response times: none, or a groupBy of the report. */
export const GROUP_BYS = ['none', ...REPORT_PARAMS['response-times'].groupBy] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const RESPONDER_VALUES = RESPONDERS;
export type ResponderValue = (typeof RESPONDER_VALUES)[number];
export const COHORT_GRAINS = REPORT_PARAMS.cohorts.grains;
export type CohortGrain = (typeof COHORT_GRAINS)[number];
export const CHANNEL_SORTS = [
  'channel',
  'conversations',
  'messagesIn',
  'messagesOut',
  'activeContacts',
  'responseRate',
  'firstResponseMedian',
  'firstResponseP90',
  'replyMedian',
  'automationRate',
  'csatAverage',
  'returningRate',
  'conversionRate',
  'revenue',
] as const;
export type ChannelSort = (typeof CHANNEL_SORTS)[number];
/** Campaigns table columns; the default ranks by converted, then replied (see sortCampaigns). */
export const CAMPAIGN_SORTS = [
  'campaignId',
  'channels',
  'firstSentAt',
  'sent',
  'recipients',
  'delivered',
  'read',
  'failed',
  'deliveryRate',
  'readRate',
  'replied',
  'replyRate',
  'converted',
  'conversionRate',
  'revenue',
] as const;
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number];
/** Attribution window presets in hours: 24 h, 72 h, 120 h (the API's default), 7 days, 30 days (the API's maximum). */
export const WINDOW_PRESETS = [24, 72, DEFAULT_WINDOW_HOURS, 168, MAX_WINDOW_HOURS] as const;
/** campaignId is 1–128 printable characters (events.md). */
const CAMPAIGN_ID_MAX = 128;

export interface DashboardState {
  page: Page;
  period: PeriodPreset;
  /** Custom period only: first and last day, both inclusive (as a person picks a range). */
  from: string | null;
  to: string | null;
  compare: boolean;
  /** null: the workspace's zone. */
  tz: string | null;
  /** null: the default grain of the period. */
  grain: Grain | null;
  channels: string[];
  /** Overview: the series of the main chart. */
  metric: VolumeMetric;
  /** Engagement: the series stacked by channel. */
  volume: VolumeMetric;
  /** Response times. */
  groupBy: GroupBy;
  responder: ResponderValue;
  sla: number;
  show: ResponseSeriesMetric;
  /** Loyalty: null = the default for the period. */
  cohort: CohortGrain | null;
  /** Channels table. */
  sort: ChannelSort;
  dir: 'asc' | 'desc';
  /** Campaigns: the attribution window in hours. */
  window: number;
  /** Campaigns: the campaign whose funnel is shown (null: all campaigns). */
  campaign: string | null;
  /** Campaigns table. */
  campaignSort: CampaignSort;
  campaignDir: 'asc' | 'desc';
}

export const DEFAULT_STATE: DashboardState = {
  page: 'overview',
  period: '30d',
  from: null,
  to: null,
  compare: true,
  tz: null,
  grain: null,
  channels: [],
  metric: 'conversations',
  volume: 'conversations',
  groupBy: 'none',
  responder: 'any',
  sla: DEFAULT_SLA_SECONDS,
  show: 'firstResponseMedian',
  cohort: null,
  sort: 'conversations',
  dir: 'desc',
  window: DEFAULT_WINDOW_HOURS,
  campaign: null,
  campaignSort: 'converted',
  campaignDir: 'desc',
};

/** The query parameters each page reads besides the shared filters. */
const PAGE_PARAMS: Record<Page, (keyof DashboardState)[]> = {
  overview: ['metric'],
  'response-times': ['groupBy', 'responder', 'sla', 'show'],
  engagement: ['volume'],
  campaigns: ['window', 'campaign', 'campaignSort', 'campaignDir'],
  loyalty: ['cohort'],
  channels: ['sort', 'dir'],
  exports: [],
  settings: [],
};

/** The filters of the filter bar a page can be given; period, zone and channels apply to every page with the bar. */
export type SharedFilter = 'grain' | 'compare';

/**
 * Which optional shared filters change what a page shows. The filter bar offers only these, and
 * the page's URL carries only these: a control that does nothing is not shown. Channels are
 * totals over the whole period (no grain, no comparison); the exports' report CSVs follow the
 * grain, but the overview CSV always holds both periods; campaigns have no previous period.
 */
export const PAGE_FILTERS: Record<Page, readonly SharedFilter[]> = {
  overview: ['grain', 'compare'],
  'response-times': ['grain', 'compare'],
  engagement: ['grain', 'compare'],
  campaigns: ['grain'],
  loyalty: ['grain', 'compare'],
  channels: [],
  exports: ['grain'],
  settings: [],
};

export const pageUses = (page: Page, filter: SharedFilter): boolean => PAGE_FILTERS[page].includes(filter);

/**
 * The state of a URL, with the filters its page ignores (so its URL does not carry them) taken
 * from the state before: from Overview with compare off, via Channels, back to Overview keeps
 * compare off. Without a state before (a fresh load), they are the defaults.
 */
export function carryIgnoredFilters(next: DashboardState, before: DashboardState | null): DashboardState {
  if (!before) return next;
  const carried = { ...next };
  if (!pageUses(next.page, 'compare')) carried.compare = before.compare;
  // A grain belongs to its period: a new period (changed on a page without grains) starts from its default.
  if (!pageUses(next.page, 'grain') && samePeriod(next, before)) carried.grain = before.grain;
  return carried;
}

const samePeriod = (a: DashboardState, b: DashboardState) => a.period === b.period && a.from === b.from && a.to === b.to;

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;

export function pageFromPath(pathname: string): Page {
  const path = pathname.replace(/\/+$/, '') || '/';
  return (Object.keys(PAGE_PATHS) as Page[]).find((p) => PAGE_PATHS[p] === path) ?? 'overview';
}

/** Reads the state from a location; never throws, every bad value becomes its default. */
export function parseState(pathname: string, search: string): DashboardState {
  const q = new URLSearchParams(search);
  const s: DashboardState = { ...DEFAULT_STATE, page: pageFromPath(pathname) };

  s.period = oneOf(PERIODS, q.get('period'), DEFAULT_STATE.period);
  if (s.period === 'custom') {
    const from = parseDate(q.get('from'));
    const to = parseDate(q.get('to'));
    // A custom range must be in order and no longer than the API allows, else the default period.
    if (from && to && from <= to && daysBetween(from, to) + 1 <= MAX_PERIOD_DAYS) {
      s.from = from;
      s.to = to;
    } else s.period = DEFAULT_STATE.period;
  }

  const compare = q.get('compare');
  s.compare = compare === 'off' || compare === '0' || compare === 'false' ? false : DEFAULT_STATE.compare;
  s.tz = canonicalTimeZone(q.get('tz'));
  const grain = q.get('grain');
  // Whether the grain suits the period is decided later (resolvePeriod), when "today" is known.
  s.grain = grain !== null && (GRAINS as readonly string[]).includes(grain) ? (grain as Grain) : null;

  const channels = q.getAll('channel').flatMap((v) => v.split(',')).map((v) => v.trim());
  s.channels = [...new Set(channels.filter((c) => CHANNEL_PATTERN.test(c)))].sort();

  s.metric = oneOf(VOLUME_METRICS, q.get('metric'), DEFAULT_STATE.metric);
  s.volume = oneOf(VOLUME_METRICS, q.get('volume'), DEFAULT_STATE.volume);
  s.groupBy = oneOf(GROUP_BYS, q.get('groupBy'), DEFAULT_STATE.groupBy);
  s.responder = oneOf(RESPONDER_VALUES, q.get('responder'), DEFAULT_STATE.responder);
  const slaText = q.get('sla');
  const sla = slaText !== null && /^\d+$/.test(slaText) ? Number(slaText) : NaN;
  s.sla = Number.isFinite(sla) && sla <= MAX_SLA_SECONDS ? sla : DEFAULT_STATE.sla;
  s.show = oneOf(RESPONSE_SERIES, q.get('show'), DEFAULT_STATE.show);
  const cohort = q.get('cohort');
  s.cohort = cohort !== null && (COHORT_GRAINS as readonly string[]).includes(cohort) ? (cohort as CohortGrain) : null;
  s.sort = oneOf(CHANNEL_SORTS, q.get('sort'), DEFAULT_STATE.sort);
  s.dir = oneOf(['asc', 'desc'] as const, q.get('dir'), DEFAULT_STATE.dir);
  const windowText = q.get('window');
  const hours = windowText !== null && /^\d{1,3}$/.test(windowText) ? Number(windowText) : NaN;
  s.window = hours >= 1 && hours <= MAX_WINDOW_HOURS ? hours : DEFAULT_STATE.window;
  const campaign = q.get('campaign');
  // Any id the API could name; whether it exists in the period is checked against the answer.
  s.campaign = campaign && [...campaign].length <= CAMPAIGN_ID_MAX && !/[\u0000-\u001f\u007f-\u009f]/.test(campaign) ? campaign : null;
  s.campaignSort = oneOf(CAMPAIGN_SORTS, q.get('campaignSort'), DEFAULT_STATE.campaignSort);
  s.campaignDir = oneOf(['asc', 'desc'] as const, q.get('campaignDir'), DEFAULT_STATE.campaignDir);
  return s;
}

/** The URL (path and query) of a state; `page` overrides the state's page (for the nav links). */
export function serializeState(state: DashboardState, page: Page = state.page): string {
  const q = new URLSearchParams();
  if (state.period !== DEFAULT_STATE.period) q.set('period', state.period);
  if (state.period === 'custom' && state.from && state.to) {
    q.set('from', state.from);
    q.set('to', state.to);
  }
  if (state.compare !== DEFAULT_STATE.compare && pageUses(page, 'compare')) q.set('compare', state.compare ? 'on' : 'off');
  if (state.tz) q.set('tz', state.tz);
  if (state.grain && pageUses(page, 'grain')) q.set('grain', state.grain);
  for (const c of state.channels) q.append('channel', c);
  for (const key of PAGE_PARAMS[page]) {
    const v = state[key];
    if (v !== DEFAULT_STATE[key] && v !== null) q.set(key, String(v));
  }
  const query = q.toString();
  return PAGE_PATHS[page] + (query ? `?${query}` : '');
}

/** The state with a change applied; a new period resets the grain to that period's default. */
export function updateState(state: DashboardState, patch: Partial<DashboardState>): DashboardState {
  const next = { ...state, ...patch };
  if ('period' in patch || 'from' in patch || 'to' in patch) {
    if (!('grain' in patch)) next.grain = null;
    if (!('cohort' in patch)) next.cohort = null;
  }
  if (next.period !== 'custom') {
    next.from = null;
    next.to = null;
  }
  return next;
}

/** What the API is asked: the period as dates in `tz` (from inclusive, to exclusive), and the grain. */
export interface ResolvedPeriod {
  tz: string;
  /** First day, inclusive. */
  from: string;
  /** The day after the last: the API's exclusive `to`. */
  to: string;
  /** Last day, inclusive (for display). */
  last: string;
  days: number;
  grain: Grain;
  validGrains: Grain[];
  cohortGrain: CohortGrain;
  /** The period of the same length just before, for the comparison series. */
  previous: { from: string; to: string };
}

/** The preset's days in `tz`, for a given "now". */
export function presetRange(period: PeriodPreset, today: string, custom?: { from: string | null; to: string | null }): { from: string; to: string } {
  const tomorrow = addDays(today, 1);
  switch (period) {
    case 'today':
      return { from: today, to: tomorrow };
    case '7d':
      return { from: addDays(today, -6), to: tomorrow };
    case '30d':
      return { from: addDays(today, -29), to: tomorrow };
    case '90d':
      return { from: addDays(today, -89), to: tomorrow };
    case 'month':
      // Month to date: the previous period is then as long, so the comparison is fair.
      return { from: monthStart(today), to: tomorrow };
    case 'lastmonth':
      return { from: monthStart(today, -1), to: monthStart(today) };
    case 'custom':
      if (custom?.from && custom.to) return { from: custom.from, to: addDays(custom.to, 1) };
      return presetRange(DEFAULT_STATE.period, today);
  }
}

/**
 * Which grains make sense for a period: hour only while the API allows it (≤ 744 real hours in tz,
 * so 31 days across the autumn clock change is too long) and the period is short enough to read;
 * week and month only when there is more than one of them.
 */
export function validGrains(from: string, to: string, tz: string): Grain[] {
  const days = daysBetween(from, to);
  const hours = (zonedMidnightMs(to, tz) - zonedMidnightMs(from, tz)) / 3_600_000;
  const out: Grain[] = [];
  if (hours <= MAX_HOUR_BUCKETS) out.push('hour');
  if (days >= 2) out.push('day');
  if (days > 7) out.push('week');
  if (days > 31) out.push('month');
  return out;
}

export function defaultGrain(days: number): Grain {
  if (days <= 1) return 'hour';
  if (days <= 92) return 'day';
  if (days <= 366) return 'week';
  return 'month';
}

export function resolvePeriod(state: DashboardState, workspaceTz: string, nowMs: number): ResolvedPeriod {
  const tz = state.tz ?? canonicalTimeZone(workspaceTz) ?? 'UTC';
  const today = todayIn(tz, nowMs);
  const range = presetRange(state.period, today, state);
  const { to } = range;
  let { from } = range;
  // 731 days that end after an autumn clock change are 731 × 24 h + 1 h, over the API's limit.
  if (zonedMidnightMs(to, tz) - zonedMidnightMs(from, tz) > MAX_PERIOD_DAYS * 86_400_000) from = addDays(from, 1);
  const days = daysBetween(from, to);
  const grains = validGrains(from, to, tz);
  const grain = state.grain && grains.includes(state.grain) ? state.grain : defaultGrain(days);
  return {
    tz,
    from,
    to,
    last: addDays(to, -1),
    days,
    grain,
    validGrains: grains,
    cohortGrain: state.cohort ?? (days <= 92 ? 'week' : 'month'),
    previous: { from: addDays(from, -days), to: from },
  };
}
