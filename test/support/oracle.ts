/**
 * The reference implementation of the metrics (docs/metrics.md, docs/events.md,
 * docs/metrics-decisions.md), for end-to-end tests that check the API field by field.
 *
 * It is deliberately naive and shares no code with api/ or shared/: it parses the raw events
 * itself, derives each conversation's facts by walking its sorted events, and computes every
 * figure by looking at every item. Instants are integer microseconds since the epoch (exact: far
 * below 2^53); durations stay integer microseconds until they are turned into seconds at the very
 * end. Calendar arithmetic in the request's time zone is done with Temporal.
 *
 * The response types are declared here (mirroring shared/src/metrics.ts) so that nothing at all is
 * taken from the code under test; test/api/oracle-self.e2e.ts checks that they match the contract.
 */
import { Temporal } from 'temporal-polyfill';
import type { GeneratedEvent } from '@parley/shared/generate';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type OracleGrain = 'hour' | 'day' | 'week' | 'month';

export interface OracleParams {
  fromMs: number;
  toMs: number;
  tz: string;
  grain: OracleGrain;
  channels: string[] | null;
  /**
   * metrics.md "Teams and tags": keep conversations whose team is one of these / that carry one
   * of these tags; `none` stands for "without a team" / "without tags". null or absent = all.
   */
  teams?: string[] | null;
  tags?: string[] | null;
  groupBy: 'channel' | 'agent' | 'team' | 'tag' | null;
  responder: 'any' | 'agent';
  sla: number;
}

/** The filter value that means "without a team" / "without tags" (metrics.md). */
export const ORACLE_NONE = 'none';

export type OracleListStatus = 'answered' | 'unanswered' | 'resolved' | 'open' | 'waiting' | 'breached' | 'converted' | 'automated';
/** GET /conversations' own parameters (api.md "Drill-down"). */
export interface OracleListParams {
  by: 'startedAt' | 'firstCustomerAt' | 'resolvedAt' | 'firstAssignedAt';
  status: OracleListStatus | null;
  /** First responder; `none`: no first responder. */
  agent: string | null;
  sort: 'startedAt' | 'firstResponseTime' | 'resolutionTime' | 'waitingSince' | 'rating';
  order: 'desc' | 'asc';
}

export type Revenue = Record<string, number>;
export interface Period {
  from: string;
  to: string;
}

export interface ResponseMetrics {
  conversations: number;
  responded: number;
  responseRate: number | null;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  firstResponseMean: number | null;
  replyMedian: number | null;
  replyP90: number | null;
  resolutions: number;
  resolutionMedian: number | null;
  withinSla: number | null;
  assignedConversations: number;
  assignmentResponseMedian: number | null;
  assignmentResponseP90: number | null;
}

export interface EngagementMetrics {
  conversations: number;
  messagesIn: number;
  messagesOut: number;
  activeContacts: number;
  messagesPerConversation: number | null;
  automationRate: number | null;
  conversionRate: number | null;
  revenue: Revenue;
}

export interface LoyaltyMetrics {
  activeContacts: number;
  newContacts: number;
  returningContacts: number;
  returningRate: number | null;
  repeatContactRate: number | null;
  csatAverage: number | null;
  csatSatisfiedRate: number | null;
  csatResponses: number;
}

/** `group` is present only when the request has a groupBy. */
export type SeriesItem<M> = { bucket: string; group?: string | null } & M;

export interface SeriesResponse<M> {
  period: Period;
  tz: string;
  grain: OracleGrain;
  totals: M;
  series: SeriesItem<M>[];
  /** With groupBy only: each group's figures over the whole period (Parley extension). */
  groups?: ({ group: string | null; bot?: boolean; csatAverage?: number | null; csatResponses?: number } & M)[];
}
export type ResponseTimesResponse = SeriesResponse<ResponseMetrics>;
export type EngagementResponse = SeriesResponse<EngagementMetrics>;
export type LoyaltyResponse = SeriesResponse<LoyaltyMetrics>;

export interface HeatmapResponse {
  period: Period;
  tz: string;
  cells: { weekday: number; hour: number; messages: number }[];
}

export interface CohortsResponse {
  period: Period;
  tz: string;
  grain: 'week' | 'month';
  cohorts: { cohort: string; size: number; retained: number[]; rate: (number | null)[] }[];
}

export interface ChannelMetrics {
  channel: string;
  conversations: number;
  messagesIn: number;
  messagesOut: number;
  activeContacts: number;
  responseRate: number | null;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  replyMedian: number | null;
  automationRate: number | null;
  csatAverage: number | null;
  returningRate: number | null;
  conversionRate: number | null;
  revenue: Revenue;
}

export interface ChannelsResponse {
  period: Period;
  tz: string;
  channels: ChannelMetrics[];
}

export interface CampaignFunnel {
  channels: string[];
  sent: number;
  recipients: number;
  delivered: number;
  read: number;
  failed: number;
  deliveryRate: number | null;
  readRate: number | null;
  replied: number;
  replyRate: number | null;
  converted: number;
  conversionRate: number | null;
  revenue: Revenue;
}
export type CampaignMetrics = { campaignId: string; firstSentAt: string; lastSentAt: string } & CampaignFunnel;
export type CampaignTotals = { firstSentAt: string | null; lastSentAt: string | null } & CampaignFunnel;

export interface CampaignsResponse {
  period: Period;
  tz: string;
  grain: OracleGrain;
  window: number;
  totals: CampaignTotals;
  campaigns: CampaignMetrics[];
  series: { bucket: string; group: string; sent: number }[];
}

export interface OverviewMetrics {
  conversations: number;
  messagesIn: number;
  messagesOut: number;
  activeContacts: number;
  newContacts: number;
  returningRate: number | null;
  responseRate: number | null;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  automationRate: number | null;
  csatAverage: number | null;
  csatResponses: number;
  conversionRate: number | null;
  revenue: Revenue;
}

export interface OverviewResponse {
  period: Period;
  previous: Period;
  tz: string;
  current: OverviewMetrics;
  before: OverviewMetrics;
}

// ---------------------------------------------------------------------------------------------
// Instants
// ---------------------------------------------------------------------------------------------

/** Microseconds since the epoch. */
type Us = number;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/;

/**
 * `2026-11-20T09:15:02.123456+01:00` → microseconds since the epoch. Fractions finer than a
 * microsecond are rounded half up (PostgreSQL keeps microseconds).
 */
export function parseInstantUs(text: string): Us {
  const m = ISO.exec(text);
  if (!m) throw new Error(`oracle: not an ISO 8601 instant with offset: ${text}`);
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const wallMs = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const offsetMin = sign ? (sign === '-' ? -1 : 1) * (+oh * 60 + +om) : 0;
  let fracUs = 0;
  if (frac) {
    const ns = Number(frac.padEnd(9, '0')); // nanoseconds, an exact integer
    fracUs = Math.floor(ns / 1000) + (ns % 1000 >= 500 ? 1 : 0);
  }
  return (wallMs - offsetMin * 60_000) * 1000 + fracUs;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A zoned date-time as `2026-10-25T02:00:00+01:00` (milliseconds only when there are some). */
function formatZoned(z: Temporal.ZonedDateTime): string {
  const date = `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}`;
  const time = `${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`;
  const ms = z.millisecond ? `.${pad(z.millisecond, 3)}` : '';
  return `${date}T${time}${ms}${z.offset}`;
}

function zoned(ms: number, tz: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
}

function formatInstant(ms: number, tz: string): string {
  return formatZoned(zoned(ms, tz));
}

/** An event's instant (µs) as local time with offset: six fraction digits when it has microseconds. */
function formatInstantUs(us: Us, tz: string): string {
  const ms = Math.floor(us / 1000);
  const micro = us - ms * 1000;
  const text = formatZoned(zoned(ms, tz));
  if (micro === 0) return text;
  const z = zoned(ms, tz);
  const fraction = `.${pad(z.millisecond, 3)}${pad(micro, 3)}`;
  // Replace the (possibly absent) millisecond part before the offset.
  return text.replace(/(T\d{2}:\d{2}:\d{2})(\.\d{3})?/, `$1${fraction}`);
}

// ---------------------------------------------------------------------------------------------
// Buckets
// ---------------------------------------------------------------------------------------------

/** A half-open interval of instants [start, end). */
interface Window {
  start: Us;
  end: Us;
}

interface Bucket {
  label: string;
  /** The calendar start (may be before `from` for the first bucket). */
  startMs: number;
  /** The part of the bucket inside [from, to). */
  window: Window;
}

/** The calendar start of the bucket that contains the instant `ms`. */
function bucketStartOf(ms: number, tz: string, grain: OracleGrain): Temporal.ZonedDateTime {
  const z = zoned(ms, tz);
  switch (grain) {
    case 'hour': {
      // A real hour: go back to the top of the local hour, keeping the current offset.
      const back = ((z.minute * 60 + z.second) * 1000 + z.millisecond);
      return zoned(ms - back, tz);
    }
    case 'day':
      return z.toPlainDate().toZonedDateTime({ timeZone: tz });
    case 'week':
      return z.toPlainDate().subtract({ days: z.dayOfWeek - 1 }).toZonedDateTime({ timeZone: tz });
    case 'month':
      return z.toPlainDate().with({ day: 1 }).toZonedDateTime({ timeZone: tz });
  }
}

/** The calendar start of the bucket after the one that starts at `start`. */
function nextBucketStart(start: Temporal.ZonedDateTime, tz: string, grain: OracleGrain): Temporal.ZonedDateTime {
  const date = start.toPlainDate();
  switch (grain) {
    case 'hour':
      return zoned(start.epochMilliseconds + 3_600_000, tz);
    case 'day':
      return date.add({ days: 1 }).toZonedDateTime({ timeZone: tz });
    case 'week':
      return date.add({ days: 7 }).toZonedDateTime({ timeZone: tz });
    case 'month':
      return date.add({ months: 1 }).toZonedDateTime({ timeZone: tz });
  }
}

/** Every bucket that overlaps [from, to), in order, each clipped to [from, to). */
function bucketsOf(fromMs: number, toMs: number, tz: string, grain: OracleGrain): Bucket[] {
  const out: Bucket[] = [];
  let start = bucketStartOf(fromMs, tz, grain);
  while (start.epochMilliseconds < toMs) {
    const next = nextBucketStart(start, tz, grain);
    out.push({
      label: formatZoned(start),
      startMs: start.epochMilliseconds,
      window: { start: Math.max(start.epochMilliseconds, fromMs) * 1000, end: Math.min(next.epochMilliseconds, toMs) * 1000 },
    });
    start = next;
  }
  return out;
}

/** The index of the window (sorted, contiguous) that contains t, or -1. */
function windowIndex(windows: Window[], t: Us): number {
  if (windows.length === 0 || t < windows[0].start || t >= windows[windows.length - 1].end) return -1;
  let lo = 0;
  let hi = windows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (windows[mid].start <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

const rate = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Continuous percentile with linear interpolation over durations in µs; answered in seconds. */
function percentileSeconds(valuesUs: number[], p: number): number | null {
  if (valuesUs.length === 0) return null;
  const xs = [...valuesUs].sort((a, b) => a - b);
  const pos = p * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const us = xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
  return us / 1e6;
}

function meanSeconds(valuesUs: number[]): number | null {
  if (valuesUs.length === 0) return null;
  let sum = 0;
  for (const v of valuesUs) sum += v; // integers: exact
  return sum / (valuesUs.length * 1e6);
}

function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Exact decimal sums of JS numbers (each read as its shortest decimal form), per currency. */
class RevenueSum {
  private readonly sums = new Map<string, { coef: bigint; exp: number }>();

  add(currency: string, value: number) {
    const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
    if (!m) throw new Error(`oracle: unexpected conversion value ${value}`);
    const digits = m[1] + (m[2] ?? '');
    const exp = Number(m[3] ?? 0) - (m[2]?.length ?? 0);
    const add = { coef: BigInt(digits), exp };
    const cur = this.sums.get(currency) ?? { coef: 0n, exp: 0 };
    const e = Math.min(cur.exp, add.exp);
    this.sums.set(currency, {
      coef: cur.coef * 10n ** BigInt(cur.exp - e) + add.coef * 10n ** BigInt(add.exp - e),
      exp: e,
    });
  }

  toJSON(): Revenue {
    const out: Revenue = {};
    for (const currency of [...this.sums.keys()].sort()) {
      const { coef, exp } = this.sums.get(currency)!;
      out[currency] = Number(`${coef}e${exp}`);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversation facts
// ---------------------------------------------------------------------------------------------

type ResponderKind = 'any' | 'agent';

interface StoredEvent {
  id: string;
  idBytes: Buffer;
  type: string;
  at: Us;
  rank: number;
  contactId: string;
  channel: string;
  senderType: string | null;
  senderId: string | null;
  campaignId: string | null;
  messageId: string | null;
  conversationId: string;
  rating: number | null;
  value: number | null;
  currency: string | null;
  agentId: string | null;
  team: string | null;
  tags: string[];
}

interface ResponseFacts {
  /** First response time in µs; null when unanswered. */
  firstResponseUs: number | null;
  firstResponder: string | null;
  /** sender.type of the first response. */
  firstResponderType: string | null;
  replies: { openedAt: Us; durationUs: number }[];
  /** The start of the wait the walk ends with still open (events.md "waiting"); null when none. */
  waitingSince: Us | null;
}

interface Conversation {
  id: string;
  channel: string;
  startedAt: Us;
  firstCustomerAt: Us | null;
  responses: Record<ResponderKind, ResponseFacts>;
  resolvedAt: Us | null;
  resolutionUs: number | null;
  /** At least one response (non-campaign message.sent), from anyone, at any time. */
  hasResponse: boolean;
  automated: boolean;
  rating: number | null;
  ratedAt: Us | null;
  converted: boolean;
  /** All message.received + message.sent, campaigns included, whenever sent. */
  messageCount: number;
  received: { at: Us; contactId: string }[];
  sent: Us[];
  conversions: { at: Us; value: number; currency: string }[];
  /** The instants of all its events. */
  eventTimes: Us[];
  /** Union of all its events' tags, distinct, in byte order. */
  tags: string[];
  /** agentId / team of the latest conversation.assigned (team null also when that one has none). */
  assignee: string | null;
  team: string | null;
  firstAssignedAt: Us | null;
  /** µs from firstAssignedAt to the earliest agent response at or after it; null when none. */
  assignmentResponseUs: number | null;
}

const RANK: Record<string, number> = { 'message.received': 0, 'message.sent': 1 };

function compareEvents(a: StoredEvent, b: StoredEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return Buffer.compare(a.idBytes, b.idBytes);
}

function store(e: GeneratedEvent): StoredEvent {
  const sender = e.sender as { type: string; id?: string } | undefined;
  return {
    id: e.id,
    idBytes: Buffer.from(e.id, 'utf8'),
    type: e.type,
    at: parseInstantUs(e.occurredAt),
    rank: RANK[e.type] ?? 2,
    contactId: e.contactId,
    channel: e.channel,
    senderType: sender?.type ?? null,
    senderId: sender?.id ?? null,
    campaignId: e.campaignId ?? null,
    messageId: e.messageId ?? null,
    conversationId: e.conversationId,
    rating: e.rating ?? null,
    value: e.value ?? null,
    currency: e.currency ?? null,
    agentId: e.agentId ?? null,
    team: e.team ?? null,
    tags: e.tags ?? [],
  };
}

const isResponse = (e: StoredEvent) => e.type === 'message.sent' && e.campaignId === null;

function responseFacts(events: StoredEvent[], firstCustomerAt: Us | null, responder: ResponderKind): ResponseFacts {
  const counts = (e: StoredEvent) => isResponse(e) && (responder === 'any' || e.senderType === 'agent');

  let firstResponseUs: number | null = null;
  let firstResponder: string | null = null;
  let firstResponderType: string | null = null;
  if (firstCustomerAt !== null) {
    const first = events.find((e) => counts(e) && e.at >= firstCustomerAt);
    if (first) {
      firstResponseUs = first.at - firstCustomerAt;
      firstResponder = first.senderId;
      firstResponderType = first.senderType;
    }
  }

  const replies: ResponseFacts['replies'] = [];
  let openSince: Us | null = null;
  for (const e of events) {
    if (e.type === 'message.received') {
      if (openSince === null) openSince = e.at;
    } else if (counts(e) && openSince !== null) {
      replies.push({ openedAt: openSince, durationUs: e.at - openSince });
      openSince = null;
    }
  }
  return { firstResponseUs, firstResponder, firstResponderType, replies, waitingSince: openSince };
}

function deriveConversation(id: string, unsorted: StoredEvent[]): Conversation {
  const events = [...unsorted].sort(compareEvents);
  const first = events[0];
  const firstCustomer = events.find((e) => e.type === 'message.received');
  const firstCustomerAt = firstCustomer ? firstCustomer.at : null;

  // Message statuses (message.delivered/read/failed) are events of the conversation (its first
  // event, channel, startedAt, eventTimes) but never messages: every filter below names its types.
  const resolutions = events.filter((e) => e.type === 'conversation.resolved' || e.type === 'conversation.reopened');
  const lastResolution = resolutions[resolutions.length - 1];
  const resolvedAt = lastResolution?.type === 'conversation.resolved' ? lastResolution.at : null;

  const responses = events.filter(isResponse);
  const assignments = events.filter((e) => e.type === 'conversation.assigned');
  const latestAssignment = assignments[assignments.length - 1];
  const firstAssignedAt = assignments.length ? assignments[0].at : null;
  // Any agent's response, not necessarily the assignee's (events.md).
  const assignmentResponse = firstAssignedAt === null ? undefined : responses.find((e) => e.senderType === 'agent' && e.at >= firstAssignedAt);
  const ratings = events.filter((e) => e.type === 'csat.submitted');
  const lastRating = ratings[ratings.length - 1];

  return {
    id,
    channel: first.channel,
    startedAt: first.at,
    firstCustomerAt,
    responses: {
      any: responseFacts(events, firstCustomerAt, 'any'),
      agent: responseFacts(events, firstCustomerAt, 'agent'),
    },
    resolvedAt,
    resolutionUs: resolvedAt === null ? null : resolvedAt - first.at,
    hasResponse: responses.length > 0,
    automated: responses.length > 0 && responses.every((e) => e.senderType !== 'agent'),
    rating: lastRating ? lastRating.rating : null,
    ratedAt: lastRating ? lastRating.at : null,
    converted: events.some((e) => e.type === 'conversion'),
    messageCount: events.filter((e) => e.type === 'message.received' || e.type === 'message.sent').length,
    received: events.filter((e) => e.type === 'message.received').map((e) => ({ at: e.at, contactId: e.contactId })),
    sent: events.filter((e) => e.type === 'message.sent').map((e) => e.at),
    conversions: events
      .filter((e) => e.type === 'conversion')
      .map((e) => ({ at: e.at, value: e.value ?? 0, currency: e.currency ?? '' })),
    eventTimes: events.map((e) => e.at),
    tags: [...new Set(events.flatMap((e) => e.tags))].sort(compareBytes),
    assignee: latestAssignment ? latestAssignment.agentId : null,
    team: latestAssignment ? latestAssignment.team : null,
    firstAssignedAt,
    assignmentResponseUs: assignmentResponse && firstAssignedAt !== null ? assignmentResponse.at - firstAssignedAt : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Metrics over a set of conversations, for a list of windows (buckets, or one window for totals)
// ---------------------------------------------------------------------------------------------

function responseMetrics(convs: Conversation[], windows: Window[], responder: ResponderKind, sla: number): ResponseMetrics[] {
  const acc = windows.map(() => ({
    conversations: 0,
    responded: 0,
    withinSla: 0,
    firstResponses: [] as number[],
    replies: [] as number[],
    resolutions: [] as number[],
    assigned: 0,
    assignmentResponses: [] as number[],
  }));
  for (const c of convs) {
    const f = c.responses[responder];
    if (c.firstAssignedAt !== null) {
      const i = windowIndex(windows, c.firstAssignedAt);
      if (i >= 0) {
        acc[i].assigned++;
        if (c.assignmentResponseUs !== null) acc[i].assignmentResponses.push(c.assignmentResponseUs);
      }
    }
    if (c.firstCustomerAt !== null) {
      const i = windowIndex(windows, c.firstCustomerAt);
      if (i >= 0) {
        acc[i].conversations++;
        if (f.firstResponseUs !== null) {
          acc[i].responded++;
          acc[i].firstResponses.push(f.firstResponseUs);
          if (f.firstResponseUs / 1e6 <= sla) acc[i].withinSla++;
        }
      }
    }
    for (const r of f.replies) {
      const i = windowIndex(windows, r.openedAt);
      if (i >= 0) acc[i].replies.push(r.durationUs);
    }
    if (c.resolvedAt !== null) {
      const i = windowIndex(windows, c.resolvedAt);
      if (i >= 0) acc[i].resolutions.push(c.resolutionUs!);
    }
  }
  return acc.map((a) => ({
    conversations: a.conversations,
    responded: a.responded,
    responseRate: rate(a.responded, a.conversations),
    firstResponseMedian: percentileSeconds(a.firstResponses, 0.5),
    firstResponseP90: percentileSeconds(a.firstResponses, 0.9),
    firstResponseMean: meanSeconds(a.firstResponses),
    replyMedian: percentileSeconds(a.replies, 0.5),
    replyP90: percentileSeconds(a.replies, 0.9),
    resolutions: a.resolutions.length,
    resolutionMedian: percentileSeconds(a.resolutions, 0.5),
    withinSla: rate(a.withinSla, a.conversations),
    assignedConversations: a.assigned,
    assignmentResponseMedian: percentileSeconds(a.assignmentResponses, 0.5),
    assignmentResponseP90: percentileSeconds(a.assignmentResponses, 0.9),
  }));
}

function engagementMetrics(convs: Conversation[], windows: Window[]): EngagementMetrics[] {
  const acc = windows.map(() => ({
    conversations: 0,
    messagesOfConversations: 0,
    converted: 0,
    messagesIn: 0,
    messagesOut: 0,
    contacts: new Set<string>(),
    withResponse: 0,
    automated: 0,
    revenue: new RevenueSum(),
  }));
  for (const c of convs) {
    const started = windowIndex(windows, c.startedAt);
    if (started >= 0) {
      acc[started].conversations++;
      acc[started].messagesOfConversations += c.messageCount;
      if (c.converted) acc[started].converted++;
    }
    if (c.firstCustomerAt !== null && c.hasResponse) {
      const i = windowIndex(windows, c.firstCustomerAt);
      if (i >= 0) {
        acc[i].withResponse++;
        if (c.automated) acc[i].automated++;
      }
    }
    for (const r of c.received) {
      const i = windowIndex(windows, r.at);
      if (i >= 0) {
        acc[i].messagesIn++;
        acc[i].contacts.add(r.contactId);
      }
    }
    for (const at of c.sent) {
      const i = windowIndex(windows, at);
      if (i >= 0) acc[i].messagesOut++;
    }
    for (const cv of c.conversions) {
      const i = windowIndex(windows, cv.at);
      if (i >= 0) acc[i].revenue.add(cv.currency, cv.value);
    }
  }
  return acc.map((a) => ({
    conversations: a.conversations,
    messagesIn: a.messagesIn,
    messagesOut: a.messagesOut,
    activeContacts: a.contacts.size,
    messagesPerConversation: rate(a.messagesOfConversations, a.conversations),
    automationRate: rate(a.automated, a.withResponse),
    conversionRate: rate(a.converted, a.conversations),
    revenue: a.revenue.toJSON(),
  }));
}

/** Each contact's first message.received among the given conversations (all time). */
function firstMessageOfContacts(convs: Conversation[]): Map<string, Us> {
  const first = new Map<string, Us>();
  for (const c of convs)
    for (const r of c.received) {
      const seen = first.get(r.contactId);
      if (seen === undefined || r.at < seen) first.set(r.contactId, r.at);
    }
  return first;
}

function loyaltyMetrics(convs: Conversation[], windows: Window[]): LoyaltyMetrics[] {
  const firstEver = firstMessageOfContacts(convs);
  const acc = windows.map(() => ({
    conversationsOfContact: new Map<string, Set<string>>(),
    ratings: [] as number[],
  }));
  for (const c of convs) {
    for (const r of c.received) {
      const i = windowIndex(windows, r.at);
      if (i < 0) continue;
      const set = acc[i].conversationsOfContact.get(r.contactId) ?? new Set<string>();
      set.add(c.id);
      acc[i].conversationsOfContact.set(r.contactId, set);
    }
    if (c.ratedAt !== null) {
      const i = windowIndex(windows, c.ratedAt);
      if (i >= 0) acc[i].ratings.push(c.rating!);
    }
  }
  return acc.map((a, i) => {
    const w = windows[i];
    let newContacts = 0;
    let returningContacts = 0;
    let repeat = 0;
    for (const [contact, conversations] of a.conversationsOfContact) {
      const first = firstEver.get(contact)!;
      if (first >= w.start && first < w.end) newContacts++;
      else if (first < w.start) returningContacts++;
      if (conversations.size >= 2) repeat++;
    }
    const active = a.conversationsOfContact.size;
    return {
      activeContacts: active,
      newContacts,
      returningContacts,
      returningRate: rate(returningContacts, active),
      repeatContactRate: rate(repeat, active),
      csatAverage: mean(a.ratings),
      csatSatisfiedRate: rate(a.ratings.filter((r) => r >= 4).length, a.ratings.length),
      csatResponses: a.ratings.length,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

const compareBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Groups ordered ascending by byte order, null last. */
function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareBytes(a, b);
}

export class Oracle {
  private readonly conversations: Conversation[];
  private readonly events: StoredEvent[] = [];

  constructor(events: GeneratedEvent[]) {
    const byConversation = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const list = byConversation.get(e.conversationId) ?? [];
      const stored = store(e);
      list.push(stored);
      this.events.push(stored);
      byConversation.set(e.conversationId, list);
    }
    this.conversations = [...byConversation].map(([id, list]) => deriveConversation(id, list));
  }

  /**
   * The conversations the request's filters keep: its channel, team and tag filters (AND across
   * them, OR within one; `none` keeps those without a team / without tags).
   */
  private scope(p: OracleParams): Conversation[] {
    const teams = p.teams ?? null;
    const tags = p.tags ?? null;
    return this.conversations.filter(
      (c) =>
        (p.channels === null || p.channels.includes(c.channel)) &&
        (teams === null || (c.team === null ? teams.includes(ORACLE_NONE) : teams.includes(c.team))) &&
        (tags === null || (c.tags.length === 0 ? tags.includes(ORACLE_NONE) : c.tags.some((t) => tags.includes(t)))),
    );
  }

  private period(p: OracleParams): Period {
    return { from: formatInstant(p.fromMs, p.tz), to: formatInstant(p.toMs, p.tz) };
  }

  private whole(p: OracleParams): Window {
    return { start: p.fromMs * 1000, end: p.toMs * 1000 };
  }

  /**
   * A series endpoint: totals over [from, to) for the whole scope, then per group (if any) every
   * bucket. `hasItems` tells from a group's totals whether it has any item in the period.
   * `groupsOf` gives a conversation's groups: one, or with groupBy=tag each of its tags.
   */
  private series<M extends object>(
    p: OracleParams,
    groupsOf: ((c: Conversation) => (string | null)[]) | null,
    compute: (convs: Conversation[], windows: Window[]) => M[],
    hasItems: (totals: M) => boolean,
    extra: (group: string | null, members: Conversation[]) => object = () => ({}),
  ): SeriesResponse<M> {
    const convs = this.scope(p);
    const buckets = bucketsOf(p.fromMs, p.toMs, p.tz, p.grain);
    const windows = buckets.map((b) => b.window);
    const [totals] = compute(convs, [this.whole(p)]);

    const series: SeriesItem<M>[] = [];
    const groupTotals: NonNullable<SeriesResponse<M>['groups']> = [];
    if (groupsOf === null) {
      compute(convs, windows).forEach((m, i) => series.push({ bucket: buckets[i].label, ...m }));
      return { period: this.period(p), tz: p.tz, grain: p.grain, totals, series };
    }
    const groups = new Map<string | null, Conversation[]>();
    for (const c of convs)
      for (const g of groupsOf(c)) {
        const list = groups.get(g) ?? [];
        list.push(c);
        groups.set(g, list);
      }
    for (const g of [...groups.keys()].sort(compareGroups)) {
      const members = groups.get(g)!;
      const [whole] = compute(members, [this.whole(p)]);
      if (!hasItems(whole)) continue;
      compute(members, windows).forEach((m, i) => series.push({ bucket: buckets[i].label, group: g, ...m }));
      groupTotals.push({ group: g, ...whole, ...extra(g, members) });
    }
    return { period: this.period(p), tz: p.tz, grain: p.grain, totals, series, groups: groupTotals };
  }

  /** A conversation's groups for groupBy channel, team or tag (agent: responseTimes only). */
  private groupsOf(p: OracleParams): ((c: Conversation) => (string | null)[]) | null {
    switch (p.groupBy) {
      case 'channel':
        return (c) => [c.channel];
      case 'agent':
        return (c) => [c.responses[p.responder].firstResponder];
      case 'team':
        return (c) => [c.team];
      case 'tag':
        return (c) => (c.tags.length ? c.tags : [null]);
      default:
        return null;
    }
  }

  /**
   * GET /conversations (api.md "Drill-down"), calendar time: the ids of the conversations the
   * request selects, in its order (nulls last, ties by id ascending byte by byte).
   */
  conversationList(p: OracleParams & OracleListParams): string[] {
    const from = p.fromMs * 1000;
    const to = p.toMs * 1000;
    const instant: Record<OracleListParams['by'], (c: Conversation) => Us | null> = {
      startedAt: (c) => c.startedAt,
      firstCustomerAt: (c) => c.firstCustomerAt,
      resolvedAt: (c) => c.resolvedAt,
      firstAssignedAt: (c) => c.firstAssignedAt,
    };
    const r = (c: Conversation) => c.responses[p.responder];
    const status: Record<OracleListStatus, (c: Conversation) => boolean> = {
      answered: (c) => r(c).firstResponseUs !== null,
      unanswered: (c) => c.firstCustomerAt !== null && r(c).firstResponseUs === null,
      resolved: (c) => c.resolvedAt !== null,
      open: (c) => c.resolvedAt === null,
      waiting: (c) => r(c).waitingSince !== null,
      breached: (c) => c.firstCustomerAt !== null && (r(c).firstResponseUs === null || r(c).firstResponseUs! / 1e6 > p.sla),
      converted: (c) => c.converted,
      automated: (c) => c.automated,
    };
    const value: Record<OracleListParams['sort'], (c: Conversation) => number | null> = {
      startedAt: (c) => c.startedAt,
      firstResponseTime: (c) => r(c).firstResponseUs,
      resolutionTime: (c) => c.resolutionUs,
      waitingSince: (c) => r(c).waitingSince,
      rating: (c) => c.rating,
    };
    const kept = this.scope(p).filter((c) => {
      const t = instant[p.by](c);
      if (t === null || t < from || t >= to) return false;
      if (p.status !== null && !status[p.status](c)) return false;
      if (p.agent !== null && r(c).firstResponder !== (p.agent === ORACLE_NONE ? null : p.agent)) return false;
      return true;
    });
    const sign = p.order === 'desc' ? -1 : 1;
    return kept
      .map((c) => ({ id: c.id, v: value[p.sort](c) }))
      .sort((a, b) => {
        if (a.v !== b.v) {
          if (a.v === null) return 1;
          if (b.v === null) return -1;
          return sign * (a.v - b.v);
        }
        return Buffer.compare(Buffer.from(a.id, 'utf8'), Buffer.from(b.id, 'utf8'));
      })
      .map((x) => x.id);
  }

  responseTimes(p: OracleParams): ResponseTimesResponse {
    const w = this.whole(p);
    return this.series(
      p,
      this.groupsOf(p),
      (convs, windows) => responseMetrics(convs, windows, p.responder, p.sla),
      // A conversation with firstCustomerAt, a reply wait opened, a resolution or a first assignment in the period.
      (t) => t.conversations > 0 || t.replyMedian !== null || t.resolutions > 0 || t.assignedConversations > 0,
      (g, members) => {
        // Parley extension: each group's CSAT over the ratings of the period (loyalty's meaning).
        const [l] = loyaltyMetrics(members, [w]);
        const csat = { csatAverage: l.csatAverage, csatResponses: l.csatResponses };
        if (p.groupBy !== 'agent') return csat;
        // An id is a bot's when it sent, as a bot, the first response of a conversation whose firstCustomerAt is in the period.
        const bot =
          p.responder === 'any' &&
          g !== null &&
          members.some((c) => c.firstCustomerAt !== null && c.firstCustomerAt >= w.start && c.firstCustomerAt < w.end && c.responses.any.firstResponderType === 'bot');
        return { bot, ...csat };
      },
    );
  }

  engagement(p: OracleParams): EngagementResponse {
    if (p.groupBy === 'agent') throw new Error('oracle: engagement takes groupBy channel, team or tag');
    return this.series(
      p,
      this.groupsOf(p),
      engagementMetrics,
      // A conversation started, a message, or a conversion in the period.
      (t) => t.conversations > 0 || t.messagesIn > 0 || t.messagesOut > 0 || Object.keys(t.revenue).length > 0,
    );
  }

  loyalty(p: OracleParams): LoyaltyResponse {
    if (p.groupBy !== null && p.groupBy !== 'channel') throw new Error('oracle: loyalty takes groupBy=channel only');
    if (p.teams != null || p.tags != null) throw new Error('oracle: loyalty takes no team or tag filter');
    return this.series(
      p,
      this.groupsOf(p),
      loyaltyMetrics,
      // A customer message or a (counted) rating in the period.
      (t) => t.activeContacts > 0 || t.csatResponses > 0,
    );
  }

  heatmap(p: OracleParams): HeatmapResponse {
    const counts = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    const w = this.whole(p);
    for (const c of this.scope(p))
      for (const r of c.received) {
        if (r.at < w.start || r.at >= w.end) continue;
        const z = zoned(Math.floor(r.at / 1000), p.tz);
        counts[z.dayOfWeek - 1][z.hour]++;
      }
    const cells: HeatmapResponse['cells'] = [];
    for (let weekday = 1; weekday <= 7; weekday++)
      for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, messages: counts[weekday - 1][hour] });
    return { period: this.period(p), tz: p.tz, cells };
  }

  cohorts(p: OracleParams): CohortsResponse {
    if (p.grain !== 'week' && p.grain !== 'month') throw new Error('oracle: cohorts take grain week or month');
    if (p.teams != null || p.tags != null) throw new Error('oracle: cohorts take no team or tag filter');
    const buckets = bucketsOf(p.fromMs, p.toMs, p.tz, p.grain);
    const windows = buckets.map((b) => b.window);
    const last = buckets.length - 1;
    const convs = this.scope(p);
    const firstEver = firstMessageOfContacts(convs);

    // Listed cohorts: the buckets that start in [from, to).
    const listed = buckets.map((b) => b.startMs >= p.fromMs);
    const members = buckets.map(() => new Set<string>());
    const cohortOf = new Map<string, number>();
    for (const [contact, first] of firstEver) {
      const i = windowIndex(windows, first); // -1 when before from or not before to
      if (i >= 0 && listed[i]) {
        members[i].add(contact);
        cohortOf.set(contact, i);
      }
    }
    // retainedSets[i][k]: members of cohort i with a message in bucket i + k.
    const retainedSets = buckets.map((_, i) => Array.from({ length: last - i + 1 }, () => new Set<string>()));
    for (const c of convs)
      for (const r of c.received) {
        const i = cohortOf.get(r.contactId);
        if (i === undefined) continue;
        const j = windowIndex(windows, r.at);
        if (j >= i) retainedSets[i][j - i].add(r.contactId);
      }

    const cohorts: CohortsResponse['cohorts'] = [];
    buckets.forEach((b, i) => {
      if (!listed[i]) return;
      const size = members[i].size;
      const retained = retainedSets[i].map((s) => s.size);
      cohorts.push({ cohort: b.label, size, retained, rate: retained.map((n) => rate(n, size)) });
    });
    return { period: this.period(p), tz: p.tz, grain: p.grain, cohorts };
  }

  channels(p: OracleParams): ChannelsResponse {
    const w = this.whole(p);
    const byChannel = new Map<string, Conversation[]>();
    for (const c of this.scope(p)) {
      const list = byChannel.get(c.channel) ?? [];
      list.push(c);
      byChannel.set(c.channel, list);
    }
    const rows: ChannelMetrics[] = [];
    for (const channel of [...byChannel.keys()].sort(compareBytes)) {
      const convs = byChannel.get(channel)!;
      const active = convs.some((c) => c.eventTimes.some((t) => t >= w.start && t < w.end));
      if (!active) continue;
      const [e] = engagementMetrics(convs, [w]);
      const [r] = responseMetrics(convs, [w], p.responder, p.sla);
      const [l] = loyaltyMetrics(convs, [w]);
      rows.push({
        channel,
        conversations: e.conversations,
        messagesIn: e.messagesIn,
        messagesOut: e.messagesOut,
        activeContacts: e.activeContacts,
        responseRate: r.responseRate,
        firstResponseMedian: r.firstResponseMedian,
        firstResponseP90: r.firstResponseP90,
        replyMedian: r.replyMedian,
        automationRate: e.automationRate,
        csatAverage: l.csatAverage,
        returningRate: l.returningRate,
        conversionRate: e.conversionRate,
        revenue: e.revenue,
      });
    }
    return { period: this.period(p), tz: p.tz, channels: rows };
  }

  /** `compare`: the compared period (compareFrom, compareTo); default: as long, just before. */
  overview(p: OracleParams, compare?: { fromMs: number; toMs: number }): OverviewResponse {
    const convs = this.scope(p);
    const previousFromMs = compare?.fromMs ?? p.fromMs - (p.toMs - p.fromMs);
    const previousToMs = compare?.toMs ?? p.fromMs;
    const figures = (w: Window): OverviewMetrics => {
      const [e] = engagementMetrics(convs, [w]);
      const [r] = responseMetrics(convs, [w], p.responder, p.sla);
      const [l] = loyaltyMetrics(convs, [w]);
      return {
        conversations: e.conversations,
        messagesIn: e.messagesIn,
        messagesOut: e.messagesOut,
        activeContacts: e.activeContacts,
        newContacts: l.newContacts,
        returningRate: l.returningRate,
        responseRate: r.responseRate,
        firstResponseMedian: r.firstResponseMedian,
        firstResponseP90: r.firstResponseP90,
        automationRate: e.automationRate,
        csatAverage: l.csatAverage,
        csatResponses: l.csatResponses,
        conversionRate: e.conversionRate,
        revenue: e.revenue,
      };
    };
    return {
      period: this.period(p),
      previous: { from: formatInstant(previousFromMs, p.tz), to: formatInstant(previousToMs, p.tz) },
      tz: p.tz,
      current: figures(this.whole(p)),
      before: figures({ start: previousFromMs * 1000, end: previousToMs * 1000 }),
    };
  }

  /**
   * metrics.md "Campaigns", read literally: every reply and conversion (kept conversations, before
   * `to`) looks for its contact's latest campaign message of any time with a strictly earlier
   * instant (kept, not failed as of `to`; ties: the last by id bytes) and counts for it when that
   * message is at most `window` hours earlier. Statuses come from every conversation.
   */
  campaigns(p: OracleParams, window = 120): CampaignsResponse {
    const from = p.fromMs * 1000;
    const to = p.toMs * 1000;
    const channelOf = new Map(this.conversations.map((c) => [c.id, c.channel]));
    const keptIds = new Set(this.scope(p).map((c) => c.id));
    const kept = (e: StoredEvent) => keptIds.has(e.conversationId);

    // events.md "Message status": any conversation, whatever the filter; only statuses before `to`.
    const statusTypes = new Map<string, Set<string>>();
    for (const e of this.events) {
      if (!['message.delivered', 'message.read', 'message.failed'].includes(e.type) || e.messageId === null || e.at >= to) continue;
      const set = statusTypes.get(e.messageId) ?? new Set<string>();
      set.add(e.type);
      statusTypes.set(e.messageId, set);
    }
    const status = (e: StoredEvent) => {
      const s = (e.messageId !== null && statusTypes.get(e.messageId)) || new Set<string>();
      const delivered = s.has('message.delivered') || s.has('message.read');
      return { delivered, read: s.has('message.read'), failed: s.has('message.failed') && !delivered };
    };

    const campaignMessages = this.events.filter((e) => e.type === 'message.sent' && e.campaignId !== null && kept(e) && e.at < to);
    const touchesOf = new Map<string, StoredEvent[]>();
    for (const m of campaignMessages) {
      if (status(m).failed) continue;
      const list = touchesOf.get(m.contactId) ?? [];
      list.push(m);
      touchesOf.set(m.contactId, list);
    }
    /** The touch a reply or conversion is attributed to, or null. */
    const touchOf = (r: StoredEvent): StoredEvent | null => {
      let latest: StoredEvent | null = null;
      for (const m of touchesOf.get(r.contactId) ?? []) {
        if (m.at >= r.at) continue;
        if (latest === null || m.at > latest.at || (m.at === latest.at && Buffer.compare(m.idBytes, latest.idBytes) > 0)) latest = m;
      }
      return latest !== null && r.at - latest.at <= window * 3_600_000_000 ? latest : null;
    };
    const inPeriod = (e: StoredEvent) => e.at >= from && e.at < to;
    const attributed = new Map<StoredEvent, StoredEvent[]>();
    for (const r of this.events) {
      if ((r.type !== 'message.received' && r.type !== 'conversion') || !kept(r) || r.at >= to) continue;
      const m = touchOf(r);
      if (m === null || !inPeriod(m)) continue;
      const list = attributed.get(m) ?? [];
      list.push(r);
      attributed.set(m, list);
    }

    const figures = (messages: StoredEvent[]): { funnel: CampaignFunnel; first: Us | null; last: Us | null } => {
      const recipients = new Set(messages.map((m) => m.contactId));
      const replied = new Set<string>();
      const converted = new Set<string>();
      const revenue = new RevenueSum();
      let delivered = 0;
      let read = 0;
      let failed = 0;
      for (const m of messages) {
        const s = status(m);
        if (s.delivered) delivered++;
        if (s.read) read++;
        if (s.failed) failed++;
        for (const r of attributed.get(m) ?? []) {
          if (r.type === 'message.received') replied.add(r.contactId);
          else {
            converted.add(r.contactId);
            revenue.add(r.currency!, r.value!);
          }
        }
      }
      const ats = messages.map((m) => m.at);
      return {
        funnel: {
          channels: [...new Set(messages.map((m) => channelOf.get(m.conversationId)!))].sort(compareBytes),
          sent: messages.length,
          recipients: recipients.size,
          delivered,
          read,
          failed,
          deliveryRate: rate(delivered, messages.length),
          readRate: rate(read, delivered),
          replied: replied.size,
          replyRate: rate(replied.size, recipients.size),
          converted: converted.size,
          conversionRate: rate(converted.size, recipients.size),
          revenue: revenue.toJSON(),
        },
        first: ats.length ? Math.min(...ats) : null,
        last: ats.length ? Math.max(...ats) : null,
      };
    };

    const period = campaignMessages.filter(inPeriod);
    const byCampaign = new Map<string, StoredEvent[]>();
    for (const m of period) byCampaign.set(m.campaignId!, [...(byCampaign.get(m.campaignId!) ?? []), m]);
    const rows = [...byCampaign].map(([campaignId, messages]) => ({ campaignId, messages, ...figures(messages) }));
    rows.sort((a, b) => a.first! - b.first! || compareBytes(a.campaignId, b.campaignId));
    const total = figures(period);
    const buckets = bucketsOf(p.fromMs, p.toMs, p.tz, p.grain);
    return {
      period: this.period(p),
      tz: p.tz,
      grain: p.grain,
      window,
      totals: {
        ...total.funnel,
        firstSentAt: total.first === null ? null : formatInstantUs(total.first, p.tz),
        lastSentAt: total.last === null ? null : formatInstantUs(total.last, p.tz),
      },
      campaigns: rows.map((r) => ({ campaignId: r.campaignId, firstSentAt: formatInstantUs(r.first!, p.tz), lastSentAt: formatInstantUs(r.last!, p.tz), ...r.funnel })),
      series: rows.flatMap((r) =>
        buckets.map((b) => ({ bucket: b.label, group: r.campaignId, sent: r.messages.filter((m) => m.at >= b.window.start && m.at < b.window.end).length })),
      ),
    };
  }
}
