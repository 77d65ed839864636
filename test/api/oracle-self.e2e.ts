/**
 * Sanity checks of the reference implementation itself (test/support/oracle.ts): figures worked
 * out by hand on a tiny dataset, calendar buckets across DST, and its speed on a realistic load.
 * No server is needed.
 */
import { type GeneratedEvent, generateEvents } from '@parley/shared/generate';
import { Oracle, type OracleParams, parseInstantUs } from '../support/oracle';
// Only to check that the oracle answers with the contract's field names (its types are its own).
import {
  CampaignMetricsSchema,
  CampaignTotalsSchema,
  ChannelMetricsSchema,
  EngagementMetricsSchema,
  LoyaltyMetricsSchema,
  OverviewMetricsSchema,
  ResponseMetricsSchema,
  ResponseTimesResponseSchema,
} from '../../shared/src/metrics';

const ms = (iso: string) => Date.parse(iso);

/*
 * Conversation A (whatsapp, contact c1), all on Monday 2026-11-02 UTC unless said:
 *   09:00:00 opened · 09:00:10 in · 09:00:15 out faq-bot · 09:01:00 in · 09:03:00 out ana ·
 *   09:05:00.000250 in (written as 10:05…+01:00) · 09:06:00.5 out ana · 09:10 resolved ·
 *   09:20 csat 4 · Tue 08:00 csat 2 (the latest) · 09:30 conversion 19.99 EUR · Tue 10:00 0.01 EUR
 * Conversation B (webchat, contact c1):
 *   Sun 2026-11-01 20:00 campaign out (started here, before the period) ·
 *   Tue 12:00 in, and at the very same instant out router-bot (sorted after the customer's) ·
 *   Tue 12:00:30 in (never answered) · 12:05 resolved · 12:06 reopened · 13:00 conversion 50 USD
 */
const base = { contactId: 'c1' };
const A = (id: string, type: string, occurredAt: string, extra: Partial<GeneratedEvent> = {}): GeneratedEvent => ({
  id: `A-${id}`, type, occurredAt, conversationId: 'A', channel: 'whatsapp', ...base, ...extra,
});
const B = (id: string, type: string, occurredAt: string, extra: Partial<GeneratedEvent> = {}): GeneratedEvent => ({
  id: `B-${id}`, type, occurredAt, conversationId: 'B', channel: 'webchat', ...base, ...extra,
});
const customer = { sender: { type: 'customer' as const } };
const agent = (id: string) => ({ sender: { type: 'agent' as const, id } });
const bot = (id: string) => ({ sender: { type: 'bot' as const, id } });

const EVENTS: GeneratedEvent[] = [
  // Deliberately not in order.
  A('9', 'csat.submitted', '2026-11-03T08:00:00Z', { rating: 2 }),
  A('1', 'conversation.opened', '2026-11-02T09:00:00Z'),
  A('3', 'message.sent', '2026-11-02T09:00:15Z', bot('faq-bot')),
  A('2', 'message.received', '2026-11-02T09:00:10Z', customer),
  A('4', 'message.received', '2026-11-02T09:01:00Z', customer),
  A('5', 'message.sent', '2026-11-02T09:03:00Z', agent('ana')),
  A('6', 'message.received', '2026-11-02T10:05:00.000250+01:00', customer),
  A('7', 'message.sent', '2026-11-02T09:06:00.5Z', agent('ana')),
  A('8', 'conversation.resolved', '2026-11-02T09:10:00Z'),
  A('8b', 'csat.submitted', '2026-11-02T09:20:00Z', { rating: 4 }),
  A('10', 'conversion', '2026-11-02T09:30:00Z', { value: 19.99, currency: 'EUR' }),
  A('11', 'conversion', '2026-11-03T10:00:00Z', { value: 0.01, currency: 'EUR' }),
  B('3', 'message.sent', '2026-11-03T12:00:00Z', bot('router-bot')),
  B('2', 'message.received', '2026-11-03T07:00:00-05:00', customer),
  B('1', 'message.sent', '2026-11-01T20:00:00Z', { ...bot('broadcaster'), campaignId: 'promo' }),
  B('4', 'message.received', '2026-11-03T12:00:30Z', customer),
  B('5', 'conversation.resolved', '2026-11-03T12:05:00Z'),
  B('6', 'conversation.reopened', '2026-11-03T12:06:00Z'),
  B('7', 'conversion', '2026-11-03T13:00:00Z', { value: 50, currency: 'USD' }),
];

const P: OracleParams = {
  fromMs: ms('2026-11-02T00:00:00Z'),
  toMs: ms('2026-11-04T00:00:00Z'),
  tz: 'UTC',
  grain: 'day',
  channels: null,
  groupBy: null,
  responder: 'any',
  sla: 60,
};
const MON = '2026-11-02T00:00:00+00:00';
const TUE = '2026-11-03T00:00:00+00:00';
const oracle = new Oracle(EVENTS);

const noResponses = {
  conversations: 0, responded: 0, responseRate: null, firstResponseMedian: null, firstResponseP90: null,
  firstResponseMean: null, replyMedian: null, replyP90: null, resolutions: 0, resolutionMedian: null, withinSla: null,
  assignedConversations: 0, assignmentResponseMedian: null, assignmentResponseP90: null,
};

describe('oracle: hand-worked figures', () => {
  it('parses instants to exact microseconds', () => {
    expect(parseInstantUs('2026-11-02T10:05:00.000250+01:00')).toBe(Date.UTC(2026, 10, 2, 9, 5) * 1000 + 250);
    expect(parseInstantUs('2026-11-02T09:05:00.0000005Z')).toBe(Date.UTC(2026, 10, 2, 9, 5) * 1000 + 1);
    expect(parseInstantUs('2026-11-02T09:05:00,1234564-0130')).toBe(Date.UTC(2026, 10, 2, 10, 35) * 1000 + 123456);
  });

  it('response times (responder=any)', () => {
    const r = oracle.responseTimes(P);
    expect(r.period).toEqual({ from: MON, to: '2026-11-04T00:00:00+00:00' });
    expect(r.totals).toEqual({
      conversations: 2, responded: 2, responseRate: 1,
      firstResponseMedian: 2.5, firstResponseP90: 4.5, firstResponseMean: 2.5,
      // replies: A 5, 120, 60.49975 (Mon); B 0 (Tue, same instant)
      replyMedian: 32.749875, replyP90: expect.closeTo(102.149925, 9),
      resolutions: 1, resolutionMedian: 600, withinSla: 1,
      // Nothing is ever assigned here (see the teams and tags section).
      assignedConversations: 0, assignmentResponseMedian: null, assignmentResponseP90: null,
    });
    expect(r.series).toEqual([
      {
        bucket: MON, conversations: 1, responded: 1, responseRate: 1,
        firstResponseMedian: 5, firstResponseP90: 5, firstResponseMean: 5,
        replyMedian: 60.49975, replyP90: expect.closeTo(108.09995, 9),
        resolutions: 1, resolutionMedian: 600, withinSla: 1, assignedConversations: 0, assignmentResponseMedian: null, assignmentResponseP90: null,
      },
      {
        bucket: TUE, conversations: 1, responded: 1, responseRate: 1,
        firstResponseMedian: 0, firstResponseP90: 0, firstResponseMean: 0,
        replyMedian: 0, replyP90: 0, resolutions: 0, resolutionMedian: null, withinSla: 1, assignedConversations: 0, assignmentResponseMedian: null, assignmentResponseP90: null,
      },
    ]);
  });

  it('response times (responder=agent, groupBy=agent): bots are passed over, unanswered is the null group', () => {
    const r = oracle.responseTimes({ ...P, responder: 'agent', groupBy: 'agent', sla: 300 });
    expect(r.totals).toMatchObject({
      conversations: 2, responded: 1, responseRate: 0.5,
      firstResponseMedian: 170, firstResponseMean: 170,
      replyMedian: 115.249875, replyP90: expect.closeTo(159.049975, 9), withinSla: 0.5,
    });
    expect(r.series.map((s) => [s.group, s.bucket, s.conversations, s.responded, s.withinSla])).toEqual([
      ['ana', MON, 1, 1, 1],
      ['ana', TUE, 0, 0, null],
      [null, MON, 0, 0, null],
      [null, TUE, 1, 0, 0],
    ]);
    expect(r.series[2]).toEqual({ bucket: MON, group: null, ...noResponses });
    const any = oracle.responseTimes({ ...P, groupBy: 'agent' });
    expect([...new Set(any.series.map((s) => s.group))]).toEqual(['faq-bot', 'router-bot']);
  });

  it('engagement', () => {
    const e = oracle.engagement(P);
    expect(e.totals).toEqual({
      conversations: 1, messagesIn: 5, messagesOut: 4, activeContacts: 1, messagesPerConversation: 6,
      automationRate: 0.5, conversionRate: 1, revenue: { EUR: 20, USD: 50 },
    });
    expect(e.series).toEqual([
      { bucket: MON, conversations: 1, messagesIn: 3, messagesOut: 3, activeContacts: 1, messagesPerConversation: 6, automationRate: 0, conversionRate: 1, revenue: { EUR: 19.99 } },
      { bucket: TUE, conversations: 0, messagesIn: 2, messagesOut: 1, activeContacts: 1, messagesPerConversation: null, automationRate: 1, conversionRate: null, revenue: { EUR: 0.01, USD: 50 } },
    ]);
  });

  it('loyalty, with a channel filter and split by channel', () => {
    const l = oracle.loyalty(P);
    expect(l.totals).toEqual({
      activeContacts: 1, newContacts: 1, returningContacts: 0, returningRate: 0, repeatContactRate: 1,
      csatAverage: 2, csatSatisfiedRate: 0, csatResponses: 1,
    });
    expect(l.series.map((s) => [s.bucket, s.activeContacts, s.newContacts, s.returningContacts, s.repeatContactRate, s.csatResponses])).toEqual([
      [MON, 1, 1, 0, 0, 0],
      [TUE, 1, 0, 1, 0, 1],
    ]);
    // Within webchat, c1's first message ever is Tuesday's.
    const web = oracle.loyalty({ ...P, channels: ['webchat'] });
    expect(web.totals).toMatchObject({ activeContacts: 1, newContacts: 1, returningContacts: 0, csatResponses: 0 });
    expect(web.series[1]).toMatchObject({ bucket: TUE, newContacts: 1, returningContacts: 0 });
    const split = oracle.loyalty({ ...P, groupBy: 'channel' });
    expect(split.totals).toEqual(l.totals);
    expect(split.series.map((s) => [s.group, s.bucket, s.activeContacts, s.newContacts, s.csatResponses])).toEqual([
      ['webchat', MON, 0, 0, 0],
      ['webchat', TUE, 1, 1, 0],
      ['whatsapp', MON, 1, 1, 0],
      ['whatsapp', TUE, 0, 0, 1],
    ]);
    // A partial first bucket starts at from: "new" there means first message ≥ from.
    const late = oracle.loyalty({ ...P, fromMs: ms('2026-11-02T09:00:30Z') });
    expect(late.series[0]).toMatchObject({ bucket: MON, activeContacts: 1, newContacts: 0, returningContacts: 1 });
  });

  it('heatmap, in UTC and in a half-hour zone', () => {
    const cells = (tz: string) => oracle.heatmap({ ...P, tz }).cells.filter((c) => c.messages > 0);
    expect(oracle.heatmap(P).cells).toHaveLength(168);
    expect(oracle.heatmap(P).cells[0]).toEqual({ weekday: 1, hour: 0, messages: 0 });
    expect(cells('UTC')).toEqual([{ weekday: 1, hour: 9, messages: 3 }, { weekday: 2, hour: 12, messages: 2 }]);
    expect(cells('Asia/Kolkata')).toEqual([{ weekday: 1, hour: 14, messages: 3 }, { weekday: 2, hour: 17, messages: 2 }]);
  });

  it('cohorts', () => {
    const c = oracle.cohorts({ ...P, grain: 'week', toMs: ms('2026-11-16T00:00:00Z') });
    expect(c).toEqual({
      period: { from: MON, to: '2026-11-16T00:00:00+00:00' },
      tz: 'UTC',
      grain: 'week',
      cohorts: [
        { cohort: MON, size: 1, retained: [1, 0], rate: [1, 0] },
        { cohort: '2026-11-09T00:00:00+00:00', size: 0, retained: [0], rate: [null] },
      ],
    });
    // From mid-week: only buckets that start in [from, to) are cohorts.
    const mid = oracle.cohorts({ ...P, grain: 'week', fromMs: ms('2026-11-01T00:00:00Z'), toMs: ms('2026-11-16T00:00:00Z') });
    expect(mid.cohorts.map((x) => x.cohort)).toEqual([MON, '2026-11-09T00:00:00+00:00']);
  });

  it('channels', () => {
    expect(oracle.channels(P).channels).toEqual([
      {
        channel: 'webchat', conversations: 0, messagesIn: 2, messagesOut: 1, activeContacts: 1, responseRate: 1,
        firstResponseMedian: 0, firstResponseP90: 0, replyMedian: 0, automationRate: 1, csatAverage: null,
        returningRate: 0, conversionRate: null, revenue: { USD: 50 },
      },
      {
        channel: 'whatsapp', conversations: 1, messagesIn: 3, messagesOut: 3, activeContacts: 1, responseRate: 1,
        firstResponseMedian: 5, firstResponseP90: 5, replyMedian: 60.49975, automationRate: 0, csatAverage: 2,
        returningRate: 0, conversionRate: 1, revenue: { EUR: 20 },
      },
    ]);
  });

  it('overview: the period and the one before', () => {
    expect(oracle.overview(P)).toEqual({
      period: { from: MON, to: '2026-11-04T00:00:00+00:00' },
      previous: { from: '2026-10-31T00:00:00+00:00', to: MON },
      tz: 'UTC',
      current: {
        conversations: 1, messagesIn: 5, messagesOut: 4, activeContacts: 1, newContacts: 1, returningRate: 0,
        responseRate: 1, firstResponseMedian: 2.5, firstResponseP90: 4.5, automationRate: 0.5, csatAverage: 2, csatResponses: 1,
        conversionRate: 1, revenue: { EUR: 20, USD: 50 },
      },
      before: {
        conversations: 1, messagesIn: 0, messagesOut: 1, activeContacts: 0, newContacts: 0, returningRate: null,
        responseRate: null, firstResponseMedian: null, firstResponseP90: null, automationRate: null, csatAverage: null, csatResponses: 0,
        conversionRate: 1, revenue: {},
      },
    });
  });
});

describe('oracle: teams, tags and assignment', () => {
  /*
   * A is assigned at 09:02 to ana of "Sales, EU", reassigned at 09:04 to bo of support (its team
   * is support, for its whole history); ana answers at 09:03: assignment response 60 s. Its tags:
   * pricing (first message) and order (a conversion). B carries the tag "ord" (a prefix of
   * "order") and is never assigned. C (Mon 10:00) is assigned without a team and answered only by
   * a bot. D wrote before the period; its one event in the period is an assignment to "night".
   */
  const C = (id: string, type: string, occurredAt: string, extra: Partial<GeneratedEvent> = {}): GeneratedEvent =>
    ({ id: `C-${id}`, type, occurredAt, conversationId: 'C', channel: 'whatsapp', contactId: 'c3', ...extra });
  const D = (id: string, type: string, occurredAt: string, extra: Partial<GeneratedEvent> = {}): GeneratedEvent =>
    ({ id: `D-${id}`, type, occurredAt, conversationId: 'D', channel: 'sms', contactId: 'c4', ...extra });
  const tagged = EVENTS.map((e) =>
    e.id === 'A-2' ? { ...e, tags: ['pricing'] } : e.id === 'A-10' ? { ...e, tags: ['order'] } : e.id === 'B-4' ? { ...e, tags: ['ord'] } : e,
  );
  const o = new Oracle([
    ...tagged,
    A('as1', 'conversation.assigned', '2026-11-02T09:02:00Z', { agentId: 'ana', team: 'Sales, EU' }),
    A('as2', 'conversation.assigned', '2026-11-02T09:04:00Z', { agentId: 'bo', team: 'support' }),
    C('1', 'message.received', '2026-11-02T10:00:00Z', customer),
    C('2', 'conversation.assigned', '2026-11-02T10:01:00Z', { agentId: 'cy' }),
    C('3', 'message.sent', '2026-11-02T10:02:00Z', bot('faq-bot')),
    D('1', 'message.received', '2026-10-30T10:00:00Z', customer),
    D('2', 'conversation.assigned', '2026-11-02T12:00:00Z', { agentId: 'dee', team: 'night' }),
  ]);
  const conversations = (p: Partial<OracleParams>) => o.responseTimes({ ...P, ...p }).totals.conversations;

  it('assignment: counted at firstAssignedAt, timed to the first agent response after it', () => {
    const r = o.responseTimes(P);
    expect(r.totals).toMatchObject({ conversations: 3, assignedConversations: 3, assignmentResponseMedian: 60, assignmentResponseP90: 60 });
    expect(r.series.map((s) => [s.bucket, s.assignedConversations, s.assignmentResponseMedian])).toEqual([[MON, 3, 60], [TUE, 0, null]]);
  });

  it('team and tag filters: the latest team, any tag exactly (no prefixes), none, OR within, AND across', () => {
    expect(conversations({ teams: ['support'] })).toBe(1);
    expect(conversations({ teams: ['Sales, EU'] })).toBe(0);
    expect(conversations({ teams: ['none'] })).toBe(2); // B, C
    expect(conversations({ teams: ['support', 'none'] })).toBe(3);
    expect(conversations({ tags: ['order'] })).toBe(1);
    expect(conversations({ tags: ['ord'] })).toBe(1);
    expect(conversations({ tags: ['ord', 'order'] })).toBe(2);
    expect(conversations({ tags: ['none'] })).toBe(1); // C
    expect(conversations({ teams: ['none'], tags: ['ord'] })).toBe(1); // B
    expect(conversations({ teams: ['support'], tags: ['ord'] })).toBe(0);
    expect(o.engagement({ ...P, teams: ['night'] }).totals).toMatchObject({ conversations: 0, messagesIn: 0 });
    expect(o.responseTimes({ ...P, teams: ['night'] }).totals).toMatchObject({ conversations: 0, assignedConversations: 1, assignmentResponseMedian: null });
  });

  it('groupBy=tag: under each tag, so the groups add up to more than the totals; csat per group', () => {
    const r = o.responseTimes({ ...P, groupBy: 'tag' });
    expect(r.groups!.map((g) => [g.group, g.conversations, g.assignedConversations, g.csatAverage, g.csatResponses])).toEqual([
      ['ord', 1, 0, null, 0],
      ['order', 1, 1, 2, 1],
      ['pricing', 1, 1, 2, 1],
      [null, 1, 2, null, 0], // C, and D (assigned in the period: an assignment alone counts)
    ]);
    expect(r.groups!.every((g) => !('bot' in g))).toBe(true);
    const e = o.engagement({ ...P, groupBy: 'tag' });
    expect(e.groups!.map((g) => [g.group, g.messagesIn])).toEqual([['ord', 2], ['order', 3], ['pricing', 3], [null, 1]]);
    expect(e.groups!.reduce((n, g) => n + g.messagesIn, 0)).toBeGreaterThan(e.totals.messagesIn);
  });

  it('groupBy=team: the latest assignment’s team; null for never assigned or without a team', () => {
    const r = o.responseTimes({ ...P, groupBy: 'team' });
    expect(r.groups!.map((g) => [g.group, g.conversations, g.assignedConversations])).toEqual([
      ['night', 0, 1],
      ['support', 1, 1],
      [null, 2, 1],
    ]);
    expect(r.series.filter((s) => s.group === 'night').map((s) => s.bucket)).toEqual([MON, TUE]);
  });
});

describe('oracle: message statuses are events, never messages', () => {
  const status = (conv: 'A' | 'B', id: string, type: string, occurredAt: string, channel = conv === 'A' ? 'whatsapp' : 'webchat'): GeneratedEvent =>
    ({ id: `${conv}-${id}`, type, occurredAt, conversationId: conv, channel, contactId: 'c1', messageId: `m-${id}` });
  const byAgent = { ...P, responder: 'agent' as const, groupBy: 'agent' as const };
  const byChannelHour = { ...P, grain: 'hour' as const, groupBy: 'channel' as const };

  it('statuses inside the conversations change no answer (no message, no wait opened or closed, no response)', () => {
    const withStatuses = new Oracle([
      ...EVENTS,
      status('A', 's1', 'message.delivered', '2026-11-02T09:00:12Z'), // inside A's first wait (10 → 15)
      status('A', 's2', 'message.read', '2026-11-02T09:00:10Z'), // same instant as A's first customer message
      status('A', 's3', 'message.failed', '2026-11-02T09:07:00Z'), // between A's last reply and its resolution
      status('B', 's4', 'message.read', '2026-11-03T12:00:40Z'), // after B's unanswered message: does not answer it
    ]);
    for (const p of [P, byAgent, byChannelHour]) expect(withStatuses.responseTimes(p)).toEqual(oracle.responseTimes(p));
    for (const p of [P, byChannelHour]) expect(withStatuses.engagement(p)).toEqual(oracle.engagement(p));
    expect(withStatuses.channels(P)).toEqual(oracle.channels(P));
    expect(withStatuses.overview(P)).toEqual(oracle.overview(P));
  });

  it('a status as the earliest event starts the conversation and gives it its channel', () => {
    // B now starts Fri 2026-10-30 on sms: before the previous period [Oct 31, Nov 2), which so
    // loses its one started conversation; B's messages move to the sms channel.
    const moved = new Oracle([...EVENTS, status('B', 's0', 'message.delivered', '2026-10-30T19:00:00Z', 'sms')]);
    const o = moved.overview(P);
    expect(o.before).toMatchObject({ conversations: 0, messagesIn: 0, messagesOut: 1 });
    expect(o.current).toMatchObject({ conversations: 1, messagesIn: 5, messagesOut: 4 });
    expect(moved.channels(P).channels.map((c) => [c.channel, c.conversations, c.messagesIn, c.messagesOut])).toEqual([
      ['sms', 0, 2, 1],
      ['whatsapp', 1, 3, 3],
    ]);
  });

  it('a channel whose only event in the period is a status is listed ("any event in the period")', () => {
    const C = (id: string, type: string, occurredAt: string, extra: Partial<GeneratedEvent> = {}): GeneratedEvent =>
      ({ id: `C-${id}`, type, occurredAt, conversationId: 'C', channel: 'telegram', contactId: 'c2', ...extra });
    const withC = new Oracle([
      ...EVENTS,
      C('1', 'message.sent', '2026-10-30T10:00:00Z', { ...bot('broadcaster'), campaignId: 'promo', messageId: 'm-c1' }),
      C('2', 'message.read', '2026-11-02T08:00:00Z', { messageId: 'm-c1' }),
    ]);
    const telegram = withC.channels(P).channels.find((c) => c.channel === 'telegram');
    expect(telegram).toMatchObject({ conversations: 0, messagesIn: 0, messagesOut: 0, activeContacts: 0 });
    // Without the status, C has nothing in the period and no row.
    expect(new Oracle([...EVENTS, C('1', 'message.sent', '2026-10-30T10:00:00Z', { ...bot('broadcaster'), campaignId: 'promo' })]).channels(P).channels.map((c) => c.channel)).toEqual(['webchat', 'whatsapp']);
  });
});

describe('oracle: campaigns', () => {
  /*
   * Contact q1 (whatsapp conversation Q): 'pre' before the period, then a reply it takes; 'a'
   * failed (the status in another conversation R): no touch, so the next reply also goes to
   * 'pre' (5 h earlier) and counts nowhere; 'b' and 'c' at one instant ('Q-6' > 'Q-5': 'c'
   * wins) take the conversion; a reply 24 h + 1 µs after them counts only with window 25.
   */
  const Q = (id: string, type: string, occurredAt: string, extra: Partial<GeneratedEvent> = {}): GeneratedEvent =>
    ({ id: `Q-${id}`, type, occurredAt, conversationId: 'Q', channel: 'whatsapp', contactId: 'q1', ...extra });
  const sent = (campaignId: string, messageId: string) => ({ ...bot('broadcaster'), campaignId, messageId });
  const q = new Oracle([
    Q('1', 'message.sent', '2026-11-01T22:00:00Z', sent('pre', 'mq1')),
    Q('2', 'message.received', '2026-11-02T01:00:00Z', customer),
    Q('3', 'message.sent', '2026-11-02T02:00:00Z', sent('a', 'mq3')),
    { id: 'R-1', type: 'message.failed', occurredAt: '2026-11-02T02:00:01Z', conversationId: 'R', channel: 'sms', contactId: 'r1', messageId: 'mq3' },
    Q('4', 'message.received', '2026-11-02T03:00:00Z', customer),
    Q('5', 'message.sent', '2026-11-02T04:00:00Z', sent('b', 'mq5')),
    Q('6', 'message.sent', '2026-11-02T04:00:00Z', sent('c', 'mq6')),
    Q('7', 'conversion', '2026-11-02T05:00:00Z', { value: 7, currency: 'EUR' }),
    Q('8', 'message.received', '2026-11-03T04:00:00.000001Z', customer),
  ]);
  const funnel = (c: { campaignId?: string; sent: number; recipients: number; delivered: number; failed: number; replied: number; converted: number }) =>
    [c.campaignId, c.sent, c.recipients, c.delivered, c.failed, c.replied, c.converted];

  it('last touch: failed messages and touches before the period take part as the spec says', () => {
    const r = q.campaigns(P, 24);
    expect(r.campaigns.map(funnel)).toEqual([
      ['a', 1, 1, 0, 1, 0, 0],
      ['b', 1, 1, 0, 0, 0, 0],
      ['c', 1, 1, 0, 0, 0, 1],
    ]);
    expect(r.campaigns[2]).toMatchObject({ revenue: { EUR: 7 }, conversionRate: 1, replyRate: 0, readRate: null, channels: ['whatsapp'] });
    expect(r.totals).toMatchObject({ sent: 3, recipients: 1, failed: 1, replied: 0, converted: 1, firstSentAt: '2026-11-02T02:00:00+00:00', lastSentAt: '2026-11-02T04:00:00+00:00' });
    expect(funnel(q.campaigns(P, 25).campaigns[2])).toEqual(['c', 1, 1, 0, 0, 1, 1]);
    expect(r.series.filter((s) => s.group === 'c')).toEqual([
      { bucket: MON, group: 'c', sent: 1 },
      { bucket: TUE, group: 'c', sent: 0 },
    ]);
  });

  it('answers with the contract field names', () => {
    const r = q.campaigns(P);
    const keys = (x: object) => Object.keys(x).sort();
    expect(keys(r.campaigns[0])).toEqual(Object.keys(CampaignMetricsSchema.shape).sort());
    expect(keys(r.totals)).toEqual(Object.keys(CampaignTotalsSchema.shape).sort());
  });
});

describe('oracle: calendar buckets', () => {
  const berlin = { ...P, tz: 'Europe/Berlin' };

  it('hour buckets are real hours: the fall-back night has two 02:00 buckets', () => {
    const r = oracle.engagement({ ...berlin, grain: 'hour', fromMs: ms('2026-10-25T00:00:00+02:00'), toMs: ms('2026-10-25T05:00:00+01:00') });
    expect(r.series.map((s) => s.bucket)).toEqual([
      '2026-10-25T00:00:00+02:00',
      '2026-10-25T01:00:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T03:00:00+01:00',
      '2026-10-25T04:00:00+01:00',
    ]);
    const spring = oracle.engagement({ ...berlin, grain: 'hour', fromMs: ms('2026-03-29T01:00:00+01:00'), toMs: ms('2026-03-29T04:00:00+02:00') });
    expect(spring.series.map((s) => s.bucket)).toEqual(['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00']);
  });

  it('partial buckets are named by their calendar start; the period keeps its milliseconds', () => {
    const r = oracle.engagement({ ...berlin, grain: 'day', fromMs: ms('2026-10-24T15:30:00.123Z'), toMs: ms('2026-10-27T10:00:00Z') });
    expect(r.period).toEqual({ from: '2026-10-24T17:30:00.123+02:00', to: '2026-10-27T11:00:00+01:00' });
    expect(r.series.map((s) => s.bucket)).toEqual([
      '2026-10-24T00:00:00+02:00',
      '2026-10-25T00:00:00+02:00', // 25 hours long
      '2026-10-26T00:00:00+01:00',
      '2026-10-27T00:00:00+01:00',
    ]);
    const weeks = oracle.engagement({ ...berlin, grain: 'week', fromMs: ms('2026-10-24T00:00:00Z'), toMs: ms('2026-11-03T00:00:00Z') });
    expect(weeks.series.map((s) => s.bucket)).toEqual(['2026-10-19T00:00:00+02:00', '2026-10-26T00:00:00+01:00', '2026-11-02T00:00:00+01:00']);
    const months = oracle.engagement({ ...berlin, grain: 'month', fromMs: ms('2026-01-31T23:30:00Z'), toMs: ms('2026-04-01T00:00:00Z') });
    expect(months.series.map((s) => s.bucket)).toEqual(['2026-02-01T00:00:00+01:00', '2026-03-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00']);
  });

  it('items are counted only inside [from, to), even in a partial first bucket', () => {
    const r = oracle.engagement({ ...P, fromMs: ms('2026-11-02T09:00:30Z') });
    expect(r.series[0]).toMatchObject({ bucket: MON, conversations: 0, messagesIn: 2, messagesOut: 2 });
  });
});

describe('oracle: on a realistic load', () => {
  const events = generateEvents({ events: 25_000, seed: 2026 });
  const from = Date.UTC(2026, 8, 8, 13, 17);
  const base: OracleParams = { fromMs: from, toMs: from + 40 * 86_400_000, tz: 'Europe/Berlin', grain: 'day', channels: null, groupBy: null, responder: 'any', sla: 300 };
  const combos: OracleParams[] = [
    base,
    { ...base, grain: 'week', groupBy: 'channel' },
    { ...base, grain: 'hour', toMs: from + 30 * 86_400_000, tz: 'America/New_York', groupBy: 'agent', responder: 'agent' },
    { ...base, grain: 'month', channels: ['whatsapp', 'sms'], responder: 'agent' },
    { ...base, tz: 'Asia/Kolkata', groupBy: 'agent' },
    { ...base, grain: 'week', channels: ['email'], sla: 3600 },
    { ...base, fromMs: Date.UTC(2026, 7, 1), toMs: Date.UTC(2026, 10, 15), grain: 'week' },
    { ...base, tz: 'UTC', groupBy: 'channel', responder: 'agent' },
    { ...base, tz: 'Pacific/Auckland', grain: 'month', fromMs: Date.UTC(2026, 8, 1), toMs: Date.UTC(2026, 10, 1) },
    { ...base, tz: 'America/Sao_Paulo', channels: ['webchat'] },
    { ...base, grain: 'hour', toMs: from + 10 * 86_400_000, groupBy: 'channel' },
    { ...base, fromMs: from + 20 * 86_400_000, tz: 'Australia/Lord_Howe' },
  ];
  // The generator's teams (support or none) and tags (order on some conversions).
  const teamTagCombos: OracleParams[] = [
    { ...base, grain: 'week', groupBy: 'team', tags: ['order', 'none'] },
    { ...base, tz: 'Asia/Kolkata', groupBy: 'tag', teams: ['support'], responder: 'agent' },
    { ...base, groupBy: 'agent', teams: ['none'] },
  ];
  const keys = (x: object) => Object.keys(x).filter((k) => k !== 'bucket' && k !== 'group').sort();
  const schemaKeys = (s: { shape: object }) => Object.keys(s.shape).sort();

  it('answers a dozen parameter sets quickly, consistently and with the contract field names', () => {
    const started = Date.now();
    const o = new Oracle(events);
    for (const p of combos) check(o, p);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('and so with team and tag filters and groups', () => {
    const o = new Oracle(events);
    for (const p of teamTagCombos) check(o, p);
  });

  /** Every figure of every report for p: contract field names, and sums and identities that must hold. */
  function check(o: Oracle, p: OracleParams) {
    const rt = o.responseTimes(p);
    const en = o.engagement({ ...p, groupBy: p.groupBy === 'agent' ? null : p.groupBy });
    // Loyalty and cohorts take neither team/tag filters nor their groups.
    const unfiltered = { ...p, teams: null, tags: null };
    const lo = o.loyalty({ ...unfiltered, groupBy: p.groupBy === 'channel' ? 'channel' : null });
    const hm = o.heatmap(p);
    const co = o.cohorts({ ...unfiltered, grain: p.grain === 'month' ? 'month' : 'week' });
    const ch = o.channels(p);
    const ov = o.overview(p);
    const ca = o.campaigns(p, 48);

    expect(keys(rt.totals)).toEqual(schemaKeys(ResponseMetricsSchema));
    expect(keys(rt.series[0])).toEqual(schemaKeys(ResponseMetricsSchema));
    if (rt.groups?.length) {
      // Grouped response times carry csatAverage/csatResponses (and bot for agents): the contract's group item.
      const groupItem = ResponseTimesResponseSchema.shape.groups.unwrap().element;
      const expected = schemaKeys(groupItem).filter((k) => k !== 'group' && (k !== 'bot' || p.groupBy === 'agent'));
      expect(keys(rt.groups[0])).toEqual(expected);
    }
    expect(keys(en.totals)).toEqual(schemaKeys(EngagementMetricsSchema));
    expect(keys(lo.series[0])).toEqual(schemaKeys(LoyaltyMetricsSchema));
    expect(keys(ov.current)).toEqual(schemaKeys(OverviewMetricsSchema));
    if (ch.channels.length) expect(keys(ch.channels[0])).toEqual(schemaKeys(ChannelMetricsSchema));

    // Additive counts of the buckets add up to the totals; non-additive ones are consistent.
    const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
    expect(sum(en.series, (s) => s.messagesIn)).toBe(en.totals.messagesIn);
    expect(sum(en.series, (s) => s.conversations)).toBe(en.totals.conversations);
    expect(sum(rt.series, (s) => s.conversations)).toBe(rt.totals.conversations);
    expect(sum(rt.series, (s) => s.resolutions)).toBe(rt.totals.resolutions);
    expect(sum(lo.series, (s) => s.csatResponses)).toBe(lo.totals.csatResponses);
    expect(sum(hm.cells, (c) => c.messages)).toBe(en.totals.messagesIn);
    if (p.groupBy !== 'tag') expect(sum(rt.groups ?? [], (g) => g.assignedConversations)).toBe(rt.groups ? rt.totals.assignedConversations : 0);
    if (p.teams == null && p.tags == null) expect(lo.totals.activeContacts).toBe(en.totals.activeContacts);
    expect(lo.totals.newContacts + lo.totals.returningContacts).toBe(lo.totals.activeContacts);
    for (const s of lo.series) expect(s.newContacts + s.returningContacts).toBe(s.activeContacts);
    expect(ov.current.messagesIn).toBe(en.totals.messagesIn);
    expect(ov.current.firstResponseMedian).toBe(rt.totals.firstResponseMedian);
    expect(sum(ch.channels, (c) => c.messagesOut)).toBe(en.totals.messagesOut);
    for (const c of co.cohorts) expect(c.retained[0]).toBe(c.size);
    expect(sum(ca.series, (s) => s.sent)).toBe(ca.totals.sent);
    expect(sum(ca.campaigns, (c) => c.sent)).toBe(ca.totals.sent);
    if (ca.campaigns.length) expect(keys(ca.campaigns[0])).toEqual(schemaKeys(CampaignMetricsSchema));
    if (p.groupBy === null) expect(rt.series.every((s) => !('group' in s))).toBe(true);
    else expect(rt.series.length % new Set(rt.series.map((s) => s.bucket)).size).toBe(0);
  }
});
