/**
 * Hand-worked cases for the conversation facts of events.md ("How a conversation is read from its
 * events"). Every expected value is a literal worked out by hand from the spec; the comment beside
 * it shows the arithmetic.
 */
import { shuffle as shuffled } from '@parley/shared/generate';
import { addDecimal, compareBytes, compareEvents, deriveFacts, type FactEvent } from './facts.calculations.js';
import { T0, agentSent, at, botSent, campaign, conversion, csat, ev, received, reopenedEv, resolvedEv, statusEv } from './fact-events.fixtures.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const ids = (events: FactEvent[]) => [...events].sort(compareEvents).map((e) => e.id);

// ---------------------------------------------------------------------------------------------
// Ordering
// ---------------------------------------------------------------------------------------------

describe('compareBytes (COLLATE "C")', () => {
  it('compares by UTF-8 bytes, not by locale or UTF-16 code units', () => {
    expect(compareBytes('B', 'a')).toBeLessThan(0); // 'B' = 0x42 < 'a' = 0x61 (a locale would say a < B)
    expect(compareBytes('Z', '_')).toBeLessThan(0); // 0x5A < 0x5F
    expect(compareBytes('_', 'a')).toBeLessThan(0); // 0x5F < 0x61
    expect(compareBytes('z', 'é')).toBeLessThan(0); // 'z' = 0x7A < 'é' = 0xC3 0xA9
    expect(compareBytes('é', 'z')).toBeGreaterThan(0);
    expect(compareBytes('10', '9')).toBeLessThan(0); // '1' 0x31 < '9' 0x39: not numeric
    expect(compareBytes('ab', 'abc')).toBeLessThan(0); // a proper prefix sorts first
    expect(compareBytes('same', 'same')).toBe(0);
    // U+FFFD is EF BF BD, U+1F600 is F0 9F 98 80: bytes put the emoji last, while JS's UTF-16
    // comparison (0xFFFD vs surrogate 0xD83D) would put it first.
    expect(compareBytes('\uFFFD', '\u{1F600}')).toBeLessThan(0);
    expect('\u{1F600}' < '\uFFFD').toBe(true); // the UTF-16 order that must NOT be used
  });
});

describe('compareEvents', () => {
  it('orders by instant first, whatever the type or id', () => {
    const early = ev('zzz', 'conversion', at(0));
    const late = received('AAA', at(1));
    expect(compareEvents(early, late)).toBeLessThan(0); // 0 s < 1 s
    expect(compareEvents(late, early)).toBeGreaterThan(0);
  });

  it('on equal instants: received, then sent, then every other type; within a rank by id byte-wise', () => {
    const events = [
      ev('a-conversion', 'conversion', at(0)),
      ev('B-resolved', 'conversation.resolved', at(0)),
      ev('0-opened', 'conversation.opened', at(0)),
      agentSent('a-sent', at(0)),
      botSent('B-sent', at(0)),
      received('é-recv', at(0)),
      received('z-recv', at(0)),
      ev('é-csat', 'csat.submitted', at(0), { rating: 3 }),
      ev('z-assigned', 'conversation.assigned', at(0)),
    ];
    expect(ids(shuffled(events, 1))).toEqual([
      'z-recv', // rank 0; 'z' 0x7A
      'é-recv', // rank 0; 'é' 0xC3 > 'z'
      'B-sent', // rank 1; 'B' 0x42
      'a-sent', // rank 1; 'a' 0x61 > 'B'
      '0-opened', // rank 2; '0' 0x30
      'B-resolved', // rank 2; 'B' 0x42
      'a-conversion', // rank 2; 'a' 0x61
      'z-assigned', // rank 2; 'z' 0x7A
      'é-csat', // rank 2; 0xC3
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// First response and reply times
// ---------------------------------------------------------------------------------------------

describe('deriveFacts: same-instant received and sent', () => {
  it('sorts the customer message first, so a response at the same instant counts with time 0', () => {
    // ids chosen so that id order alone ('a' < 'z') would put the response before the customer message.
    const f = deriveFacts('c', [agentSent('a-response', at(0), 'agent-7'), received('z-customer', at(0))]);
    expect(f.firstCustomerAtUs).toBe(at(0));
    expect(f.any.firstResponseAtUs).toBe(at(0)); // at(0) >= firstCustomerAt
    expect(f.any.firstResponseTime).toBe(0); // (at(0) - at(0)) / 1e6
    expect(f.any.firstResponder).toBe('agent-7');
    expect(f.any.replyWaitStartsUs).toEqual([at(0)]); // the received opened a wait, the sent closed it
    expect(f.any.replyTimes).toEqual([0]);
    expect(f.agent.firstResponseTime).toBe(0);
    expect(f.agent.replyTimes).toEqual([0]);
  });

  it('on equal instants the first responder is the response with the byte-wise smallest id', () => {
    // Both at 10 s: 'B-bot' (0x42) sorts before 'a-agent' (0x61).
    const f = deriveFacts('c', [
      received('r1', at(0)),
      agentSent('a-agent', at(10), 'agent-a'),
      botSent('B-bot', at(10), 'bot-B'),
    ]);
    expect(f.any.firstResponder).toBe('bot-B');
    expect(f.any.firstResponseTime).toBe(10); // 10 s - 0 s
    expect(f.any.replyTimes).toEqual([10]); // 'B-bot' closed the only wait; 'a-agent' found none open
    expect(f.agent.firstResponder).toBe('agent-a'); // agent: the bot is passed over
    expect(f.agent.replyTimes).toEqual([10]);
  });

  it('a non-ASCII id sorts after "z" on the same instant', () => {
    const f = deriveFacts('c', [
      received('r1', at(0)),
      agentSent('é-msg', at(5), 'agent-e'),
      agentSent('z-msg', at(5), 'agent-z'),
    ]);
    expect(f.any.firstResponder).toBe('agent-z'); // 'z' 0x7A < 'é' 0xC3 0xA9
  });
});

describe('deriveFacts: agent message before the first customer message', () => {
  it('is not a first response and closes no wait, but counts for hasResponse/automated', () => {
    const f = deriveFacts('c', [
      agentSent('s0', at(0), 'agent-early'), // before any customer message
      received('r1', at(60)),
      botSent('s1', at(90), 'bot-1'),
      agentSent('s2', at(120), 'agent-2'),
    ]);
    expect(f.startedAtUs).toBe(at(0)); // earliest of any type: the agent message
    expect(f.firstCustomerAtUs).toBe(at(60));
    expect(f.any.firstResponseAtUs).toBe(at(90)); // s0 is before firstCustomerAt: skipped
    expect(f.any.firstResponseTime).toBe(30); // 90 - 60
    expect(f.any.firstResponder).toBe('bot-1');
    expect(f.any.replyWaitStartsUs).toEqual([at(60)]);
    expect(f.any.replyTimes).toEqual([30]); // wait 60 → 90; s0 had no wait, s2 no wait left
    expect(f.agent.firstResponseAtUs).toBe(at(120)); // s0 skipped, bot passed over
    expect(f.agent.firstResponseTime).toBe(60); // 120 - 60
    expect(f.agent.firstResponder).toBe('agent-2');
    expect(f.agent.replyTimes).toEqual([60]); // wait 60 → 120
    expect(f.hasResponse).toBe(true);
    expect(f.automated).toBe(false); // s0 and s2 are agent responses
  });

  it('an early agent message alone: unanswered, yet has a response and is not automated', () => {
    const f = deriveFacts('c', [agentSent('s0', at(0), 'agent-early'), received('r1', at(60))]);
    expect(f.any.firstResponseAtUs).toBeNull();
    expect(f.any.firstResponseTime).toBeNull();
    expect(f.any.firstResponder).toBeNull();
    expect(f.any.replyTimes).toEqual([]); // wait opened at 60 never closed
    expect(f.agent.firstResponder).toBeNull();
    expect(f.hasResponse).toBe(true);
    expect(f.automated).toBe(false);
  });

  it('an early bot message alone makes the conversation automated though unanswered', () => {
    const f = deriveFacts('c', [botSent('s0', at(0)), received('r1', at(60))]);
    expect(f.any.firstResponseAtUs).toBeNull();
    expect(f.hasResponse).toBe(true);
    expect(f.automated).toBe(true); // one response (at any time), none from an agent
  });
});

describe('deriveFacts: campaign messages', () => {
  it('are not responses: they neither open nor close waits, but count in messagesOut', () => {
    const f = deriveFacts('c', [
      campaign('k0', at(0), 'camp-1', 'bot', 'bot-1'), // broadcast before the customer writes
      received('r1', at(10)),
      campaign('k1', at(20), 'camp-2', 'agent', 'agent-1'), // agent broadcast: still not a reply
      agentSent('s1', at(50), 'agent-2'),
    ]);
    expect(f.startedAtUs).toBe(at(0)); // the campaign message is the earliest event
    expect(f.any.firstResponseAtUs).toBe(at(50)); // k1 at 20 is skipped
    expect(f.any.firstResponseTime).toBe(40); // 50 - 10
    expect(f.any.firstResponder).toBe('agent-2');
    expect(f.any.replyTimes).toEqual([40]); // wait 10 → 50, k1 did not close it
    expect(f.agent.firstResponseTime).toBe(40);
    expect(f.messagesIn).toBe(1);
    expect(f.messagesOut).toBe(3); // k0 + k1 + s1
    expect(f.hasResponse).toBe(true); // s1
    expect(f.automated).toBe(false); // the only response, s1, is from an agent
  });

  it('campaign-only outbound traffic: no response, not automated', () => {
    const f = deriveFacts('c', [campaign('k0', at(0)), received('r1', at(10)), campaign('k1', at(20))]);
    expect(f.any.firstResponseAtUs).toBeNull();
    expect(f.any.firstResponder).toBeNull();
    expect(f.any.replyTimes).toEqual([]);
    expect(f.hasResponse).toBe(false);
    expect(f.automated).toBe(false); // needs at least one response
    expect(f.messagesOut).toBe(2);
  });

  it('a campaign message does not open a wait that a later response could close', () => {
    const f = deriveFacts('c', [campaign('k0', at(0)), agentSent('s1', at(5))]);
    expect(f.firstCustomerAtUs).toBeNull();
    expect(f.any.replyTimes).toEqual([]);
    expect(f.any.firstResponseAtUs).toBeNull(); // no firstCustomerAt at all
  });
});

describe('deriveFacts: bots and agents', () => {
  it('a bot-only conversation is automated, and has no agent facts', () => {
    const f = deriveFacts('c', [
      received('r1', at(0)),
      botSent('s1', at(3), 'bot-1'),
      received('r2', at(30)),
      botSent('s2', at(32), 'bot-1'),
    ]);
    expect(f.automated).toBe(true);
    expect(f.any.firstResponseAtUs).toBe(at(3));
    expect(f.any.firstResponseTime).toBe(3); // 3 - 0
    expect(f.any.firstResponder).toBe('bot-1');
    expect(f.any.replyWaitStartsUs).toEqual([at(0), at(30)]);
    expect(f.any.replyTimes).toEqual([3, 2]); // 3 - 0, 32 - 30
    expect(f.agent).toEqual({
      firstResponseAtUs: null,
      firstResponseTime: null,
      firstResponder: null,
      replyWaitStartsUs: [],
      replyTimes: [], // the wait opened at 0 is never closed by an agent
      waitingSinceUs: at(0), // so it is still open: waiting for an agent since 0
    });
    expect(f.any.waitingSinceUs).toBeNull(); // s2 at 32 closed the wait r2 opened at 30
  });

  it('one agent response makes it not automated; agent facts ignore the bot that answered first', () => {
    const f = deriveFacts('c', [received('r1', at(0)), botSent('s1', at(2), 'bot-1'), agentSent('s2', at(75), 'agent-9')]);
    expect(f.automated).toBe(false);
    expect(f.any.firstResponder).toBe('bot-1');
    expect(f.any.firstResponseTime).toBe(2); // 2 - 0
    expect(f.agent.firstResponseAtUs).toBe(at(75));
    expect(f.agent.firstResponseTime).toBe(75); // 75 - 0
    expect(f.agent.firstResponder).toBe('agent-9');
    expect(f.agent.replyTimes).toEqual([75]);
  });
});

describe('deriveFacts: reply-time waits', () => {
  it('several customer messages make one wait from the first; bots close "any" waits but not "agent" waits', () => {
    const f = deriveFacts('c', [
      received('r1', at(0)), // opens any-wait and agent-wait at 0
      received('r2', at(30)), // wait already open
      received('r3', at(45)), // wait already open
      ev('as1', 'conversation.assigned', at(50)), // status events: no effect
      botSent('b1', at(100)), // any: closes 0 → 100; agent: passed over
      received('r4', at(200)), // any: opens at 200; agent: still open since 0
      ev('rs1', 'conversation.resolved', at(220)), // no effect on waits
      agentSent('a1', at(260)), // any: closes 200 → 260; agent: closes 0 → 260
      agentSent('a2', at(300)), // nothing open
      received('r5', at(400)), // opens both at 400
      botSent('b2', at(410)), // any: closes 400 → 410; agent: passed over
      agentSent('a3', at(500)), // any: nothing open; agent: closes 400 → 500
    ]);
    expect(f.any.replyWaitStartsUs).toEqual([at(0), at(200), at(400)]);
    expect(f.any.replyTimes).toEqual([100, 60, 10]); // 100-0, 260-200, 410-400
    expect(f.agent.replyWaitStartsUs).toEqual([at(0), at(400)]);
    expect(f.agent.replyTimes).toEqual([260, 100]); // 260-0, 500-400
    expect(f.any.firstResponseTime).toBe(100); // b1: 100 - 0
    expect(f.agent.firstResponseTime).toBe(260); // a1: 260 - 0
    expect(f.messagesIn).toBe(5);
    expect(f.messagesOut).toBe(5);
  });

  it('keeps fractional seconds from microseconds', () => {
    const f = deriveFacts('c', [received('r1', T0), agentSent('s1', T0 + 1_234_567)]);
    expect(f.any.firstResponseTime).toBe(1.234567); // 1,234,567 µs / 1e6
    expect(f.any.replyTimes).toEqual([1.234567]);
  });
});

// ---------------------------------------------------------------------------------------------
// Resolution, rating, conversion
// ---------------------------------------------------------------------------------------------

describe('deriveFacts: resolution', () => {
  it('resolve → reopen → resolve: resolvedAt is the last resolve, measured from startedAt', () => {
    const f = deriveFacts('c', [
      ev('o', 'conversation.opened', at(-60)), // startedAt
      received('r1', at(0)),
      resolvedEv('x1', at(3600)),
      reopenedEv('x2', at(7200)),
      resolvedEv('x3', at(9000)),
    ]);
    expect(f.startedAtUs).toBe(at(-60));
    expect(f.resolvedAtUs).toBe(at(9000));
    expect(f.resolutionTime).toBe(9060); // 9000 - (-60)
  });

  it('resolve → reopen: not resolved', () => {
    const f = deriveFacts('c', [received('r1', at(0)), resolvedEv('x1', at(3600)), reopenedEv('x2', at(7200))]);
    expect(f.resolvedAtUs).toBeNull();
    expect(f.resolutionTime).toBeNull();
  });

  it('resolve and reopen on the same instant: the id order decides which is last', () => {
    // 'B-resolve' (0x42) < 'a-reopen' (0x61): the reopen is last → not resolved.
    const f1 = deriveFacts('c', [received('r1', at(0)), reopenedEv('a-reopen', at(10)), resolvedEv('B-resolve', at(10))]);
    expect(f1.resolvedAtUs).toBeNull();
    // 'B-reopen' < 'a-resolve': the resolve is last → resolved at 10 s.
    const f2 = deriveFacts('c', [received('r1', at(0)), resolvedEv('a-resolve', at(10)), reopenedEv('B-reopen', at(10))]);
    expect(f2.resolvedAtUs).toBe(at(10));
    expect(f2.resolutionTime).toBe(10); // 10 - 0
  });

  it('never resolved: null', () => {
    const f = deriveFacts('c', [received('r1', at(0))]);
    expect(f.resolvedAtUs).toBeNull();
    expect(f.resolutionTime).toBeNull();
  });
});

describe('deriveFacts: CSAT', () => {
  it('the latest csat.submitted wins, whatever the input order', () => {
    const f = deriveFacts('c', [received('r1', at(0)), csat('k-late', at(100), 2), csat('k-early', at(50), 5)]);
    expect(f.rating).toBe(2); // at 100 s is later than at 50 s
    expect(f.ratedAtUs).toBe(at(100));
  });

  it('on the same instant the byte-wise largest id is the latest', () => {
    // 'csat-B' (0x42) < 'csat-a' (0x61): csat-a is last.
    const f = deriveFacts('c', [csat('csat-a', at(10), 4), csat('csat-B', at(10), 1)]);
    expect(f.rating).toBe(4);
    expect(f.ratedAtUs).toBe(at(10));
    // 'csat-z' (0x7A) < 'csat-é' (0xC3 0xA9): csat-é is last.
    const g = deriveFacts('c', [csat('csat-é', at(10), 5), csat('csat-z', at(10), 3)]);
    expect(g.rating).toBe(5);
  });

  it('no csat: null', () => {
    const f = deriveFacts('c', [received('r1', at(0))]);
    expect(f.rating).toBeNull();
    expect(f.ratedAtUs).toBeNull();
  });
});

describe('deriveFacts: conversion and revenue', () => {
  it('sums revenue exactly per currency as decimal strings', () => {
    const f = deriveFacts('c', [
      received('r1', at(0)),
      conversion('v1', at(10), '0.1', 'EUR'),
      conversion('v2', at(20), '0.2', 'EUR'),
      conversion('v3', at(30), '19.99', 'USD'),
      conversion('v4', at(40), '0.01', 'USD'),
      conversion('v5', at(50), '100', 'EUR'),
      conversion('v6', at(60), '0', 'GBP'),
    ]);
    expect(f.converted).toBe(true);
    expect(f.conversions).toBe(6);
    expect(f.revenue).toEqual({
      EUR: '100.3', // 0.1 + 0.2 = 0.3 (not 0.30000000000000004), + 100
      USD: '20', // 19.99 + 0.01 = 20.00 → '20'
      GBP: '0', // a zero-value conversion still lists its currency
    });
  });

  it('no conversion: not converted, no revenue', () => {
    const f = deriveFacts('c', [received('r1', at(0))]);
    expect(f.converted).toBe(false);
    expect(f.conversions).toBe(0);
    expect(f.revenue).toEqual({});
  });
});

describe('addDecimal', () => {
  it.each([
    ['0.1', '0.2', '0.3'], // 1 + 2 = 3 tenths
    ['0', '0', '0'],
    ['0.00', '0', '0'], // 000 + 000 hundredths = 0
    ['19.99', '0.01', '20'], // 1999 + 1 = 2000 hundredths = 20.00
    ['0.05', '0.05', '0.1'], // 5 + 5 = 10 hundredths = 0.10
    ['1.50', '2.5', '4'], // 150 + 250 = 400 hundredths
    ['10', '5', '15'],
    ['0', '0.000001', '0.000001'],
    ['120.5', '0.25', '120.75'], // 12050 + 25 = 12075 hundredths
    ['999999999999999999.99', '0.01', '1000000000000000000'], // beyond 2^53: exact with BigInt
    ['12345678901234567890.123456789', '1', '12345678901234567891.123456789'],
  ])('%s + %s = %s', (a, b, sum) => {
    expect(addDecimal(a, b)).toBe(sum);
    expect(addDecimal(b, a)).toBe(sum); // commutative
  });
});

// ---------------------------------------------------------------------------------------------
// Time, channel, order
// ---------------------------------------------------------------------------------------------

describe('deriveFacts: a conversation across the Europe/Berlin DST change (2026-10-25)', () => {
  // Clocks go back at 03:00 CEST (+02:00) = 01:00 UTC to 02:00 CET (+01:00).
  const us = (ms: number) => ms * 1000;
  const customerAt = us(Date.UTC(2026, 9, 25, 0, 30)); // 02:30+02:00 (first 02:30 local)
  const responseAt = us(Date.UTC(2026, 9, 25, 1, 15)); // 02:15+01:00: earlier wall clock, later instant
  const resolvedAt = us(Date.UTC(2026, 9, 25, 2, 0)); // 03:00+01:00

  it('the instants match their local readings', () => {
    expect(us(Date.parse('2026-10-25T02:30:00+02:00'))).toBe(customerAt);
    expect(us(Date.parse('2026-10-25T02:15:00+01:00'))).toBe(responseAt);
    expect(us(Date.parse('2026-10-25T03:00:00+01:00'))).toBe(resolvedAt);
  });

  it('gives the real elapsed seconds, not wall-clock differences', () => {
    const f = deriveFacts('c', [resolvedEv('x', resolvedAt), agentSent('s', responseAt), received('r', customerAt)]);
    expect(f.any.firstResponseTime).toBe(2700); // 00:30Z → 01:15Z = 45 min (wall clock says −15 min)
    expect(f.any.replyTimes).toEqual([2700]);
    expect(f.resolutionTime).toBe(5400); // 00:30Z → 02:00Z = 90 min (wall clock 02:30 → 03:00 says 30 min)
  });

  it('a conversation spanning the whole 25-hour local day', () => {
    const start = us(Date.UTC(2026, 9, 24, 22, 0)); // 2026-10-25T00:00+02:00
    const end = us(Date.UTC(2026, 9, 25, 23, 0)); // 2026-10-26T00:00+01:00
    const f = deriveFacts('c', [received('r', start), agentSent('s', end), resolvedEv('x', end)]);
    expect(f.any.firstResponseTime).toBe(90000); // 25 h × 3600
    expect(f.resolutionTime).toBe(90000);
  });
});

describe('deriveFacts: channel, contact and startedAt', () => {
  it('channel and contact are those of the earliest event; startedAt is the earliest event of any type', () => {
    const f = deriveFacts('c', [
      received('r1', at(10), { channel: 'sms', contactId: 'contact-sms' }),
      ev('o', 'conversation.opened', at(0), { channel: 'webchat', contactId: 'contact-web' }),
      agentSent('s1', at(20), 'agent-1', { channel: 'email', contactId: 'contact-mail' }),
    ]);
    expect(f.channel).toBe('webchat'); // the opened marker at 0 s is earliest
    expect(f.contactId).toBe('contact-web');
    expect(f.startedAtUs).toBe(at(0));
    expect(f.firstCustomerAtUs).toBe(at(10));
    expect(f.lastEventAtUs).toBe(at(20));
  });

  it('on a tie for earliest, the sort order decides (received ranks before other types)', () => {
    const f = deriveFacts('c', [
      ev('a-conv', 'conversion', at(0), { channel: 'email', contactId: 'x', value: '1', currency: 'EUR' }),
      received('z-recv', at(0), { channel: 'sms', contactId: 'y' }),
    ]);
    expect(f.channel).toBe('sms');
    expect(f.contactId).toBe('y');
  });

  it('an empty conversation is an error', () => {
    expect(() => deriveFacts('c', [])).toThrow('conversation c has no events');
  });
});

describe('deriveFacts: message statuses (events of the conversation, never messages)', () => {
  it('a status as the earliest event sets startedAt, channel and contact, and opens no wait', () => {
    const f = deriveFacts('c', [
      statusEv('d0', 'message.delivered', at(-60), { channel: 'sms', contactId: 'contact-sms' }), // earliest: a status of an earlier message
      received('r1', at(0)), // opens the wait at 0 (the status did not)
      statusEv('rd1', 'message.read', at(5)), // neither closes the wait nor is a response
      agentSent('a1', at(30)), // closes 0 → 30
    ]);
    expect(f.startedAtUs).toBe(at(-60));
    expect(f.channel).toBe('sms');
    expect(f.contactId).toBe('contact-sms');
    expect(f.firstCustomerAtUs).toBe(at(0));
    expect(f.any).toEqual({ firstResponseAtUs: at(30), firstResponseTime: 30, firstResponder: 'agent-1', replyWaitStartsUs: [at(0)], replyTimes: [30], waitingSinceUs: null });
    expect(f.agent.replyTimes).toEqual([30]);
    expect(f.resolutionTime).toBeNull();
    expect([f.messagesIn, f.messagesOut, f.events]).toEqual([1, 1, 4]); // 2 messages; 4 events
  });

  it('statuses after the messages count as events (lastEventAt) but not as responses or customer messages', () => {
    const f = deriveFacts('c', [
      agentSent('a0', at(0)), // outreach: a response before any customer message
      statusEv('d1', 'message.delivered', at(10)),
      statusEv('f1', 'message.failed', at(20)),
      received('r1', at(100)), // opens at 100
      statusEv('rd1', 'message.read', at(110)), // does not close it
      resolvedEv('x', at(200)),
      statusEv('d2', 'message.delivered', at(300)), // latest event
    ]);
    expect(f.startedAtUs).toBe(at(0));
    expect(f.lastEventAtUs).toBe(at(300));
    expect(f.firstCustomerAtUs).toBe(at(100));
    expect(f.any.firstResponseAtUs).toBeNull(); // a0 is before firstCustomerAt; statuses are no response
    expect(f.any.replyWaitStartsUs).toEqual([]); // the wait from 100 stays open: no closed wait
    expect(f.hasResponse).toBe(true); // a0
    expect(f.automated).toBe(false); // a0 is from an agent
    expect(f.resolvedAtUs).toBe(at(200)); // statuses are not resolution events
    expect(f.resolutionTime).toBe(200); // 200 - 0
    expect([f.messagesIn, f.messagesOut, f.events]).toEqual([1, 1, 7]);
  });

  it('at the same instant as a message, a status sorts after it (rank 2) and by id among the others', () => {
    expect(ids([statusEv('a-read', 'message.read', at(0)), agentSent('z-sent', at(0)), ev('b-open', 'conversation.opened', at(0)), received('z-recv', at(0))])).toEqual([
      'z-recv',
      'z-sent',
      'a-read',
      'b-open',
    ]);
    // A conversation of only statuses: started, no message, no wait.
    const f = deriveFacts('c', [statusEv('d', 'message.delivered', at(1)), statusEv('r', 'message.read', at(2))]);
    expect([f.startedAtUs, f.lastEventAtUs, f.firstCustomerAtUs, f.messagesIn, f.messagesOut, f.events, f.hasResponse]).toEqual([at(1), at(2), null, 0, 0, 2, false]);
  });
});

describe('deriveFacts: waiting (events.md)', () => {
  it('waits from the first customer message after the last response; campaigns, statuses and resolving close nothing', () => {
    const f = deriveFacts('c', [
      received('r1', at(0)),
      agentSent('a1', at(10)), // closes 0 → 10
      received('r2', at(20)), // opens 20
      received('r3', at(25)), // same wait
      { ...agentSent('m1', at(30)), campaignId: 'camp' }, // a campaign message closes nothing
      statusEv('d1', 'message.delivered', at(31)),
      resolvedEv('x', at(40)), // resolved, yet still waiting (the customer wrote after a1)
      botSent('b1', at(50), 'bot-1'), // closes the "any" wait 20 → 50, not the agent one
    ]);
    expect(f.any.waitingSinceUs).toBeNull();
    expect(f.agent.waitingSinceUs).toBe(at(20));
    expect(f.resolvedAtUs).toBe(at(40));
  });

  it('a customer message at the same instant as the last response sorts before it, so it is answered', () => {
    const f = deriveFacts('c', [received('r1', at(0)), agentSent('a1', at(5)), received('r2', at(5))]);
    expect(f.any.waitingSinceUs).toBeNull(); // r2 (rank 0) then a1 (rank 1) at 5: a1 closes the open wait
    expect(f.any.replyTimes).toEqual([5]); // the wait r1 opened at 0 (r2 joined it)
  });
});

describe('deriveFacts: unanswered conversation', () => {
  it('has no first response, no responder, no reply times, no response', () => {
    const f = deriveFacts('conv-u', [received('r1', at(0)), received('r2', at(40)), resolvedEv('x', at(600))]);
    expect(f).toEqual({
      conversationId: 'conv-u',
      channel: 'whatsapp',
      contactId: 'contact-1',
      startedAtUs: at(0),
      lastEventAtUs: at(600),
      firstCustomerAtUs: at(0),
      // r1 opened a wait at 0 that nothing closed (r2 opens none; resolving closes no wait): waiting since 0.
      any: { firstResponseAtUs: null, firstResponseTime: null, firstResponder: null, replyWaitStartsUs: [], replyTimes: [], waitingSinceUs: at(0) },
      agent: { firstResponseAtUs: null, firstResponseTime: null, firstResponder: null, replyWaitStartsUs: [], replyTimes: [], waitingSinceUs: at(0) },
      hasResponse: false,
      automated: false,
      resolvedAtUs: at(600),
      resolutionTime: 600, // 600 - 0
      rating: null,
      ratedAtUs: null,
      converted: false,
      conversions: 0,
      revenue: {},
      messagesIn: 2,
      messagesOut: 0,
      events: 3,
      tags: [],
      assignee: null,
      team: null,
      firstAssignedAtUs: null,
      assignmentResponseTime: null,
    });
  });
});

describe('deriveFacts: order-free', () => {
  const events: FactEvent[] = [
    ev('open', 'conversation.opened', at(-5), { channel: 'instagram', contactId: 'contact-ig' }),
    campaign('k0', at(-5)), // same instant as 'open': message.sent ranks first → k0 is earliest
    received('r1', at(0), { channel: 'instagram', contactId: 'contact-ig' }),
    received('r2', at(0), { channel: 'instagram', contactId: 'contact-ig' }),
    botSent('b1', at(0), 'bot-1'), // same instant as r1/r2: after both
    received('r3', at(30)),
    ev('as', 'conversation.assigned', at(31)),
    agentSent('a1', at(90), 'agent-3'),
    agentSent('a2', at(90), 'agent-2'),
    resolvedEv('x1', at(100)),
    reopenedEv('x2', at(150)),
    received('r4', at(150)),
    botSent('b2', at(151), 'bot-1'),
    agentSent('a3', at(200), 'agent-3'),
    resolvedEv('x3', at(250)),
    csat('k1', at(260), 5),
    csat('k2', at(260), 3),
    conversion('v1', at(270), '0.1', 'EUR'),
    conversion('v2', at(280), '0.2', 'EUR'),
  ];

  it('derives the hand-worked facts', () => {
    expect(deriveFacts('conv-o', events)).toEqual({
      conversationId: 'conv-o',
      channel: 'whatsapp', // k0 (sent, rank 1) sorts before 'open' (rank 2) at -5 s; k0 uses the default channel
      contactId: 'contact-1',
      startedAtUs: at(-5),
      lastEventAtUs: at(280),
      firstCustomerAtUs: at(0),
      any: {
        firstResponseAtUs: at(0), // b1 at 0 ≥ firstCustomerAt 0
        firstResponseTime: 0,
        firstResponder: 'bot-1',
        // waits: 0 → b1@0; r3 opens 30 → a1@90 (a2 none open); r4 opens 150 → b2@151 (a3 none open)
        replyWaitStartsUs: [at(0), at(30), at(150)],
        replyTimes: [0, 60, 1], // 0-0, 90-30, 151-150
        waitingSinceUs: null, // no customer message after b2
      },
      agent: {
        firstResponseAtUs: at(90), // a1 ('a1' < 'a2')
        firstResponseTime: 90, // 90 - 0
        firstResponder: 'agent-3',
        // waits: 0 (b1 passed, r3 no new wait) → a1@90; r4 opens 150 (b2 passed) → a3@200
        replyWaitStartsUs: [at(0), at(150)],
        replyTimes: [90, 50], // 90-0, 200-150
        waitingSinceUs: null, // a3 closed the last wait
      },
      hasResponse: true,
      automated: false,
      resolvedAtUs: at(250), // x1 resolve, x2 reopen, x3 resolve
      resolutionTime: 255, // 250 - (-5)
      rating: 3, // k1, k2 same instant: 'k2' is last
      ratedAtUs: at(260),
      converted: true,
      conversions: 2,
      revenue: { EUR: '0.3' }, // 0.1 + 0.2
      messagesIn: 4, // r1..r4
      messagesOut: 6, // k0, b1, a1, a2, b2, a3
      events: 19,
      tags: [],
      assignee: null,
      team: null,
      firstAssignedAtUs: at(31), // 'as'
      assignmentResponseTime: 59, // a1/a2 (agents) at 90 − 31; no agentId on 'as', so no assignee
    });
  });

  it('gives identical facts for shuffled and reversed input', () => {
    const reference = deriveFacts('conv-o', events);
    expect(deriveFacts('conv-o', [...events].reverse())).toEqual(reference);
    for (let seed = 1; seed <= 25; seed++) {
      expect(deriveFacts('conv-o', shuffled(events, seed))).toEqual(reference);
    }
  });

  it('does not modify its input', () => {
    const input = shuffled(events, 7);
    const copy = input.map((e) => ({ ...e }));
    deriveFacts('conv-o', input);
    expect(input).toEqual(copy);
  });
});

// ---------------------------------------------------------------------------------------------
// Tags, assignee, team, firstAssignedAt, assignment response time (events.md)
// ---------------------------------------------------------------------------------------------

const assigned = (id: string, atUs: number, agentId: string, team: string | null = null, extra: Partial<FactEvent> = {}) =>
  ev(id, 'conversation.assigned', atUs, { agentId, team, ...extra });

describe('deriveFacts: tags', () => {
  it('is the distinct union of every event tags, byte order (uppercase before lowercase, é after z)', () => {
    const f = deriveFacts('c', [
      received('m1', at(0), { tags: ['pricing', 'vip'] }),
      agentSent('m2', at(10), 'agent-1', { tags: ['vip', 'Zebra'] }),
      ev('x', 'conversion', at(20), { value: '1', currency: 'EUR', tags: ['été', 'zoo'] }),
    ]);
    expect(f.tags).toEqual(['Zebra', 'pricing', 'vip', 'zoo', 'été']);
  });

  it('is empty when no event carries tags', () => {
    expect(deriveFacts('c', [received('m1', at(0)), agentSent('m2', at(5), 'agent-1', { tags: null })]).tags).toEqual([]);
  });
});

describe('deriveFacts: assignment', () => {
  it('never assigned: no assignee, team, firstAssignedAt or assignment response', () => {
    const f = deriveFacts('c', [received('m1', at(0)), agentSent('m2', at(30))]);
    expect([f.assignee, f.team, f.firstAssignedAtUs, f.assignmentResponseTime]).toEqual([null, null, null, null]);
  });

  it('a reassignment: assignee and team of the latest, firstAssignedAt of the earliest', () => {
    const f = deriveFacts('c', [
      received('m1', at(0)),
      assigned('a1', at(60), 'anna', 'Support'),
      agentSent('m2', at(100), 'anna'),
      assigned('a2', at(500), 'ben', 'Billing'),
    ]);
    expect(f.assignee).toBe('ben');
    expect(f.team).toBe('Billing');
    expect(f.firstAssignedAtUs).toBe(at(60));
    // 100 − 60 = 40 s: anna answered after the first assignment.
    expect(f.assignmentResponseTime).toBe(40);
  });

  it('the latest assignment without a team leaves the conversation without a team', () => {
    const f = deriveFacts('c', [received('m1', at(0)), assigned('a1', at(10), 'anna', 'Support'), assigned('a2', at(20), 'ben')]);
    expect([f.assignee, f.team]).toEqual(['ben', null]);
  });

  it('two assignments at the same instant: the later in id byte order is the latest', () => {
    const f = deriveFacts('c', [received('m1', at(0)), assigned('b', at(10), 'ben', 'Billing'), assigned('a', at(10), 'anna', 'Support')]);
    expect([f.assignee, f.team]).toEqual(['ben', 'Billing']);
  });

  it('any agent response counts (not only the assignee), bots and campaigns do not, nor earlier responses', () => {
    const f = deriveFacts('c', [
      received('m1', at(0)),
      agentSent('m0', at(5), 'carl'), // before the assignment: not counted
      assigned('a1', at(60), 'anna', 'Support'),
      botSent('b1', at(70)),
      campaign('k1', at(80), 'camp-1', 'agent', 'dora'),
      agentSent('m2', at(200), 'carl'), // another agent than the assignee: counts
    ]);
    // 200 − 60 = 140 s
    expect(f.assignmentResponseTime).toBe(140);
  });

  it('a response at the very instant of the assignment counts with time 0', () => {
    const f = deriveFacts('c', [received('m1', at(0)), assigned('a1', at(30), 'anna'), agentSent('m2', at(30), 'anna')]);
    expect(f.assignmentResponseTime).toBe(0);
  });

  it('no agent response after the first assignment: none, though assigned', () => {
    const f = deriveFacts('c', [received('m1', at(0)), agentSent('m2', at(10)), assigned('a1', at(30), 'anna', 'Sales')]);
    expect(f.firstAssignedAtUs).toBe(at(30));
    expect(f.assignmentResponseTime).toBeNull();
  });

  it('does not depend on the order events arrive in', () => {
    const events = [received('m1', at(0), { tags: ['b'] }), assigned('a1', at(60), 'anna', 'Support', { tags: ['a'] }), agentSent('m2', at(90)), assigned('a2', at(120), 'ben', 'Billing')];
    const f = deriveFacts('c', events);
    for (let i = 0; i < 5; i++) expect(deriveFacts('c', shuffled([...events], i + 1))).toEqual(f);
  });
});
