/**
 * The benchmark's data: exactly N events over the 90 days before `end`, in time order (as a live
 * stream arrives), from the shared conversation script (conversations.ts).
 *
 * - Conversation i is the same whatever N is (one PRNG for contents, another for timing).
 * - Start times follow a diurnal and weekly pattern in each conversation's local time: the
 *   conversations are stratified over the cumulative weight of half-hour slots (so they come out
 *   sorted), and each one's client UTC offset is drawn given its slot.
 * - The number of conversations C is the smallest for which the conversations, cut at `end`
 *   (conversations still running at `end` keep only their events so far), have ≥ N events; the
 *   stream then stops after exactly N events in time order.
 * - Message statuses (statuses.ts), from a PRNG of their own, are part of each conversation: every
 *   campaign message gets a `messageId` and what the platform reports for it (the demo's shares:
 *   ~94 % delivered, ~2/3 of those read, SMS never read, a few failed or silent), and in 30 % of
 *   conversations every other outbound message too (nearly all delivered, most read before the
 *   customer's next message). A status may be stamped up to 3 s before its message.
 */
import { type ConversationDraft, Conversations, eventAt } from './conversations.js';
import { CLIENT_OFFSETS as OFFSETS, type GeneratedEvent } from './event.js';
import { Random, rng } from './random.js';
import { CAMPAIGN_STATUS_MIX, CONVERSATION_STATUS_MIX, EARLY_STATUS_MS, statusOutcome, statusTimes } from './statuses.js';

const AGENTS = ['ana', 'ben', 'chloé', 'dev', 'eve', 'farid', 'gus', 'hana'];
/** Relative activity by local hour (0–23) and by local ISO weekday (Monday first). */
const HOURLY = [0.12, 0.08, 0.05, 0.04, 0.04, 0.07, 0.18, 0.4, 0.75, 0.95, 1, 0.97, 0.85, 0.9, 0.95, 0.95, 0.9, 0.85, 0.8, 0.78, 0.72, 0.6, 0.42, 0.25];
const WEEKLY = [1, 1, 0.97, 0.95, 0.9, 0.6, 0.5];

const SLOT_MS = 30 * 60_000;
const DAY_MS = 86_400_000;
/** Share of conversations whose non-campaign outbound messages report statuses. */
const CONVERSATION_STATUS_SHARE = 0.3;

/** The conversation script's drafts, each with its messages' statuses appended (ids go on counting its events). */
class StreamConversations {
  private readonly source: Conversations;
  private readonly statuses: Random;
  constructor(seed: number) {
    this.source = new Conversations(seed, AGENTS);
    this.statuses = new Random(rng(seed ^ 0x1b873593));
  }
  next(): ConversationDraft<undefined> {
    const d = this.source.next();
    const r = this.statuses;
    const ordinary = r.chance(CONVERSATION_STATUS_SHARE);
    const added: ConversationDraft<undefined>['events'] = [];
    d.events.forEach((e, i) => {
      if (e.fields.type !== 'message.sent' || !(ordinary || e.fields.campaignId !== undefined)) return;
      const messageId = `wamid.${d.conv}.out${i + 1}`;
      e.fields = { ...e.fields, messageId };
      const campaign = e.fields.campaignId !== undefined;
      const outcome = statusOutcome(r, d.channel, campaign ? CAMPAIGN_STATUS_MIX : CONVERSATION_STATUS_MIX);
      const readBy = d.events.find((x, j) => j > i && x.fields.type === 'message.received')?.rel;
      for (const [type, rel] of statusTimes(r, outcome, e.rel, { kind: campaign ? 'campaign' : 'conversation', readBy }))
        added.push({ rel, micros: null, fields: { type, messageId } });
    });
    d.events.push(...added);
    return d;
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

/** The client offset of a conversation starting in `slot`, drawn by its weight there. */
function offsetIn(slots: Slots, slot: number, draw: number): (typeof OFFSETS)[number] {
  let total = 0;
  for (const [, minutes, share] of OFFSETS) total += share * slots.offsetWeight(slot, minutes);
  let x = draw * total;
  for (const o of OFFSETS) if ((x -= o[2] * slots.offsetWeight(slot, o[1])) < 0) return o;
  return OFFSETS[0];
}

export interface StreamPlan {
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
export function planStream(options: StreamOptions): StreamPlan {
  const days = options.days ?? 90;
  const startMs = Math.ceil((options.endMs - days * DAY_MS) / SLOT_MS) * SLOT_MS;
  const slots = new Slots(startMs, options.endMs);
  const source = new StreamConversations(options.seed);
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
  event: GeneratedEvent;
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
export function* streamEvents(options: StreamOptions, p: StreamPlan = planStream(options)): Generator<GeneratedEvent> {
  const slots = new Slots(p.startMs, p.endMs);
  const source = new StreamConversations(options.seed);
  const timing = rng(options.seed ^ 0x5bd1e995);
  const heap = new Heap();
  let seq = 0;
  let emitted = 0;
  for (let i = 0; i < p.conversations; i++) {
    const u = timing();
    const { ms: start, slot } = startOf(slots, i, p.conversations, u);
    const offset = offsetIn(slots, slot, timing());
    const d = source.next();
    // Later conversations start at or after `start`, their events at most EARLY_STATUS_MS before it.
    while (heap.size && heap.peek()!.ms < start - EARLY_STATUS_MS) {
      yield heap.pop().event;
      if (++emitted === options.events) return;
    }
    for (let j = 0; j < d.events.length; j++) {
      const ms = start + d.events[j].rel;
      if (ms > p.endMs) continue;
      heap.push({ ms, seq: seq++, event: eventAt(d, j, start, offset) });
    }
  }
  while (heap.size) {
    yield heap.pop().event;
    if (++emitted === options.events) return;
  }
}
