/**
 * Believable demo data: a deterministic generator of conversation events (docs/events.md) for a
 * demo workspace, used by `npm start` on first run and by `npm run parley -- demo seed`.
 *
 * What it simulates, all in the profile's local time (Europe/Berlin, via Intl; demo-profile.ts):
 * - six channels with clearly different volumes and reply speeds (whatsapp biggest, sms/email
 *   smallest; webchat/whatsapp answered in minutes, email in hours);
 * - a bot ("parley-assistant") that answers first on some channels, resolves some conversations
 *   on its own and hands the others over to named agents (`conversation.assigned` with a team);
 * - three teams (Support, Sales, Billing) picked by what the customer writes about: most answered
 *   conversations are assigned (by a routing rule at once, or by hand once the team is on shift),
 *   some are reassigned later, to a colleague or another team; tags on the first message or the
 *   assignment (0–3 per conversation, about a fifth without); a holiday staffed like a
 *   Saturday (demo-schedule.ts, whose business hours the demo workspace gets);
 * - agents who work shifts: inbound follows weekday/hour rhythms (busy weekdays 9–18, quiet
 *   nights and weekends) and replies outside the shifts wait for the next one;
 * - marketing campaigns (a broadcast `message.sent` with `campaignId` and `messageId` per recipient)
 *   that bring a wave of replies and other inbound in the following hours, and more conversions;
 *   some get a "last call" reminder two days later to part of those who did not answer (touched
 *   twice, so last touch matters); a tenth of replies and a third of link-click purchases come only
 *   after 6–12 days (outside the default attribution window);
 * - message statuses as WhatsApp/SMS report them (statuses.ts): for every campaign message
 *   (mostly delivered, most WhatsApp ones read, SMS never read, a few failed or never reported,
 *   delivered/read seconds to hours later, now and then stamped before the message by another
 *   clock) and for the outbound messages of a quarter of WhatsApp and SMS conversations;
 * - unanswered conversations, resolutions, reopens (resolved again), CSAT ratings (mostly good,
 *   worse after slow replies), conversions in EUR and some USD;
 * - a pool of contacts that come back with a decaying probability, so weekly cohorts show real
 *   retention curves.
 *
 * Deterministic: the same options always give the same events (mulberry32, no clock, no
 * Math.random). Pure: it only builds plain objects, exactly as they are POSTed to /api/v1/events.
 */
import {
  B64,
  CAMPAIGN_NAMES,
  CAMPAIGN_PLAN,
  type ChannelProfile,
  AUTO_ROUTED,
  CAMPAIGN_TOPICS,
  CONVERSATION_STATUS_SHARE,
  COUNTRIES,
  type Country,
  DEMO_AGENTS,
  DEMO_BOT_ID,
  DEMO_BROADCAST_ID,
  DEMO_CHANNELS,
  DEMO_DEFAULT_SEED,
  DEMO_TIME_ZONE,
  type DemoAgent,
  type DemoChannel,
  type DemoDesk,
  type DemoEvent,
  type DemoTeam,
  FAILURE_CODES,
  FIRST_NAMES,
  HEX,
  isWeekend,
  LATE_CONVERSION_SHARE,
  LATE_REPLY_SHARE,
  LAST_NAMES,
  MAIL_DOMAINS,
  MAX_TAGS,
  NEVER_ASSIGNED,
  onShift,
  PROFILES,
  REASSIGNED,
  REASSIGNED_TO_OTHER_TEAM,
  REMINDER_REPLY_RATE,
  RETURN_DECAY,
  rhythm,
  TAGGED_ON_ASSIGNMENT,
  TEAM_HANDOFFS,
  TOPIC_TAGGED,
  TOPICS,
} from './demo-profile.js';
import { demoHolidayDay } from './demo-schedule.js';
import type { EventType } from '../events.js';
import { Random, rng } from './random.js';
import {
  CAMPAIGN_STATUS_MIX,
  canReply,
  CONVERSATION_STATUS_MIX,
  replyableShare,
  type StatusOutcome,
  statusOutcome,
  statusTimes,
  type StatusTiming,
} from './statuses.js';
import { type LocalTime, TimeZone } from './time-zone.js';

export interface DemoOptions {
  /** The last instant (ms since the epoch): no event is after it. */
  endMs: number;
  /** How many days of history up to `endMs`: no event is before `endMs − days`. */
  days: number;
  /** PRNG seed (default DEMO_DEFAULT_SEED). */
  seed?: number;
  /** Volume multiplier: 1 = default volume (about 30k events for 90 days). */
  scale?: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// The demo's clock: every rhythm and shift is read in this zone's local time.
const zone = new TimeZone(DEMO_TIME_ZONE);
const local = (utcMs: number): LocalTime => zone.local(utcMs);
const fromLocal = (wallMs: number): number => zone.fromLocal(wallMs);

// ---------------------------------------------------------------------------------------------
// Contacts

interface Contact {
  id: string;
  channel: DemoChannel;
  locale: string;
  currency: 'EUR' | 'USD';
  /** Chance to come back after the first conversation; multiplied by DECAY per later visit. */
  loyalty: number;
  /** Mean days between visits. */
  gapDays: number;
  /** The most loyal customers: agents tag their conversations `vip`. */
  vip: boolean;
}

class ContactFactory {
  private readonly used = new Set<string>();
  constructor(private readonly r: Random) {}

  create(channel: DemoChannel): Contact {
    const r = this.r;
    const country = r.weighted(COUNTRIES);
    let id = '';
    for (let attempt = 0; !id || this.used.has(id); attempt++) id = this.idFor(channel, country, attempt);
    this.used.add(id);
    const kind = r.weighted([['loyal', 0.22], ['regular', 0.43], ['once', 0.35]] as const);
    // Drawn in the order they always were, so the contacts (and the volumes) stay the same.
    const currency = r.chance(country.usd) ? 'USD' : 'EUR';
    const loyalty = kind === 'loyal' ? r.between(0.7, 0.85) : kind === 'regular' ? r.between(0.35, 0.55) : r.between(0.02, 0.12);
    return {
      id,
      channel,
      locale: country.locale,
      currency,
      loyalty,
      gapDays: kind === 'loyal' ? r.between(5, 14) : r.between(10, 30),
      // No draw of its own: the top third of the loyal.
      vip: loyalty > 0.8,
    };
  }

  private idFor(channel: DemoChannel, country: Country, attempt: number): string {
    const r = this.r;
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const n = attempt > 2 ? String(r.int(100, 9999)) : r.chance(0.6) ? String(r.int(1, 99)) : '';
    switch (channel) {
      case 'whatsapp':
      case 'sms':
        return country.phone(r);
      case 'messenger':
        return `fb.${first}.${last}${n}`;
      case 'instagram':
        return `@${first}${r.pick(['_', '.', ''])}${r.chance(0.5) ? last : last.slice(0, 3)}${n}`;
      case 'webchat':
        return `visitor-${r.chars(10, HEX)}`;
      case 'email':
        return `${first}.${last}${n}@${r.pick(MAIL_DOMAINS)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Campaigns

interface Campaign {
  id: string;
  name: string;
  channel: DemoChannel;
  atMs: number;
  /** Recipients at scale 1 (a reminder's come from its first send). */
  audience: number;
  /** Chance a recipient replies. */
  replyRate: number;
  /** Extra inbound it brings in the following hours (campaignBoost). */
  wave: number;
  /** Share of the recipients who did not answer that get a reminder two days later (0: none). */
  reminderShare: number;
  /** For a reminder: the campaign it follows up. */
  reminderOf?: Campaign;
}
function planCampaigns(r: Random, startMs: number, endMs: number, days: number): Campaign[] {
  const count = days < 7 ? 0 : Math.max(1, Math.round(days / 15));
  const names = [...CAMPAIGN_NAMES];
  const campaigns: Campaign[] = [];
  for (let i = 0; i < count; i++) {
    // Spread over the window, on a Tuesday or Thursday (sometimes a Saturday), 10:00, 11:30 or 18:30.
    let dayMs = startMs + Math.floor(((i + 0.7) * days) / count) * DAY + r.int(-2, 2) * DAY;
    dayMs = Math.max(startMs + 3 * DAY, Math.min(dayMs, endMs - DAY));
    const wanted = r.weighted([[2, 0.45], [4, 0.4], [6, 0.15]] as const);
    const [hour, minute] = r.pick([[10, 0], [10, 0], [11, 30], [18, 30]] as const);
    // The nearest such weekday (later or earlier) that keeps the campaign inside the window.
    let atMs = Number.NaN;
    for (const shift of [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6]) {
      const l = local(dayMs + shift * DAY);
      const at = fromLocal(l.day * DAY + hour * HOUR + minute * MINUTE);
      if (l.weekday === wanted && at >= startMs + DAY && at <= endMs - 2 * HOUR) {
        atMs = at;
        break;
      }
    }
    if (Number.isNaN(atMs) || campaigns.some((c) => Math.abs(c.atMs - atMs) < 3 * DAY)) continue;
    const [channel, audience, replyRate, reminderShare] = CAMPAIGN_PLAN[i % CAMPAIGN_PLAN.length];
    const name = names.splice(r.int(0, names.length - 1), 1)[0] ?? `campaign-${i + 1}`;
    campaigns.push({ id: `cmp-${localDate(atMs)}-${name}`, name, channel, atMs, audience, replyRate, wave: 0.9, reminderShare });
  }
  // A "last call" two days later at 18:30 for those campaigns that have one.
  for (const first of [...campaigns]) {
    if (first.reminderShare <= 0) continue;
    const atMs = fromLocal(local(first.atMs + 2 * DAY).day * DAY + 18 * HOUR + 30 * MINUTE);
    if (atMs > endMs - 2 * HOUR) continue;
    const name = `${first.name}-last-call`;
    campaigns.push({ id: `cmp-${localDate(atMs)}-${name}`, name, channel: first.channel, atMs, audience: 0, replyRate: REMINDER_REPLY_RATE, wave: 0.35, reminderShare: 0, reminderOf: first });
  }
  return campaigns.sort((a, b) => a.atMs - b.atMs);
}

const localDate = (t: number) => new Date(t + zone.offsetMs(t)).toISOString().slice(0, 10);

/** Extra inbound in the hours after a campaign (1 = none). */
function campaignBoost(campaigns: readonly Campaign[], t: number): number {
  let boost = 1;
  for (const c of campaigns) {
    const dt = t - c.atMs;
    if (dt >= 0 && dt < 48 * HOUR) boost += c.wave * Math.exp(-dt / (7 * HOUR));
  }
  return boost;
}

// ---------------------------------------------------------------------------------------------
// Conversations

interface ConversationPlan {
  startMs: number;
  channel: DemoChannel;
  contact: Contact;
  campaign?: Campaign;
  /** For campaign conversations: what the platform reports for the broadcast message. */
  status?: StatusOutcome;
  /** For campaign conversations: whether (and when) the recipient replies, or buys without replying (a link click). */
  replyAtMs?: number;
  silentConversionAtMs?: number;
}
class Writer {
  private seq = 0;
  readonly events: { ms: number; event: DemoEvent }[] = [];
  constructor(
    private readonly r: Random,
    private readonly startMs: number,
  ) {}

  /** Unique, platform-looking tokens: random characters then a sequence number. */
  token(n: number, alphabet = B64): string {
    return `${this.r.chars(n, alphabet)}${(this.seq++).toString(36)}`;
  }

  push(ms: number, event: Omit<DemoEvent, 'occurredAt'>): void {
    const t = Math.round(ms);
    if (t < this.startMs) return;
    const { id, type, ...rest } = event;
    this.events.push({ ms: t, event: { id, type, occurredAt: new Date(t).toISOString(), ...rest } });
  }
}

function messageIds(w: Writer, channel: DemoChannel): { id: string; messageId?: string } {
  switch (channel) {
    case 'whatsapp': {
      const messageId = `wamid.HBgL${w.token(18)}`;
      return { id: `wa-msg-${messageId}`, messageId };
    }
    case 'messenger': {
      const messageId = `m_${w.token(22)}`;
      return { id: `fb-msg-${messageId}`, messageId };
    }
    case 'instagram': {
      const messageId = `aWdfZAG1f${w.token(16)}`;
      return { id: `ig-msg-${messageId}`, messageId };
    }
    case 'sms': {
      const messageId = `SM${w.token(28, HEX)}`;
      return { id: `sms-msg-${messageId}`, messageId };
    }
    case 'email': {
      const token = w.token(16, HEX);
      return { id: `mail-msg-${token}`, messageId: `<${token}@mail.example.com>` };
    }
    case 'webchat':
      return { id: `web-msg-${w.token(14, HEX)}` };
  }
}

interface Context {
  r: Random;
  /** The statuses' own PRNG. */
  s: Random;
  w: Writer;
  campaigns: readonly Campaign[];
  /** The holiday (demo-schedule.ts) as a local day number: staffed like a Saturday. */
  holiday: number;
}

/** The status events of an outbound message (`message.failed` with the platform's error code). */
function pushStatuses(ctx: Context, message: Omit<DemoEvent, 'occurredAt'>, sentMs: number, outcome: StatusOutcome, timing: StatusTiming): void {
  const { messageId, conversationId, contactId, channel } = message;
  if (messageId === undefined) return;
  const prefix = PROFILES[channel].prefix;
  for (const [type, at] of statusTimes(ctx.s, outcome, sentMs, timing)) {
    const failure = type === 'message.failed' && (channel === 'whatsapp' || channel === 'sms') ? { attributes: { errorCode: ctx.s.pick(FAILURE_CODES[channel]) } } : {};
    ctx.w.push(at, { id: `${prefix}-status-${messageId}-${type.slice('message.'.length)}`, type, conversationId, contactId, channel, messageId, ...failure });
  }
}

/** Picks an agent of the desk working on that local weekday (any of the desk if none is). */
function agentFor(r: Random, desk: DemoDesk, l: LocalTime, except?: string): DemoAgent {
  let pool = DEMO_AGENTS.filter((a) => a.desk === desk && a.days.includes(l.weekday) && a.id !== except);
  if (pool.length === 0) pool = DEMO_AGENTS.filter((a) => a.desk === desk && a.id !== except);
  return r.weighted(pool.map((a) => [a, a.weight] as const));
}

/** The desk that works a team's conversations on a channel (Support's social channels have their own). */
const deskOf = (team: DemoTeam, profile: ChannelProfile): DemoDesk => (team === 'Support' ? profile.desk : team === 'Sales' ? 'sales' : 'billing');

const onShiftAt = (ctx: Context, desk: DemoDesk, t: number): boolean => {
  const l = local(t);
  return onShift(desk, l, l.day === ctx.holiday);
};

/** The first instant from `t` on when the desk is on shift. */
function nextShift(ctx: Context, desk: DemoDesk, t: number): number {
  if (onShiftAt(ctx, desk, t)) return t;
  let h = Math.ceil(t / HOUR) * HOUR;
  for (let i = 0; i < 24 * 8 && !onShiftAt(ctx, desk, h); i++) h += HOUR;
  return h;
}

/** When an agent of the desk answers a message that arrived at `t`. */
function agentReplyAt(ctx: Context, profile: ChannelProfile, desk: DemoDesk, t: number, factor = 1): number {
  const { r } = ctx;
  const shiftAt = nextShift(ctx, desk, t);
  const l = local(shiftAt);
  // Saturdays are thinly staffed; busy hours and campaign waves queue up.
  const load = (isWeekend(l) ? 1.7 : 1) * (0.7 + 0.45 * rhythm(profile, l)) * Math.min(2.2, campaignBoost(ctx.campaigns, shiftAt));
  let delay = r.logNormal(profile.agentReply * factor * load, 0.75);
  // Out of hours, the overnight backlog is worked through after the shift starts.
  if (shiftAt > t) delay += r.exponential(profile.channel === 'email' ? 2.5 * HOUR : 45 * MINUTE);
  return shiftAt + Math.max(20 * SECOND, delay);
}

/** When the customer writes back to a message at `t`: later if it is the middle of the night. */
function customerReplyAt(r: Random, profile: ChannelProfile, t: number, factor = 1): number {
  let at = t + Math.max(5 * SECOND, r.logNormal(profile.customerReply * factor, 0.9));
  const l = local(at);
  if (l.hour >= 0 && l.hour < 7 && r.chance(0.8)) at = fromLocal(l.day * DAY + 7 * HOUR) + r.exponential(2 * HOUR);
  return at;
}

const botDelay = (r: Random) => r.between(1.2, 6) * SECOND;

/** A rating: mostly good, worse when the customer waited long (relative to the channel's norm). */
function ratingFor(r: Random, slowness: number, botOnly: boolean): number {
  const weights: readonly number[] = botOnly
    ? [0.07, 0.08, 0.18, 0.33, 0.34]
    : slowness < 1.5
      ? [0.02, 0.03, 0.08, 0.27, 0.6]
      : slowness < 5
        ? [0.05, 0.07, 0.15, 0.33, 0.4]
        : [0.18, 0.17, 0.24, 0.23, 0.18];
  return r.weighted(weights.map((w, i) => [i + 1, w] as const));
}

function revenue(r: Random, contact: Contact, campaign: boolean): { value: number; currency: string } {
  const eur = Math.min(1500, Math.max(4.9, r.logNormal(campaign ? 78 : 62, 0.7)));
  // Shop prices end in .90 or .99 more often than not.
  const value = contact.currency === 'USD' ? eur * 1.08 : eur;
  const rounded = r.chance(0.6) ? Math.floor(value) + r.pick([0.9, 0.99]) : Math.round(value * 100) / 100;
  return { value: Math.round(rounded * 100) / 100, currency: contact.currency };
}

function simulate(ctx: Context, plan: ConversationPlan, conversationId: string): void {
  const { r, w } = ctx;
  const profile = PROFILES[plan.channel];
  const { contact, channel } = plan;
  const base = { conversationId, contactId: contact.id, channel };
  const received = (t: number, extra: Partial<DemoEvent> = {}) =>
    w.push(t, { ...messageIds(w, channel), type: 'message.received', ...base, sender: { type: 'customer' }, ...extra });
  const sent = (t: number, sender: { type: 'agent' | 'bot'; id: string }) =>
    w.push(t, { ...messageIds(w, channel), type: 'message.sent', ...base, sender });
  const status = (t: number, type: EventType, extra: Partial<DemoEvent> = {}) =>
    w.push(t, { id: `${profile.prefix}-evt-${w.token(12)}`, type, ...base, ...extra });

  const campaign = plan.campaign;
  const nearCampaign = campaignBoost(ctx.campaigns, plan.startMs) > 1.15;
  let t = plan.startMs;

  if (campaign) {
    const broadcast: Omit<DemoEvent, 'occurredAt'> = {
      ...messageIds(w, channel),
      type: 'message.sent',
      ...base,
      sender: { type: 'bot', id: DEMO_BROADCAST_ID },
      campaignId: campaign.id,
      tags: ['campaign'],
    };
    w.push(t, broadcast);
    pushStatuses(ctx, broadcast, t, plan.status ?? 'none', { kind: 'campaign', readBy: plan.replyAtMs ?? plan.silentConversionAtMs });
    if (plan.replyAtMs === undefined) {
      if (plan.silentConversionAtMs !== undefined) {
        const order = revenue(r, contact, true);
        status(plan.silentConversionAtMs, 'conversion', { ...order, tags: ['campaign', 'link-click'], attributes: { campaign: campaign.id } });
      }
      return;
    }
    t = plan.replyAtMs;
  } else if (profile.opened > 0 && r.chance(profile.opened)) {
    status(t - r.between(8, 90) * SECOND, 'conversation.opened', { attributes: { page: r.pick(['/', '/products', '/checkout', '/help', '/orders']) } });
  }

  const topic = r.weighted(campaign ? CAMPAIGN_TOPICS : TOPICS);
  // Tags: the topic's (most of the time), `vip` for the most loyal, now and then a complaint on
  // top. Set on the first message, or by the agent on the assignment (then an unassigned
  // conversation stays untagged). A conversation holds at most MAX_TAGS, a campaign broadcast's tag included.
  const tags: string[] = [];
  if (r.chance(TOPIC_TAGGED)) tags.push(topic.tag);
  if (contact.vip && r.chance(0.7)) tags.push('vip');
  if (topic.name !== 'complaint' && r.chance(0.04)) tags.push('complaint');
  const taggedByAgent = r.chance(TAGGED_ON_ASSIGNMENT);
  const held = new Set(campaign ? ['campaign'] : []);
  const tagsOf = (list: readonly string[]): Partial<DemoEvent> => {
    const fresh = list.filter((x) => !held.has(x)).slice(0, Math.max(0, MAX_TAGS - held.size));
    for (const x of fresh) held.add(x);
    return fresh.length ? { tags: fresh } : {};
  };

  const firstCustomerAt = t;
  const burst = 1 + (profile.burst > 0 ? Math.min(profile.burst, Math.floor(r.exponential(0.8))) : 0);
  for (let i = 0; i < burst; i++) {
    received(t, i === 0 ? { ...tagsOf(taggedByAgent ? [] : tags), attributes: { locale: contact.locale } } : {});
    if (i < burst - 1) t += r.between(4, 50) * SECOND;
  }

  const botFirst = r.chance(profile.botFirst);
  const offHours = !onShiftAt(ctx, deskOf(topic.team, profile), t);
  if (!botFirst && r.chance(profile.unanswered * (offHours ? 2.2 : 1) * (campaign ? 0.5 : 1))) {
    // Nobody answers; some customers nudge once more, then give up.
    if (r.chance(0.35)) received(customerReplyAt(r, profile, t, 3));
    return;
  }

  let firstResponseMs = 0;
  let lastOut: number;
  if (botFirst) {
    t += botDelay(r);
    sent(t, { type: 'bot', id: DEMO_BOT_ID });
    firstResponseMs = t - firstCustomerAt;
    if (r.chance(profile.botOnly * (campaign ? 0.6 : 1))) {
      // The bot's answer was enough.
      if (r.chance(0.55)) {
        t = customerReplyAt(r, profile, t);
        received(t);
        t += botDelay(r);
        sent(t, { type: 'bot', id: DEMO_BOT_ID });
      }
      t += r.between(1, 15) * MINUTE;
      status(t, 'conversation.resolved', { attributes: { resolvedBy: 'bot' } });
      if (r.chance(profile.csat)) status(t + r.between(20, 600) * SECOND, 'csat.submitted', { rating: ratingFor(r, 0, true) });
      if (r.chance(profile.conversion * 0.7 * (nearCampaign ? 1.6 : 1)))
        status(t + r.exponential(2 * HOUR), 'conversion', revenue(r, contact, !!campaign));
      return;
    }
    // The customer asks for a human; the bot hands over.
    t = customerReplyAt(r, profile, t, 0.5);
    received(t);
    t += botDelay(r);
    sent(t, { type: 'bot', id: DEMO_BOT_ID });
  }

  // An agent of the topic's team takes over: assigned by a routing rule seconds after the
  // customer (or the bot's handover), so at night the agent answers hours after the assignment;
  // or by hand once the desk is on shift; a few are answered from the shared inbox unassigned.
  const firstDesk = deskOf(topic.team, profile);
  const shiftAt = nextShift(ctx, firstDesk, t);
  let agent = agentFor(r, firstDesk, local(shiftAt));
  const replyAt = agentReplyAt(ctx, profile, firstDesk, t);
  const assigned = !r.chance(NEVER_ASSIGNED);
  if (assigned) {
    const from = Math.max(t, shiftAt);
    const assignedAt = r.chance(AUTO_ROUTED) ? t + r.between(2, 30) * SECOND : from + r.between(0.15, 0.85) * (replyAt - from);
    status(Math.min(assignedAt, replyAt - SECOND), 'conversation.assigned', { agentId: agent.id, team: agent.team, ...tagsOf(taggedByAgent ? tags : []) });
  }
  // Later handed to a colleague, or to another team with the tag that says why (Support → Billing: refund).
  const reassign = assigned && r.chance(REASSIGNED);
  const reassignAt = (at: number): void => {
    let team: DemoTeam = agent.team;
    let why: string[] = [];
    if (r.chance(REASSIGNED_TO_OTHER_TEAM)) {
      const [other, tag] = r.weighted(TEAM_HANDOFFS[agent.team]);
      team = other;
      why = [tag];
    }
    const next = agentFor(r, team === agent.team ? agent.desk : deskOf(team, profile), local(at), agent.id);
    status(at, 'conversation.assigned', { agentId: next.id, team: next.team, ...tagsOf(why) });
    agent = next;
  };
  t = replyAt;
  sent(t, { type: 'agent', id: agent.id });
  if (!botFirst) firstResponseMs = t - firstCustomerAt;
  let agentWait = t - firstCustomerAt;
  lastOut = t;

  const rounds = r.weighted(channel === 'email' ? ([[0, 0.5], [1, 0.35], [2, 0.15]] as const) : ([[0, 0.3], [1, 0.35], [2, 0.22], [3, 0.13]] as const));
  for (let i = 0; i < rounds; i++) {
    t = customerReplyAt(r, profile, t);
    received(t);
    if (profile.burst > 0 && r.chance(0.25)) received((t += r.between(5, 40) * SECOND));
    if (i === 0 && reassign) {
      reassignAt(t + r.between(1, 10) * MINUTE);
      t += 10 * MINUTE;
    }
    const at = agentReplyAt(ctx, profile, agent.desk, t, 0.8);
    agentWait = Math.max(agentWait, at - t);
    t = at;
    sent(t, { type: 'agent', id: agent.id });
    if (r.chance(0.15)) sent((t += r.between(20, 120) * SECOND), { type: 'agent', id: agent.id });
    lastOut = t;
  }
  if (rounds === 0 && reassign) {
    // No more questions, but the first agent passes it on; the new one follows up.
    reassignAt(t + r.between(2, 40) * MINUTE);
    t = agentReplyAt(ctx, profile, agent.desk, t + 40 * MINUTE, 0.8);
    sent(t, { type: 'agent', id: agent.id });
    lastOut = t;
  }

  const slowness = Math.max(firstResponseMs, agentWait * 0.7) / (profile.agentReply * 1.5);
  if (r.chance(profile.conversion * (campaign ? 3 : 1) * (nearCampaign ? 1.6 : 1) * (topic.team === 'Sales' ? 1.5 : 1))) {
    const order = revenue(r, contact, !!campaign);
    status(lastOut + r.between(3, 240) * MINUTE, 'conversion', { ...order, ...(campaign && { attributes: { campaign: campaign.id } }) });
  }

  if (!r.chance(channel === 'email' ? 0.8 : 0.9)) return; // left open
  t = nextShift(ctx, agent.desk, t + r.logNormal(channel === 'email' ? 3 * HOUR : 12 * MINUTE, 0.8));
  status(t, 'conversation.resolved');

  if (r.chance(0.08)) {
    // The customer comes back on the same thread; it is reopened and resolved again.
    t = customerReplyAt(r, profile, t + r.logNormal(16 * HOUR, 1), 1);
    received(t);
    status(t + r.between(1, 4) * SECOND, 'conversation.reopened');
    t = agentReplyAt(ctx, profile, agent.desk, t + 4 * SECOND);
    sent(t, { type: 'agent', id: agent.id });
    if (r.chance(0.4)) {
      t = customerReplyAt(r, profile, t);
      received(t);
      t = agentReplyAt(ctx, profile, agent.desk, t, 0.8);
      sent(t, { type: 'agent', id: agent.id });
    }
    if (r.chance(0.12)) return; // still open
    t = nextShift(ctx, agent.desk, t + r.logNormal(15 * MINUTE, 0.8));
    status(t, 'conversation.resolved');
  }

  if (r.chance(profile.csat)) status(t + r.logNormal(8 * MINUTE, 1), 'csat.submitted', { rating: ratingFor(r, slowness, false) });
}

/**
 * Statuses of the agents' and bot's messages in a share of WhatsApp and SMS conversations: each
 * read (if at all) before the customer's next message.
 */
function conversationStatuses(ctx: Context): void {
  const byConversation = new Map<string, { ms: number; event: DemoEvent }[]>();
  for (const e of ctx.w.events) {
    if (e.event.channel !== 'whatsapp' && e.event.channel !== 'sms') continue;
    const list = byConversation.get(e.event.conversationId);
    if (list) list.push(e);
    else byConversation.set(e.event.conversationId, [e]);
  }
  for (const list of byConversation.values()) {
    if (!ctx.s.chance(CONVERSATION_STATUS_SHARE)) continue;
    list.sort((a, b) => a.ms - b.ms);
    list.forEach(({ ms, event }, i) => {
      if (event.type !== 'message.sent' || event.campaignId !== undefined) return;
      const next = list.slice(i + 1).find((x) => x.event.type === 'message.received');
      pushStatuses(ctx, event, ms, statusOutcome(ctx.s, event.channel, CONVERSATION_STATUS_MIX), { kind: 'conversation', readBy: next?.ms });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The whole timeline

/** A local time on the day of `t`, drawn by the channel's hourly rhythm, as an instant. */
function rhythmicTimeOnDay(r: Random, profile: ChannelProfile, day: number): number {
  const hours: [number, number][] = [];
  for (let h = 0; h < 24; h++) {
    const utc = fromLocal(day * DAY + h * HOUR);
    hours.push([h, rhythm(profile, local(utc))]);
  }
  const h = r.weighted(hours);
  return fromLocal(day * DAY + h * HOUR + Math.floor(r.next() * HOUR));
}

/** The visits after a contact's first, each with a decaying chance to happen. */
function returnVisits(r: Random, contact: Contact, firstMs: number, endMs: number): ConversationPlan[] {
  const plans: ConversationPlan[] = [];
  let t = firstMs;
  let p = contact.loyalty;
  while (r.chance(p)) {
    const gapDays = 1 + r.exponential(contact.gapDays);
    let day = local(t + gapDays * DAY).day;
    // Fewer visits on weekends: move some to the following Monday.
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    if (weekday >= 6 && r.chance(0.35)) day += 8 - weekday;
    const channel = (contact.channel === 'whatsapp' || contact.channel === 'sms') && r.chance(0.08)
      ? (contact.channel === 'whatsapp' ? 'sms' : 'whatsapp')
      : contact.channel;
    const at = rhythmicTimeOnDay(r, PROFILES[channel], day);
    if (at >= endMs) break;
    if (at <= t + HOUR) continue;
    plans.push({ startMs: at, channel, contact });
    t = at;
    p *= RETURN_DECAY;
  }
  return plans;
}

/**
 * Generates `days` days of demo events up to `endMs`, sorted by occurredAt.
 * Same options → the same events.
 */
export function generateDemoEvents(options: DemoOptions): DemoEvent[] {
  const { endMs, days } = options;
  const scale = options.scale ?? 1;
  if (!Number.isFinite(endMs)) throw new RangeError('endMs must be a finite number of milliseconds');
  if (!(days > 0) || !Number.isFinite(days)) throw new RangeError('days must be a positive number');
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('scale must be a positive number');
  const startMs = endMs - days * DAY;
  const r = new Random(rng(options.seed ?? DEMO_DEFAULT_SEED));
  // Statuses, reminders and late answers draw from their own PRNG, so the rest keeps its draws.
  const s = new Random(rng((options.seed ?? DEMO_DEFAULT_SEED) ^ 0x3c6ef372));
  const contacts = new ContactFactory(r);
  const campaigns = planCampaigns(r, startMs, endMs, days);

  // 1. New contacts arrive hour by hour, by channel, with the local rhythm, a slow growth trend,
  //    day-to-day noise and waves after campaigns; each may come back later.
  const plans: ConversationPlan[] = [];
  const known: { contact: Contact; firstMs: number }[] = [];
  const seen = new Set<Contact>();
  const NEW_PER_PEAK_HOUR = 1.85 * scale;
  const dayNoise = new Map<number, number>();
  for (let hour = Math.floor(startMs / HOUR) * HOUR; hour < endMs; hour += HOUR) {
    const l = local(hour);
    let noise = dayNoise.get(l.day);
    if (noise === undefined) dayNoise.set(l.day, (noise = Math.exp(0.14 * r.normal())));
    const trend = 0.85 + 0.3 * ((hour - startMs) / (endMs - startMs));
    const boost = campaignBoost(campaigns, hour + HOUR / 2);
    for (const channel of DEMO_CHANNELS) {
      const profile = PROFILES[channel];
      const n = r.poisson(NEW_PER_PEAK_HOUR * profile.share * rhythm(profile, l) * trend * noise * boost);
      for (let i = 0; i < n; i++) {
        const at = hour + Math.floor(r.next() * HOUR);
        if (at < startMs || at >= endMs) continue;
        const contact = contacts.create(channel);
        known.push({ contact, firstMs: at });
        seen.add(contact);
        plans.push({ startMs: at, channel, contact });
        plans.push(...returnVisits(r, contact, at, endMs));
      }
    }
  }

  // 2. Campaigns: a broadcast to known contacts of the channel who opted in, topped up with
  //    newsletter subscribers who never wrote (a reminder goes to part of its first send's
  //    recipients who had not answered); replies arrive over the next hours, some days later.
  //    What the platform reports for each message is drawn first: a failed or unread one gets no answer.
  const reached = new Map<Campaign, { contact: Contact; status: StatusOutcome; replyAtMs?: number }[]>();
  for (const campaign of campaigns) {
    const recipients: Contact[] = [];
    if (campaign.reminderOf) {
      const share = campaign.reminderOf.reminderShare;
      for (const x of reached.get(campaign.reminderOf) ?? [])
        if (x.status !== 'failed' && !(x.replyAtMs !== undefined && x.replyAtMs < campaign.atMs) && s.chance(share)) recipients.push(x.contact);
    } else {
      const phone = campaign.channel === 'whatsapp' || campaign.channel === 'sms';
      const pool = known.filter(
        (k) => k.firstMs < campaign.atMs && (phone ? k.contact.channel === 'whatsapp' || k.contact.channel === 'sms' : k.contact.channel === campaign.channel),
      );
      const audience = Math.max(1, Math.round(campaign.audience * scale));
      for (const k of pool) if (recipients.length < audience * 0.7 && r.chance(0.75)) recipients.push(k.contact);
      while (recipients.length < audience) recipients.push(contacts.create(campaign.channel));
    }
    // The overall reply rate, given that only recipients who can answer (statuses.ts canReply) do.
    const replyChance = campaign.replyRate / replyableShare(campaign.channel, CAMPAIGN_STATUS_MIX);
    const sends: { contact: Contact; status: StatusOutcome; replyAtMs?: number }[] = [];
    recipients.forEach((contact, i) => {
      // The platform sends a few per second.
      const sentAt = campaign.atMs + i * r.between(150, 450) + r.between(0, 100);
      if (sentAt >= endMs) return;
      const status = statusOutcome(s, campaign.channel, CAMPAIGN_STATUS_MIX);
      const plan: ConversationPlan = { startMs: sentAt, channel: campaign.channel, contact, campaign, status };
      if (canReply(status, campaign.channel) && r.chance(replyChance)) {
        let delay = r.weighted([
          [r.exponential(20 * MINUTE), 0.55],
          [r.between(1, 6) * HOUR, 0.33],
          [r.between(6, 30) * HOUR, 0.12],
        ] as const);
        if (s.chance(LATE_REPLY_SHARE)) delay = s.between(6, 12) * DAY;
        plan.replyAtMs = sentAt + Math.max(30 * SECOND, delay);
        if (!seen.has(contact) && plan.replyAtMs < endMs) {
          seen.add(contact);
          plans.push(...returnVisits(r, contact, plan.replyAtMs, endMs));
        }
      } else if (canReply(status, campaign.channel) && r.chance(0.012)) {
        // Bought through the message's link without writing: mostly within hours, some days later.
        plan.silentConversionAtMs = sentAt + (s.chance(LATE_CONVERSION_SHARE) ? s.between(6, 12) * DAY : r.exponential(5 * HOUR) + 5 * MINUTE);
      }
      plans.push(plan);
      sends.push({ contact, status, replyAtMs: plan.replyAtMs });
    });
    reached.set(campaign, sends);
  }

  // 3. Number the conversations in start order, as a platform would, and play each one out.
  plans.sort((a, b) => a.startMs - b.startMs);
  const w = new Writer(r, startMs);
  const ctx: Context = { r, s, w, campaigns, holiday: demoHolidayDay(endMs) };
  let conversationNumber = 10_000 + r.int(0, 8_999);
  for (const plan of plans) {
    conversationNumber += 1 + (r.chance(0.1) ? r.int(1, 3) : 0);
    simulate(ctx, plan, `${PROFILES[plan.channel].prefix}-conv-${conversationNumber}`);
  }
  conversationStatuses(ctx);

  return w.events
    .filter((e) => e.ms <= endMs && e.ms >= startMs)
    .sort((a, b) => a.ms - b.ms)
    .map((e) => e.event);
}
