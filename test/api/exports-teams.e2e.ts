/**
 * Teams, tags and assignment in the CSV exports and the campaigns report (api.md "CSV", metrics.md
 * "Teams and tags"), on Postgres and on the embedded PGlite: the new conversation columns against
 * values worked out by hand, and the team/tag filters (repeatable, never comma-split, `none`, AND
 * across parameters, OR within one) on both exports and on campaigns.
 */
import { parse } from 'csv-parse/sync';
import type { GeneratedEvent } from '@parley/shared/generate';
import { type Server, databaseEnv, ingestAll, newWorkspace, realPostgres, startServer } from '../support/server';

jest.setTimeout(300_000);

type Extra = Partial<GeneratedEvent>;
const ev = (id: string, type: string, at: string, conv: string, contact: string, channel: string, extra: Extra = {}): GeneratedEvent => ({
  id, type, occurredAt: at, conversationId: conv, contactId: contact, channel, ...extra,
});
const T = '2026-10-01T';
const received = (id: string, at: string, conv: string, channel: string, tags?: string[]) =>
  ev(id, 'message.received', `${T}${at}Z`, conv, `k-${conv}`, channel, { sender: { type: 'customer' }, ...(tags && { tags }) });
const sent = (id: string, at: string, conv: string, channel: string, type: 'agent' | 'bot', senderId: string) =>
  ev(id, 'message.sent', `${T}${at}Z`, conv, `k-${conv}`, channel, { sender: { type, id: senderId } });
const assigned = (id: string, at: string, conv: string, channel: string, agentId: string, team?: string) =>
  ev(id, 'conversation.assigned', `${T}${at}Z`, conv, `k-${conv}`, channel, { agentId, ...(team && { team }) });

/**
 * conv-a: assigned to ann (sales), answered by bob 30 s later, reassigned to cid (support); tagged
 * vip, then billing + vip. conv-b: team "=SUM(A1)", a bot reply, then dee 2.25 s after the
 * assignment. conv-c: never assigned, tag "a,b". conv-d: assigned to eve without a team.
 * conv-e: sales, tag "=x", never answered.
 */
const EVENTS: GeneratedEvent[] = [
  received('a1', '10:00:00', 'conv-a', 'whatsapp', ['vip']),
  assigned('a2', '10:01:00', 'conv-a', 'whatsapp', 'ann', 'sales'),
  sent('a3', '10:01:30', 'conv-a', 'whatsapp', 'agent', 'bob'),
  assigned('a4', '10:05:00', 'conv-a', 'whatsapp', 'cid', 'support'),
  received('a5', '10:06:00', 'conv-a', 'whatsapp', ['billing', 'vip']),
  received('b1', '11:00:00', 'conv-b', 'sms'),
  assigned('b2', '11:00:00.250', 'conv-b', 'sms', 'dee', '=SUM(A1)'),
  sent('b3', '11:00:01', 'conv-b', 'sms', 'bot', 'bot1'),
  sent('b4', '11:00:02.500', 'conv-b', 'sms', 'agent', 'dee'),
  received('c1', '12:00:00', 'conv-c', 'whatsapp', ['a,b']),
  received('d1', '13:00:00', 'conv-d', 'whatsapp'),
  assigned('d2', '13:01:00', 'conv-d', 'whatsapp', 'eve'),
  received('e1', '14:00:00', 'conv-e', 'sms', ['=x']),
  assigned('e2', '14:01:00', 'conv-e', 'sms', 'ann', 'sales'),
];
const EVENT_IDS: Record<string, string[]> = {
  'conv-a': ['a1', 'a2', 'a3', 'a4', 'a5'],
  'conv-b': ['b1', 'b2', 'b3', 'b4'],
  'conv-c': ['c1'],
  'conv-d': ['d1', 'd2'],
  'conv-e': ['e1', 'e2'],
};

/** The new columns of each conversation, as raw CSV cells, worked out by hand. */
const NEW_CELLS: Record<string, string> = {
  'conv-a': 'support,cid,"[""billing"",""vip""]",2026-10-01T10:01:00.000000Z,30',
  'conv-b': "'=SUM(A1),dee,[],2026-10-01T11:00:00.250000Z,2.25",
  'conv-c': ',,"[""a,b""]",,',
  'conv-d': ',eve,[],2026-10-01T13:01:00.000000Z,',
  'conv-e': 'sales,ann,"[""=x""]",2026-10-01T14:01:00.000000Z,',
};
const NEW_COLUMNS = ['team', 'assignee', 'tags', 'firstAssignedAt', 'assignmentResponseTime'];

/** Campaign touches, replies and conversions in conversations with teams and tags (hand-worked below). */
const C = '2026-11-02T';
const touch = (id: string, at: string, conv: string, contact: string, campaignId: string) =>
  ev(id, 'message.sent', `${C}${at}Z`, conv, contact, 'whatsapp', { sender: { type: 'bot', id: 'broadcaster' }, campaignId });
const reply = (id: string, at: string, conv: string, contact: string) => ev(id, 'message.received', `${C}${at}Z`, conv, contact, 'whatsapp', { sender: { type: 'customer' } });
const conversion = (id: string, at: string, conv: string, contact: string, value: number) =>
  ev(id, 'conversion', `${C}${at}Z`, conv, contact, 'whatsapp', { value, currency: 'EUR' });
const assign = (id: string, conv: string, contact: string, team: string, tags?: string[]) =>
  ev(id, 'conversation.assigned', `${C}07:00:00Z`, conv, contact, 'whatsapp', { agentId: 'ag', team, ...(tags && { tags }) });
const CAMPAIGN_EVENTS: GeneratedEvent[] = [
  // p1: sales, vip. k1 replies and converts 10 EUR.
  assign('p1-as', 'p1', 'k1', 'sales', ['vip']), touch('p1-t', '08:00:00', 'p1', 'k1', 'promo'), reply('p1-r', '09:00:00', 'p1', 'k1'),
  conversion('p1-v', '09:30:00', 'p1', 'k1', 10),
  // p2: support. k2 replies.
  assign('p2-as', 'p2', 'k2', 'support'), touch('p2-t', '08:00:00', 'p2', 'k2', 'promo'), reply('p2-r', '09:00:00', 'p2', 'k2'),
  // p3: no team, no tags. k3 replies and converts 5 EUR.
  touch('p3-t', '08:00:00', 'p3', 'k3', 'promo'), reply('p3-r', '09:00:00', 'p3', 'k3'), conversion('p3-v', '09:10:00', 'p3', 'k3', 5),
  // k4: touched in p4t (sales, vip), replies in p4r (no team, no tags).
  assign('p4-as', 'p4t', 'k4', 'sales', ['vip']), touch('p4-t', '08:00:00', 'p4t', 'k4', 'promo'), reply('p4-r', '09:00:00', 'p4r', 'k4'),
  // k5: promo in p5a (support), then "other" in p5b (sales); replies in p5a.
  assign('p5a-as', 'p5a', 'k5', 'support'), touch('p5a-t', '08:00:00', 'p5a', 'k5', 'promo'),
  assign('p5b-as', 'p5b', 'k5', 'sales'), touch('p5b-t', '08:30:00', 'p5b', 'k5', 'other'), reply('p5-r', '09:00:00', 'p5a', 'k5'),
];

describe.each(realPostgres ? [['Postgres', false], ['PGlite', true]] : [['PGlite', true]])('teams and tags in exports and campaigns on %s', (_name, embedded) => {
  let db: ReturnType<typeof databaseEnv>;
  let server: Server;
  let ws: { name: string; key: string };

  beforeAll(async () => {
    db = databaseEnv(embedded as boolean);
    server = await startServer(db.env, { LOG_LEVEL: 'warn' });
    ws = await newWorkspace(db.env, 'exports-teams');
    await ingestAll(server.url, ws.key, [...EVENTS, ...CAMPAIGN_EVENTS]);
  });
  afterAll(async () => {
    await server?.stop();
    db?.cleanup();
  });

  /** GET with repeated parameters as given (pairs, so `team` may appear twice). */
  async function get(path: string, params: [string, string][]) {
    const r = await fetch(`${server.url}/api/v1/${path}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${ws.key}` } });
    return { status: r.status, text: await r.text() };
  }
  const PERIOD: [string, string][] = [['from', '2026-10-01'], ['to', '2026-10-02'], ['tz', 'UTC']];
  const exportRows = async (kind: 'conversations' | 'events', filters: [string, string][]) => {
    const r = await get(`exports/${kind}.csv`, [...PERIOD, ...filters]);
    expect(r.status).toBe(200);
    const [header, ...rows] = parse(r.text) as string[][];
    return { header, rows, text: r.text };
  };

  it('conversations.csv: the new columns after revenue, named as in events.md, values worked by hand', async () => {
    const { header, text } = await exportRows('conversations', []);
    expect(header.slice(header.indexOf('revenue'), header.indexOf('revenue') + 7)).toEqual(['revenue', ...NEW_COLUMNS, 'messagesIn']);
    const lines = text.split('\r\n').slice(1, -1);
    expect(lines.map((l) => l.slice(0, l.indexOf(',')))).toEqual(['conv-a', 'conv-b', 'conv-c', 'conv-d', 'conv-e']);
    // revenue is empty for all of them: the five new cells sit between it and messagesIn.
    const messagesIn: Record<string, number> = { 'conv-a': 2, 'conv-b': 1, 'conv-c': 1, 'conv-d': 1, 'conv-e': 1 };
    for (const l of lines) {
      const conv = l.slice(0, l.indexOf(','));
      expect(l).toContain(`,0,,${NEW_CELLS[conv]},${messagesIn[conv]},`);
    }
  });

  it('the team cell keeps the formula guard; tags JSON starting with [ needs none', async () => {
    const { rows, header } = await exportRows('conversations', [['team', '=SUM(A1)']]);
    expect(rows.map((r) => r[0])).toEqual(['conv-b']);
    expect(rows[0][header.indexOf('team')]).toBe("'=SUM(A1)");
    const e = await exportRows('conversations', [['tag', '=x']]);
    expect(e.rows.map((r) => [r[0], r[e.header.indexOf('tags')]])).toEqual([['conv-e', '["=x"]']]);
  });

  // [filters, the conversations kept]
  const FILTERS: [string, [string, string][], string[]][] = [
    ['team=support (conv-a was reassigned: its latest team counts)', [['team', 'support']], ['conv-a']],
    ['team=sales', [['team', 'sales']], ['conv-e']],
    ['team=none (never assigned, or assigned without a team)', [['team', 'none']], ['conv-c', 'conv-d']],
    ['team=sales OR none', [['team', 'sales'], ['team', 'none']], ['conv-c', 'conv-d', 'conv-e']],
    ['tag=vip', [['tag', 'vip']], ['conv-a']],
    ['tag=a,b is one tag, not two', [['tag', 'a,b']], ['conv-c']],
    ['tag=a (no comma splitting)', [['tag', 'a']], []],
    ['tag=none', [['tag', 'none']], ['conv-b', 'conv-d']],
    ['tag=vip OR none', [['tag', 'vip'], ['tag', 'none']], ['conv-a', 'conv-b', 'conv-d']],
    ['team=support AND tag=billing', [['team', 'support'], ['tag', 'billing']], ['conv-a']],
    ['team=sales AND tag=vip', [['team', 'sales'], ['tag', 'vip']], []],
    ['team=none AND tag=none', [['team', 'none'], ['tag', 'none']], ['conv-d']],
    ['channel=sms AND team=sales', [['channel', 'sms'], ['team', 'sales']], ['conv-e']],
  ];

  it.each(FILTERS)('%s: both exports keep those conversations and their events', async (_label, filters, kept) => {
    const conversations = await exportRows('conversations', filters);
    expect(conversations.rows.map((r) => r[0])).toEqual(kept);
    const events = await exportRows('events', filters);
    expect(events.header[0]).toBe('id');
    expect(events.rows.map((r) => r[0])).toEqual(kept.flatMap((c) => EVENT_IDS[c]));
  });

  it('the events export without filters still lists every event of the period', async () => {
    const { rows } = await exportRows('events', []);
    expect(rows.map((r) => r[0])).toEqual(Object.values(EVENT_IDS).flat());
  });

  /** Campaign figures: [campaignId, sent, recipients, replied, converted, EUR revenue]. */
  async function campaigns(filters: [string, string][]) {
    const r = await get('metrics/campaigns', [['from', '2026-11-02'], ['to', '2026-11-03'], ['tz', 'UTC'], ['window', '24'], ...filters]);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    const row = (c: any) => [c.sent, c.recipients, c.replied, c.converted, c.revenue.EUR ?? 0];
    return { campaigns: body.campaigns.map((c: any) => [c.campaignId, ...row(c)]), totals: row(body.totals) };
  }

  // Hand-worked (window 24 h, last touch): unfiltered, k5's reply follows "other" (08:30), the later touch.
  it.each<[string, [string, string][], (string | number)[][], number[]]>([
    ['no filter', [], [['promo', 5, 5, 4, 2, 15], ['other', 1, 1, 1, 0, 0]], [6, 5, 5, 2, 15]],
    // p1, p4t, p5b: k4's reply (p4r, no team) and k5's (p5a, support) are not kept.
    ['team=sales', [['team', 'sales']], [['promo', 2, 2, 1, 1, 10], ['other', 1, 1, 0, 0, 0]], [3, 3, 1, 1, 10]],
    // p2, p5a: without p5b's touch, k5's reply goes to promo.
    ['team=support', [['team', 'support']], [['promo', 2, 2, 2, 0, 0]], [2, 2, 2, 0, 0]],
    // p3 and p4r (which has no touch).
    ['team=none', [['team', 'none']], [['promo', 1, 1, 1, 1, 5]], [1, 1, 1, 1, 5]],
    ['tag=vip', [['tag', 'vip']], [['promo', 2, 2, 1, 1, 10]], [2, 2, 1, 1, 10]],
    // p2, p3, p4r, p5a, p5b: k5's reply follows "other" again.
    ['tag=none', [['tag', 'none']], [['promo', 3, 3, 2, 1, 5], ['other', 1, 1, 1, 0, 0]], [4, 3, 3, 1, 5]],
    ['team=sales AND tag=none', [['team', 'sales'], ['tag', 'none']], [['other', 1, 1, 0, 0, 0]], [1, 1, 0, 0, 0]],
    ['team=sales OR support', [['team', 'sales'], ['team', 'support']], [['promo', 4, 4, 2, 1, 10], ['other', 1, 1, 1, 0, 0]], [5, 4, 3, 1, 10]],
  ])('campaigns with %s', async (_label, filters, rows, totals) => {
    const r = await campaigns(filters);
    expect(r.campaigns).toEqual(rows);
    expect(r.totals).toEqual(totals);
  });
});
