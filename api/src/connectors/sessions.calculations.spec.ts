import type { Item } from './connector.js';
import { type SessionConnection, type StoredMessage, conversationId, eventId, idPart, messageId, sessionEvents, windows } from './sessions.calculations.js';

const H = 3_600_000;
const C: SessionConnection = { id: 'AAAAAAAAAAAAAAAAAAAAAA', prefix: 'wa', channel: 'whatsapp', sender: { type: 'agent', id: 'Ana' }, sessionGapMs: 24 * H };
const T = Date.UTC(2026, 0, 10, 12, 0, 0);
const inbound = (id: string, atMs: number, contactId = 'k1'): Item => ({ type: 'message', direction: 'in', platformId: id, contactId, atMs });
const st = (status: 'sent' | 'delivered' | 'read' | 'failed', id: string, atMs: number, contactId = 'k1', campaignId?: string): Item => ({ type: 'status', status, platformId: id, contactId, atMs, ...(campaignId && { campaignId }) });
const none = () => ({ messages: new Map<string, StoredMessage[]>(), sent: new Map<string, string>() });
const convs = (items: Item[], stored = none(), c = C) => sessionEvents(c, items, stored).map((e) => [e.type, e.conversationId]);

describe('session conversations: a gap longer than sessionGap starts a new one', () => {
  it('a gap of exactly 24 h stays in the conversation; 24 h and 1 ms starts another', () => {
    const a = conversationId(C, 'k1', 'm1');
    expect(convs([inbound('m1', T), inbound('m2', T + 24 * H)])).toEqual([['message.received', a], ['message.received', a]]);
    expect(convs([inbound('m1', T), inbound('m2', T + 24 * H + 1)])).toEqual([['message.received', a], ['message.received', conversationId(C, 'k1', 'm2')]]);
  });

  it("the connection's sessionGap: 1 h", () => {
    const c = { ...C, sessionGapMs: H };
    expect(convs([inbound('m1', T), inbound('m2', T + H - 1), inbound('m3', T + 2 * H)], none(), c).map(([, x]) => x)).toEqual([
      conversationId(C, 'k1', 'm1'),
      conversationId(C, 'k1', 'm1'),
      conversationId(C, 'k1', 'm3'),
    ]);
  });

  it('outbound messages count; the gap is measured from the latest message either way', () => {
    const a = conversationId(C, 'k1', 'm1');
    // 20 h to the reply, 20 h more to the customer: no gap above 24 h.
    expect(convs([inbound('m1', T), st('sent', 'o1', T + 20 * H), inbound('m2', T + 40 * H)])).toEqual([
      ['message.received', a],
      ['message.sent', a],
      ['message.received', a],
    ]);
  });

  it('contacts have conversations of their own', () => {
    expect(convs([inbound('m1', T, 'k1'), inbound('m2', T + 1, 'k2')]).map(([, x]) => x)).toEqual([conversationId(C, 'k1', 'm1'), conversationId(C, 'k2', 'm2')]);
  });

  it('items are taken in time order, whatever their order in the delivery', () => {
    const a = conversationId(C, 'k1', 'm1');
    const events = sessionEvents(C, [inbound('m2', T + H), inbound('m1', T)], none());
    expect(events.map((e) => [e.id, e.conversationId])).toEqual([
      [eventId(C, 'in', 'm1'), a],
      [eventId(C, 'in', 'm2'), a],
    ]);
  });
});

describe('against what is stored', () => {
  it('joins the stored conversation within the gap, starts one past it', () => {
    const stored = { messages: new Map([['k1', [{ atMs: T - 23 * H, conversationId: 'wa:X:c:old' }]]]), sent: new Map<string, string>() };
    expect(convs([inbound('m1', T)], stored)).toEqual([['message.received', 'wa:X:c:old']]);
    const older = { messages: new Map([['k1', [{ atMs: T - 25 * H, conversationId: 'wa:X:c:old' }]]]), sent: new Map<string, string>() };
    expect(convs([inbound('m1', T)], older)).toEqual([['message.received', conversationId(C, 'k1', 'm1')]]);
  });

  it('the latest stored message before it decides, not an earlier one', () => {
    const stored = {
      messages: new Map([['k1', [{ atMs: T - 30 * H, conversationId: 'first' }, { atMs: T - 2 * H, conversationId: 'second' }]]]),
      sent: new Map<string, string>(),
    };
    expect(convs([inbound('m1', T)], stored)).toEqual([['message.received', 'second']]);
  });

  it('a late delivery joins the stored conversation that follows it within the gap', () => {
    const stored = { messages: new Map([['k1', [{ atMs: T + 3 * H, conversationId: 'later' }]]]), sent: new Map<string, string>() };
    expect(convs([inbound('m0', T)], stored)).toEqual([['message.received', 'later']]);
  });

  it('a status of a stored message takes its conversation; its message.sent is repeated (a duplicate for ingest)', () => {
    const stored = { messages: new Map<string, StoredMessage[]>(), sent: new Map([['o1', 'wa:X:c:broadcast']]) };
    expect(sessionEvents(C, [st('read', 'o1', T)], stored)).toEqual([
      {
        id: 'wa:AAAAAAAAAAAAAAAAAAAAAA:out:o1',
        type: 'message.sent',
        occurredAt: '2026-01-10T12:00:00.000Z',
        conversationId: 'wa:X:c:broadcast',
        contactId: 'k1',
        channel: 'whatsapp',
        messageId: 'AAAAAAAAAAAAAAAAAAAAAA:o1',
        sender: { type: 'agent', id: 'Ana' },
      },
      {
        id: 'wa:AAAAAAAAAAAAAAAAAAAAAA:read:o1',
        type: 'message.read',
        occurredAt: '2026-01-10T12:00:00.000Z',
        conversationId: 'wa:X:c:broadcast',
        contactId: 'k1',
        channel: 'whatsapp',
        messageId: 'AAAAAAAAAAAAAAAAAAAAAA:o1',
      },
    ]);
  });
});

describe('one outbound message, one message.sent, from its first evidence', () => {
  it('sent, delivered and read in one delivery: one message.sent (the earliest), two statuses', () => {
    const events = sessionEvents(C, [st('read', 'o1', T + 60_000), st('delivered', 'o1', T + 1000, 'k1'), st('sent', 'o1', T, 'k1', 'spring')], none());
    expect(events.map((e) => [e.type, e.occurredAt, e.campaignId])).toEqual([
      ['message.sent', '2026-01-10T12:00:00.000Z', 'spring'],
      ['message.delivered', '2026-01-10T12:00:01.000Z', undefined],
      ['message.read', '2026-01-10T12:01:00.000Z', undefined],
    ]);
    expect(new Set(events.map((e) => e.conversationId)).size).toBe(1);
  });

  it('an echo and a status of the same message: the same message.sent id', () => {
    const echo: Item = { type: 'message', direction: 'out', platformId: 'o1', contactId: 'k1', atMs: T };
    const a = sessionEvents(C, [echo], none());
    const b = sessionEvents(C, [st('failed', 'o1', T)], none());
    expect(a[0].id).toBe(b[0].id);
    expect(a[0]).toEqual(b[0]);
    expect(b[1].type).toBe('message.failed');
  });
});

describe('ids', () => {
  it('are prefixed with the connection and stay within the limits', () => {
    expect(eventId(C, 'in', 'wamid.A')).toBe('wa:AAAAAAAAAAAAAAAAAAAAAA:in:wamid.A');
    expect(messageId(C, 'wamid.A')).toBe('AAAAAAAAAAAAAAAAAAAAAA:wamid.A');
    const long = 'w'.repeat(200);
    const id = eventId(C, 'delivered', long);
    expect(id.length).toBeLessThanOrEqual(128);
    expect(id).toMatch(/^wa:AAAAAAAAAAAAAAAAAAAAAA:delivered:#[A-Za-z0-9_-]{22}$/);
    expect(eventId(C, 'delivered', long + 'x')).not.toBe(id);
    expect(conversationId(C, 'k1', long).length).toBeLessThanOrEqual(128);
  });

  it('a platform id with control characters is hashed, not passed on', () => {
    expect(idPart('a\nb', 100)).toMatch(/^#[A-Za-z0-9_-]{22}$/);
    expect(idPart('wamid.ok', 100)).toBe('wamid.ok');
    expect(idPart('a\u0000b', 100)).toMatch(/^#/);
    expect(idPart('a\ud800b', 100)).toMatch(/^#/);
  });

  it('contacts no event can have are not looked up (their events are rejected by validation)', () => {
    expect([...windows([inbound('a', T, 'k\u0000'), inbound('b', T, '\udc00'), inbound('c', T, 'ok')], H).keys()]).toEqual(['ok']);
  });

  it('the window read per contact is its instants widened by the gap', () => {
    expect(windows([inbound('a', T), inbound('b', T + H), inbound('c', T, 'k2')], 24 * H)).toEqual(
      new Map([
        ['k1', { fromMs: T - 24 * H, toMs: T + 25 * H }],
        ['k2', { fromMs: T - 24 * H, toMs: T + 24 * H }],
      ]),
    );
  });
});

describe("an item's own channel (one connection, several channels: Twilio's SMS and WhatsApp)", () => {
  const items: Item[] = [
    { ...inbound('m1', T), channel: 'sms' },
    { ...st('delivered', 'o1', T + 1000), channel: 'whatsapp' },
    inbound('m2', T + 2000),
  ];
  it("is every event's channel; an item without one has the connection's", () => {
    expect(sessionEvents(C, items, none()).map((e) => [e.type, e.channel])).toEqual([
      ['message.received', 'sms'],
      ['message.sent', 'whatsapp'],
      ['message.delivered', 'whatsapp'],
      ['message.received', 'whatsapp'],
    ]);
  });
  it("the connection's channel override (channelOverride) wins", () => {
    expect(sessionEvents({ ...C, channel: 'mine', channelOverride: true }, items, none()).map((e) => e.channel)).toEqual(['mine', 'mine', 'mine', 'mine']);
  });
});
