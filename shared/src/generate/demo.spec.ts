/**
 * The demo data generator: valid events (events.md), deterministic, inside the window, and
 * believable in the ways the dashboard shows (metrics.md). Local times are read with Intl in
 * Europe/Berlin here, independently of the generator's TimeZone (time-zone.spec.ts checks that).
 */
import { BusinessHoursRequestSchema } from '../business-hours.js';
import { validateEvent } from '../events.js';
import { generateDemoEvents } from './demo.js';
import type { DemoEvent } from './demo-profile.js';
import { demoBusinessHours, demoHolidayDay } from './demo-schedule.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
// A Friday afternoon, with milliseconds, some weeks after the autumn clock change.
const END_MS = Date.UTC(2026, 10, 20, 14, 37, 12, 345);
const DAYS = 90;
const START_MS = END_MS - DAYS * DAY;

const ms = (e: DemoEvent) => Date.parse(e.occurredAt);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
function berlinTime(t: number): { weekend: boolean; hour: number } {
  const parts = berlin.formatToParts(new Date(t));
  const weekday = parts.find((p) => p.type === 'weekday')!.value;
  return { weekend: weekday === 'Sat' || weekday === 'Sun', hour: Number(parts.find((p) => p.type === 'hour')!.value) };
}

interface Conversation {
  id: string;
  channel: string;
  events: DemoEvent[];
  firstCustomerAt: number | null;
  /** First response (any responder) in seconds, null when unanswered or without a customer message. */
  firstResponse: number | null;
  firstAgentResponse: number | null;
  campaign: boolean;
}

/** Conversation-level reading as in events.md (events are sorted already). */
function conversations(events: DemoEvent[]): Conversation[] {
  const byId = new Map<string, DemoEvent[]>();
  for (const e of events) {
    const list = byId.get(e.conversationId);
    if (list) list.push(e);
    else byId.set(e.conversationId, [e]);
  }
  return [...byId].map(([id, es]) => {
    const first = es.find((e) => e.type === 'message.received');
    const firstCustomerAt = first ? ms(first) : null;
    const responses = es.filter((e) => e.type === 'message.sent' && !e.campaignId && firstCustomerAt !== null && ms(e) >= firstCustomerAt);
    const agent = responses.find((e) => e.sender?.type === 'agent');
    return {
      id,
      channel: es[0].channel,
      events: es,
      firstCustomerAt,
      firstResponse: responses.length && firstCustomerAt !== null ? (ms(responses[0]) - firstCustomerAt) / 1000 : null,
      firstAgentResponse: agent && firstCustomerAt !== null ? (ms(agent) - firstCustomerAt) / 1000 : null,
      campaign: es.some((e) => e.campaignId !== undefined),
    };
  });
}

let events: DemoEvent[];
let convs: Conversation[];
let inbound: Conversation[];

beforeAll(() => {
  events = generateDemoEvents({ endMs: END_MS, days: DAYS });
  convs = conversations(events);
  inbound = convs.filter((c) => c.firstCustomerAt !== null);
});

describe('generateDemoEvents: validity and window', () => {
  it('makes only events that validateEvent accepts (nowMs = endMs), with unique ids', () => {
    const errors: string[] = [];
    for (const e of events) {
      const result = validateEvent(e, END_MS);
      if (!result.ok && errors.length < 5) errors.push(`${e.id}: ${result.errors.join('; ')}`);
    }
    expect(errors).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('writes occurredAt in UTC with milliseconds and realistic ids', () => {
    expect(events.filter((e) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(e.occurredAt))).toEqual([]);
    const wa = events.filter((e) => e.channel === 'whatsapp' && e.type === 'message.received');
    expect(wa[0].id).toMatch(/^wa-msg-wamid\./);
    expect(wa[0].messageId).toBe(wa[0].id.slice('wa-msg-'.length));
    expect(wa[0].conversationId).toMatch(/^wa-conv-\d+$/);
    // Phone numbers on WhatsApp and SMS, handles elsewhere.
    const phoneLike = (e: DemoEvent) => /^\+\d{10,14}$/.test(e.contactId);
    const handle = (e: DemoEvent) => /^(fb\.|@|visitor-|[a-z]+\.[a-z]+\d*@(mail\.)?example\.[a-z]+$)/.test(e.contactId);
    expect(events.filter((e) => (e.channel === 'whatsapp' || e.channel === 'sms' ? !phoneLike(e) : !handle(e)))).toEqual([]);
  });

  it('stays inside (endMs − days, endMs], sorted by occurredAt', () => {
    for (const options of [{ endMs: END_MS, days: DAYS }, { endMs: Date.UTC(2026, 2, 30, 23, 59, 59, 999), days: 14, seed: 7 }]) {
      const list = options.days === DAYS ? events : generateDemoEvents(options);
      expect(list.length).toBeGreaterThan(0);
      const times = list.map(ms);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(options.endMs - options.days * DAY);
      expect(Math.max(...times)).toBeLessThanOrEqual(options.endMs);
      expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    }
  });

  it('is deterministic: the same options give the same events, another seed others', () => {
    const again = generateDemoEvents({ endMs: END_MS, days: DAYS });
    expect(JSON.stringify(again)).toBe(JSON.stringify(events));
    const other = generateDemoEvents({ endMs: END_MS, days: DAYS, seed: 12345 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(events));
    expect(other.length).not.toBe(events.length);
  });

  it('makes 25–40k events for 90 days at scale 1, and scales', () => {
    expect(events.length).toBeGreaterThanOrEqual(25_000);
    expect(events.length).toBeLessThanOrEqual(40_000);
    const half = generateDemoEvents({ endMs: END_MS, days: DAYS, scale: 0.5 });
    expect(half.length / events.length).toBeGreaterThan(0.35);
    expect(half.length / events.length).toBeLessThan(0.65);
  });

  it('refuses nonsense options', () => {
    expect(() => generateDemoEvents({ endMs: END_MS, days: 0 })).toThrow(RangeError);
    expect(() => generateDemoEvents({ endMs: Number.NaN, days: 1 })).toThrow(RangeError);
    expect(() => generateDemoEvents({ endMs: END_MS, days: 1, scale: -1 })).toThrow(RangeError);
  });
});

describe('generateDemoEvents: believable activity', () => {
  it('uses all six channels, whatsapp the largest, sms and email the smallest', () => {
    const inboundMessages = (channel: string) => events.filter((e) => e.channel === channel && e.type === 'message.received').length;
    const channels = ['whatsapp', 'messenger', 'instagram', 'webchat', 'sms', 'email'];
    expect(new Set(events.map((e) => e.channel))).toEqual(new Set(channels));
    const counts = Object.fromEntries(channels.map((c) => [c, inboundMessages(c)]));
    for (const c of channels.filter((c) => c !== 'whatsapp')) {
      expect(counts.whatsapp).toBeGreaterThan(1.5 * counts[c]);
      expect(events.filter((e) => e.channel === 'whatsapp').length).toBeGreaterThan(events.filter((e) => e.channel === c).length);
    }
    for (const small of ['sms', 'email']) for (const big of ['webchat', 'messenger', 'instagram']) expect(counts[small]).toBeLessThan(counts[big]);
  });

  it('answers webchat and whatsapp in minutes, email in hours', () => {
    const firstResponses = (channel: string) => inbound.filter((c) => c.channel === channel && c.firstResponse !== null).map((c) => c.firstResponse!);
    const agentResponses = (channel: string) => inbound.filter((c) => c.channel === channel && c.firstAgentResponse !== null).map((c) => c.firstAgentResponse!);
    expect(median(firstResponses('webchat'))).toBeLessThan(5 * 60);
    expect(median(firstResponses('whatsapp'))).toBeLessThan(5 * 60);
    expect(median(agentResponses('webchat'))).toBeLessThan(15 * 60);
    expect(median(agentResponses('whatsapp'))).toBeLessThan(15 * 60);
    expect(median(firstResponses('email'))).toBeGreaterThan(HOUR / 1000);
    expect(median(agentResponses('email'))).toBeGreaterThan(median(agentResponses('messenger')));
  });

  it('has a bot that answers first, resolves some conversations alone and hands others to named agents', () => {
    const bots = new Set(events.filter((e) => e.type === 'message.sent' && !e.campaignId && e.sender?.type === 'bot').map((e) => (e.sender as { id: string }).id));
    const agents = new Set(events.filter((e) => e.type === 'message.sent' && e.sender?.type === 'agent').map((e) => (e.sender as { id: string }).id));
    expect(bots.size).toBeGreaterThanOrEqual(1);
    expect(agents.size).toBeGreaterThanOrEqual(5);
    const responders = (c: Conversation) => c.events.filter((e) => e.type === 'message.sent' && !e.campaignId).map((e) => e.sender?.type);
    const botOnly = inbound.filter((c) => responders(c).length > 0 && responders(c).every((t) => t === 'bot'));
    const handedOver = inbound.filter((c) => responders(c)[0] === 'bot' && responders(c).includes('agent'));
    expect(botOnly.length).toBeGreaterThan(0.05 * inbound.length);
    expect(handedOver.length).toBeGreaterThan(0.05 * inbound.length);
    // The bot works on some channels only.
    const botChannels = new Set([...botOnly, ...handedOver].map((c) => c.channel));
    expect(botChannels.has('webchat') && botChannels.has('whatsapp')).toBe(true);
    expect(botChannels.has('email') || botChannels.has('sms')).toBe(false);
  });

  it('assigns conversations to agents of teams', () => {
    const assigned = events.filter((e) => e.type === 'conversation.assigned');
    expect(assigned.length).toBeGreaterThan(0.3 * inbound.length);
    expect(new Set(assigned.map((e) => e.agentId)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(assigned.map((e) => e.team)).size).toBeGreaterThanOrEqual(2);
    // An assigned conversation is assigned before its first agent reply (the rest: the shared inbox, below).
    for (const c of inbound) {
      const firstAgent = c.events.find((e) => e.type === 'message.sent' && e.sender?.type === 'agent');
      const assignment = c.events.find((e) => e.type === 'conversation.assigned');
      if (firstAgent && assignment) expect(ms(assignment)).toBeLessThanOrEqual(ms(firstAgent));
    }
  });

  it('runs campaigns on a few dates, each followed by a wave of inbound', () => {
    const starts = new Map<string, number>();
    const audience = new Map<string, Set<string>>();
    for (const e of events) {
      if (!e.campaignId) continue;
      expect(e.type).toBe('message.sent');
      if (!starts.has(e.campaignId)) starts.set(e.campaignId, ms(e));
      audience.set(e.campaignId, (audience.get(e.campaignId) ?? new Set()).add(e.contactId));
    }
    expect(starts.size).toBeGreaterThanOrEqual(3);
    expect(starts.size).toBeLessThanOrEqual(10);
    for (const contacts of audience.values()) expect(contacts.size).toBeGreaterThanOrEqual(100);
    const received = events.filter((e) => e.type === 'message.received').map(ms);
    const inWindow = (from: number) => received.filter((t) => t >= from && t < from + 12 * HOUR).length;
    let after = 0;
    let before = 0;
    for (const t of starts.values()) {
      // The same 12 hours one week earlier (same weekday and hour) as the baseline.
      expect(inWindow(t)).toBeGreaterThan(inWindow(t - WEEK));
      after += inWindow(t);
      before += inWindow(t - WEEK);
    }
    expect(after).toBeGreaterThan(1.8 * before);
  });

  it('leaves some conversations unanswered', () => {
    const unanswered = inbound.filter((c) => c.firstResponse === null && c.firstCustomerAt! < END_MS - 3 * DAY);
    expect(unanswered.length).toBeGreaterThan(0.01 * inbound.length);
    expect(unanswered.length).toBeLessThan(0.15 * inbound.length);
  });

  it('resolves most conversations, reopens some and resolves those again', () => {
    const status = (c: Conversation) => c.events.filter((e) => e.type === 'conversation.resolved' || e.type === 'conversation.reopened').map((e) => e.type);
    const resolved = inbound.filter((c) => status(c).at(-1) === 'conversation.resolved');
    expect(resolved.length).toBeGreaterThan(0.7 * inbound.length);
    const reopened = inbound.filter((c) => status(c).includes('conversation.reopened'));
    expect(reopened.length).toBeGreaterThan(0.02 * inbound.length);
    for (const c of reopened) expect(status(c)[0]).toBe('conversation.resolved'); // reopened after a resolution
    const resolvedAgain = reopened.filter((c) => status(c).at(-1) === 'conversation.resolved');
    expect(resolvedAgain.length).toBeGreaterThan(0.6 * reopened.length);
  });

  it('collects CSAT ratings 1–5, mostly good, worse after slow replies', () => {
    const ratings = events.filter((e) => e.type === 'csat.submitted').map((e) => e.rating!);
    expect(ratings.length).toBeGreaterThan(300);
    for (const r of ratings) expect([1, 2, 3, 4, 5]).toContain(r);
    expect(new Set(ratings).size).toBe(5);
    expect(mean(ratings)).toBeGreaterThan(3.5);
    expect(ratings.filter((r) => r >= 4).length / ratings.length).toBeGreaterThan(0.6);
    const rated = inbound
      .map((c) => ({ c, rating: c.events.filter((e) => e.type === 'csat.submitted').at(-1)?.rating }))
      .filter((x): x is { c: Conversation; rating: number } => x.rating !== undefined && x.c.firstAgentResponse !== null);
    const fast = rated.filter((x) => x.c.firstAgentResponse! < 10 * 60).map((x) => x.rating);
    const slow = rated.filter((x) => x.c.firstAgentResponse! > 2 * 3600 && x.c.channel !== 'email').map((x) => x.rating);
    expect(fast.length).toBeGreaterThan(30);
    expect(slow.length).toBeGreaterThan(30);
    expect(mean(fast)).toBeGreaterThan(mean(slow) + 0.3);
  });

  it('records conversions in EUR (mostly) and USD, more often after campaigns', () => {
    const conversions = events.filter((e) => e.type === 'conversion');
    const eur = conversions.filter((e) => e.currency === 'EUR');
    const usd = conversions.filter((e) => e.currency === 'USD');
    expect(eur.length + usd.length).toBe(conversions.length);
    expect(usd.length).toBeGreaterThan(5);
    expect(eur.length).toBeGreaterThan(2 * usd.length);
    for (const e of conversions) expect(e.value! > 0 && Number.isFinite(e.value)).toBe(true);
    const rate = (cs: Conversation[]) => cs.filter((c) => c.events.some((e) => e.type === 'conversion')).length / cs.length;
    expect(rate(inbound.filter((c) => c.campaign))).toBeGreaterThan(1.5 * rate(inbound.filter((c) => !c.campaign)));
  });

  it('brings contacts back: a meaningful share is active in 2+ weeks, with decaying retention', () => {
    const weeks = new Map<string, Set<number>>();
    const cohort = new Map<string, number>();
    for (const e of events) {
      if (e.type !== 'message.received') continue;
      const week = Math.floor((ms(e) - START_MS) / WEEK);
      if (!cohort.has(e.contactId)) cohort.set(e.contactId, week);
      weeks.set(e.contactId, (weeks.get(e.contactId) ?? new Set()).add(week));
    }
    const multiWeek = [...weeks.values()].filter((w) => w.size >= 2).length;
    expect(multiWeek / weeks.size).toBeGreaterThan(0.2);
    expect(multiWeek / weeks.size).toBeLessThan(0.6);
    // Over the early cohorts: retained after 1 week > after 6 weeks > 0.
    const retained = (k: number) => {
      let members = 0;
      let back = 0;
      for (const [contact, c] of cohort) {
        if (c > 4) continue;
        members++;
        if (weeks.get(contact)!.has(c + k)) back++;
      }
      return back / members;
    };
    expect(retained(1)).toBeGreaterThan(0.08);
    expect(retained(1)).toBeLessThan(0.4);
    expect(retained(6)).toBeGreaterThan(0);
    expect(retained(6)).toBeLessThan(retained(1));
  });

  it('follows Europe/Berlin rhythms: busy weekdays 9–18, quiet nights and weekends, slower replies off hours', () => {
    const perHour = { weekdayDay: 0, night: 0, weekendDay: 0 };
    for (const e of events) {
      if (e.type !== 'message.received') continue;
      const { weekend, hour } = berlinTime(ms(e));
      if (hour < 6) perHour.night++;
      else if (hour >= 9 && hour < 18) perHour[weekend ? 'weekendDay' : 'weekdayDay']++;
    }
    // Per hour of the week: 5 days × 9 h, 7 days × 6 h, 2 days × 9 h.
    const weekdayDay = perHour.weekdayDay / 45;
    const night = perHour.night / 42;
    const weekendDay = perHour.weekendDay / 18;
    expect(weekdayDay).toBeGreaterThan(5 * night);
    expect(weekdayDay).toBeGreaterThan(1.5 * weekendDay);

    const agentWait = (offHours: boolean) =>
      median(
        inbound
          .filter((c) => c.firstAgentResponse !== null && c.channel !== 'email')
          .filter((c) => {
            const { weekend, hour } = berlinTime(c.firstCustomerAt!);
            return offHours ? weekend || hour < 6 || hour >= 21 : !weekend && hour >= 9 && hour < 17;
          })
          .map((c) => c.firstAgentResponse!),
      );
    expect(agentWait(true)).toBeGreaterThan(3 * agentWait(false));
  });
});

describe('generateDemoEvents: campaigns and message statuses', () => {
  const STATUS_TYPES = ['message.delivered', 'message.read', 'message.failed'];
  const WINDOW_MS = 120 * HOUR; // the campaigns report's default attribution window
  let campaignMessages: DemoEvent[];
  let sentById: Map<string, DemoEvent>;
  let statusesOf: Map<string, DemoEvent[]>;
  let byConversation: Map<string, DemoEvent[]>;
  const has = (m: DemoEvent, type: string) => (statusesOf.get(m.messageId!) ?? []).some((s) => s.type === type);
  const delivered = (m: DemoEvent) => has(m, 'message.delivered') || has(m, 'message.read');
  const failed = (m: DemoEvent) => has(m, 'message.failed') && !delivered(m);
  const share = (xs: DemoEvent[], p: (m: DemoEvent) => boolean) => xs.filter(p).length / xs.length;
  /** The customer's first message in the conversation after `m`, if any. */
  const nextReceived = (m: DemoEvent) => byConversation.get(m.conversationId)!.find((e) => e.type === 'message.received' && ms(e) >= ms(m));

  beforeAll(() => {
    campaignMessages = events.filter((e) => e.campaignId !== undefined);
    sentById = new Map(events.filter((e) => e.type === 'message.sent' && e.messageId !== undefined).map((e) => [e.messageId!, e]));
    statusesOf = new Map();
    byConversation = new Map();
    for (const e of events) {
      if (STATUS_TYPES.includes(e.type)) statusesOf.set(e.messageId!, [...(statusesOf.get(e.messageId!) ?? []), e]);
      byConversation.set(e.conversationId, [...(byConversation.get(e.conversationId) ?? []), e]);
    }
  });

  it('gives every campaign message a unique messageId; every status names a message.sent of its conversation', () => {
    expect(campaignMessages.length).toBeGreaterThan(2000);
    expect(campaignMessages.filter((m) => m.messageId === undefined)).toEqual([]);
    expect(new Set(campaignMessages.map((m) => m.messageId)).size).toBe(campaignMessages.length);
    for (const [messageId, list] of statusesOf) {
      const m = sentById.get(messageId);
      expect(m).toBeDefined();
      for (const s of list) expect([s.conversationId, s.contactId, s.channel]).toEqual([m!.conversationId, m!.contactId, m!.channel]);
      // At most one status of each type per message.
      expect(new Set(list.map((s) => s.type)).size).toBe(list.length);
    }
  });

  it('delivers ~88–95 % of campaign messages, WhatsApp reads most of them, SMS has no read receipts; a few fail or report nothing', () => {
    const wa = campaignMessages.filter((m) => m.channel === 'whatsapp');
    const sms = campaignMessages.filter((m) => m.channel === 'sms');
    expect(wa.length).toBeGreaterThan(1500);
    expect(sms.length).toBeGreaterThan(100);
    expect(wa.length + sms.length).toBe(campaignMessages.length);
    for (const list of [wa, sms]) {
      expect(share(list, delivered)).toBeGreaterThanOrEqual(0.86);
      expect(share(list, delivered)).toBeLessThanOrEqual(0.96);
      expect(share(list, failed)).toBeGreaterThan(0.01);
      expect(share(list, failed)).toBeLessThan(0.07);
      const silent = share(list, (m) => !statusesOf.has(m.messageId!));
      expect(silent).toBeGreaterThan(0.01);
      expect(silent).toBeLessThan(0.08);
    }
    // Read: most delivered WhatsApp messages; a few % read without a delivered.
    const readRate = wa.filter((m) => has(m, 'message.read')).length / wa.filter(delivered).length;
    expect(readRate).toBeGreaterThanOrEqual(0.55);
    expect(readRate).toBeLessThanOrEqual(0.75);
    const readOnly = share(wa, (m) => has(m, 'message.read') && !has(m, 'message.delivered'));
    expect(readOnly).toBeGreaterThan(0.01);
    expect(readOnly).toBeLessThan(0.06);
    expect(sms.filter((m) => has(m, 'message.read'))).toEqual([]);
    // A failed message has nothing else: never delivered, never read.
    const failures = campaignMessages.filter((m) => has(m, 'message.failed'));
    expect(failures.filter(delivered)).toEqual([]);
    expect(failures.every((m) => statusesOf.get(m.messageId!)!.length === 1)).toBe(true);
  });

  it('reports statuses seconds to hours after their message, now and then stamped up to 3 s before it', () => {
    const delays = campaignMessages.flatMap((m) => (statusesOf.get(m.messageId!) ?? []).map((s) => ms(s) - ms(m)));
    expect(delays.length).toBeGreaterThan(3000);
    expect(median(delays)).toBeGreaterThan(2000);
    expect(median(delays)).toBeLessThan(10 * 60_000);
    const hoursLater = delays.filter((d) => d > HOUR).length / delays.length;
    expect(hoursLater).toBeGreaterThan(0.05);
    expect(hoursLater).toBeLessThan(0.4);
    expect(Math.max(...delays)).toBeLessThan(3 * DAY);
    const early = delays.filter((d) => d < 0);
    expect(early.length).toBeGreaterThan(5);
    expect(early.length).toBeLessThan(0.03 * delays.length);
    expect(Math.min(...early)).toBeGreaterThanOrEqual(-3000);
  });

  it('has no answer to a failed or unread campaign message, and each read comes before the answer', () => {
    let answered = 0;
    for (const m of campaignMessages) {
      const reply = nextReceived(m);
      if (!reply) continue;
      answered++;
      expect(failed(m)).toBe(false);
      // WhatsApp: an answered message was read (or reported nothing at all).
      if (m.channel === 'whatsapp') expect(has(m, 'message.read') || !statusesOf.has(m.messageId!)).toBe(true);
      for (const s of statusesOf.get(m.messageId!) ?? []) expect(ms(s)).toBeLessThan(ms(reply));
    }
    expect(answered).toBeGreaterThan(200);
  });

  it('brings replies mostly within hours, some only after 6–12 days (outside the default window)', () => {
    const delays = campaignMessages.flatMap((m) => {
      const reply = nextReceived(m);
      return reply ? [ms(reply) - ms(m)] : [];
    });
    expect(median(delays)).toBeLessThan(6 * HOUR);
    expect(delays.filter((d) => d <= 6 * HOUR).length / delays.length).toBeGreaterThan(0.7);
    const late = delays.filter((d) => d > WINDOW_MS);
    expect(late.length / delays.length).toBeGreaterThan(0.03);
    expect(late.length / delays.length).toBeLessThan(0.15);
    // Replies come within 30 h or after 6 to 12 days: nothing in between.
    for (const d of delays) expect(d <= 30 * HOUR || (d >= 6 * DAY && d <= 12 * DAY)).toBe(true);
  });

  it('has conversions of recipients inside and outside the default window of their latest campaign message', () => {
    // Latest earlier campaign message of the contact, as the report attributes (failed ones are no touch).
    const touches = new Map<string, number[]>();
    for (const m of campaignMessages) if (!failed(m)) touches.set(m.contactId, [...(touches.get(m.contactId) ?? []), ms(m)]);
    const inside: number[] = [];
    const outside: number[] = [];
    for (const e of events) {
      if (e.type !== 'conversion') continue;
      const latest = (touches.get(e.contactId) ?? []).filter((t) => t < ms(e)).at(-1);
      if (latest === undefined) continue;
      (ms(e) - latest <= WINDOW_MS ? inside : outside).push(ms(e) - latest);
    }
    expect(inside.length).toBeGreaterThan(80);
    expect(median(inside)).toBeLessThan(12 * HOUR);
    expect(outside.length).toBeGreaterThan(5);
    expect(outside.length).toBeLessThan(inside.length / 2);
    // Link clicks (conversions without a reply) also come days later.
    const clicks = events.filter((e) => e.type === 'conversion' && e.tags?.includes('link-click'));
    const clickDelay = (e: DemoEvent) => ms(e) - ms(campaignMessages.find((m) => m.conversationId === e.conversationId)!);
    expect(clicks.some((e) => clickDelay(e) < DAY)).toBe(true);
    expect(clicks.some((e) => clickDelay(e) >= 6 * DAY)).toBe(true);
  });

  it('sends a reminder two days after some campaigns to recipients who had not answered, so last touch decides', () => {
    const firstSend = new Map<string, DemoEvent[]>();
    for (const m of campaignMessages) firstSend.set(m.campaignId!, [...(firstSend.get(m.campaignId!) ?? []), m]);
    const reminders = [...firstSend.keys()].filter((id) => id.endsWith('-last-call'));
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    expect(firstSend.size - reminders.length).toBeGreaterThanOrEqual(4);
    for (const id of reminders) {
      const name = id.replace(/^cmp-\d{4}-\d{2}-\d{2}-/, '').replace(/-last-call$/, '');
      const parentId = [...firstSend.keys()].find((p) => !p.endsWith('-last-call') && p.endsWith(`-${name}`))!;
      const parent = firstSend.get(parentId)!;
      const reminder = firstSend.get(id)!;
      const gap = ms(reminder[0]) - ms(parent[0]);
      expect(gap).toBeGreaterThan(1.5 * DAY);
      expect(gap).toBeLessThan(3 * DAY);
      expect(reminder.length).toBeGreaterThan(50);
      expect(reminder.length).toBeLessThan(parent.length);
      for (const m of reminder) {
        const first = parent.find((p) => p.contactId === m.contactId);
        expect(first).toBeDefined();
        expect(failed(first!)).toBe(false);
        const reply = nextReceived(first!);
        expect(reply === undefined || ms(reply) > ms(m)).toBe(true);
      }
    }
    // Answers after both messages of a contact within the window: the later one is the touch.
    const sends = new Map<string, DemoEvent[]>();
    for (const m of campaignMessages) if (!failed(m)) sends.set(m.contactId, [...(sends.get(m.contactId) ?? []), m]);
    const twice = new Set<string>();
    for (const e of events) {
      if (e.type !== 'message.received' && e.type !== 'conversion') continue;
      const earlier = (sends.get(e.contactId) ?? []).filter((m) => ms(m) < ms(e));
      const [a, b] = earlier.slice(-2);
      if (b && a.campaignId !== b.campaignId && ms(e) - ms(a) <= WINDOW_MS) twice.add(e.contactId);
    }
    expect(twice.size).toBeGreaterThanOrEqual(10);
  });

  it('reports statuses for a share of ordinary WhatsApp and SMS messages, each read before the customer writes again', () => {
    const ordinary = events.filter((e) => e.type === 'message.sent' && e.campaignId === undefined);
    const withStatus = ordinary.filter((m) => m.messageId !== undefined && statusesOf.has(m.messageId));
    expect(new Set(withStatus.map((m) => m.channel))).toEqual(new Set(['whatsapp', 'sms']));
    const wa = ordinary.filter((m) => m.channel === 'whatsapp');
    expect(share(wa, (m) => statusesOf.has(m.messageId!))).toBeGreaterThan(0.15);
    expect(share(wa, (m) => statusesOf.has(m.messageId!))).toBeLessThan(0.35);
    // In a live conversation nearly every message is delivered and most are read.
    expect(share(withStatus, delivered)).toBeGreaterThan(0.9);
    expect(share(withStatus.filter((m) => m.channel === 'whatsapp'), (m) => has(m, 'message.read'))).toBeGreaterThan(0.7);
    for (const m of withStatus) {
      const reply = nextReceived(m);
      const read = statusesOf.get(m.messageId!)!.find((s) => s.type === 'message.read');
      if (reply && read) expect(ms(read)).toBeLessThan(ms(reply));
    }
  });
});

describe('generateDemoEvents: teams, reassignments and tags', () => {
  const assignments = (c: Conversation) => c.events.filter((e) => e.type === 'conversation.assigned');
  /** The conversation's team as events.md reads it: the latest assignment's. */
  const teamOf = (c: Conversation) => assignments(c).at(-1)?.team;
  const tagsOf = (c: Conversation) => new Set(c.events.flatMap((e) => e.tags ?? []));
  const agentAnswered = () => inbound.filter((c) => c.firstAgentResponse !== null);
  const assignedConvs = () => inbound.filter((c) => assignments(c).length > 0);

  it('assigns to the teams Support, Sales and Billing, each with a real share', () => {
    expect(new Set(events.filter((e) => e.type === 'conversation.assigned').map((e) => e.team))).toEqual(new Set(['Support', 'Sales', 'Billing']));
    const all = assignedConvs();
    for (const team of ['Support', 'Sales', 'Billing']) expect(all.filter((c) => teamOf(c) === team).length).toBeGreaterThan(0.08 * all.length);
    // Support is the biggest team.
    expect(all.filter((c) => teamOf(c) === 'Support').length).toBeGreaterThan(all.filter((c) => teamOf(c) === 'Sales').length);
  });

  it('assigns most agent-answered conversations, never the bot-only ones; a few are answered unassigned', () => {
    const answered = agentAnswered();
    const assigned = answered.filter((c) => assignments(c).length > 0);
    expect(assigned.length / answered.length).toBeGreaterThan(0.9);
    expect(assigned.length / answered.length).toBeLessThan(0.995);
    const botOnly = inbound.filter((c) => c.firstResponse !== null && c.firstAgentResponse === null);
    expect(botOnly.length).toBeGreaterThan(100);
    expect(botOnly.filter((c) => assignments(c).length > 0)).toEqual([]);
  });

  it('answers an assignment in minutes on shift, hours later when it came in at night or on a weekend', () => {
    const onShift: number[] = [];
    const offShift: number[] = [];
    for (const c of assignedConvs()) {
      const at = ms(assignments(c)[0]);
      const reply = c.events.find((e) => e.type === 'message.sent' && e.sender?.type === 'agent' && ms(e) >= at);
      if (!reply) continue;
      const { weekend, hour } = berlinTime(at);
      (weekend || hour < 7 || hour >= 20 ? offShift : !weekend && hour >= 10 && hour < 16 ? onShift : []).push((ms(reply) - at) / 1000);
    }
    expect(median(onShift)).toBeGreaterThan(30);
    expect(median(onShift)).toBeLessThan(30 * 60);
    expect(median(offShift)).toBeGreaterThan(2 * 3600);
  });

  it('reassigns 10–16% of assigned conversations, some to another team (Support → Billing among them)', () => {
    const all = assignedConvs();
    const reassigned = all.filter((c) => new Set(assignments(c).map((e) => e.agentId)).size > 1);
    expect(reassigned.length / all.length).toBeGreaterThan(0.1);
    expect(reassigned.length / all.length).toBeLessThan(0.16);
    const moved = reassigned.filter((c) => new Set(assignments(c).map((e) => e.team)).size > 1);
    expect(moved.length).toBeGreaterThan(0.25 * reassigned.length);
    expect(moved.length).toBeLessThan(0.75 * reassigned.length);
    expect(moved.some((c) => assignments(c)[0].team === 'Support' && teamOf(c) === 'Billing')).toBe(true);
    // The new agent is one of the new team's.
    const teamOfAgent = new Map(events.filter((e) => e.type === 'conversation.assigned').map((e) => [e.agentId, e.team]));
    for (const e of events.filter((e) => e.type === 'conversation.assigned')) expect(teamOfAgent.get(e.agentId!)).toBe(e.team);
  });

  it('spreads 0–3 tags over conversations, about a fifth of customer conversations untagged', () => {
    const counts = convs.map((c) => tagsOf(c).size);
    expect(Math.max(...counts)).toBe(3);
    for (const n of [0, 1, 2, 3]) expect(counts.filter((x) => x === n).length).toBeGreaterThan(20);
    const untagged = inbound.filter((c) => tagsOf(c).size === 0).length / inbound.length;
    expect(untagged).toBeGreaterThan(0.12);
    expect(untagged).toBeLessThan(0.28);
    const used = new Set(convs.flatMap((c) => [...tagsOf(c)]));
    for (const tag of ['pricing', 'refund', 'shipping', 'bug', 'vip', 'onboarding', 'complaint']) expect(used).toContain(tag);
    // Set by the customer's first message or by the agent on the assignment, both common.
    const where = (type: string) => inbound.filter((c) => c.events.some((e) => e.type === type && e.tags?.length)).length;
    expect(where('message.received')).toBeGreaterThan(0.3 * inbound.length);
    expect(where('conversation.assigned')).toBeGreaterThan(0.15 * inbound.length);
  });

  it('ties tags to teams: refund mostly Billing, pricing mostly Sales, bug mostly Support', () => {
    const shareIn = (tag: string, team: string) => {
      const withTag = assignedConvs().filter((c) => tagsOf(c).has(tag));
      return withTag.filter((c) => teamOf(c) === team).length / withTag.length;
    };
    expect(shareIn('refund', 'Billing')).toBeGreaterThan(0.8);
    expect(shareIn('pricing', 'Sales')).toBeGreaterThan(0.8);
    expect(shareIn('bug', 'Support')).toBeGreaterThan(0.8);
  });
});

describe('demoBusinessHours: the demo workspace schedule', () => {
  const localDate = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(t));

  it('is a valid schedule: Mon–Thu 09:00–17:30, Fri 09:00–16:00, closed weekends, one holiday', () => {
    const parsed = BusinessHoursRequestSchema.safeParse(demoBusinessHours(END_MS));
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({
      timeZone: 'Europe/Berlin',
      mon: [['09:00', '17:30']],
      tue: [['09:00', '17:30']],
      wed: [['09:00', '17:30']],
      thu: [['09:00', '17:30']],
      fri: [['09:00', '16:00']],
      sat: [],
      sun: [],
      holidays: ['2026-10-26'],
    });
  });

  it.each([
    ['a Friday afternoon', END_MS],
    // Tuesday 00:30 in Berlin, still Monday in UTC: read in UTC the holiday would be 29 days back.
    ['a Tuesday just after midnight local time (still Monday in UTC)', Date.UTC(2026, 10, 23, 23, 30)],
    ['New Year', Date.UTC(2027, 0, 1, 0, 0)],
    ['the spring clock change', Date.UTC(2026, 2, 29, 12, 0)],
    ['a leap day', Date.UTC(2028, 1, 29, 9, 0)],
  ])('puts the holiday on a Monday 22–28 local days before the end, inside the seeded 90 days: %s', (_, endMs) => {
    const [holiday] = demoBusinessHours(endMs).holidays!;
    expect(new Date(`${holiday}T12:00:00Z`).getUTCDay()).toBe(1);
    const daysBefore = (Date.parse(`${localDate(endMs)}T00:00:00Z`) - Date.parse(`${holiday}T00:00:00Z`)) / DAY;
    expect(daysBefore).toBeGreaterThanOrEqual(22);
    expect(daysBefore).toBeLessThanOrEqual(28);
    expect(new Date(demoHolidayDay(endMs) * DAY).toISOString().slice(0, 10)).toBe(holiday);
  });

  it('staffs the holiday like a Saturday: Support answers, Sales and Billing do not', () => {
    const [holiday] = demoBusinessHours(END_MS).holidays!;
    const teamOfAgent = new Map(events.filter((e) => e.type === 'conversation.assigned').map((e) => [e.agentId, e.team]));
    const replies = events.filter((e) => e.type === 'message.sent' && e.sender?.type === 'agent' && localDate(ms(e)) === holiday);
    const byTeam = (team: string) => replies.filter((e) => teamOfAgent.get((e.sender as { id: string }).id) === team).length;
    expect(byTeam('Support')).toBeGreaterThan(10);
    expect(byTeam('Sales') + byTeam('Billing')).toBe(0);
    // A normal Monday a week later: everyone works.
    const monday = localDate(Date.parse(`${holiday}T12:00:00Z`) + WEEK);
    const later = events.filter((e) => e.type === 'message.sent' && e.sender?.type === 'agent' && localDate(ms(e)) === monday);
    expect(later.filter((e) => teamOfAgent.get((e.sender as { id: string }).id) === 'Billing').length).toBeGreaterThan(0);
  });
});
