/**
 * The end-to-end tests' data: at least N events of the shared conversation script, each
 * conversation starting at a uniform random instant of [start, start + days) with a client offset
 * picked uniformly. Not sorted; small and exact, so suites can pin counts to a seed.
 */
import { Conversations, eventAt } from './conversations.js';
import { CLIENT_OFFSETS, type GeneratedEvent } from './event.js';

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
  const events: GeneratedEvent[] = [];
  while (events.length < options.events) {
    const d = source.next();
    for (let i = 0; i < d.events.length; i++) events.push(eventAt(d, i, d.placement.startMs, d.placement.offset));
  }
  return events;
}
