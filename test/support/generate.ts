/**
 * A deterministic generator of realistic conversation events (seeded PRNG), for end-to-end tests
 * and benchmarks. It knows nothing of the API's code: it only writes events as events.md defines.
 */

export interface GeneratedEvent {
  id: string;
  type: string;
  occurredAt: string;
  conversationId: string;
  contactId: string;
  channel: string;
  sender?: { type: 'customer' } | { type: 'agent' | 'bot'; id: string };
  campaignId?: string;
  messageId?: string;
  agentId?: string;
  team?: string;
  rating?: number;
  value?: number;
  currency?: string;
  tags?: string[];
  attributes?: Record<string, unknown>;
}

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNELS: [string, number][] = [
  ['whatsapp', 0.35],
  ['webchat', 0.2],
  ['messenger', 0.15],
  ['instagram', 0.1],
  ['email', 0.1],
  ['sms', 0.1],
];
const AGENTS = ['ana', 'ben', 'chloé', 'dev', 'eve'];
const BOTS = ['faq-bot', 'router-bot'];
const OFFSETS = ['Z', '+01:00', '+02:00', '-05:00', '+05:30', '-03:00'];

export interface GenerateOptions {
  /** Stop once at least this many events were made. */
  events: number;
  seed?: number;
  /** The first conversation starts here (ms); conversations spread over `days`. */
  startMs?: number;
  days?: number;
}

/** Formats an instant with the given offset, with ms or µs precision, as a client might send it. */
function isoWithOffset(ms: number, offset: string, micros: number | null): string {
  const sign = offset === 'Z' ? 0 : offset[0] === '-' ? -1 : 1;
  const minutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
  return `${local}${micros === null ? '' : String(micros).padStart(3, '0')}${offset}`;
}

export function generateEvents(options: GenerateOptions): GeneratedEvent[] {
  const random = rng(options.seed ?? 42);
  const startMs = options.startMs ?? Date.UTC(2026, 8, 1);
  const spanMs = (options.days ?? 60) * 86_400_000;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const chance = (p: number) => random() < p;
  // Log-normal-ish delay in ms, median ≈ medianS seconds.
  const delay = (medianS: number) => Math.max(0, Math.round(medianS * 1000 * Math.exp((random() - 0.5) * 3)));
  const channelOf = () => {
    let x = random();
    for (const [c, w] of CHANNELS) if ((x -= w) < 0) return c;
    return CHANNELS[0][0];
  };

  const events: GeneratedEvent[] = [];
  const contacts: { id: string; n: number; channel: string }[] = [];
  let conv = 0;
  while (events.length < options.events) {
    conv++;
    const returning = contacts.length > 20 && chance(0.4);
    const contact = returning ? pick(contacts) : { id: `contact-${contacts.length + 1}`, n: contacts.length + 1, channel: channelOf() };
    if (!returning) contacts.push(contact);
    const channel = chance(0.9) ? contact.channel : channelOf();
    const conversationId = `${channel}-conv-${conv}`;
    const contactId = channel === 'sms' || channel === 'whatsapp' ? `+49155${String(contact.n).padStart(7, '0')}` : contact.id;
    const offset = pick(OFFSETS);
    let t = startMs + Math.floor(random() * spanMs);
    let seq = 0;
    const push = (e: Omit<GeneratedEvent, 'id' | 'occurredAt' | 'conversationId' | 'contactId' | 'channel'>, at: number) => {
      seq++;
      const micros = chance(0.05) ? Math.floor(random() * 1000) : null;
      events.push({
        id: `${conversationId}-e${seq}`,
        occurredAt: isoWithOffset(at, offset, micros),
        conversationId,
        contactId,
        channel,
        ...e,
      });
    };

    if (chance(0.5)) push({ type: 'conversation.opened' }, t);
    const campaign = chance(0.1) ? `campaign-${1 + Math.floor(random() * 5)}` : null;
    if (campaign) {
      push({ type: 'message.sent', sender: { type: 'bot', id: 'broadcaster' }, campaignId: campaign }, t);
      t += delay(1800);
    }
    if (chance(0.04)) {
      // An agent writes first (outreach): not a response to anything.
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
        push({ type: 'message.received', sender: { type: 'customer' }, ...(chance(0.3) && { messageId: `wamid.${conv}.${seq}` }) }, t);
        t += delay(20);
      }
      if (unanswered) break;
      // Now and then a reply at the very same instant as the customer's last message.
      const sameInstant = turn === 0 && chance(0.05);
      if (!sameInstant) t += botFirst && turn === 0 ? delay(2) : delay(channel === 'email' ? 3600 : 240);
      const responder: GeneratedEvent['sender'] =
        botOnly || (botFirst && turn === 0) ? { type: 'bot', id: pick(BOTS) } : { type: 'agent', id: agent };
      if (responder.type === 'agent' && turn <= 1 && chance(0.5))
        push({ type: 'conversation.assigned', agentId: agent, ...(chance(0.5) && { team: 'support' }) }, t - 1);
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
      last.attributes = { locale: pick(['de-DE', 'en-US', 'fr-FR']), vip: chance(0.5) };
    }
  }
  return events;
}

/** A seeded Fisher–Yates shuffle (returns a new array). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Splits into batches of random size 1..max. */
export function randomBatches<T>(items: readonly T[], max: number, seed: number): T[][] {
  const random = rng(seed);
  const out: T[][] = [];
  for (let i = 0; i < items.length; ) {
    const n = 1 + Math.floor(random() * max);
    out.push(items.slice(i, i + n));
    i += n;
  }
  return out;
}
