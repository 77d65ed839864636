import { Injectable } from '@nestjs/common';
import type {
  CampaignsResponse,
  ChannelMetrics,
  ChannelsResponse,
  CohortsResponse,
  EngagementResponse,
  HeatmapResponse,
  LoyaltyResponse,
  OverviewMetrics,
  OverviewResponse,
  ResponseTimesResponse,
} from '@parley/shared';
import {
  Cells,
  cohortTriangle,
  engagementMetrics,
  loyaltyMetrics,
  orderGroups,
  responseMetrics,
  revenueIn,
  series,
} from './metrics.calculations.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { ConversationHoursMetricsRepository } from './conversation-hours-metrics.repository.js';
import { EventMetricsRepository } from './event-metrics.repository.js';
import { FactsMetricsRepository } from './facts-metrics.repository.js';
import { BinnedPercentilesService } from './binned-percentiles.service.js';
import { type Bucket, bucketsOf, formatLocal } from './period.calculations.js';
import type { MetricsQuery } from './query.calculations.js';
import { RollupMetricsRepository } from './rollup-metrics.repository.js';
import type { Row, Scope } from './scope.js';
import { type Tables, decidePartialHour, decideTables } from './table-decider.js';
import type { ContactSet, FirstFlag } from './contacts.calculations.js';
import { addRevenue, addRows } from './partial-hour.calculations.js';

const iso = (ms: number) => new Date(ms).toISOString();

@Injectable()
export class MetricsService {
  constructor(
    private readonly facts: FactsMetricsRepository,
    private readonly events: EventMetricsRepository,
    private readonly rollups: RollupMetricsRepository,
    private readonly conversationHours: ConversationHoursMetricsRepository,
    private readonly campaignsReport: CampaignsService,
    private readonly binned: BinnedPercentilesService,
  ) {}

  /**
   * Reads shared by one request's scopes (Scope.shared), by its query object: a request parses
   * its own, so the rows live as long as the request does.
   */
  private readonly shared = new WeakMap<MetricsQuery, Map<string, Promise<unknown>>>();

  private sharedOf(q: MetricsQuery): Map<string, Promise<unknown>> {
    let shared = this.shared.get(q);
    if (!shared) this.shared.set(q, (shared = new Map()));
    return shared;
  }

  /** A scope's reads, the tables that answer them decided once here (table-decider.ts). */
  private scope(workspaceId: number, q: MetricsQuery, bounds: number[], group: Scope['group'], fromMs = q.fromMs, toMs = q.toMs): Reads {
    const asked = { fromMs, toMs, bounds, channels: q.channels, teams: q.teams, tags: q.tags, group, responder: q.responder, hours: q.hours };
    const part = (from: number, to: number, tables: Tables): Scope => ({
      workspaceId,
      from: iso(from),
      to: iso(to),
      bounds: bounds.map(iso),
      channels: q.channels,
      teams: q.teams,
      tags: q.tags,
      group,
      responder: q.responder,
      hours: q.hours,
      rollupCut: tables.cut,
      shared: this.sharedOf(q),
    });
    const tables = decideTables(asked);
    const split = decidePartialHour(asked);
    if (split === null) return this.reads(part(fromMs, toMs, tables), tables);
    const last = decideTables({ ...asked, fromMs: split.hourMs });
    return this.splitReads(this.reads(part(fromMs, toMs, tables), tables), part(fromMs, split.hourMs, split.whole), this.reads(part(split.hourMs, toMs, last), last), split.whole.first!, iso(toMs));
  }

  /**
   * The reads of a period split at its partial last hour (decidePartialHour): `full` those of the
   * whole period (the facts' and the cohorts' stay), `whole` its whole hours (the rollups), `last`
   * the reads of the partial hour up to `until`. Counts and sums add up; distinct contacts are
   * counted over both parts' contact sets together.
   */
  private splitReads(full: Reads, whole: Scope, last: Reads, first: NonNullable<FirstFlag>, until: string): Reads {
    let sets: Promise<ContactSet[]> | null = null;
    const lastSets = () => (sets ??= this.rollups.partialHourSets(whole, until));
    const add = <T extends Row>(a: () => Promise<T[]>, b: () => Promise<T[]>, fields: (keyof T & string)[]) => async () => {
      const [x, y] = await Promise.all([a(), b()]);
      return addRows(x, y, fields);
    };
    return {
      ...full,
      started: add(() => this.rollups.conversationsStarted(whole), last.started, ['conversations', 'messages', 'converted']),
      automation: add(() => this.rollups.automation(whole), last.automation, ['with_response', 'automated']),
      ratings: add(() => this.rollups.ratings(whole), last.ratings, ['ratings', 'rating_sum', 'satisfied']),
      revenue: async () => {
        const [x, y] = await Promise.all([this.rollups.revenue(whole), last.revenue()]);
        return addRevenue(x, y);
      },
      // In and out add up; the active contacts are the whole hours' and the partial hour's sets together.
      messages: async () => {
        const [x, y] = await Promise.all([lastSets().then((tail) => this.rollups.messages(whole, tail)), last.messages()]);
        return addRows(
          x,
          y.map((r) => ({ ...r, active_contacts: 0 })),
          ['messages_in', 'messages_out'],
        );
      },
      received: async () => {
        const [x, y] = await Promise.all([this.rollups.receivedPerBucket(whole), last.received()]);
        return addRows(
          x.map((r) => ({ ...r, g: null })),
          y.map((r) => ({ ...r, g: null })),
          ['n'],
        ).map(({ b, n }) => ({ b, n }));
      },
      activeChannels: async () => {
        const [x, y] = await Promise.all([this.rollups.activeChannels(whole), last.activeChannels()]);
        return [...new Set([...x, ...y])];
      },
      contacts: async () => this.rollups.contacts(whole, first, await lastSets()),
    };
  }

  /** Each read from the repository of the table chosen for its family. */
  private reads(s: Scope, t: Tables) {
    const conversations = t.conversations === 'hourly_conversations' ? this.rollups : this.facts;
    const revenue = t.revenue === 'hourly_revenue' ? this.rollups : this.events;
    const messages = t.messages === 'hourly_events' ? this.rollups : t.messages === 'conversation_hours' ? this.conversationHours : this.events;
    const rollupContacts = t.contacts === 'hourly_contacts';
    const hourContacts = t.contacts === 'conversation_hours';
    const binned = t.percentiles === 'duration_bins';
    return {
      // Exact duration statistics: from binned counts, one bin's values and hourly_conversations
      // where they answer (nothing sorted, no fact read), else from the facts, sorted.
      firstResponses: (slaSeconds: number) => (binned ? this.binned.firstResponses(s, slaSeconds) : this.facts.conversationsByFirstCustomer(s, slaSeconds)),
      replies: () => (binned ? this.binned.replies(s) : this.facts.replies(s)),
      resolutions: () => (binned ? this.binned.resolutions(s) : this.facts.resolutions(s)),
      assignments: () => (binned ? this.binned.assignments(s) : this.facts.assignments(s)),
      botFirstResponders: () => conversations.botFirstResponders(s),
      started: () => conversations.conversationsStarted(s),
      automation: () => conversations.automation(s),
      ratings: () => conversations.ratings(s),
      revenue: () => revenue.revenue(s),
      messages: () => messages.messages(s),
      received: () => messages.receivedPerBucket(s),
      activeChannels: () => messages.activeChannels(s),
      contacts: () => (rollupContacts ? this.rollups.contacts(s, t.first) : hourContacts ? this.conversationHours.contacts(s) : this.events.contacts(s)),
      cohorts: () => (rollupContacts ? this.rollups.cohorts(s, t.first) : this.events.cohorts(s)),
    };
  }

  private period(q: MetricsQuery, fromMs = q.fromMs, toMs = q.toMs) {
    return { from: formatLocal(fromMs, q.tz), to: formatLocal(toMs, q.tz) };
  }

  /** The four response queries for a scope. */
  private async responseCells(r: Reads, sla: number) {
    const [conversations, replies, resolutions, assignments] = await Promise.all([r.firstResponses(sla), r.replies(), r.resolutions(), r.assignments()]);
    return { conversations: new Cells(conversations), replies: new Cells(replies), resolutions: new Cells(resolutions), assignments: new Cells(assignments) };
  }

  private async engagementCells(r: Reads) {
    const [started, conversations, messages, revenue] = await Promise.all([r.started(), r.automation(), r.messages(), r.revenue()]);
    return { started: new Cells(started), conversations: new Cells(conversations), messages: new Cells(messages), revenue };
  }

  private async loyaltyCells(r: Reads) {
    const [contacts, ratings] = await Promise.all([r.contacts(), r.ratings()]);
    return { contacts: new Cells(contacts), ratings: new Cells(ratings) };
  }

  async responseTimes(workspaceId: number, q: MetricsQuery): Promise<ResponseTimesResponse> {
    const buckets = bucketsOf(q.fromMs, q.toMs, q.grain, q.tz);
    const group = q.groupBy ?? 'none';
    const whole = this.scope(workspaceId, q, [q.fromMs], group);
    const [perBucket, total, perGroup, bots, ratings] = await Promise.all([
      this.responseCells(this.scope(workspaceId, q, buckets.map((b) => b.startMs), group), q.sla),
      this.responseCells(this.scope(workspaceId, q, [q.fromMs], 'none'), q.sla),
      q.groupBy ? this.responseCells(whole, q.sla) : null,
      q.groupBy === 'agent' && q.responder === 'any' ? whole.botFirstResponders() : [],
      // CSAT per group for the ranked tables (loyalty does not split by agent, team or tag).
      q.groupBy ? whole.ratings().then((r) => new Cells(r)) : null,
    ]);
    const groups = q.groupBy
      ? orderGroups([...perBucket.conversations.groups(), ...perBucket.replies.groups(), ...perBucket.resolutions.groups(), ...perBucket.assignments.groups()])
      : null;
    const botIds = new Set(bots.map((r) => r.g));
    const build = (c: typeof total, b: number, g: string | null) =>
      responseMetrics(c.conversations.get(b, g), c.replies.get(b, g), c.resolutions.get(b, g), c.assignments.get(b, g));
    const csat = (g: string | null) => {
      const { csatAverage, csatResponses } = loyaltyMetrics(undefined, ratings?.get(1, g));
      return { csatAverage, csatResponses };
    };
    return {
      period: this.period(q),
      tz: q.tz,
      grain: q.grain,
      totals: build(total, 1, null),
      series: series(buckets, groups, (b, g) => build(perBucket, b, g)),
      ...(groups && perGroup
        ? {
            groups: groups.map((g) => ({ group: g, ...build(perGroup, 1, g), ...(q.groupBy === 'agent' ? { bot: g !== null && botIds.has(g) } : {}), ...csat(g) })),
          }
        : {}),
    };
  }

  async engagement(workspaceId: number, q: MetricsQuery): Promise<EngagementResponse> {
    const buckets = bucketsOf(q.fromMs, q.toMs, q.grain, q.tz);
    const group = q.groupBy ?? 'none';
    const [perBucket, total, perGroup] = await Promise.all([
      this.engagementCells(this.scope(workspaceId, q, buckets.map((b) => b.startMs), group)),
      this.engagementCells(this.scope(workspaceId, q, [q.fromMs], 'none')),
      q.groupBy ? this.engagementCells(this.scope(workspaceId, q, [q.fromMs], group)) : null,
    ]);
    const groups = q.groupBy
      ? orderGroups([...perBucket.started.groups(), ...perBucket.conversations.groups(), ...perBucket.messages.groups(), ...perBucket.revenue.map((r) => r.g)])
      : null;
    const build = (c: typeof total, b: number, g: string | null) =>
      engagementMetrics(c.started.get(b, g), c.conversations.get(b, g), c.messages.get(b, g), revenueIn(c.revenue, b, g));
    return {
      period: this.period(q),
      tz: q.tz,
      grain: q.grain,
      totals: build(total, 1, null),
      series: series(buckets, groups, (b, g) => build(perBucket, b, g)),
      ...(groups && perGroup ? { groups: groups.map((g) => ({ group: g, ...build(perGroup, 1, g) })) } : {}),
    };
  }

  async loyalty(workspaceId: number, q: MetricsQuery): Promise<LoyaltyResponse> {
    const buckets = bucketsOf(q.fromMs, q.toMs, q.grain, q.tz);
    const group = q.groupBy ?? 'none';
    const [perBucket, total, perGroup] = await Promise.all([
      this.loyaltyCells(this.scope(workspaceId, q, buckets.map((b) => b.startMs), group)),
      this.loyaltyCells(this.scope(workspaceId, q, [q.fromMs], 'none')),
      q.groupBy ? this.loyaltyCells(this.scope(workspaceId, q, [q.fromMs], group)) : null,
    ]);
    const groups = q.groupBy ? orderGroups([...perBucket.contacts.groups(), ...perBucket.ratings.groups()]) : null;
    const build = (c: typeof total, b: number, g: string | null) => loyaltyMetrics(c.contacts.get(b, g), c.ratings.get(b, g));
    return {
      period: this.period(q),
      tz: q.tz,
      grain: q.grain,
      totals: build(total, 1, null),
      series: series(buckets, groups, (b, g) => build(perBucket, b, g)),
      ...(groups && perGroup ? { groups: groups.map((g) => ({ group: g, ...build(perGroup, 1, g) })) } : {}),
    };
  }

  async heatmap(workspaceId: number, q: MetricsQuery): Promise<HeatmapResponse> {
    // Real local hours over the period; each is one weekday × hour cell (two on a fall-back night).
    const hours = bucketsOf(q.fromMs, q.toMs, 'hour', q.tz);
    const rows = await this.scope(workspaceId, q, hours.map((h) => h.startMs), 'none').received();
    const counts = new Array<number>(7 * 24).fill(0);
    for (const { b, n } of rows) {
      const { weekday, hour } = localWeekdayHour(hours[b - 1]);
      counts[(weekday - 1) * 24 + hour] += n;
    }
    return {
      period: this.period(q),
      tz: q.tz,
      cells: counts.map((messages, i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24, messages })),
    };
  }

  async cohorts(workspaceId: number, q: MetricsQuery): Promise<CohortsResponse> {
    // Cohorts are the grain buckets that start within [from, to).
    const buckets = bucketsOf(q.fromMs, q.toMs, q.grain, q.tz).filter((b) => b.startMs >= q.fromMs);
    const grain = q.grain as 'week' | 'month';
    if (buckets.length === 0) return { period: this.period(q), tz: q.tz, grain, cohorts: [] };
    const cells = await this.scope(workspaceId, q, buckets.map((b) => b.startMs), 'none').cohorts();
    return { period: this.period(q), tz: q.tz, grain, cohorts: cohortTriangle(buckets, cells) };
  }

  async channels(workspaceId: number, q: MetricsQuery): Promise<ChannelsResponse> {
    const read = this.scope(workspaceId, q, [q.fromMs], 'channel');
    // Each query once: the response and engagement figures share the first-response one.
    const [channels, conversations, replies, started, messages, revenue, contacts, ratings] = await Promise.all([
      read.activeChannels(),
      read.firstResponses(q.sla).then((r) => new Cells(r)),
      read.replies().then((r) => new Cells(r)),
      read.started().then((r) => new Cells(r)),
      read.messages().then((r) => new Cells(r)),
      read.revenue(),
      read.contacts().then((r) => new Cells(r)),
      read.ratings().then((r) => new Cells(r)),
    ]);
    const rows: ChannelMetrics[] = (orderGroups(channels) as string[]).map((channel) => {
      const r = responseMetrics(conversations.get(1, channel), replies.get(1, channel));
      const e = engagementMetrics(started.get(1, channel), conversations.get(1, channel), messages.get(1, channel), revenueIn(revenue, 1, channel));
      const l = loyaltyMetrics(contacts.get(1, channel), ratings.get(1, channel));
      return {
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
      };
    });
    return { period: this.period(q), tz: q.tz, channels: rows };
  }

  private async overviewOf(workspaceId: number, q: MetricsQuery, fromMs: number, toMs: number): Promise<OverviewMetrics> {
    const read = this.scope(workspaceId, q, [fromMs], 'none', fromMs, toMs);
    // Only the queries the headline figures need (no reply times or resolutions), each once.
    const [conversations, started, messages, revenue, contacts, ratings] = await Promise.all([
      read.firstResponses(q.sla),
      read.started(),
      read.messages(),
      read.revenue(),
      read.contacts(),
      read.ratings(),
    ]);
    const c = new Cells(conversations).get(1, null);
    const r = responseMetrics(c);
    const e = engagementMetrics(new Cells(started).get(1, null), c, new Cells(messages).get(1, null), revenue);
    const l = loyaltyMetrics(new Cells(contacts).get(1, null), new Cells(ratings).get(1, null));
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
  }

  /** The broadcast funnel (its own tables and statement: api/src/campaigns/). */
  campaigns(workspaceId: number, q: MetricsQuery): Promise<CampaignsResponse> {
    return this.campaignsReport.report(workspaceId, q);
  }

  /** GET /live's today and lastWeek: the overview's figures of two windows (empty ones give zeros and nulls). */
  async liveOverview(workspaceId: number, q: MetricsQuery, today: Period, lastWeek: Period): Promise<{ today: OverviewMetrics; lastWeek: OverviewMetrics }> {
    const [current, before] = await Promise.all([
      this.overviewOf(workspaceId, q, today.fromMs, today.toMs),
      this.overviewOf(workspaceId, q, lastWeek.fromMs, lastWeek.toMs),
    ]);
    return { today: current, lastWeek: before };
  }

  async overview(workspaceId: number, q: MetricsQuery): Promise<OverviewResponse> {
    // The period asked for (compareFrom–compareTo: "yesterday until now" for a running today), else as long, just before.
    const previous = q.compare ?? { fromMs: q.fromMs - (q.toMs - q.fromMs), toMs: q.fromMs };
    const [current, before] = await Promise.all([
      this.overviewOf(workspaceId, q, q.fromMs, q.toMs),
      this.overviewOf(workspaceId, q, previous.fromMs, previous.toMs),
    ]);
    return { period: this.period(q), previous: this.period(q, previous.fromMs, previous.toMs), tz: q.tz, current, before };
  }
}

/** A scope's reads, bound to the repositories the decider chose. */
type Reads = ReturnType<MetricsService['reads']>;

/** Local weekday (1 = Monday) and hour of an hour bucket, from its label. */
export function localWeekdayHour(bucket: Bucket): { weekday: number; hour: number } {
  // ISO weekday (Monday 1 … Sunday 7) of the label's local date; plain Date arithmetic is exact for a calendar date.
  const day = new Date(`${bucket.label.slice(0, 10)}T00:00:00Z`).getUTCDay();
  return { weekday: day === 0 ? 7 : day, hour: Number(bucket.label.slice(11, 13)) };
}

/** A period [fromMs, toMs). */
interface Period {
  fromMs: number;
  toMs: number;
}
