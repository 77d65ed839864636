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
  CONVERSATION_BY,
  CONVERSATION_SORTS,
  CONVERSATION_STATUSES,
  type ConversationBy,
  type ConversationSort,
  type ConversationStatus,
  DEFAULT_SLA_SECONDS,
  LIST_PARAMS,
  MAX_AGENT_LENGTH,
  DEFAULT_WINDOW_HOURS,
  EXPORT_PARAMS,
  GRAINS,
  HOURS,
  type Hours,
  MAX_DAY_SERIES_HOURS,
  MAX_HOUR_BUCKETS,
  MAX_SLA_SECONDS,
  MAX_TAG_LENGTH,
  MAX_TEAM_LENGTH,
  MAX_WINDOW_HOURS,
  NONE_VALUE,
  type Param,
  REPORT_PARAMS,
  RESPONDERS,
  type ReportName,
} from '@parley/shared/report-params';
import { addDays, canonicalTimeZone, daysBetween, formatZonedMinute, monthStart, parseDate, todayIn, zonedDateMinutes, zonedMidnightMs, zonedTimeMs } from './dates';

// The parameters' values and limits come from the report registry (@parley/shared/report-params:
// plain values, so the bundle does without zod).
/**
 * The longest period the dashboard offers: every page can show it by day, and a series by day
 * (response-times, engagement, loyalty) is limited to 731 days.
 */
export const MAX_PERIOD_DAYS = MAX_DAY_SERIES_HOURS / 24;

export const PAGES = [
  'overview',
  'response-times',
  'agents',
  'teams',
  'tags',
  'engagement',
  'campaigns',
  'loyalty',
  'channels',
  'conversations',
  'live',
  'exports',
  'settings',
  'conversation',
] as const;
export type Page = (typeof PAGES)[number];
/** Pages reached from others, not from the tabs: one conversation (its id in the path). */
export const LINKED_PAGES: readonly Page[] = ['conversation'];
export const PAGE_PATHS: Record<Page, string> = {
  overview: '/',
  'response-times': '/response-times',
  agents: '/agents',
  teams: '/teams',
  tags: '/tags',
  engagement: '/engagement',
  campaigns: '/campaigns',
  loyalty: '/loyalty',
  channels: '/channels',
  conversations: '/conversations',
  live: '/live',
  exports: '/exports',
  settings: '/settings',
  // + '/' + the percent-encoded id (conversationPath).
  conversation: '/conversations',
};
/** Pages that are about the workspace, not its figures: no filter bar, and open to admins only. */
export const ADMIN_PAGES: readonly Page[] = ['settings'];

export const PERIODS = ['today', '7d', '30d', '90d', 'month', 'lastmonth', 'custom'] as const;
export type PeriodPreset = (typeof PERIODS)[number];

export const VOLUME_METRICS = ['conversations', 'messagesIn', 'messagesOut', 'activeContacts'] as const;
export type VolumeMetric = (typeof VOLUME_METRICS)[number];
export const RESPONSE_SERIES = ['firstResponseMedian', 'firstResponseP90', 'replyMedian', 'replyP90', 'resolutionMedian', 'withinSla', 'responseRate', 'assignmentResponseMedian'] as const;
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
/** Columns of a split's ranked table (GroupTable): the group's name or one of its figures. */
export const GROUP_SORTS = [
  'group',
  'conversations',
  'responseRate',
  'firstResponseMedian',
  'firstResponseP90',
  'withinSla',
  'replyMedian',
  'replyP90',
  'resolutions',
  'resolutionMedian',
  'messagesIn',
  'messagesOut',
  'activeContacts',
  'messagesPerConversation',
  'automationRate',
  'conversionRate',
  'csatAverage',
  'assignmentResponseMedian',
] as const;
export type GroupSort = (typeof GROUP_SORTS)[number];
/** At most this many groups are charted at once: more lines are a tangle again. */
export const MAX_PICKED_GROUPS = 5;
/** The URL's name of the API's null group (unanswered): the URL has no null. */
export const NO_GROUP = '(none)';

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
  /** Team and tag filters: names (sorted, distinct), NONE_VALUE for "without"; [] = all. */
  teams: string[];
  tags: string[];
  /** How durations are measured: wall time, or the workspace schedule's open hours. */
  hours: Hours;
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
  /** A split's ranked table (Response times by channel or agent, Engagement by channel). */
  groupSort: GroupSort;
  groupDir: 'asc' | 'desc';
  /** The groups charted (NO_GROUP for the null group); null: the default, the top 3 by the sort. */
  groups: string[] | null;
  /** Conversations (api.md "Drill-down"): the instant in the period, a status, the first responder, the order. */
  by: ConversationBy;
  status: ConversationStatus | null;
  agent: string | null;
  sortBy: ConversationSort;
  order: 'asc' | 'desc';
  /** The conversation page: its id (from the path). */
  conversation: string | null;
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
  teams: [],
  tags: [],
  hours: 'calendar',
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
  groupSort: 'conversations',
  groupDir: 'desc',
  groups: null,
  by: 'startedAt',
  status: null,
  agent: null,
  sortBy: 'startedAt',
  order: 'desc',
  conversation: null,
};

/** The query parameters each page reads besides the shared filters. */
const PAGE_PARAMS: Record<Page, (keyof DashboardState)[]> = {
  overview: ['metric'],
  'response-times': ['groupBy', 'responder', 'sla', 'show', 'groupSort', 'groupDir', 'groups'],
  // The ranked tables of response times by agent, team, tag: the SLA and responder carry over from Response times.
  agents: ['responder', 'sla', 'show', 'groupSort', 'groupDir', 'groups'],
  teams: ['responder', 'sla', 'show', 'groupSort', 'groupDir', 'groups'],
  tags: ['responder', 'sla', 'show', 'groupSort', 'groupDir', 'groups'],
  engagement: ['volume', 'groupSort', 'groupDir', 'groups'],
  campaigns: ['window', 'campaign', 'campaignSort', 'campaignDir'],
  loyalty: ['cohort'],
  channels: ['sort', 'dir'],
  conversations: ['responder', 'sla', 'by', 'status', 'agent', 'sortBy', 'order'],
  live: ['responder'],
  exports: [],
  settings: [],
  // The list it was opened from, so "All conversations" goes back to it (the page itself ignores them).
  conversation: ['responder', 'sla', 'by', 'status', 'agent', 'sortBy', 'order'],
};

/** The filters of the filter bar a page can be given; period, zone and channels apply to every page with the bar. */
export type SharedFilter = 'grain' | 'compare' | 'team' | 'tag' | 'hours';

/**
 * The reports (and exports) each page asks for. Whether a page offers team, tag and hours follows
 * from them: a page uses a filter when any of its reports takes it (each request then keeps only
 * what its report takes, see api/hooks.ts reportParams).
 */
export const PAGE_REPORTS: Record<Page, readonly (ReportName | 'exports' | 'conversations' | 'live')[]> = {
  overview: ['overview', 'engagement'],
  'response-times': ['response-times'],
  // Response times grouped by agent, team or tag.
  agents: ['response-times'],
  teams: ['response-times'],
  tags: ['response-times'],
  engagement: ['engagement', 'heatmap'],
  campaigns: ['campaigns'],
  loyalty: ['loyalty', 'cohorts'],
  channels: ['channels'],
  conversations: ['conversations'],
  live: ['live'],
  // Its filters are the list's it was opened from (see PAGE_PARAMS).
  conversation: ['conversations'],
  exports: ['exports', 'overview', 'response-times', 'engagement', 'heatmap', 'loyalty', 'cohorts', 'channels'],
  settings: [],
};

/** Whether a report takes a parameter ('exports': the raw CSV exports, which take the metric filters). */
const takes = (report: ReportName | 'exports' | 'conversations' | 'live', param: Param): boolean =>
  (report === 'exports' ? Object.values(EXPORT_PARAMS) : report === 'conversations' || report === 'live' ? [LIST_PARAMS[report]] : [REPORT_PARAMS[report]]).some((r) =>
    (r.params as readonly Param[]).includes(param),
  );

/** The filters a page's reports take: team, tag and hours, as the report registry says. */
const reportFilters = (page: Page): SharedFilter[] => (['team', 'tag', 'hours'] as const).filter((f) => PAGE_REPORTS[page].some((r) => takes(r, f)));

/**
 * Grain and comparison: where they change what a page shows. Channels are totals over the whole
 * period (no grain, no comparison); the exports' report CSVs follow the grain, but the overview
 * CSV always holds both periods; campaigns have no previous period.
 */
const VIEW_FILTERS: Record<Page, readonly SharedFilter[]> = {
  overview: ['grain', 'compare'],
  'response-times': ['grain', 'compare'],
  // Totals of the whole period per group and a sparkline by the grain; no previous period.
  agents: ['grain'],
  teams: ['grain'],
  tags: ['grain'],
  engagement: ['grain', 'compare'],
  campaigns: ['grain'],
  loyalty: ['grain', 'compare'],
  channels: [],
  conversations: [],
  live: [],
  exports: ['grain'],
  settings: [],
  conversation: [],
};
/**
 * Which optional shared filters change what a page shows: grain and comparison as above, team,
 * tag and hours where the page's reports take them. The filter bar offers only these, and the
 * page's URL carries only these: a control that does nothing is not shown.
 */
export const PAGE_FILTERS: Record<Page, readonly SharedFilter[]> = { ...VIEW_FILTERS };
for (const page of PAGES) PAGE_FILTERS[page] = [...VIEW_FILTERS[page], ...reportFilters(page)];

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
  if (!pageUses(next.page, 'team')) carried.teams = before.teams;
  if (!pageUses(next.page, 'tag')) carried.tags = before.tags;
  if (!pageUses(next.page, 'hours')) carried.hours = before.hours;
  // A grain belongs to its period: a new period (changed on a page without grains) starts from its default.
  if (!pageUses(next.page, 'grain') && samePeriod(next, before)) carried.grain = before.grain;
  return carried;
}

const samePeriod = (a: DashboardState, b: DashboardState) => a.period === b.period && a.from === b.from && a.to === b.to;

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;

export function pageFromPath(pathname: string): Page {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (conversationFromPath(path) !== null) return 'conversation';
  return (Object.keys(PAGE_PATHS) as Page[]).find((p) => PAGE_PATHS[p] === path && !LINKED_PAGES.includes(p)) ?? 'overview';
}

/** The id of /conversations/{id} (percent-decoded; ids may hold / # %), or null for another path. */
export function conversationFromPath(pathname: string): string | null {
  const m = /^\/conversations\/(.+)$/.exec(pathname);
  if (!m) return null;
  try {
    const id = decodeURIComponent(m[1]);
    return id.length > 0 && [...id].length <= 128 && !/[\u0000-\u001f\u007f-\u009f]/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The path of a conversation's page. */
export const conversationPath = (id: string) => `${PAGE_PATHS.conversation}/${encodeURIComponent(id)}`;

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

  s.teams = readNames(q.getAll('team'), MAX_TEAM_LENGTH).names;
  s.tags = readNames(q.getAll('tag'), MAX_TAG_LENGTH).names;
  s.hours = oneOf(HOURS, q.get('hours'), DEFAULT_STATE.hours);

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
  s.groupSort = oneOf(GROUP_SORTS, q.get('groupSort'), DEFAULT_STATE.groupSort);
  s.groupDir = oneOf(['asc', 'desc'] as const, q.get('groupDir'), DEFAULT_STATE.groupDir);
  s.groups = parseGroups(q.get('groups'));
  s.by = oneOf(CONVERSATION_BY, q.get('by'), DEFAULT_STATE.by);
  s.status = (CONVERSATION_STATUSES as readonly string[]).includes(q.get('status') ?? '') ? (q.get('status') as ConversationStatus) : null;
  const agent = q.get('agent');
  s.agent = agent && [...agent].length <= MAX_AGENT_LENGTH && !/[\u0000-\u001f\u007f-\u009f]/.test(agent) ? agent : null;
  s.sortBy = oneOf(CONVERSATION_SORTS, q.get('sortBy'), DEFAULT_STATE.sortBy);
  s.order = oneOf(['asc', 'desc'] as const, q.get('order'), DEFAULT_STATE.order);
  s.conversation = conversationFromPath(pathname.replace(/\/+$/, ''));
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
  if (pageUses(page, 'team')) for (const t of state.teams) q.append('team', t);
  if (pageUses(page, 'tag')) for (const t of state.tags) q.append('tag', t);
  if (state.hours !== DEFAULT_STATE.hours && pageUses(page, 'hours')) q.set('hours', state.hours);
  for (const key of PAGE_PARAMS[page]) {
    const v = state[key];
    if (key === 'groups') {
      // Agents picked on Response times are not channels on Engagement: picks stay on their page.
      if (state.groups && page === state.page) q.set(key, serializeGroups(state.groups));
      continue;
    }
    if (v !== DEFAULT_STATE[key] && v !== null) q.set(key, String(v));
  }
  const query = q.toString();
  const path = page === 'conversation' ? conversationPath(state.conversation ?? '') : PAGE_PATHS[page];
  return path + (query ? `?${query}` : '');
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
  // Agents picked for the chart mean nothing once split by channel.
  if ('groupBy' in patch && patch.groupBy !== state.groupBy && !('groups' in patch)) next.groups = null;
  return next;
}

/**
 * `groups=anna,bob`: a group's own commas (agent ids may have them) and percent signs are
 * escaped, so the list splits back exactly. Empty, control-character or over-long names and
 * names past MAX_PICKED_GROUPS are dropped; nothing left means the default (null).
 */
export function parseGroups(text: string | null): string[] | null {
  if (!text) return null;
  const names = text.split(',').flatMap((part) => {
    try {
      const name = decodeURIComponent(part);
      return name && [...name].length <= CAMPAIGN_ID_MAX && !/[\u0000-\u001f\u007f-\u009f]/.test(name) ? [name] : [];
    } catch {
      return [];
    }
  });
  const unique = [...new Set(names)].slice(0, MAX_PICKED_GROUPS);
  return unique.length > 0 ? unique : null;
}

/**
 * team=… and tag=… values: repeated, never comma-split (names may hold commas). A name the API
 * would refuse (empty, or longer than it allows) is dropped; the rest kept once, sorted as the
 * API sorts them. NONE_VALUE ("without") is a value like any other.
 */
export function readNames(values: string[], max: number): { names: string[]; bad: string[] } {
  // Characters as the API and events.md count them: code points.
  const length = (v: string) => [...v].length;
  const bad = values.filter((v) => length(v) > max);
  const names = [...new Set(values.filter((v) => v.length >= 1 && length(v) <= max))].sort();
  return { names, bad };
}

export function serializeGroups(groups: string[]): string {
  return groups.map((g) => g.replace(/%/g, '%25').replace(/,/g, '%2C')).join(',');
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
  /**
   * The period compared with, as the API is asked for it (from, to: dates or date-times with
   * offset): the same calendar span shifted back (today → yesterday, this month → last month),
   * cut to the same elapsed time while the period is running. `first`/`last` are its days (for
   * display); `until` the wall time it is cut at (null: whole days).
   */
  previous: { from: string; to: string; first: string; last: string; until: string | null };
  /** What every report is asked: [from, to), `to` = now rounded up to the next minute while the period is running. */
  request: { from: string; to: string };
  /** The instants of the request (ms). */
  startMs: number;
  endMs: number;
  /** The period contains now: it ends at now (rounded up), not at the end of its last day. */
  running: boolean;
  /** The wall time the running period is cut at, "14:24" (null when not running). */
  until: string | null;
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
  const cut = runningEnd(from, to, tz, nowMs);
  return {
    tz,
    from,
    to,
    last: addDays(to, -1),
    days,
    grain,
    validGrains: grains,
    cohortGrain: state.cohort ?? (days <= 92 ? 'week' : 'month'),
    previous: previousPeriod(state.period, from, to, tz, cut),
    request: { from, to: cut ? formatZonedMinute(cut.ms, tz) : to },
    startMs: zonedMidnightMs(from, tz),
    endMs: cut ? cut.ms : zonedMidnightMs(to, tz),
    running: cut !== null,
    until: cut ? clock(cut.minutes) : null,
  };
}

/** A value of the URL that could not be shown as asked: which parameter, what it said, what is shown instead. */
export interface UrlIssue {
  /** The query parameter (`period`, `tz`, …), or `page` for the path. */
  param: string;
  /** The value as it was in the URL. */
  value: string;
  /** One sentence: what was wrong and what is shown instead. */
  message: string;
}

/** What the dashboard knows besides the URL; with it, a grain that does not suit the period is reported too. */
export interface ParseContext {
  workspaceTz: string;
  nowMs: number;
  /** Whether the workspace has a business-hours schedule; false: hours=business is reported and dropped. */
  businessHours?: boolean;
}

const PERIOD_NAMES: Record<PeriodPreset, string> = {
  today: 'today',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
  '90d': 'the last 90 days',
  month: 'this month',
  lastmonth: 'last month',
  custom: 'the custom range',
};
const GRAIN_NAMES: Record<Grain, string> = { hour: 'hourly', day: 'daily', week: 'weekly', month: 'monthly' };
/** Why a grain is not offered for a period (the rules of validGrains). */
const GRAIN_LIMITS: Record<Grain, string> = {
  hour: 'hourly goes up to 31 days',
  day: 'daily needs at least 2 days',
  week: 'weekly needs more than 7 days',
  month: 'monthly needs more than 31 days',
};

/** The custom range's problem, in words, or null when parseState would take it. */
function customRangeProblem(fromText: string | null, toText: string | null): { param: string; value: string; problem: string } | null {
  if (!fromText || !toText) {
    const missing = [!fromText && 'from', !toText && 'to'].filter(Boolean).join(' and ');
    return { param: 'period', value: 'custom', problem: `a custom period needs from and to dates (YYYY-MM-DD), ${missing} missing` };
  }
  const from = parseDate(fromText);
  const to = parseDate(toText);
  if (!from) return { param: 'from', value: fromText, problem: `'${fromText}' is not a date (YYYY-MM-DD)` };
  if (!to) return { param: 'to', value: toText, problem: `'${toText}' is not a date (YYYY-MM-DD)` };
  const check = checkCustomRange(from, to);
  if (check?.kind === 'reversed') return { param: 'period', value: `${from} – ${to}`, problem: `${from} – ${to} ends before it starts` };
  if (check?.kind === 'too-long') return { param: 'period', value: `${from} – ${to}`, problem: `${from} – ${to} is longer than ${MAX_PERIOD_DAYS} days` };
  return null;
}

/** Whether a custom range of two valid dates (first and last day, inclusive) can be shown; null when it can. */
export function checkCustomRange(from: string, to: string): { kind: 'reversed' } | { kind: 'too-long'; days: number } | null {
  if (from > to) return { kind: 'reversed' };
  const days = daysBetween(from, to) + 1;
  return days > MAX_PERIOD_DAYS ? { kind: 'too-long', days } : null;
}

/**
 * parseState, and a list of what it could not take from the URL (each bad value, with what is
 * shown instead), so the dashboard can say so and put the canonical URL in the address bar.
 * Only the parameters the page reads are checked: another page's options are not this page's
 * business (and the canonical URL leaves them out). Empty values count as absent.
 * With `context`, a grain that exists but does not suit the period is reported and dropped too.
 */
export function parseStateWithIssues(pathname: string, search: string, context?: ParseContext): { state: DashboardState; issues: UrlIssue[] } {
  const state = parseState(pathname, search);
  const q = new URLSearchParams(search);
  const issues: UrlIssue[] = [];
  const add = (param: string, value: string, message: string) => issues.push({ param, value, message: `${param}: ${message}` });
  const given = (key: string) => {
    const v = q.get(key);
    return v === null || v === '' ? null : v;
  };

  const path = pathname.replace(/\/+$/, '') || '/';
  if (state.page !== 'conversation' && PAGE_PATHS[state.page] !== path) add('page', path, `${path} does not exist; showing the overview`);
  // Settings has no filters: nothing else of the URL is read there.
  if (ADMIN_PAGES.includes(state.page)) return { state, issues };

  const periodText = given('period');
  const shownPeriod = PERIOD_NAMES[state.period];
  if (periodText !== null && !(PERIODS as readonly string[]).includes(periodText)) add('period', periodText, `'${periodText}' is not a period; showing ${shownPeriod}`);
  else if (periodText === 'custom') {
    const problem = customRangeProblem(given('from'), given('to'));
    if (problem) add(problem.param, problem.value, `${problem.problem}; showing ${shownPeriod}`);
  } else if (given('from') !== null || given('to') !== null) {
    // serializeState writes dates only with period=custom; a hand-made link may not.
    const which = ['from', 'to'].filter((k) => given(k) !== null);
    add(which.join(', '), which.map((k) => given(k)).join(' – '), `dates are read only with period=custom; showing ${shownPeriod}`);
  }

  const compare = given('compare');
  if (compare !== null && !['on', 'off', '0', '1', 'true', 'false'].includes(compare)) add('compare', compare, `'${compare}' is not on or off; showing the comparison`);

  const tzText = given('tz');
  const workspaceTz = context ? (canonicalTimeZone(context.workspaceTz) ?? 'UTC') : null;
  if (tzText !== null && state.tz === null)
    add('tz', tzText, `'${tzText}' is not a time zone; showing ${workspaceTz ? `${workspaceTz} (the workspace's)` : "the workspace's zone"}`);

  const grainText = given('grain');
  const resolved = context ? resolvePeriod({ ...state, grain: null }, context.workspaceTz, context.nowMs) : null;
  const defaultGrainName = resolved ? GRAIN_NAMES[resolved.grain] : "the period's default grain";
  if (grainText !== null && state.grain === null) add('grain', grainText, `'${grainText}' is not a grain; showing ${defaultGrainName}`);
  else if (resolved && state.grain !== null && !resolved.validGrains.includes(state.grain)) {
    add('grain', state.grain, `${GRAIN_NAMES[state.grain]} does not suit ${resolved.days} days (${GRAIN_LIMITS[state.grain]}); showing ${defaultGrainName}`);
    state.grain = null;
  }

  const badChannels = q
    .getAll('channel')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((c) => c !== '' && !CHANNEL_PATTERN.test(c));
  if (badChannels.length > 0)
    add(
      'channel',
      badChannels.join(', '),
      `${badChannels.map((c) => `'${c}'`).join(', ')} ${badChannels.length === 1 ? 'is not a channel name' : 'are not channel names'} (a–z, 0–9, _ and -); showing ${state.channels.length ? state.channels.join(', ') : 'all channels'}`,
    );

  // Team and tag names are the workspace's own: only a length the API refuses is reported here.
  for (const [param, max, kept, what] of [
    ['team', MAX_TEAM_LENGTH, state.teams, 'team'],
    ['tag', MAX_TAG_LENGTH, state.tags, 'tag'],
  ] as const) {
    if (!pageUses(state.page, param)) continue;
    const { bad } = readNames(q.getAll(param), max);
    if (bad.length === 0) continue;
    const shown = kept.length ? kept.map((n) => (n === NONE_VALUE ? `without ${what === 'team' ? 'a team' : 'tags'}` : n)).join(', ') : `all ${what}s`;
    const cut = bad.map((v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v));
    add(param, cut.join(', '), `${bad.length === 1 ? 'a name' : `${bad.length} names`} longer than ${max} characters cannot be a ${what}; showing ${shown}`);
  }
  if (pageUses(state.page, 'hours')) {
    const hoursText = given('hours');
    if (hoursText !== null && hoursText !== state.hours) add('hours', hoursText, `'${hoursText}' is not ${HOURS.join(' or ')}; showing calendar hours`);
    else if (state.hours === 'business' && context?.businessHours === false) {
      add('hours', 'business', "business hours need the workspace's schedule, and none is set (an admin sets it in Settings); showing calendar hours");
      state.hours = 'calendar';
    }
  }

  // The page's own options: a value parseState did not take is the one that differs from what it kept.
  const describe: Partial<Record<keyof DashboardState, { expected: string; shown: (s: DashboardState) => string }>> = {
    metric: { expected: `one of ${VOLUME_METRICS.join(', ')}`, shown: (s) => s.metric },
    volume: { expected: `one of ${VOLUME_METRICS.join(', ')}`, shown: (s) => s.volume },
    groupBy: { expected: `one of ${GROUP_BYS.join(', ')}`, shown: (s) => s.groupBy },
    responder: { expected: `one of ${RESPONDER_VALUES.join(', ')}`, shown: (s) => s.responder },
    sla: { expected: `a whole number of seconds up to ${MAX_SLA_SECONDS}`, shown: (s) => `${s.sla} s` },
    show: { expected: `one of ${RESPONSE_SERIES.join(', ')}`, shown: (s) => s.show },
    cohort: { expected: `one of ${COHORT_GRAINS.join(', ')}`, shown: () => "the period's default" },
    sort: { expected: 'a column of the table', shown: (s) => s.sort },
    dir: { expected: 'asc or desc', shown: (s) => s.dir },
    window: { expected: `a whole number of hours from 1 to ${MAX_WINDOW_HOURS}`, shown: (s) => `${s.window} hours` },
    campaign: { expected: 'a campaign id (1–128 printable characters)', shown: () => 'all campaigns' },
    campaignSort: { expected: 'a column of the table', shown: (s) => s.campaignSort },
    campaignDir: { expected: 'asc or desc', shown: (s) => s.campaignDir },
    by: { expected: `one of ${CONVERSATION_BY.join(', ')}`, shown: (s) => s.by },
    status: { expected: `one of ${CONVERSATION_STATUSES.join(', ')}`, shown: () => 'every status' },
    agent: { expected: `an agent id (1–${MAX_AGENT_LENGTH} printable characters)`, shown: () => 'every agent' },
    sortBy: { expected: `one of ${CONVERSATION_SORTS.join(', ')}`, shown: (s) => s.sortBy },
    order: { expected: 'asc or desc', shown: (s) => s.order },
  };
  for (const key of PAGE_PARAMS[state.page]) {
    const text = given(key);
    const info = describe[key];
    if (text === null || !info) continue;
    const kept = state[key];
    // sla=0300 is read as 300: a number is compared as a number.
    if (typeof kept === 'number' ? /^\d+$/.test(text) && Number(text) === kept : String(kept) === text) continue;
    add(key, text, `'${text}' is not ${info.expected}; showing ${info.shown(state)}`);
  }
  return { state, issues };
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Where a period containing now is cut: the next whole minute after now (stable query keys and
 * figures within a minute, and never an empty period at midnight), with its wall time in tz.
 * Null when the period ends by then (or starts after it): it is asked for whole.
 */
export function runningEnd(from: string, to: string, tz: string, nowMs: number): { ms: number; date: string; minutes: number } | null {
  const ms = Math.floor(nowMs / 60_000) * 60_000 + 60_000;
  if (ms >= zonedMidnightMs(to, tz) || ms <= zonedMidnightMs(from, tz)) return null;
  return { ms, ...zonedDateMinutes(ms, tz) };
}

/**
 * The period a period is compared with: the same calendar span just before (last month for a
 * calendar month, else as many days), cut at the same wall time on the same day of the span
 * while the period is running ("today until 14:24" → "yesterday until 14:24"). Never reaches
 * into the period itself (March 1–31 against all of February).
 */
export function previousPeriod(
  preset: PeriodPreset,
  from: string,
  to: string,
  tz: string,
  cut: { date: string; minutes: number } | null,
): ResolvedPeriod['previous'] {
  const monthly = (preset === 'month' || preset === 'lastmonth') && from.endsWith('-01');
  const start = monthly ? monthStart(from, -1) : addDays(from, -daysBetween(from, to));
  if (!cut) {
    const end = monthly && preset === 'lastmonth' ? from : addDays(start, daysBetween(from, to));
    const until = end > from ? from : end;
    return { from: start, to: until, first: start, last: addDays(until, -1), until: null };
  }
  const day = addDays(start, daysBetween(from, cut.date));
  if (day >= from) return { from: start, to: from, first: start, last: addDays(from, -1), until: null };
  return { from: start, to: formatZonedMinute(zonedTimeMs(day, cut.minutes, tz), tz), first: start, last: day, until: clock(cut.minutes) };
}
