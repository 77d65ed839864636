import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@parley/shared';
import { eventActor, micros, timelineWaits } from './timeline';

const ev = (id: string, type: string, at: string, extra: Partial<StoredEvent> = {}): StoredEvent => ({
  id,
  type,
  occurredAt: `2026-11-20T${at}Z`,
  conversationId: 'c',
  contactId: 'k',
  channel: 'whatsapp',
  sender: type === 'message.received' ? { type: 'customer' } : null,
  campaignId: null,
  messageId: null,
  agentId: null,
  team: null,
  rating: null,
  value: null,
  currency: null,
  tags: null,
  attributes: null,
  receivedAt: '2026-11-20T12:00:00.000000Z',
  ...extra,
});
const bot = { sender: { type: 'bot', id: 'helper' } };
const agent = { sender: { type: 'agent', id: 'anna' } };

describe('timelineWaits', () => {
  // 08:00:00 campaign (no wait), 08:01 customer, 08:01:30 second customer message (same wait),
  // 08:02:00.000250 delivered status (nothing), 08:03:00.5 bot reply, 08:10 customer, 08:20 agent, 08:30 customer (open).
  const events = [
    ev('c1', 'message.sent', '08:00:00.000000', { ...bot, campaignId: 'promo' }),
    ev('r1', 'message.received', '08:01:00.000000'),
    ev('r2', 'message.received', '08:01:30.000000'),
    ev('d1', 'message.delivered', '08:02:00.000250'),
    ev('s1', 'message.sent', '08:03:00.500000', bot),
    ev('r3', 'message.received', '08:10:00.000000'),
    ev('s2', 'message.sent', '08:20:00.000001', agent),
    ev('r4', 'message.received', '08:30:00.000000'),
  ];

  it('draws each wait from the customer message that opened it to the response that closed it, µs-exact, the last one open', () => {
    expect(timelineWaits(events)).toEqual([
      { from: 1, to: 4, openedAt: '2026-11-20T08:01:00.000000Z', closedAt: '2026-11-20T08:03:00.500000Z', seconds: 120.5 },
      { from: 5, to: 6, openedAt: '2026-11-20T08:10:00.000000Z', closedAt: '2026-11-20T08:20:00.000001Z', seconds: 600.000001 },
      { from: 7, to: null, openedAt: '2026-11-20T08:30:00.000000Z', closedAt: null, seconds: null },
    ]);
  });

  it('for responder=agent, a bot does not close a wait', () => {
    expect(timelineWaits(events, 'agent').map((w) => [w.from, w.to, w.seconds])).toEqual([
      [1, 6, 1140.000001],
      [7, null, null],
    ]);
  });

  it('has no waits without a customer message', () => {
    expect(timelineWaits([events[0], events[4]])).toEqual([]);
  });
});

describe('micros and eventActor', () => {
  it('reads instants to the microsecond', () => {
    expect(micros('2026-11-20T08:00:00.000001Z') - micros('2026-11-20T08:00:00.000000Z')).toBe(1);
    expect(micros('2026-11-20T08:00:00Z')).toBe(Date.UTC(2026, 10, 20, 8) * 1000);
  });
  it('names who an event is from', () => {
    expect(eventActor(ev('r', 'message.received', '08:00:00.000000'))).toBe('Customer');
    expect(eventActor(ev('s', 'message.sent', '08:00:00.000000', agent))).toBe('Agent anna');
    expect(eventActor(ev('s', 'message.sent', '08:00:00.000000', bot))).toBe('Bot helper');
    expect(eventActor(ev('a', 'conversation.assigned', '08:00:00.000000', { agentId: 'ben', team: 'Sales' }))).toBe('Assigned to ben (Sales)');
    expect(eventActor(ev('x', 'conversation.resolved', '08:00:00.000000'))).toBe('System');
  });
});
