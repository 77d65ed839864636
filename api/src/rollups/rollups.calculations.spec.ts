/**
 * Hand-worked cases for the rollup rows derived in Node (conversation_hours, reply_waits,
 * hourly_contacts entries). Expected values are literals worked out by hand.
 */
import { BusinessHoursRequestSchema } from '@parley/shared';
import { deriveFacts } from '../facts/facts.calculations.js';
import { T0, agentSent, at, botSent, ev, received, statusEv } from '../facts/fact-events.fixtures.js';
import { type ContactSetRow, type CustomerHour, contactSetEntries, conversationHours, replyWaits } from './rollups.calculations.js';

describe('conversationHours (the conversation_hours rollup)', () => {
  it("carries the conversation's team and tags on every row: a reassignment moves all its hours", () => {
    const events = [
      received('r1', at(10), { tags: ['refund'] }),
      ev('as1', 'conversation.assigned', at(20), { agentId: 'a', team: 'Support' }),
      agentSent('s1', at(3700)),
      ev('as2', 'conversation.assigned', at(7300), { agentId: 'b', team: 'Billing' }),
    ];
    const rows = conversationHours(deriveFacts('conv-1', events), events);
    expect(rows.map((r) => [r.hourS - T0 / 1e6, r.team, r.tags])).toEqual([
      [0, 'Billing', ['refund']],
      [3600, 'Billing', ['refund']],
      [7200, 'Billing', ['refund']],
    ]);
  });

  it('groups by UTC hour and contact, under the conversation channel', () => {
    // T0 = 08:00:00Z. Events at 08:00:10, 08:59:59.999999, 09:00:00 (the next hour), and one at
    // 08:30 from a second contact on another channel (the conversation stays on whatsapp).
    const events = [
      received('r1', at(10)),
      agentSent('s1', at(20)),
      received('r2', at(3599) + 999_999),
      ev('x1', 'conversation.assigned', at(3600)),
      received('r3', at(1800), { contactId: 'contact-2', channel: 'sms' }),
    ];
    const facts = deriveFacts('conv-1', events);
    const rows = conversationHours(facts, [...events].reverse());
    const h8 = T0 / 1e6; // 08:00Z in seconds
    expect(rows.sort((a, b) => a.hourS - b.hourS || a.contactId.localeCompare(b.contactId))).toEqual([
      // 08:00, contact-1: r1, s1, r2 → 3 events, 2 in (first at 08:00:10), 1 out.
      { conversationId: 'conv-1', hourS: h8, contactId: 'contact-1', channel: 'whatsapp', events: 3, messagesIn: 2, messagesOut: 1, firstInAtUs: at(10), revenue: null, team: null, tags: [] },
      // 08:00, contact-2: r3 only.
      { conversationId: 'conv-1', hourS: h8, contactId: 'contact-2', channel: 'whatsapp', events: 1, messagesIn: 1, messagesOut: 0, firstInAtUs: at(1800), revenue: null, team: null, tags: [] },
      // 09:00, contact-1: the assignment; no customer message, so no first-in instant.
      { conversationId: 'conv-1', hourS: h8 + 3600, contactId: 'contact-1', channel: 'whatsapp', events: 1, messagesIn: 0, messagesOut: 0, firstInAtUs: null, revenue: null, team: null, tags: [] },
    ]);
  });

  it('counts message statuses as events of the hour, never as messages in or out', () => {
    // 07:59:00 delivered (earliest: the conversation's channel is its sms), 08:00:10 r1, 08:00:20 s1,
    // 08:00:30 read, 08:01 failed: hour 07:00 = 1 event; hour 08:00 = 4 events, 1 in, 1 out.
    const events = [
      statusEv('d0', 'message.delivered', at(-60), { channel: 'sms' }),
      received('r1', at(10)),
      agentSent('s1', at(20)),
      statusEv('rd1', 'message.read', at(30)),
      statusEv('f1', 'message.failed', at(60)),
    ];
    const facts = deriveFacts('conv-1', events);
    const h8 = T0 / 1e6;
    expect(conversationHours(facts, events).sort((a, b) => a.hourS - b.hourS)).toEqual([
      { conversationId: 'conv-1', hourS: h8 - 3600, contactId: 'contact-1', channel: 'sms', events: 1, messagesIn: 0, messagesOut: 0, firstInAtUs: null, revenue: null, team: null, tags: [] },
      { conversationId: 'conv-1', hourS: h8, contactId: 'contact-1', channel: 'sms', events: 4, messagesIn: 1, messagesOut: 1, firstInAtUs: at(10), revenue: null, team: null, tags: [] },
    ]);
  });

  it('sums conversion values per currency in the hour, exactly', () => {
    // 19.99 + 0.01 EUR at 08:01 and 08:02 (20 EUR: addDecimal drops trailing zeros), 5 USD at 08:03; 0 EUR at 09:00 still counts.
    const events = [
      received('r1', at(10)),
      ev('v1', 'conversion', at(60), { value: '19.99', currency: 'EUR' }),
      ev('v2', 'conversion', at(120), { value: '0.01', currency: 'EUR' }),
      ev('v3', 'conversion', at(180), { value: '5', currency: 'USD' }),
      ev('v4', 'conversion', at(3600), { value: '0', currency: 'EUR' }),
    ];
    const rows = conversationHours(deriveFacts('c', events), events).sort((a, b) => a.hourS - b.hourS);
    expect(rows.map((r) => r.revenue)).toEqual([{ EUR: '20', USD: '5' }, { EUR: '0' }]);
  });

  it('floors instants to the hour at µs precision (2000-01-01T00:59:59.999999Z is in hour 00:00)', () => {
    const y2k = Date.UTC(2000, 0, 1) * 1000;
    const events = [received('a', y2k + 3_599_999_999), received('b', y2k + 3_600_000_000)];
    const rows = conversationHours(deriveFacts('c', events), events);
    expect(rows.map((r) => [r.hourS, r.events])).toEqual([
      [Date.UTC(2000, 0, 1) / 1000, 1],
      [Date.UTC(2000, 0, 1, 1) / 1000, 1],
    ]);
  });
});

describe('replyWaits (the reply_waits rollup)', () => {
  it("carries the conversation's team (latest assignment) and tags on every row, for team and tag cuts", () => {
    const f = deriveFacts('conv-1', [
      received('r1', at(0), { tags: ['vip'] }),
      ev('as1', 'conversation.assigned', at(1), { agentId: 'a', team: 'Support' }),
      agentSent('a1', at(20), 'agent-1', { tags: ['pricing'] }),
      ev('as2', 'conversation.assigned', at(25), { agentId: 'b', team: 'Billing' }),
    ]);
    expect(replyWaits(f).map((w) => [w.agent, w.team, w.tags])).toEqual([
      [false, 'Billing', ['pricing', 'vip']],
      [true, 'Billing', ['pricing', 'vip']],
    ]);
  });

  it('lists each wait per choice of responder, numbered from 1, with the first responder of that choice', () => {
    // r1 at 0 s opens a wait; the bot answers at 5 s (any: wait 1 = 5 s). For agents that wait stays
    // open until the agent at 20 s (agent: wait 1 = 20 s). r2 at 30 s opens the next wait, closed by
    // the agent at 42 s for both (wait 2 = 12 s, any; wait 2 = 12 s, agent).
    const f = deriveFacts('conv-1', [
      received('r1', at(0)),
      botSent('b1', at(5)),
      agentSent('a1', at(20)),
      received('r2', at(30)),
      agentSent('a2', at(42)),
    ]);
    expect(replyWaits(f)).toEqual([
      { conversationId: 'conv-1', agent: false, n: 1, openedAtUs: at(0), seconds: 5, channel: 'whatsapp', responder: 'bot-1', team: null, tags: [], bizSeconds: null },
      { conversationId: 'conv-1', agent: false, n: 2, openedAtUs: at(30), seconds: 12, channel: 'whatsapp', responder: 'bot-1', team: null, tags: [], bizSeconds: null },
      { conversationId: 'conv-1', agent: true, n: 1, openedAtUs: at(0), seconds: 20, channel: 'whatsapp', responder: 'agent-1', team: null, tags: [], bizSeconds: null },
      { conversationId: 'conv-1', agent: true, n: 2, openedAtUs: at(30), seconds: 12, channel: 'whatsapp', responder: 'agent-1', team: null, tags: [], bizSeconds: null },
    ]);
  });

  it('statuses neither open nor close waits', () => {
    // read at 0 s opens nothing; r1 at 10 s opens; delivered at 15 s closes nothing; a1 at 40 s closes 10 → 40.
    const f = deriveFacts('conv-1', [
      statusEv('rd0', 'message.read', at(0)),
      received('r1', at(10)),
      statusEv('d1', 'message.delivered', at(15)),
      agentSent('a1', at(40)),
      statusEv('d2', 'message.delivered', at(50)),
    ]);
    expect(replyWaits(f)).toEqual([
      { conversationId: 'conv-1', agent: false, n: 1, openedAtUs: at(10), seconds: 30, channel: 'whatsapp', responder: 'agent-1', team: null, tags: [], bizSeconds: null },
      { conversationId: 'conv-1', agent: true, n: 1, openedAtUs: at(10), seconds: 30, channel: 'whatsapp', responder: 'agent-1', team: null, tags: [], bizSeconds: null },
    ]);
  });

  it('measures each wait in business time under a schedule', () => {
    // T0 is Friday 20 November 2026, 09:00 in Berlin; open from 09:01. r1 at 0 s, the agent at
    // 75 s: a 75 s wait of which the 15 s after 09:01 are business time.
    const schedule = BusinessHoursRequestSchema.parse({ timeZone: 'Europe/Berlin', fri: [['09:01', '17:00']] });
    const f = deriveFacts('conv-1', [received('r1', at(0)), agentSent('a1', at(75))]);
    expect(replyWaits(f, schedule).map((w) => [w.agent, w.seconds, w.bizSeconds])).toEqual([
      [false, 75, 15],
      [true, 75, 15],
    ]);
  });

  it('has no rows for a conversation nobody answered', () => {
    expect(replyWaits(deriveFacts('c', [received('r1', at(0))]))).toEqual([]);
  });
});

describe('contactSetEntries (the hourly_contacts rollup)', () => {
  const H9 = Date.UTC(2026, 2, 1, 9) / 1000;
  const H10 = H9 + 3600;
  const row = (hourS: number, channel: string, contactId: string, conversationId: string, cut: Partial<CustomerHour> = {}): CustomerHour => ({
    hourS,
    channel,
    contactId,
    conversationId,
    team: null,
    tags: [],
    firstInTeam: false,
    firstInTags: [],
    firstInTeamChannel: false,
    firstInTagsChannel: [],
    ...cut,
  });
  const totals = (sets: ContactSetRow[]) => new Map(sets.filter((x) => x.cut === '').map((x) => [`${x.hourS} ${x.channel}`, x]));
  const contactKey = new Map([['k1', 7], ['k2', 3]]);
  const conversationKey = new Map([['c1', 1], ['c2', 2], ['c3', 9]]);
  // k1 first wrote (ever and in sms) at 09:xx; in whatsapp first at 10:xx. k2 is older than both hours.
  const firstHourS = new Map([['k1\u0000*', H9], ['k1\u0000sms', H9], ['k1\u0000whatsapp', H10], ['k2\u0000*', H9 - 86400], ['k2\u0000sms', H9 - 86400]]);
  const words = (b: Buffer) => Array.from({ length: b.length / 4 }, (_, i) => b.readUInt32BE(i * 4));

  it('packs each pair\'s rows by contact key then conversation key, flagging first hours', () => {
    const sets = totals(
      contactSetEntries(
        [row(H9, 'sms', 'k1', 'c2'), row(H9, 'sms', 'k2', 'c3'), row(H9, 'sms', 'k1', 'c1'), row(H10, 'whatsapp', 'k1', 'c3')],
        contactKey,
        conversationKey,
        firstHourS,
      ),
    );
    expect([...sets.keys()]).toEqual([`${H9} sms`, `${H10} whatsapp`]);
    // 09:00 sms: k2 (key 3, no flags) with c3, then k1 (key 7, ever + channel) with c1, then c2.
    expect(words(sets.get(`${H9} sms`)!.entries)).toEqual([3, 9, 7 + 0x80000000 + 0x40000000, 1, 7 + 0x80000000 + 0x40000000, 2]);
    // 10:00 whatsapp: k1's first whatsapp message, not its first ever.
    expect(words(sets.get(`${H10} whatsapp`)!.entries)).toEqual([7 + 0x40000000, 9]);
  });

  it('also packs each pair under its team and each tag (none as \'\'), flagged by the rows\' cut flags only', () => {
    const sets = contactSetEntries(
      [
        // k1 in c1 (Sales, tags vip+refund): its first Sales message and its first vip one, not its
        // first refund one (that was on another channel); on sms, its first of all three.
        row(H9, 'sms', 'k1', 'c1', { team: 'Sales', tags: ['vip', 'refund'], firstInTeam: true, firstInTags: ['vip'], firstInTeamChannel: true, firstInTagsChannel: ['refund', 'vip'] }),
        // k2 in c3 (no team, no tags): its first message of no team and of no tags, also on sms.
        row(H9, 'sms', 'k2', 'c3', { firstInTeam: true, firstInTags: [null], firstInTeamChannel: true, firstInTagsChannel: [null] }),
        // k1 in c2 (Sales, vip), same hour: not a first.
        row(H9, 'sms', 'k1', 'c2', { team: 'Sales', tags: ['vip'] }),
      ],
      contactKey,
      conversationKey,
      firstHourS,
    );
    const cuts = sets.filter((x) => x.cut !== '').map((x) => [x.cut, x.cutValue, words(x.entries)]);
    const both = 0x80000000 + 0x40000000;
    expect(cuts).toEqual([
      ['team', 'Sales', [7 + both, 1, 7, 2]],
      ['tag', 'vip', [7 + both, 1, 7, 2]],
      ['tag', 'refund', [7 + 0x40000000, 1]],
      ['team', '', [3 + both, 9]],
      ['tag', '', [3 + both, 9]],
    ]);
    // The totals keep the ever and channel flags of contact_first (k1 first wrote at 09:xx in sms).
    expect(words(totals(sets).get(`${H9} sms`)!.entries)).toEqual([3, 9, 7 + 0x80000000 + 0x40000000, 1, 7 + 0x80000000 + 0x40000000, 2]);
  });

  it('refuses a row whose contact or conversation has no key (nothing is silently dropped)', () => {
    expect(() => contactSetEntries([row(H9, 'sms', 'k9', 'c1')], contactKey, conversationKey, firstHourS)).toThrow(/no key for contact 'k9'/);
    expect(() => contactSetEntries([row(H9, 'sms', 'k1', 'c1')], new Map([['k1', 2 ** 30]]), conversationKey, firstHourS)).toThrow(/does not fit in 30 bits/);
  });
});
