/**
 * The benchmark's deterministic event generator: exactly N events over the 90 days before `end`,
 * in time order (as a live stream arrives), adapted from test/support/generate.ts.
 *
 * - Conversations are made one after another from one seeded PRNG (mulberry32), so conversation i
 *   is the same whatever N is; contacts come back (40 % of conversations are by a returning
 *   contact, picked among the earlier ones), six channels, agents and bots, campaigns, CSAT,
 *   conversions in EUR and USD, tags and attributes, five client UTC offsets.
 * - Start times follow a diurnal and weekly pattern in each conversation's local time: the
 *   conversations are stratified over the cumulative weight of half-hour slots (so they come out
 *   sorted), and each one's UTC offset is drawn given its slot.
 * - The number of conversations C is the smallest for which the conversations, cut at `end`
 *   (conversations still running at `end` keep only their events so far), have ≥ N events; the
 *   stream then stops after exactly N events in time order.
 */

import { type GeneratedEvent, rng } from '../../test/support/generate';

/** The same event shape and PRNG (mulberry32) as the test generator. */
export type BenchEvent = GeneratedEvent;
export { rng };

const CHANNELS: [string, number][] = [
  ['whatsapp', 0.35],
  ['webchat', 0.2],
  ['messenger', 0.15],
  ['instagram', 0.1],
  ['email', 0.1],
  ['sms', 0.1],
];
const AGENTS = ['ana', 'ben', 'chloé', 'dev', 'eve', 'farid', 'gus', 'hana'];
const BOTS = ['faq-bot', 'router-bot'];
/** Client UTC offsets (minutes) and their share of conversations. */
const OFFSETS: [string, number, number][] = [
  ['Z', 0, 0.15],
  ['+01:00', 60, 0.3],
  ['+02:00', 120, 0.15],
  ['-05:00', -300, 0.2],
  ['+05:30', 330, 0.1],
  ['-03:00', -180, 0.1],
];
/** Relative activity by local hour (0–23) and by local ISO weekday (Monday first). */
const HOURLY = [0.12, 0.08, 0.05, 0.04, 0.04, 0.07, 0.18, 0.4, 0.75, 0.95, 1, 0.97, 0.85, 0.9, 0.95, 0.95, 0.9, 0.85, 0.8, 0.78, 0.72, 0.6, 0.42, 0.25];
const WEEKLY = [1, 1, 0.97, 0.95, 0.9, 0.6, 0.5];

const SLOT_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

/** One conversation's events, times relative to its start (ms), before ids and offsets are applied. */
interface Draft {
  rel: number;
  micros: number | null;
  fields: Omit<BenchEvent, 'id' | 'occurredAt' | 'conversationId' | 'contactId' | 'channel'>;
}
interface ConversationDraft {
  conv: number;
  channel: string;
  contactId: string;
  conversationId: string;
  events: Draft[];
}

/** Makes conversations one after another; conversation i depends only on the seed. */
class Conversations {
  private readonly random: () => number;
  private readonly contacts: { id: string; n: number; channel: string }[] = [];
  private conv = 0;

  constructor(seed: number) {
    this.random = rng(seed);
  }

  next(): ConversationDraft {
    const random = this.random;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const chance = (p: number) => random() < p;
    const delay = (medianS: number) => Math.max(0, Math.round(medianS * 1000 * Math.exp((random() - 0.5) * 3)));
    const channelOf = () => {
      let x = random();
      for (const [c, w] of CHANNELS) if ((x -= w) < 0) return c;
      return CHANNELS[0][0];
    };
    const conv = ++this.conv;
    const contacts = this.contacts;
    const returning = contacts.length > 20 && chance(0.4);
    const contact = returning ? pick(contacts) : { id: `contact-${contacts.length + 1}`, n: contacts.length + 1, channel: channelOf() };
    if (!returning) contacts.push(contact);
    const channel = chance(0.9) ? contact.channel : channelOf();
    const conversationId = `${channel}-conv-${conv}`;
    const contactId = channel === 'sms' || channel === 'whatsapp' ? `+49155${String(contact.n).padStart(7, '0')}` : contact.id;
    const events: Draft[] = [];
    let t = 0;
    const push = (fields: Draft['fields'], at: number) => {
      const micros = chance(0.05) ? Math.floor(random() * 1000) : null;
      events.push({ rel: at, micros, fields });
    };

    if (chance(0.5)) push({ type: 'conversation.opened' }, t);
    const campaign = chance(0.1) ? `campaign-${1 + Math.floor(random() * 5)}` : null;
    if (campaign) {
      push({ type: 'message.sent', sender: { type: 'bot', id: 'broadcaster' }, campaignId: campaign }, t);
      t += delay(1800);
    }
    if (chance(0.04)) {
      push({ type: 'message.sent', sender: { type: 'agent', id: pick(AGENTS) } }, t);
      t += delay(600);
    }
    const botFirst = chance(0.35);
    const botOnly = botFirst && chance(0.3);
    const unanswered = chance(0.1);
    const turns = 1 + Math.floor(random() * 4);
    const agent = pick(AGENTS);
    for (let turn = 0; turn < turns; turn++) {
      const inbound = 1 + Math.floor(random() * 3);
      for (let i = 0; i < inbound; i++) {
        push({ type: 'message.received', sender: { type: 'customer' }, ...(chance(0.3) && { messageId: `wamid.${conv}.${events.length}` }) }, t);
        t += delay(20);
      }
      if (unanswered) break;
      const sameInstant = turn === 0 && chance(0.05);
      if (!sameInstant) t += botFirst && turn === 0 ? delay(2) : delay(channel === 'email' ? 3600 : 240);
      const responder: BenchEvent['sender'] = botOnly || (botFirst && turn === 0) ? { type: 'bot', id: pick(BOTS) } : { type: 'agent', id: agent };
      if (responder.type === 'agent' && turn <= 1 && chance(0.5)) push({ type: 'conversation.assigned', agentId: agent, ...(chance(0.5) && { team: 'support' }) }, t - 1);
      push({ type: 'message.sent', sender: responder }, t);
      t += delay(300);
    }
    if (!unanswered && chance(0.75)) {
      push({ type: 'conversation.resolved' }, t);
      t += delay(600);
      if (chance(0.12)) {
        push({ type: 'conversation.reopened' }, t);
        t += delay(900);
        if (chance(0.7)) {
          push({ type: 'conversation.resolved' }, t);
          t += delay(100);
        }
      }
      if (chance(0.35)) {
        push({ type: 'csat.submitted', rating: 1 + Math.floor(random() * 5) }, t);
        if (chance(0.1)) push({ type: 'csat.submitted', rating: 1 + Math.floor(random() * 5) }, t + delay(60));
      }
    }
    if (chance(0.1)) {
      const currency = chance(0.6) ? 'EUR' : 'USD';
      push({ type: 'conversion', value: Math.round(random() * 50000) / 100, currency, ...(chance(0.2) && { tags: ['order'] }) }, t + delay(3600));
    }
    if (chance(0.05)) {
      const last = events[events.length - 1];
      last.fields = { ...last.fields, attributes: { locale: pick(['de-DE', 'en-US', 'fr-FR']), vip: chance(0.5) } };
    }
    return { conv, channel, contactId, conversationId, events };
  }
}

/** Half-hour slots of [start, end) with their diurnal weight (mixture over the client offsets). */
class Slots {
  readonly start: number;
  readonly count: number;
  readonly cumulative: Float64Array;
  constructor(
    readonly startMs: number,
    readonly endMs: number,
  ) {
    this.start = startMs;
    this.count = Math.ceil((endMs - startMs) / SLOT_MS);
    this.cumulative = new Float64Array(this.count + 1);
    for (let k = 0; k < this.count; k++) this.cumulative[k + 1] = this.cumulative[k] + this.weight(k);
  }
  private length(k: number) {
    return Math.min(SLOT_MS, this.endMs - (this.start + k * SLOT_MS));
  }
  /** Weight of one offset in slot k. */
  offsetWeight(k: number, offsetMinutes: number): number {
    const local = new Date(this.start + k * SLOT_MS + offsetMinutes * 60_000);
    return HOURLY[local.getUTCHours()] * WEEKLY[(local.getUTCDay() + 6) % 7];
  }
  weight(k: number): number {
    let w = 0;
    for (const [, minutes, share] of OFFSETS) w += share * this.offsetWeight(k, minutes);
    return w * (this.length(k) / SLOT_MS);
  }
  /** The instant at cumulative fraction x ∈ [0, 1), and its slot. */
  at(x: number): { ms: number; slot: number } {
    const target = x * this.cumulative[this.count];
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cumulative[mid] <= target) lo = mid;
      else hi = mid - 1;
    }
    const w = this.cumulative[lo + 1] - this.cumulative[lo];
    const within = w > 0 ? (target - this.cumulative[lo]) / w : 0;
    return { ms: this.start + lo * SLOT_MS + Math.min(this.length(lo) - 1, Math.floor(within * this.length(lo))), slot: lo };
  }
}

export interface StreamOptions {
  /** Exactly this many events. */
  events: number;
  seed: number;
  /** The period's end (ms); no event after it. */
  endMs: number;
  days?: number;
}

/** Conversation start times for C conversations: stratified, sorted; u and the offset draw per conversation. */
function startOf(slots: Slots, i: number, c: number, u: number): { ms: number; slot: number } {
  return slots.at((i + u) / c);
}

function offsetIn(slots: Slots, slot: number, draw: number): [string, number] {
  let total = 0;
  for (const [, minutes, share] of OFFSETS) total += share * slots.offsetWeight(slot, minutes);
  let x = draw * total;
  for (const [name, minutes, share] of OFFSETS) if ((x -= share * slots.offsetWeight(slot, minutes)) < 0) return [name, minutes];
  return [OFFSETS[0][0], OFFSETS[0][1]];
}

/** Formats an instant with the given offset, with ms or µs precision, as a client might send it. */
function isoWithOffset(ms: number, offset: string, minutes: number, micros: number | null): string {
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
  return `${local}${micros === null ? '' : String(micros).padStart(3, '0')}${offset}`;
}

export interface Plan {
  conversations: number;
  startMs: number;
  endMs: number;
  /** Events the C conversations have before `end` (≥ N). */
  available: number;
}

/**
 * Finds C: the smallest number of conversations whose events before `end` number at least N.
 * Conversation contents do not depend on C (only their start times do), so they are made once.
 */
export function plan(options: StreamOptions): Plan {
  const days = options.days ?? 90;
  const startMs = Math.ceil((options.endMs - days * DAY_MS) / SLOT_MS) * SLOT_MS;
  const slots = new Slots(startMs, options.endMs);
  const source = new Conversations(options.seed);
  const timing = rng(options.seed ^ 0x5bd1e995);
  let rel = new Float64Array(1 << 16);
  let firstEvent = new Uint32Array(1 << 12);
  let us = new Float64Array(1 << 12);
  let made = 0;
  let relCount = 0;
  const grow = (target: number) => {
    while (made < target) {
      const d = source.next();
      if (made + 1 >= firstEvent.length) {
        const f = new Uint32Array(firstEvent.length * 2);
        f.set(firstEvent);
        firstEvent = f;
        const u = new Float64Array(us.length * 2);
        u.set(us);
        us = u;
      }
      while (relCount + d.events.length > rel.length) {
        const r = new Float64Array(rel.length * 2);
        r.set(rel);
        rel = r;
      }
      firstEvent[made] = relCount;
      for (const e of d.events) rel[relCount++] = e.rel;
      us[made] = timing();
      timing(); // the offset draw
      made++;
      firstEvent[made] = relCount;
    }
  };
  const available = (c: number) => {
    let n = 0;
    for (let i = 0; i < c; i++) {
      const s = startOf(slots, i, c, us[i]).ms;
      for (let j = firstEvent[i]; j < firstEvent[i + 1]; j++) if (s + rel[j] <= options.endMs) n++;
    }
    return n;
  };
  // Grow an upper bound, then bisect (the count grows with C: more conversations, earlier starts).
  let hi = Math.max(16, Math.ceil(options.events / 8));
  for (;;) {
    grow(hi);
    if (available(hi) >= options.events) break;
    hi *= 2;
  }
  let lo = 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (available(mid) >= options.events) hi = mid;
    else lo = mid + 1;
  }
  return { conversations: lo, startMs, endMs: options.endMs, available: available(lo) };
}

interface Pending {
  ms: number;
  seq: number;
  event: BenchEvent;
}

/** A binary min-heap by (ms, seq). */
class Heap {
  private readonly items: Pending[] = [];
  get size() {
    return this.items.length;
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  private less(a: Pending, b: Pending) {
    return a.ms < b.ms || (a.ms === b.ms && a.seq < b.seq);
  }
  push(p: Pending) {
    const xs = this.items;
    xs.push(p);
    let i = xs.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(xs[i], xs[parent])) break;
      [xs[i], xs[parent]] = [xs[parent], xs[i]];
      i = parent;
    }
  }
  pop(): Pending {
    const xs = this.items;
    const top = xs[0];
    const last = xs.pop()!;
    if (xs.length) {
      xs[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < xs.length && this.less(xs[l], xs[m])) m = l;
        if (r < xs.length && this.less(xs[r], xs[m])) m = r;
        if (m === i) break;
        [xs[i], xs[m]] = [xs[m], xs[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Exactly `events` events in time order (ties: in the order they were made). */
export function* stream(options: StreamOptions, p: Plan = plan(options)): Generator<BenchEvent> {
  const slots = new Slots(p.startMs, p.endMs);
  const source = new Conversations(options.seed);
  const timing = rng(options.seed ^ 0x5bd1e995);
  const heap = new Heap();
  let seq = 0;
  let emitted = 0;
  for (let i = 0; i < p.conversations; i++) {
    const u = timing();
    const { ms: start, slot } = startOf(slots, i, p.conversations, u);
    const [offset, minutes] = offsetIn(slots, slot, timing());
    const d = source.next();
    while (heap.size && heap.peek()!.ms < start) {
      yield heap.pop().event;
      if (++emitted === options.events) return;
    }
    let n = 0;
    for (const e of d.events) {
      const ms = start + e.rel;
      n++;
      if (ms > p.endMs) continue;
      heap.push({
        ms,
        seq: seq++,
        event: {
          id: `${d.conversationId}-e${n}`,
          occurredAt: isoWithOffset(ms, offset, minutes, e.micros),
          conversationId: d.conversationId,
          contactId: d.contactId,
          channel: d.channel,
          ...e.fields,
        } as BenchEvent,
      });
    }
  }
  while (heap.size) {
    yield heap.pop().event;
    if (++emitted === options.events) return;
  }
}
