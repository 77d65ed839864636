/**
 * The report registry: every metric report (GET /metrics/{name}) with its query schema, its answer
 * schema, the rows of its CSV and its description. The API routes, validates, answers and
 * documents (OpenAPI) every report from here; the dashboard reads the parameters and the answer
 * types. Adding a report: an entry here, its query in MetricsService, its page.
 */
import { z } from 'zod';
import {
  ChannelMetricsSchema,
  CampaignMetricsSchema,
  CampaignsResponseSchema,
  ChannelsResponseSchema,
  CohortsResponseSchema,
  EngagementResponseSchema,
  HeatmapResponseSchema,
  LoyaltyResponseSchema,
  OverviewResponseSchema,
  ResponseTimesResponseSchema,
} from './metrics.js';
import {
  CHANNEL_PATTERN,
  CONVERSATION_BY,
  CONVERSATION_SORTS,
  CONVERSATION_STATUSES,
  type ConversationBy,
  type ConversationSort,
  type ConversationStatus,
  DEFAULT_LIST_LIMIT,
  LIST_PARAMS,
  MAX_AGENT_LENGTH,
  MAX_LIST_LIMIT,
  SORT_ORDERS,
  type SortOrder,
  DEFAULT_SLA_SECONDS,
  DEFAULT_WINDOW_HOURS,
  EXPORT_PARAMS,
  type ExportName,
  FORMATS,
  type Grain,
  type GroupBy,
  HOURS,
  type Hours,
  MAX_TAG_LENGTH,
  MAX_TEAM_LENGTH,
  NONE_VALUE,
  MAX_PERIOD_HOURS,
  MAX_SLA_SECONDS,
  MAX_WINDOW_HOURS,
  type Param,
  type QueryParams,
  REPORT_PARAMS,
  RESPONDERS,
  type ReportName,
  type Responder,
} from './report-params.js';

const once = (name: Param) => `${name}: give it once, as a plain value`;

/** A single-valued parameter: a string, given once (a repeated one or a qs object is a 400). */
const text = (name: Param) => z.string({ error: () => once(name) });

const choice = <T extends string>(name: Param, values: readonly T[], expected: string) =>
  z.enum(values as unknown as [T, ...T[]], { error: (iss) => (typeof iss.input === 'string' ? `${name}: must be ${expected}, got '${iss.input}'` : once(name)) });

/** channel=a,b&channel=c → the names, or null for a value that is not text (a qs object). */
const channelValues = (v: unknown): (string | null)[] => (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [null]));

/**
 * team and tag: repeatable, never comma-split (names may hold commas), each 1–max characters as
 * events.md allows; `none` selects conversations without one. Sorted and distinct, like channel.
 */
const nameList = (name: 'team' | 'tag', max: number, what: string) => {
  const error = `${name}: must be ${what} names of 1–${max} characters (repeat ${name}= for several; ${NONE_VALUE} = without ${what === 'team' ? 'a team' : 'tags'})`;
  return z
    .union([z.string(), z.array(z.string())], { error: (iss) => `${error}; got ${JSON.stringify(iss.input)}` })
    .transform((v, ctx) => {
      const values = Array.isArray(v) ? v : [v];
      // Characters as events.md counts them (code points): an emoji tag of 64 is valid at ingest and here.
      const bad = values.filter((x) => x.length < 1 || [...x].length > max);
      if (values.length === 0 || bad.length) {
        ctx.addIssue({ code: 'custom', message: `${error}; got ${bad.map((x) => `'${x.length > 70 ? `${x.slice(0, 70)}…` : x}'`).join(', ') || 'nothing'}`, input: v });
        return z.NEVER;
      }
      return [...new Set(values)].sort();
    })
    .optional();
};

const channelError = (v: unknown) => {
  const bad = channelValues(v).filter((x) => x === null || !CHANNEL_PATTERN.test(x.trim()));
  return `channel: must be channel names like whatsapp,sms; got '${bad.map(String).join(',')}'`;
};

/** The period limits of api.md, as the registry holds them. */
const limitsText = (p: QueryParams) =>
  [`The period is at most ${MAX_PERIOD_HOURS / 24} days`, ...Object.entries(p.maxHours).map(([grain, hours]) => (grain === 'hour' ? `${hours} hours with grain=hour` : `${hours / 24} days with grain=${grain}`))].join('; ') + '.';

/** The parameters' schemas; grain and groupBy take the report's own values. */
const PARAM_SCHEMAS: Record<Param, (p: QueryParams) => z.ZodType> = {
  from: () =>
    text('from')
      .optional()
      .meta({ description: 'Start, inclusive: a date (local midnight in tz) or a date-time with offset. Default: to − 30 days.', examples: ['2026-11-01', '2026-11-01T00:00:00+01:00'] }),
  to: (p) => text('to').optional().meta({ description: `End, exclusive: a date (local midnight in tz) or a date-time with offset. Default: now. ${limitsText(p)}` }),
  tz: () => text('tz').optional().meta({ description: "IANA time zone of the buckets. Default: the workspace's.", example: 'Europe/Berlin' }),
  grain: (p) =>
    choice('grain', p.grains, `one of ${p.grains.join(', ')}`)
      .default(p.defaultGrain)
      .meta({ description: `Bucket size (default ${p.defaultGrain})` }),
  channel: () =>
    z
      .union([z.string(), z.array(z.string())], { error: (iss) => channelError(iss.input) })
      .transform((v, ctx) => {
        const values = channelValues(v);
        if (values.length === 0 || values.some((x) => x === null || !CHANNEL_PATTERN.test(x.trim()))) {
          ctx.addIssue({ code: 'custom', message: channelError(v), input: v });
          return z.NEVER;
        }
        return [...new Set(values.map((x) => x!.trim()))].sort();
      })
      .optional()
      .meta({ description: 'Only conversations of these channels (repeatable or comma-separated)' }),
  team: () =>
    nameList('team', MAX_TEAM_LENGTH, 'team').meta({
      description: `Only conversations whose team (of their latest assignment) is one of these; repeatable, not comma-split; ${NONE_VALUE} = without a team`,
    }),
  tag: () =>
    nameList('tag', MAX_TAG_LENGTH, 'tag').meta({
      description: `Only conversations carrying at least one of these tags; repeatable, not comma-split; ${NONE_VALUE} = without tags`,
    }),
  hours: () =>
    choice('hours', HOURS, HOURS.join(' or '))
      .default('calendar')
      .meta({ description: "calendar (default) or business: durations count only the workspace schedule's open hours (400 without a schedule)" }),
  groupBy: (p) =>
    choice('groupBy', p.groupBy, p.groupBy.join(' or '))
      .optional()
      .meta({ description: `Split the series by ${p.groupBy.join(' or ')}` }),
  responder: () =>
    choice('responder', RESPONDERS, RESPONDERS.join(' or '))
      .default('any')
      .meta({ description: 'any (agents and bots, default) or agent (time to a human)' }),
  sla: () =>
    text('sla')
      .transform((s, ctx) => {
        const n = /^\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : NaN;
        if (Number.isFinite(n) && n <= MAX_SLA_SECONDS) return n;
        ctx.addIssue({ code: 'custom', message: `sla: must be a number of seconds from 0 to ${MAX_SLA_SECONDS} (366 days), got '${s}'`, input: s });
        return z.NEVER;
      })
      .default(DEFAULT_SLA_SECONDS)
      .meta({ description: `First-response SLA in seconds for withinSla (default ${DEFAULT_SLA_SECONDS})` }),
  window: () =>
    text('window')
      .transform((s, ctx) => {
        const n = /^\d{1,3}$/.test(s.trim()) ? Number(s) : NaN;
        if (n >= 1 && n <= MAX_WINDOW_HOURS) return n;
        ctx.addIssue({ code: 'custom', message: `window: must be a whole number of hours from 1 to ${MAX_WINDOW_HOURS}, got '${s}'`, input: s });
        return z.NEVER;
      })
      .default(DEFAULT_WINDOW_HOURS)
      .meta({ description: `Attribution window in hours: a reply or conversion counts for a campaign message at most this long before it (default ${DEFAULT_WINDOW_HOURS})` }),
  compareFrom: () =>
    text('compareFrom')
      .optional()
      .meta({
        description:
          'Parley extension: start (inclusive) of the period the `before` figures are of, given with compareTo; a date or a date-time as `from`. Default: the period of the same length just before `from`.',
        example: '2026-11-04',
      }),
  compareTo: () =>
    text('compareTo')
      .optional()
      .meta({
        description:
          'Parley extension: end (exclusive) of the compared period, given with compareFrom (e.g. yesterday until the same time for a running today). At most as long as any period; it may overlap the period.',
        example: '2026-11-04T14:24:00+01:00',
      }),
  by: () =>
    choice('by', CONVERSATION_BY, `one of ${CONVERSATION_BY.join(', ')}`)
      .default('startedAt')
      .meta({ description: 'Which instant of a conversation must lie in [from, to): startedAt (default), firstCustomerAt, resolvedAt or firstAssignedAt' }),
  status: () =>
    choice('status', CONVERSATION_STATUSES, `one of ${CONVERSATION_STATUSES.join(', ')}`)
      .optional()
      .meta({
        description:
          'answered (has a first response), unanswered (a first customer message and no first response), resolved, open (not resolved), waiting (waitingSince set), breached (a first customer message and no first response within sla), converted, automated',
      }),
  agent: () =>
    text('agent')
      .refine((s) => s.length > 0 && [...s].length <= MAX_AGENT_LENGTH, { error: `agent: must be an agent id of 1–${MAX_AGENT_LENGTH} characters (${NONE_VALUE} = no first responder)` })
      .optional()
      .meta({ description: `Only conversations whose first responder (for responder) is this agent or bot; ${NONE_VALUE} = no first responder` }),
  sort: () =>
    choice('sort', CONVERSATION_SORTS, `one of ${CONVERSATION_SORTS.join(', ')}`)
      .default('startedAt')
      .meta({ description: 'Sort by startedAt (default), firstResponseTime, resolutionTime, waitingSince or rating; ties by conversationId ascending (byte order); nulls last' }),
  order: () =>
    choice('order', SORT_ORDERS, SORT_ORDERS.join(' or '))
      .default('desc')
      .meta({ description: 'desc (default) or asc' }),
  limit: () =>
    text('limit')
      .transform((s, ctx) => {
        const n = /^\d{1,3}$/.test(s.trim()) ? Number(s) : NaN;
        if (n >= 1 && n <= MAX_LIST_LIMIT) return n;
        ctx.addIssue({ code: 'custom', message: `limit: must be a whole number from 1 to ${MAX_LIST_LIMIT}, got '${s}'`, input: s });
        return z.NEVER;
      })
      .default(DEFAULT_LIST_LIMIT)
      .meta({ description: `Items per page, 1–${MAX_LIST_LIMIT} (default ${DEFAULT_LIST_LIMIT})` }),
  cursor: () => text('cursor').optional().meta({ description: "The previous page's nextCursor (opaque); the other parameters must be the same" }),
  format: () =>
    choice('format', FORMATS, FORMATS.join(' or '))
      .optional()
      .meta({ description: 'csv for a CSV download (or send Accept: text/csv)' }),
};

/** A query as the schema returns it; from, to and tz are resolved in the API (zone data, calendar). */
export interface ParsedQuery {
  from?: string;
  to?: string;
  tz?: string;
  grain: Grain;
  channel?: string[];
  team?: string[];
  tag?: string[];
  groupBy?: GroupBy;
  hours: Hours;
  responder: Responder;
  sla: number;
  window: number;
  format?: (typeof FORMATS)[number];
  compareFrom?: string;
  compareTo?: string;
  by?: ConversationBy;
  status?: ConversationStatus;
  agent?: string;
  sort?: ConversationSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
}

export type QuerySchema = z.ZodObject<Partial<Record<Param, z.ZodType>>, z.core.$strict>;

/** The query schema of a report or export: its parameters and no other. */
function querySchema(p: QueryParams): QuerySchema {
  return z.strictObject(Object.fromEntries(p.params.map((name) => [name, PARAM_SCHEMAS[name](p)])));
}

/** The 400 messages of a failed query parse, each starting with the parameter's name. */
export function queryMessages(error: z.ZodError, p: QueryParams): string[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => `${key}: unknown parameter (this endpoint takes ${p.params.join(', ')})`) : [issue.message],
  );
}

/** What a report's CSV lists (api.md "CSV"); `interleave` pairs arrays column by column (cohorts). */
export interface CsvShape {
  rows: Record<string, unknown>[];
  interleave: [string, string] | null;
  /** A row with every column, for the header when there are no rows. */
  template?: Record<string, unknown>;
}

function report<K extends ReportName, A extends z.ZodType>(name: K, answer: A, description: string, csv: (answer: z.infer<A>) => CsvShape) {
  return { name, description, params: REPORT_PARAMS[name], query: querySchema(REPORT_PARAMS[name]), answer, csv };
}

/** A row of nulls with the schema's keys, for CSV headers. */
const emptyOf = (schema: { shape: Record<string, unknown> }): Record<string, null> => Object.fromEntries(Object.keys(schema.shape).map((k) => [k, null]));

// Only a grouped series can be empty (no group has data): it still names its columns.
const seriesCsv = (r: { series: Record<string, unknown>[]; totals: Record<string, unknown> }): CsvShape => ({
  rows: r.series,
  interleave: null,
  template: { bucket: null, group: null, ...r.totals },
});

export const REPORTS = {
  overview: report('overview', OverviewResponseSchema, 'Headline figures for the period and the previous period of the same length (or compareFrom–compareTo)', (r) => ({
    rows: [
      { period: 'current', from: r.period.from, to: r.period.to, ...r.current },
      { period: 'before', from: r.previous.from, to: r.previous.to, ...r.before },
    ],
    interleave: null,
  })),
  'response-times': report(
    'response-times',
    ResponseTimesResponseSchema,
    'First response, reply and resolution times, response rate, share within SLA, assignment response times; groupBy channel, agent, team or tag',
    seriesCsv,
  ),
  engagement: report('engagement', EngagementResponseSchema, 'Conversations, messages, active contacts, automation, conversions and revenue; groupBy channel, team or tag', seriesCsv),
  heatmap: report('heatmap', HeatmapResponseSchema, 'Customer messages by local weekday × hour (all 168 cells)', (r) => ({ rows: r.cells, interleave: null })),
  loyalty: report('loyalty', LoyaltyResponseSchema, 'Active, new and returning contacts, repeat contact rate, CSAT; groupBy channel', seriesCsv),
  cohorts: report('cohorts', CohortsResponseSchema, 'Retention of contacts by the week or month of their first message (grain week|month)', (r) => ({
    rows: r.cohorts,
    interleave: ['retained', 'rate'],
    template: { cohort: null, size: null, retained: [], rate: [] },
  })),
  channels: report('channels', ChannelsResponseSchema, 'Every channel side by side over the period', (r) => ({
    rows: r.channels,
    interleave: null,
    template: { channel: null, ...emptyOf(ChannelMetricsSchema) },
  })),
  campaigns: report(
    'campaigns',
    CampaignsResponseSchema,
    'The broadcast funnel per campaign: sent, delivered, read, replied, converted and revenue (last touch within window hours); series: sends over time',
    (r) => ({
      rows: r.campaigns.map((c) => ({ ...c, channels: JSON.stringify(c.channels) })),
      interleave: null,
      template: emptyOf(CampaignMetricsSchema),
    }),
  ),
} satisfies { [K in ReportName]: { name: K } };

export type Report = (typeof REPORTS)[ReportName];
export type ReportAnswer<K extends ReportName> = z.infer<(typeof REPORTS)[K]['answer']>;

const exportEntry = <K extends ExportName>(name: K, description: string) => ({ name, description, params: EXPORT_PARAMS[name], query: querySchema(EXPORT_PARAMS[name]) });

/** GET /conversations, the drill-down list: the metric period and filters with the same rules, and its own parameters. */
export const CONVERSATION_LIST = { name: 'conversations' as const, params: LIST_PARAMS.conversations, query: querySchema(LIST_PARAMS.conversations) };
/** GET /live: what is happening now; its filters and responder with the same rules. */
export const LIVE = { name: 'live' as const, params: LIST_PARAMS.live, query: querySchema(LIST_PARAMS.live) };

/** The CSV exports read the metric period and filter with the same rules; they stream, so no answer schema. */
export const EXPORTS = {
  'conversations.csv': exportEntry('conversations.csv', 'One row per conversation started in the period, with every conversation fact'),
  'events.csv': exportEntry('events.csv', 'The raw events of the period, nested fields as JSON text'),
} satisfies { [K in ExportName]: { name: K } };
