/**
 * The demo's profile: who works when, how each channel behaves, names and countries, campaigns,
 * topics. Pure tables and the two rules read from them (rhythm, shifts); demo.ts plays them out.
 */
import type { EventType } from '../events.js';
import type { GeneratedEvent } from './event.js';
import type { Random } from './random.js';
import type { LocalTime } from './time-zone.js';

export type DemoChannel = 'whatsapp' | 'messenger' | 'instagram' | 'webchat' | 'sms' | 'email';

/** One event, as POSTed to /api/v1/events: the common shape, narrowed to what the demo writes. */
export interface DemoEvent extends GeneratedEvent {
  type: EventType;
  /** ISO 8601 in UTC with milliseconds: `2026-11-20T08:15:02.123Z`. */
  occurredAt: string;
  channel: DemoChannel;
  attributes?: Record<string, string | number | boolean>;
}

export const DEMO_DEFAULT_SEED = 20_241_124;
export const DEMO_TIME_ZONE = 'Europe/Berlin';
export const DEMO_CHANNELS: readonly DemoChannel[] = ['whatsapp', 'webchat', 'messenger', 'instagram', 'email', 'sms'];
/** The bot that answers first on some channels. */
export const DEMO_BOT_ID = 'parley-assistant';
/** The sender of campaign broadcasts. */
export const DEMO_BROADCAST_ID = 'campaign-broadcaster';

/** The teams conversations are assigned to: display names, as `conversation.assigned` carries them. */
export type DemoTeam = 'Support' | 'Sales' | 'Billing';
export const DEMO_TEAMS: readonly DemoTeam[] = ['Support', 'Sales', 'Billing'];

/**
 * Who works when: a team's shift group. Social care (messenger, instagram) belongs to Support but
 * keeps its own hours, weekends included, so the social channels keep their own reply rhythm.
 */
export type DemoDesk = 'support' | 'social-care' | 'sales' | 'billing';

export interface DemoAgent {
  id: string;
  team: DemoTeam;
  desk: DemoDesk;
  /** Local weekdays worked, 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  /** Relative share of the desk's work. */
  weight: number;
}

export const DEMO_AGENTS: readonly DemoAgent[] = [
  { id: 'lena.hoffmann', team: 'Support', desk: 'support', days: [1, 2, 3, 4, 5], weight: 1.3 },
  { id: 'jonas.weber', team: 'Support', desk: 'support', days: [1, 2, 3, 4, 5], weight: 1 },
  { id: 'sofia.rossi', team: 'Support', desk: 'support', days: [1, 2, 3, 4, 6], weight: 1 },
  { id: 'mehmet.yilmaz', team: 'Support', desk: 'support', days: [2, 3, 4, 5, 6], weight: 0.9 },
  { id: 'clara.dubois', team: 'Support', desk: 'support', days: [1, 2, 3, 4, 5], weight: 0.7 },
  { id: 'tom.becker', team: 'Support', desk: 'social-care', days: [1, 2, 3, 4, 7], weight: 1 },
  { id: 'anna.novak', team: 'Support', desk: 'social-care', days: [2, 3, 4, 5, 6], weight: 1 },
  { id: 'julia.schneider', team: 'Sales', desk: 'sales', days: [1, 2, 3, 4, 5], weight: 1 },
  { id: 'david.klein', team: 'Sales', desk: 'sales', days: [1, 2, 3, 4, 5], weight: 0.8 },
  { id: 'emma.fischer', team: 'Billing', desk: 'billing', days: [1, 2, 3, 4, 5], weight: 1 },
  { id: 'paul.wagner', team: 'Billing', desk: 'billing', days: [1, 2, 3, 4], weight: 0.6 },
];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const isWeekend = (l: LocalTime) => l.weekday >= 6;

// ---------------------------------------------------------------------------------------------
// Rhythms

// Inbound per local hour, relative to a weekday morning peak.
const WEEKDAY_HOURS = [0.12, 0.07, 0.05, 0.04, 0.05, 0.1, 0.22, 0.45, 0.8, 1.0, 1.1, 1.1, 0.95, 1.0, 1.05, 1.0, 0.95, 0.9, 0.75, 0.68, 0.6, 0.5, 0.35, 0.2];
const WEEKEND_HOURS = [0.18, 0.11, 0.07, 0.05, 0.04, 0.05, 0.07, 0.13, 0.22, 0.32, 0.42, 0.47, 0.48, 0.46, 0.45, 0.44, 0.44, 0.45, 0.47, 0.48, 0.46, 0.4, 0.32, 0.24];
// Monday is the busiest day, Friday winds down.
const DAY_FACTOR = [0, 1.08, 1.0, 1.0, 0.97, 0.88, 1, 0.92];

export interface ChannelProfile {
  channel: DemoChannel;
  prefix: string;
  /** Share of new contacts arriving on this channel. */
  share: number;
  /** Chance the bot answers first. */
  botFirst: number;
  /** Given the bot answered first: chance it resolves the conversation alone. */
  botOnly: number;
  /** Agent reply time, median ms (within a shift). */
  agentReply: number;
  /** Customer reply time, median ms. */
  customerReply: number;
  /** Chance nobody ever answers (during shifts; doubled outside them). */
  unanswered: number;
  /** The desk that answers this channel's Support conversations. */
  desk: DemoDesk;
  /** Chance of a conversation.opened marker (a widget or thread opened). */
  opened: number;
  csat: number;
  conversion: number;
  /** Evening (18–23h) and weekend inbound, relative to the common rhythm. */
  evening: number;
  weekend: number;
  /** Messages in a customer burst: 1 + up to this many more. */
  burst: number;
}

export const PROFILES: Record<DemoChannel, ChannelProfile> = {
  whatsapp: {
    channel: 'whatsapp', prefix: 'wa', share: 0.37, botFirst: 0.6, botOnly: 0.35, agentReply: 2.5 * MINUTE,
    customerReply: 1.5 * MINUTE, unanswered: 0.03, desk: 'support', opened: 0, csat: 0.32, conversion: 0.07,
    evening: 1.1, weekend: 1.05, burst: 2,
  },
  webchat: {
    channel: 'webchat', prefix: 'web', share: 0.22, botFirst: 0.75, botOnly: 0.4, agentReply: 1.2 * MINUTE,
    customerReply: 40 * SECOND, unanswered: 0.04, desk: 'support', opened: 0.85, csat: 0.42, conversion: 0.06,
    evening: 0.8, weekend: 0.85, burst: 2,
  },
  messenger: {
    channel: 'messenger', prefix: 'fb', share: 0.16, botFirst: 0.4, botOnly: 0.3, agentReply: 11 * MINUTE,
    customerReply: 3 * MINUTE, unanswered: 0.06, desk: 'social-care', opened: 0, csat: 0.25, conversion: 0.05,
    evening: 1.3, weekend: 1.2, burst: 2,
  },
  instagram: {
    channel: 'instagram', prefix: 'ig', share: 0.12, botFirst: 0.15, botOnly: 0.25, agentReply: 24 * MINUTE,
    customerReply: 5 * MINUTE, unanswered: 0.1, desk: 'social-care', opened: 0, csat: 0.18, conversion: 0.08,
    evening: 1.6, weekend: 1.4, burst: 2,
  },
  email: {
    channel: 'email', prefix: 'mail', share: 0.07, botFirst: 0, botOnly: 0, agentReply: 2.5 * HOUR,
    customerReply: 2.5 * HOUR, unanswered: 0.06, desk: 'support', opened: 0, csat: 0.2, conversion: 0.04,
    evening: 0.6, weekend: 0.5, burst: 0,
  },
  sms: {
    channel: 'sms', prefix: 'sms', share: 0.06, botFirst: 0, botOnly: 0, agentReply: 18 * MINUTE,
    customerReply: 4 * MINUTE, unanswered: 0.08, desk: 'support', opened: 0, csat: 0.12, conversion: 0.03,
    evening: 1.0, weekend: 0.9, burst: 1,
  },
};

/** Relative inbound rate of a channel at a local hour. */
export function rhythm(profile: ChannelProfile, l: LocalTime): number {
  const weekend = isWeekend(l);
  let w = (weekend ? WEEKEND_HOURS : WEEKDAY_HOURS)[l.hour] * DAY_FACTOR[l.weekday];
  if (weekend) w *= profile.weekend;
  if (l.hour >= 18) w *= profile.evening;
  return w;
}

// Agent shifts per desk, local time: [from hour, to hour) by weekday (index 1..7).
export const SHIFTS: Record<DemoDesk, readonly (readonly [number, number] | null)[]> = {
  support: [null, [8, 20], [8, 20], [8, 20], [8, 20], [8, 20], [10, 16], null],
  'social-care': [null, [9, 18], [9, 18], [9, 18], [9, 18], [9, 18], [11, 17], [12, 17]],
  sales: [null, [9, 18], [9, 18], [9, 18], [9, 18], [9, 18], null, null],
  billing: [null, [9, 17], [9, 17], [9, 17], [9, 17], [9, 16], null, null],
};

/** The desk's shift on a day; on the holiday (demo-schedule.ts) only a Saturday-like skeleton crew works. */
export function onShift(desk: DemoDesk, l: LocalTime, holiday = false): boolean {
  const s = SHIFTS[desk][holiday ? 6 : l.weekday];
  return s !== null && l.hour >= s[0] && l.hour < s[1];
}

export const FIRST_NAMES = [
  'lena', 'jonas', 'mia', 'leon', 'emma', 'paul', 'hannah', 'felix', 'sophie', 'lukas', 'marie', 'ben', 'laura',
  'max', 'julia', 'tim', 'sarah', 'noah', 'lea', 'elias', 'anna', 'finn', 'clara', 'david', 'nina', 'moritz',
  'aylin', 'can', 'zoe', 'luca', 'olivia', 'jan', 'ida', 'emil', 'frieda', 'oskar', 'mila', 'karl', 'ella', 'theo',
];
export const LAST_NAMES = [
  'mueller', 'schmidt', 'schneider', 'fischer', 'weber', 'meyer', 'wagner', 'becker', 'schulz', 'hoffmann',
  'koch', 'richter', 'klein', 'wolf', 'neumann', 'schwarz', 'braun', 'zimmermann', 'krueger', 'hartmann',
  'lange', 'werner', 'krause', 'lehmann', 'koehler', 'yilmaz', 'kaya', 'nowak', 'rossi', 'martin', 'smith', 'jones',
];
export const MAIL_DOMAINS = ['example.com', 'example.de', 'example.org', 'example.net', 'mail.example.com'];
export const HEX = '0123456789abcdef';
export const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface Country {
  code: string;
  locale: string;
  usd: number;
  phone: (r: Random) => string;
}

export const COUNTRIES: readonly (readonly [Country, number])[] = [
  [{ code: 'DE', locale: 'de-DE', usd: 0.03, phone: (r) => `+49${r.pick(['151', '152', '157', '160', '170', '171', '176', '177'])}${r.digits(r.pick([7, 8]))}` }, 0.68],
  [{ code: 'AT', locale: 'de-AT', usd: 0.02, phone: (r) => `+43${r.pick(['650', '660', '664', '676', '699'])}${r.digits(7)}` }, 0.1],
  [{ code: 'CH', locale: 'de-CH', usd: 0.05, phone: (r) => `+41${r.pick(['76', '77', '78', '79'])}${r.digits(7)}` }, 0.07],
  [{ code: 'US', locale: 'en-US', usd: 1, phone: (r) => `+1${r.int(2, 9)}${r.digits(2)}555${r.digits(4)}` }, 0.09],
  [{ code: 'GB', locale: 'en-GB', usd: 0.5, phone: (r) => `+447${r.digits(9)}` }, 0.06],
];
export const RETURN_DECAY = 0.85;

export const CAMPAIGN_NAMES = [
  'new-collection', 'vip-early-access', 'weekend-flash-sale', 'loyalty-rewards', 'back-in-stock', 'new-arrivals',
  'free-shipping-days', 'birthday-club', 'clearance', 'bundle-deals', 'members-week', 'restock-alert',
];
// WhatsApp is the main marketing channel here; now and then an SMS blast. (Campaigns on a channel
// also add one conversation per recipient there, so they stay modest on the small channels.)
// Columns: channel, recipients at scale 1, reply rate, and the share of those who did not answer
// who get a "last call" reminder two days later (0: none).
export const CAMPAIGN_PLAN: readonly (readonly [DemoChannel, number, number, number])[] = [
  ['whatsapp', 380, 0.16, 0.45],
  ['whatsapp', 340, 0.15, 0],
  ['sms', 160, 0.07, 0],
  ['whatsapp', 420, 0.17, 0.4],
  ['whatsapp', 360, 0.15, 0],
  ['whatsapp', 400, 0.16, 0],
];
/** Reply rate of a reminder (its recipients had not answered the first send). */
export const REMINDER_REPLY_RATE = 0.09;
/**
 * Campaign recipients who answer or buy only after 6–12 days: outside the default attribution
 * window (120 h), so the report's `window` parameter visibly changes the figures.
 */
export const LATE_REPLY_SHARE = 0.1;
export const LATE_CONVERSION_SHARE = 0.35;
/** Share of WhatsApp and SMS conversations whose outbound messages report statuses (those on the API number that forwards status webhooks). */
export const CONVERSATION_STATUS_SHARE = 0.25;
/** Error codes a platform attaches to message.failed (WhatsApp Cloud API, Twilio). */
export const FAILURE_CODES: Record<'whatsapp' | 'sms', readonly number[]> = {
  whatsapp: [131026, 131026, 131049, 131047, 131000],
  sms: [30003, 30003, 30005, 30006, 30008],
};
/**
 * What customers write about: the team that handles it and the tag it usually gets (the first
 * message's, or the agent's on the assignment). Weights are shares of conversations.
 */
export interface Topic {
  name: string;
  team: DemoTeam;
  tag: string;
}
export const TOPICS: readonly (readonly [Topic, number])[] = [
  [{ name: 'order-status', team: 'Support', tag: 'shipping' }, 0.24],
  [{ name: 'product-question', team: 'Sales', tag: 'product' }, 0.16],
  [{ name: 'shipping', team: 'Support', tag: 'shipping' }, 0.1],
  [{ name: 'returns', team: 'Billing', tag: 'refund' }, 0.11],
  [{ name: 'pricing', team: 'Sales', tag: 'pricing' }, 0.1],
  [{ name: 'payment', team: 'Billing', tag: 'invoice' }, 0.07],
  [{ name: 'bug', team: 'Support', tag: 'bug' }, 0.07],
  [{ name: 'account', team: 'Support', tag: 'onboarding' }, 0.08],
  [{ name: 'complaint', team: 'Support', tag: 'complaint' }, 0.07],
];
/** Campaign replies ask about the offer (pricing, Sales) or their order. */
export const CAMPAIGN_TOPICS: readonly (readonly [Topic, number])[] = [
  [TOPICS[4][0], 0.4],
  [TOPICS[1][0], 0.35],
  [TOPICS[0][0], 0.25],
];
/** A conversation's tags: at most this many (the union over its events). */
export const MAX_TAGS = 3;
/** Chance the topic's tag is set at all (untagged conversations are common in real inboxes). */
export const TOPIC_TAGGED = 0.84;
/** Chance a tagged conversation is tagged by the agent on the assignment rather than on arrival. */
export const TAGGED_ON_ASSIGNMENT = 0.4;
/** Chance a conversation is (re)assigned later to someone else, and that it moves to another team then. */
export const REASSIGNED = 0.13;
export const REASSIGNED_TO_OTHER_TEAM = 0.45;
/** Where a conversation goes when it changes team, with the tag that says why. */
export const TEAM_HANDOFFS: Record<DemoTeam, readonly (readonly [readonly [DemoTeam, string], number])[]> = {
  Support: [[['Billing', 'refund'], 0.6], [['Sales', 'pricing'], 0.4]],
  Sales: [[['Billing', 'invoice'], 0.6], [['Support', 'shipping'], 0.4]],
  Billing: [[['Support', 'complaint'], 0.7], [['Sales', 'pricing'], 0.3]],
};
/** Agent-answered conversations answered from the shared inbox without ever being assigned. */
export const NEVER_ASSIGNED = 0.03;
/**
 * Assignments by routing rule, seconds after the customer (or the bot's handover): at night the
 * agent answers only next shift. The others are triaged by hand once the desk is on shift.
 */
export const AUTO_ROUTED = 0.45;
