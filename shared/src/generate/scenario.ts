/**
 * The end-to-end tests' data: at least N events of the shared conversation script, each
 * conversation starting at a uniform random instant of [start, start + days) with a client offset
 * picked uniformly, plus message statuses (below). Not sorted; small and exact, so suites can pin
 * counts to a seed.
 */
import { type ConversationDraft, Conversations, eventAt } from './conversations.js';
import { CLIENT_OFFSETS, type GeneratedEvent, isoWithOffset } from './event.js';
import { Random, rng } from './random.js';

export interface GenerateOptions {
  /** Stop once at least this many events were made. */
  events: number;
  seed?: number;
  /** The first conversation starts here (ms); conversations spread over `days`. */
  startMs?: number;
  days?: number;
}

const AGENTS = ['ana', 'ben', 'chloé', 'dev', 'eve'];

export function generateEvents(options: GenerateOptions): GeneratedEvent[] {
  const startMs = options.startMs ?? Date.UTC(2026, 8, 1);
  const spanMs = (options.days ?? 60) * 86_400_000;
  const source = new Conversations(options.seed ?? 42, AGENTS, (r) => {
    const offset = r.pick(CLIENT_OFFSETS);
    return { offset, startMs: startMs + Math.floor(r.next() * spanMs) };
  });
  // Statuses draw from their own PRNG: the conversation script (shared with the bench) stays as it is.
  const statusRandom = new Random(rng((options.seed ?? 42) ^ 0x2c1b3c6d));
  const events: GeneratedEvent[] = [];
  while (events.length < options.events) {
    const d = source.next();
    const own: GeneratedEvent[] = [];
    for (let i = 0; i < d.events.length; i++) own.push(eventAt(d, i, d.placement.startMs, d.placement.offset));
    events.push(...own, ...withStatuses(d, own, statusRandom));
  }
  return events;
}

type Placed = ConversationDraft<{ offset: (typeof CLIENT_OFFSETS)[number]; startMs: number }>;

/**
 * Post-pass of the test profile: about 60 % of the conversation's message.sent events get a
 * messageId (when they have none) and their statuses, as the platform would report them: delivered
 * within seconds, read minutes later (sometimes without a delivered), now and then failed instead.
 * One in ten statuses is stamped up to 3 s before its message (another clock), so a status can be
 * a conversation's earliest event. Gives `own` its messageIds in place; returns the statuses.
 */
function withStatuses(d: Placed, own: GeneratedEvent[], r: Random): GeneratedEvent[] {
  const statuses: GeneratedEvent[] = [];
  const status = (type: string, messageId: string, ms: number) =>
    statuses.push({
      id: `${d.conversationId}-s${statuses.length + 1}`,
      type,
      occurredAt: isoWithOffset(ms, d.placement.offset[0], d.placement.offset[1], null),
      conversationId: d.conversationId,
      contactId: d.contactId,
      channel: d.channel,
      messageId,
    });
  own.forEach((e, i) => {
    if (e.type !== 'message.sent' || !r.chance(0.6)) return;
    e.messageId ??= `wamid.${d.conv}.out${i + 1}`;
    const sentMs = d.placement.startMs + d.events[i].rel;
    // minMs–maxMs after the message, or (one in ten) 1 ms–3 s before it.
    const when = (minMs: number, maxMs: number) => (r.chance(0.1) ? sentMs - r.int(1, 3000) : sentMs + r.int(minMs, maxMs));
    if (r.chance(0.08)) {
      status('message.failed', e.messageId, when(500, 60_000));
      return;
    }
    if (r.chance(0.9)) status('message.delivered', e.messageId, when(200, 30_000));
    if (r.chance(0.6)) status('message.read', e.messageId, when(1200, 2_400_000));
  });
  return statuses;
}
