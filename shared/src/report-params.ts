/**
 * What each metric report and CSV export takes (api.md "Query parameters"): its parameters, grains,
 * groupings, defaults and period limits. Plain values, no zod: the dashboard imports them
 * (`@parley/shared/report-params`) without bundling zod; `reports.ts` builds the query schemas from
 * them, so the API and the dashboard cannot drift apart.
 */
export const GRAINS = ['hour', 'day', 'week', 'month'] as const;
export type Grain = (typeof GRAINS)[number];
export const RESPONDERS = ['any', 'agent'] as const;
export type Responder = (typeof RESPONDERS)[number];
export const FORMATS = ['json', 'csv'] as const;
export type GroupBy = 'channel' | 'agent' | 'team' | 'tag';
/** How durations are measured (metrics.md "Business hours"): wall time, or only the schedule's open hours. */
export const HOURS = ['calendar', 'business'] as const;
export type Hours = (typeof HOURS)[number];
/** The filter value that selects conversations without a team / without tags. */
export const NONE_VALUE = 'none';
/** Longest team name and tag (events.md). */
export const MAX_TEAM_LENGTH = 128;
export const MAX_TAG_LENGTH = 64;

export const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const DEFAULT_SLA_SECONDS = 300;
export const MAX_SLA_SECONDS = 366 * 86_400;
/** Campaign attribution window in whole hours (metrics.md "Campaigns"): 1–720, default 120. */
export const DEFAULT_WINDOW_HOURS = 120;
export const MAX_WINDOW_HOURS = 720;

// Periods are measured in exact hours (3,600 s), so a day across a clock change is 23 or 25 of them.
/** Without from: to − 30 × 24 h. */
export const DEFAULT_PERIOD_HOURS = 30 * 24;
/** Any period: 10 years. */
export const MAX_PERIOD_HOURS = 3_660 * 24;
/** A series by day: 731 points at most. */
export const MAX_DAY_SERIES_HOURS = 731 * 24;
/** grain=hour: 31 days of hours. */
export const MAX_HOUR_BUCKETS = 744;

export type Param =
  | 'from'
  | 'to'
  | 'tz'
  | 'grain'
  | 'channel'
  | 'team'
  | 'tag'
  | 'groupBy'
  | 'responder'
  | 'hours'
  | 'sla'
  | 'window'
  | 'format'
  | 'compareFrom'
  | 'compareTo'
  | 'by'
  | 'status'
  | 'agent'
  | 'sort'
  | 'order'
  | 'limit'
  | 'cursor';

export interface QueryParams {
  /** The parameters taken, in the order they are documented; any other is a 400. */
  params: readonly Param[];
  grains: readonly Grain[];
  defaultGrain: Grain;
  /** groupBy values (when groupBy is a parameter). */
  groupBy: readonly GroupBy[];
  /** Longest period per grain beyond MAX_PERIOD_HOURS, in hours. */
  maxHours: Partial<Record<Grain, number>>;
}

const BASE = ['from', 'to', 'tz', 'grain', 'channel', 'format'] as const;
/** BASE with the team and tag filters (metrics.md "Teams and tags": all but loyalty and cohorts). */
const FILTERED = ['from', 'to', 'tz', 'grain', 'channel', 'team', 'tag', 'format'] as const;
const HOUR_LIMIT = { hour: MAX_HOUR_BUCKETS };
/** api.md: the day-grain series (response-times, engagement, loyalty) are limited to 731 days. */
const SERIES_LIMITS = { hour: MAX_HOUR_BUCKETS, day: MAX_DAY_SERIES_HOURS };

export const REPORT_PARAMS = {
  // compareFrom/compareTo (a Parley extension): the period the `before` figures are of, when not the default.
  overview: { params: [...FILTERED, 'responder', 'hours', 'compareFrom', 'compareTo'], grains: GRAINS, defaultGrain: 'day', groupBy: [], maxHours: HOUR_LIMIT },
  'response-times': {
    params: [...FILTERED, 'groupBy', 'responder', 'hours', 'sla'],
    grains: GRAINS,
    defaultGrain: 'day',
    groupBy: ['channel', 'agent', 'team', 'tag'],
    maxHours: SERIES_LIMITS,
  },
  engagement: { params: [...FILTERED, 'groupBy'], grains: GRAINS, defaultGrain: 'day', groupBy: ['channel', 'team', 'tag'], maxHours: SERIES_LIMITS },
  heatmap: { params: FILTERED, grains: GRAINS, defaultGrain: 'day', groupBy: [], maxHours: HOUR_LIMIT },
  // Loyalty and cohorts answer 400 to team and tag (metrics.md): contacts are not conversations.
  loyalty: { params: [...BASE, 'groupBy'], grains: GRAINS, defaultGrain: 'day', groupBy: ['channel'], maxHours: SERIES_LIMITS },
  cohorts: { params: BASE, grains: ['week', 'month'], defaultGrain: 'week', groupBy: [], maxHours: {} },
  channels: { params: [...FILTERED, 'responder', 'hours'], grains: GRAINS, defaultGrain: 'day', groupBy: [], maxHours: HOUR_LIMIT },
  // grain shapes its `series` (sends over time), so it has the series limits.
  campaigns: { params: [...FILTERED, 'window'], grains: GRAINS, defaultGrain: 'day', groupBy: [], maxHours: SERIES_LIMITS },
} as const satisfies Record<string, QueryParams>;

/** The CSV exports take the metric period and filters; grain and format are accepted (and checked) as ever. */
export const EXPORT_PARAMS = {
  // The drill-down list's selection too (api.md "Drill-down": the exports give the same selection as CSV).
  'conversations.csv': {
    params: [...FILTERED, 'responder', 'hours', 'sla', 'by', 'status', 'agent'],
    grains: GRAINS,
    defaultGrain: 'day',
    groupBy: [],
    maxHours: HOUR_LIMIT,
  },
  'events.csv': { params: FILTERED, grains: GRAINS, defaultGrain: 'day', groupBy: [], maxHours: HOUR_LIMIT },
} as const satisfies Record<string, QueryParams>;

/** GET /conversations (api.md "Drill-down"): which instant lies in the period. */
export const CONVERSATION_BY = ['startedAt', 'firstCustomerAt', 'resolvedAt', 'firstAssignedAt'] as const;
export type ConversationBy = (typeof CONVERSATION_BY)[number];
export const CONVERSATION_STATUSES = ['answered', 'unanswered', 'resolved', 'open', 'waiting', 'breached', 'converted', 'automated'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const CONVERSATION_SORTS = ['startedAt', 'firstResponseTime', 'resolutionTime', 'waitingSince', 'rating'] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];
export const SORT_ORDERS = ['desc', 'asc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;
/** Longest agent id (events.md: sender.id and agentId are 1–128 characters). */
export const MAX_AGENT_LENGTH = 128;

/** The drill-down list takes the metric filters (no grain: it has no buckets) and its own parameters. */
export const LIST_PARAMS = {
  conversations: {
    params: ['from', 'to', 'tz', 'channel', 'team', 'tag', 'responder', 'hours', 'sla', 'by', 'status', 'agent', 'sort', 'order', 'limit', 'cursor'],
    grains: GRAINS,
    defaultGrain: 'day',
    groupBy: [],
    maxHours: {},
  },
  // GET /live (api.md "Live"): now, so no period; the filters and responder.
  live: { params: ['tz', 'channel', 'team', 'tag', 'responder'], grains: GRAINS, defaultGrain: 'day', groupBy: [], maxHours: {} },
} as const satisfies Record<string, QueryParams>;

/** GET /live: how many of the longest waits are listed, and how far back "open" looks. */
export const LIVE_LONGEST_WAITS = 20;
export const LIVE_OPEN_DAYS = 7;

export type ReportName = keyof typeof REPORT_PARAMS;
export type ExportName = keyof typeof EXPORT_PARAMS;
export const REPORT_NAMES = Object.keys(REPORT_PARAMS) as ReportName[];

type Rules<K extends ReportName> = (typeof REPORT_PARAMS)[K];
type Takes<K extends ReportName, P extends Param, T> = P extends Rules<K>['params'][number] ? T : unknown;

/** The period and filter every report and export reads (dates as the dashboard sends them). */
export interface ReportFilter {
  from: string;
  to: string;
  tz: string;
  channel: string[];
}

/** What the dashboard sends for report K: the period and filter, and the parameters K takes. */
export type ReportRequest<K extends ReportName> = ReportFilter &
  Takes<K, 'grain', { grain?: Rules<K>['grains'][number] }> &
  Takes<K, 'groupBy', { groupBy?: Rules<K>['groupBy'][number] }> &
  Takes<K, 'responder', { responder?: Responder }> &
  Takes<K, 'team', { team?: string[]; tag?: string[] }> &
  Takes<K, 'hours', { hours?: Hours }> &
  Takes<K, 'sla', { sla?: number }> &
  Takes<K, 'window', { window?: number }> &
  Takes<K, 'compareFrom', { compareFrom?: string; compareTo?: string }>;
