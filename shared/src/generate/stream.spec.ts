/**
 * The bench stream: exactly N valid events in time order, deterministic, with message statuses
 * (campaign messages all carry a messageId; the demo's shares of delivered/read/failed).
 */
import { validateEvent } from '../events.js';
import type { GeneratedEvent } from './event.js';
import { planStream, streamEvents } from './stream.js';

const END_MS = Date.UTC(2026, 10, 20, 14, 37);
const N = 60_000;
const STATUS_TYPES = ['message.delivered', 'message.read', 'message.failed'];

// Instants in µs: some clients send sub-millisecond digits.
const micros = (e: GeneratedEvent) => {
  const m = /\.(\d{3})(\d{3})?/.exec(e.occurredAt);
  return Date.parse(e.occurredAt) * 1000 + (m?.[2] ? Number(m[2]) : 0);
};

let events: GeneratedEvent[];
let statusesOf: Map<string, GeneratedEvent[]>;
beforeAll(() => {
  events = [...streamEvents({ events: N, seed: 42, endMs: END_MS })];
  statusesOf = new Map();
  for (const e of events) if (STATUS_TYPES.includes(e.type)) statusesOf.set(e.messageId!, [...(statusesOf.get(e.messageId!) ?? []), e]);
});

describe('streamEvents', () => {
  it('makes exactly N valid events with unique ids, in time order, none after the end', () => {
    expect(events.length).toBe(N);
    expect(new Set(events.map((e) => e.id)).size).toBe(N);
    const errors = events.flatMap((e) => {
      const v = validateEvent(e, END_MS);
      return v.ok ? [] : [`${e.id}: ${v.errors.join('; ')}`];
    });
    expect(errors.slice(0, 5)).toEqual([]);
    // In order by the millisecond (sub-millisecond digits within one millisecond come in the order made).
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(Math.max(...times)).toBeLessThanOrEqual(END_MS);
  });

  it('is deterministic, and its plan has at least N events', () => {
    const options = { events: 5_000, seed: 7, endMs: END_MS };
    const plan = planStream(options);
    expect(plan.available).toBeGreaterThanOrEqual(5_000);
    const a = [...streamEvents(options, plan)];
    expect(a.length).toBe(5_000);
    expect(JSON.stringify([...streamEvents(options)])).toBe(JSON.stringify(a));
    expect(JSON.stringify([...streamEvents({ ...options, seed: 8 })])).not.toBe(JSON.stringify(a));
  });

  it('gives every campaign message a messageId and statuses in the demo’s shares', () => {
    const campaign = events.filter((e) => e.type === 'message.sent' && e.campaignId !== undefined);
    expect(campaign.length).toBeGreaterThan(400);
    expect(campaign.filter((m) => m.messageId === undefined)).toEqual([]);
    // Leave out the last hour: statuses of the newest messages may not have come yet.
    const settled = campaign.filter((m) => micros(m) < micros(events.at(-1)!) - 3.6e9);
    const has = (m: GeneratedEvent, type: string) => (statusesOf.get(m.messageId!) ?? []).some((s) => s.type === type);
    const delivered = settled.filter((m) => has(m, 'message.delivered') || has(m, 'message.read'));
    const share = (n: number) => n / settled.length;
    expect(share(delivered.length)).toBeGreaterThan(0.88);
    expect(share(delivered.length)).toBeLessThan(0.98);
    const read = delivered.filter((m) => has(m, 'message.read'));
    expect(read.length / delivered.length).toBeGreaterThan(0.55);
    expect(read.length / delivered.length).toBeLessThan(0.8);
    expect(share(settled.filter((m) => has(m, 'message.failed')).length)).toBeGreaterThan(0.005);
    expect(settled.filter((m) => has(m, 'message.failed') && (has(m, 'message.delivered') || has(m, 'message.read')))).toEqual([]);
    expect(settled.filter((m) => m.channel === 'sms' && has(m, 'message.read'))).toEqual([]);
  });

  it('reports statuses for about 30 % of the other outbound messages, each in its message’s conversation', () => {
    const sent = events.filter((e) => e.type === 'message.sent');
    const byId = new Map(sent.filter((m) => m.messageId !== undefined).map((m) => [m.messageId!, m]));
    const ordinary = sent.filter((m) => m.campaignId === undefined);
    const withId = ordinary.filter((m) => m.messageId !== undefined).length / ordinary.length;
    expect(withId).toBeGreaterThan(0.25);
    expect(withId).toBeLessThan(0.35);
    const statuses = events.filter((e) => STATUS_TYPES.includes(e.type));
    expect(statuses.length / N).toBeGreaterThan(0.08);
    expect(statuses.length / N).toBeLessThan(0.2);
    let early = 0;
    for (const s of statuses) {
      const m = byId.get(s.messageId!);
      if (!m) continue; // its message is in the stream's cut-off instant's last 3 seconds
      expect([s.conversationId, s.contactId, s.channel]).toEqual([m.conversationId, m.contactId, m.channel]);
      const delay = micros(s) - micros(m);
      expect(delay).toBeGreaterThanOrEqual(-3_000_000);
      if (delay < 0) early++;
    }
    expect(statuses.filter((s) => !byId.has(s.messageId!)).length).toBeLessThan(5);
    expect(early).toBeGreaterThan(0);
  });
});
