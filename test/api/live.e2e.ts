import { type Server, databaseEnv, newWorkspace, post, startServer } from '../support/server';

jest.setTimeout(180_000);

/**
 * GET /live (api.md "Live"): open and waiting conversations as of asOf (events after it, which
 * clients may send up to 5 minutes ahead, do not count), the 20 longest waits, and today so far
 * against the same hours a week before (the overview's figures of those windows).
 */
let db: ReturnType<typeof databaseEnv>;
let server: Server;
let ws: { name: string; key: string };
const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

type Ev = Record<string, unknown>;
const msg = (conv: string, id: string, minutes: number, from: 'customer' | 'agent' | 'bot', extra: Ev = {}): Ev => ({
  id: `${conv}-${id}`,
  type: from === 'customer' ? 'message.received' : 'message.sent',
  occurredAt: ago(minutes),
  conversationId: conv,
  contactId: `k-${conv}`,
  channel: conv.startsWith('sms') ? 'sms' : 'whatsapp',
  sender: from === 'customer' ? { type: 'customer' } : { type: from, id: from === 'bot' ? 'helper-bot' : 'anna' },
  ...extra,
});
const other = (conv: string, id: string, type: string, minutes: number, extra: Ev = {}): Ev => ({
  id: `${conv}-${id}`,
  type,
  occurredAt: ago(minutes),
  conversationId: conv,
  contactId: `k-${conv}`,
  channel: conv.startsWith('sms') ? 'sms' : 'whatsapp',
  ...extra,
});

// Minutes before now. 25 waiting conversations w00…w24 (w24 longest), on whatsapp, team Sales.
const WAITING = Array.from({ length: 25 }, (_, i) => `w${String(i).padStart(2, '0')}`);
const EVENTS: Ev[] = [
  ...WAITING.flatMap((c, i) => [msg(c, 'in', 30 + i * 7, 'customer'), other(c, 'as', 'conversation.assigned', 29 + i * 7, { agentId: 'anna', team: 'Sales' })]),
  // Answered by an agent: open, not waiting.
  msg('sms-answered', 'in', 50, 'customer'),
  msg('sms-answered', 'out', 45, 'agent'),
  // A bot answered: waiting for an agent only.
  msg('sms-bot', 'in', 40, 'customer'),
  msg('sms-bot', 'out', 39, 'bot'),
  // Resolved: not open.
  msg('sms-resolved', 'in', 100, 'customer'),
  other('sms-resolved', 'res', 'conversation.resolved', 90),
  // Quiet for 8 days: not open.
  msg('sms-quiet', 'in', 8 * 24 * 60, 'customer'),
  // Resolved 3 minutes ahead (a sender's fast clock): open and waiting as of now.
  msg('sms-ahead', 'in', 20, 'customer'),
  other('sms-ahead', 'res', 'conversation.resolved', -3),
  // Its only customer message is 2 minutes ahead: nothing as of now.
  msg('sms-future', 'in', -2, 'customer'),
];

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env);
  ws = await newWorkspace(db.env, 'live', 'ingest,read', 'Europe/Berlin');
  const r = await post(server.url, ws.key, EVENTS);
  expect(r.status).toBe(200);
  expect(r.json.rejected).toEqual([]);
  // Another workspace's waiting conversations never show.
  const otherWs = await newWorkspace(db.env, 'live-other');
  expect((await post(server.url, otherWs.key, [msg('w99', 'in', 500, 'customer'), msg('sms-x', 'in', 5, 'customer')])).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

async function get(path: string, query: Record<string, string> = {}) {
  const r = await fetch(`${server.url}/api/v1/${path}?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${ws.key}` } });
  return { status: r.status, body: await r.json() };
}
const us = (iso: string) => Date.parse(iso) * 1000 + Number(iso.slice(23, 26));

it('counts open and waiting conversations as of asOf and lists the 20 longest waits', async () => {
  const r = await get('live');
  expect(r.status).toBe(200);
  const asOfMs = Date.parse(r.body.asOf);
  expect(Math.abs(asOfMs - Date.now())).toBeLessThan(60_000);
  // 25 waiting + answered + bot-answered + the one resolved only after asOf.
  expect(r.body.open).toBe(28);
  expect(r.body.waiting).toBe(26);
  expect(r.body.longestWaits).toHaveLength(20);
  expect(r.body.longestWaits.map((w: { conversationId: string }) => w.conversationId)).toEqual(WAITING.slice(5).reverse());
  const longest = r.body.longestWaits[0];
  expect(longest).toEqual({
    conversationId: 'w24',
    channel: 'whatsapp',
    contactId: 'k-w24',
    team: 'Sales',
    waitingSince: ago(30 + 24 * 7).replace('Z', '000Z'),
    waitingSeconds: (asOfMs * 1000 - us(longest.waitingSince)) / 1e6,
  });
});

it('follows responder and the filters', async () => {
  const agent = (await get('live', { responder: 'agent' })).body;
  expect([agent.open, agent.waiting]).toEqual([28, 27]);
  const sms = (await get('live', { channel: 'sms' })).body;
  expect([sms.open, sms.waiting]).toEqual([3, 1]);
  expect(sms.longestWaits.map((w: { conversationId: string }) => w.conversationId)).toEqual(['sms-ahead']);
  const sales = (await get('live', { team: 'Sales' })).body;
  expect([sales.open, sales.waiting]).toEqual([25, 25]);
  const none = (await get('live', { team: 'none', responder: 'agent' })).body;
  expect(none.longestWaits.map((w: { conversationId: string }) => w.conversationId)).toEqual(['sms-bot', 'sms-ahead']);
});

it("today and lastWeek are the overview's figures of their windows", async () => {
  const r = (await get('live', { tz: 'America/New_York' })).body;
  expect(r.todayPeriod.to).toBe(r.lastWeekPeriod.to.replace(/^.{10}/, r.todayPeriod.to.slice(0, 10)));
  for (const [figures, period] of [
    [r.today, r.todayPeriod],
    [r.lastWeek, r.lastWeekPeriod],
  ]) {
    if (period.from === period.to) {
      expect(figures.conversations).toBe(0);
      continue;
    }
    const overview = await get('metrics/overview', { from: period.from, to: period.to, tz: 'America/New_York' });
    expect(overview.status).toBe(200);
    expect(figures).toEqual(overview.body.current);
  }
  expect(r.lastWeek.conversations).toBe(0);
});

it('bad parameters are 400s naming them', async () => {
  for (const [query, message] of [
    [{ responder: 'bot' }, /^responder: must be any or agent/],
    [{ tz: 'Mars/Olympus' }, /^tz: unknown time zone/],
    [{ from: '2026-11-01' }, /^from: unknown parameter/],
    [{ channel: 'SMS!' }, /^channel: /],
  ] as [Record<string, string>, RegExp][]) {
    const r = await get('live', query);
    expect(r.status).toBe(400);
    expect([r.body.message].flat().join('\n')).toMatch(message);
  }
});
