/**
 * GET /metrics/campaigns on hand-worked data (metrics.md "Campaigns", events.md "Message status"),
 * on Postgres and on the embedded PGlite. Every contact below plays one rule; the expected figures
 * are worked out in the comments. Times are UTC unless said.
 */
import type { GeneratedEvent } from '@parley/shared/generate';
import { type Server, databaseEnv, ingestAll, newWorkspace, realPostgres, startServer } from '../support/server';

jest.setTimeout(300_000);

type Extra = Partial<GeneratedEvent>;
const ev = (id: string, type: string, at: string, conv: string, contact: string, channel: string, extra: Extra = {}): GeneratedEvent => ({
  id, type, occurredAt: at, conversationId: conv, contactId: contact, channel, ...extra,
});
/** Events of one conversation (its channel: the channel of every event here). */
const conversation = (conv: string, contact: string, channel = 'whatsapp') => ({
  campaign: (id: string, at: string, campaignId: string, messageId?: string) =>
    ev(id, 'message.sent', at, conv, contact, channel, { sender: { type: 'bot', id: 'broadcaster' }, campaignId, ...(messageId && { messageId }) }),
  reply: (id: string, at: string) => ev(id, 'message.received', at, conv, contact, channel, { sender: { type: 'customer' } }),
  conversion: (id: string, at: string, value: number, currency: string) => ev(id, 'conversion', at, conv, contact, channel, { value, currency }),
  status: (id: string, type: 'delivered' | 'read' | 'failed', at: string, messageId: string) => ev(id, `message.${type}`, at, conv, contact, channel, { messageId }),
});

const c1a = conversation('c1a', 'k1a');
const c1b = conversation('c1b', 'k1b');
const c1c = conversation('c1c', 'k1c');
const c2a = conversation('c2a', 'k2a');
const c2b = conversation('c2b', 'k2b');
const c3 = conversation('c3', 'k3');
const c4 = conversation('c4', 'k4');
const c5 = conversation('c5', 'k5');
const c6 = ['a', 'b', 'c', 'd'].map((x) => conversation(`c6${x}`, `k6${x}`));
const c7 = conversation('c7', 'k7');
const c7b = conversation('c7b', 'k7b');
const c8 = conversation('c8', 'k8');
const c8x = conversation('c8x', 'k8x', 'sms');
const c9w = conversation('c9w', 'k9');
const c9s = conversation('c9s', 'k9', 'sms');
const c9bw = conversation('c9bw', 'k9b');
const c9bs = conversation('c9bs', 'k9b', 'sms');
const c10 = conversation('c10', 'k10');
const c10b = conversation('c10b', 'k10b', 'telegram');
const c12 = conversation('c12', 'k12');
const c13 = conversation('c13', 'k13');
const c14 = conversation('c14', 'k14');
const t1 = conversation('t1', 'kT1');
const t2 = conversation('t2', 'kT2');
const t3 = conversation('t3', 'kT3');

/** The first batch. */
const EARLY: GeneratedEvent[] = [
  // w: three contacts at 10:00; window 24 h: 23:59:59 and exactly 24 h later count, 1 µs beyond does not.
  c1a.campaign('w-a', '2026-11-02T10:00:00Z', 'w'), c1a.reply('r1a', '2026-11-03T09:59:59Z'),
  c1b.campaign('w-b', '2026-11-02T10:00:00Z', 'w'), c1b.reply('r1b', '2026-11-03T10:00:00Z'),
  c1c.campaign('w-c', '2026-11-02T10:00:00Z', 'w'), c1c.reply('r1c', '2026-11-03T10:00:00.000001Z'),
  // A reply at the instant of the touch is not strictly after it: k2a's counts for nothing.
  c2a.campaign('t2a', '2026-11-02T12:00:00Z', 'tieA'), c2a.reply('r2a', '2026-11-02T12:00:00Z'),
  // Two touches at one instant: the last by event id byte order ('B' 0x42 < 'a' 0x61) takes the reply.
  c2b.campaign('t2b-B', '2026-11-02T12:00:00Z', 'tieA'), c2b.campaign('t2b-a', '2026-11-02T12:00:00Z', 'tieB'), c2b.reply('r2b', '2026-11-02T12:30:00Z'),
  // A later message of another campaign takes over the replies after it.
  c3.campaign('old', '2026-11-02T08:00:00Z', 'old'), c3.reply('r3a', '2026-11-02T09:00:00Z'),
  c3.campaign('new', '2026-11-02T10:00:00Z', 'new'), c3.reply('r3b', '2026-11-02T11:00:00Z'), c3.conversion('v3', '2026-11-02T11:30:00Z', 10, 'EUR'),
  // A failed touch is no touch: the reply goes to the earlier live one.
  c4.campaign('fe', '2026-11-02T08:00:00Z', 'fEarly', 'm4a'), c4.status('s4a', 'delivered', '2026-11-02T08:00:05Z', 'm4a'),
  c4.campaign('fl', '2026-11-02T09:00:00Z', 'fLate', 'm4b'), c4.status('s4b', 'failed', '2026-11-02T09:00:10Z', 'm4b'),
  c4.reply('r4', '2026-11-02T10:00:00Z'),
  // Failed only after `to` (11-05): still a touch, not failed.
  c5.campaign('lfa', '2026-11-02T08:00:00Z', 'lfA'), c5.campaign('lfb', '2026-11-04T20:00:00Z', 'lfB', 'm5'),
  c5.status('s5', 'failed', '2026-11-05T01:00:00Z', 'm5'), c5.reply('r5', '2026-11-04T21:00:00Z'),
  // st: read alone = delivered + read; delivered after failed = not failed; delivered after `to`
  // leaves it failed; read after `to` counts for nothing. delivered 2, read 1, failed 1 of 4.
  c6[0].campaign('st-a', '2026-11-02T14:00:00Z', 'st', 'm6a'), c6[0].status('s6a', 'read', '2026-11-02T14:01:00Z', 'm6a'),
  c6[1].campaign('st-b', '2026-11-02T14:00:00Z', 'st', 'm6b'), c6[1].status('s6b1', 'failed', '2026-11-02T14:00:10Z', 'm6b'),
  c6[1].status('s6b2', 'delivered', '2026-11-02T14:00:20Z', 'm6b'),
  c6[2].campaign('st-c', '2026-11-02T14:00:00Z', 'st', 'm6c'), c6[2].status('s6c1', 'failed', '2026-11-02T14:00:10Z', 'm6c'),
  c6[2].status('s6c2', 'delivered', '2026-11-05T02:00:00Z', 'm6c'),
  c6[3].campaign('st-d', '2026-11-02T14:00:00Z', 'st', 'm6d'), c6[3].status('s6d', 'read', '2026-11-05T02:00:00Z', 'm6d'),
  // The status of m7 arrives before its message (LATE).
  c7.status('s7', 'delivered', '2026-11-02T13:00:02Z', 'm7'),
  // lateB (LATE) will precede k7b's reply: it takes it from lateA.
  c7b.campaign('la', '2026-11-02T08:00:00Z', 'lateA'), c7b.reply('r7b', '2026-11-02T12:00:00Z'),
  // A status in another conversation (of another contact and channel) applies, whatever the filter.
  c8.campaign('x8', '2026-11-02T15:00:00Z', 'xconv', 'm8'), c8x.status('s8', 'read', '2026-11-02T15:05:00Z', 'm8'),
  // chan: k9's reply comes in an sms conversation; k9b's whatsapp reply follows chanS (sms).
  c9w.campaign('ch9', '2026-11-03T08:00:00Z', 'chan'), c9s.reply('r9', '2026-11-03T09:00:00Z'),
  c9bw.campaign('ch9b', '2026-11-03T08:00:00Z', 'chan'), c9bs.campaign('chs9b', '2026-11-03T08:30:00Z', 'chanS'), c9bw.reply('r9b', '2026-11-03T09:00:00Z'),
  // rev: two messages to k10, one to k10b; conversions go to the touch before them (exact decimals).
  c10.campaign('rv1', '2026-11-03T10:00:00Z', 'rev'), c10.conversion('v10a', '2026-11-03T11:00:00Z', 5.5, 'EUR'),
  c10.campaign('rv2', '2026-11-03T12:00:00Z', 'rev'), c10.reply('r10', '2026-11-03T12:30:00Z'),
  c10.conversion('v10b', '2026-11-03T13:00:00Z', 0.1, 'USD'), c10.conversion('v10c', '2026-11-03T13:30:00Z', 0.2, 'USD'),
  c10b.campaign('rv3', '2026-11-03T10:00:00Z', 'rev'), c10b.conversion('v10d', '2026-11-03T10:30:00Z', 1.05, 'EUR'),
  // An instant with microseconds.
  c12.campaign('mc', '2026-11-04T06:00:00.000250Z', 'micro'),
  // Before `from` and at `to`: never listed; the reply after "pre" has no touch in the period.
  c13.campaign('pre', '2026-11-01T20:00:00Z', 'pre'), c13.reply('r13', '2026-11-02T01:00:00Z'), c13.campaign('post', '2026-11-05T00:00:00Z', 'post'),
  // The second 02:30 of Berlin's fall-back night (01:30 UTC = 02:30 CET).
  c14.campaign('dst', '2026-10-25T01:30:00Z', 'dst'),
  // Totals on 11-04 08:00–11:00: ta gets kT1's and kT2's replies and kT2's 2 EUR; tb kT1's reply and 3 EUR.
  t1.campaign('ta1', '2026-11-04T08:00:00Z', 'ta', 'mt1'), t1.status('st1', 'delivered', '2026-11-04T08:01:00Z', 'mt1'), t1.reply('rt1a', '2026-11-04T08:30:00Z'),
  t1.campaign('tb1', '2026-11-04T09:00:00Z', 'tb', 'mt2'), t1.status('st2', 'read', '2026-11-04T09:05:00Z', 'mt2'), t1.reply('rt1b', '2026-11-04T09:30:00Z'),
  t1.conversion('vt1', '2026-11-04T09:40:00Z', 3, 'EUR'),
  t2.campaign('ta2', '2026-11-04T08:10:00Z', 'ta'), t2.reply('rt2', '2026-11-04T08:20:00Z'), t2.conversion('vt2', '2026-11-04T08:30:00Z', 2, 'EUR'),
  t3.campaign('tb3', '2026-11-04T10:00:00Z', 'tb', 'mt3'), t3.status('st3', 'failed', '2026-11-04T10:01:00Z', 'mt3'),
];
/** The second batch: a message after its status, and a campaign message that arrives late. */
const LATE: GeneratedEvent[] = [c7.campaign('o7', '2026-11-02T13:00:00Z', 'order', 'm7'), c7b.campaign('lb', '2026-11-02T11:00:00Z', 'lateB')];

/** Another workspace: the same campaign, contacts and message ids; none of it may show. */
const OTHER: GeneratedEvent[] = [
  c1a.campaign('w-a', '2026-11-02T10:00:00Z', 'w', 'm4a'),
  c4.status('s4a-other', 'failed', '2026-11-02T08:00:01Z', 'm4a'),
  c6[3].status('s6d-other', 'delivered', '2026-11-02T14:01:00Z', 'm6d'),
  c1c.reply('r1c-other', '2026-11-02T11:00:00Z'),
  conversation('o1', 'k1c').campaign('w-other', '2026-11-03T10:00:00Z', 'w-other'),
];

/** sent, recipients, delivered, read, failed, replied, converted. */
type Funnel = [number, number, number, number, number, number, number];
const funnelOf = (c: any): Funnel => [c.sent, c.recipients, c.delivered, c.read, c.failed, c.replied, c.converted];

// [2026-11-02, 2026-11-05) UTC, window 24: in answer order (first instant, then id bytes).
const MAIN: [string, Funnel][] = [
  ['fEarly', [1, 1, 1, 0, 0, 1, 0]],
  ['lateA', [1, 1, 0, 0, 0, 0, 0]],
  ['lfA', [1, 1, 0, 0, 0, 0, 0]],
  ['old', [1, 1, 0, 0, 0, 1, 0]],
  ['fLate', [1, 1, 0, 0, 1, 0, 0]],
  ['new', [1, 1, 0, 0, 0, 1, 1]],
  ['w', [3, 3, 0, 0, 0, 2, 0]],
  ['lateB', [1, 1, 0, 0, 0, 1, 0]],
  ['tieA', [2, 2, 0, 0, 0, 0, 0]],
  ['tieB', [1, 1, 0, 0, 0, 1, 0]],
  ['order', [1, 1, 1, 0, 0, 0, 0]],
  ['st', [4, 4, 2, 1, 1, 0, 0]],
  ['xconv', [1, 1, 1, 1, 0, 0, 0]],
  ['chan', [2, 2, 0, 0, 0, 1, 0]],
  ['chanS', [1, 1, 0, 0, 0, 1, 0]],
  ['rev', [3, 2, 0, 0, 0, 1, 2]],
  ['micro', [1, 1, 0, 0, 0, 0, 0]],
  ['ta', [2, 2, 1, 0, 0, 2, 1]],
  ['tb', [2, 2, 1, 1, 1, 1, 1]],
  ['lfB', [1, 1, 0, 0, 0, 1, 0]],
];

describe.each(realPostgres ? [['Postgres', false], ['PGlite', true]] : [['PGlite', true]])('campaigns on %s', (_name, embedded) => {
  let db: ReturnType<typeof databaseEnv>;
  let server: Server;
  let ws: { name: string; key: string };
  let other: { name: string; key: string };

  beforeAll(async () => {
    db = databaseEnv(embedded as boolean);
    server = await startServer(db.env, { LOG_LEVEL: 'warn' });
    ws = await newWorkspace(db.env, 'campaigns', 'ingest,read', 'Europe/Berlin');
    other = await newWorkspace(db.env, 'campaigns-other');
    await ingestAll(server.url, other.key, OTHER);
    await ingestAll(server.url, ws.key, EARLY);
    await ingestAll(server.url, ws.key, LATE);
    await ingestAll(server.url, ws.key, [...EARLY, ...LATE]); // all duplicates: nothing changes
  });
  afterAll(async () => {
    await server?.stop();
    db?.cleanup();
  });

  async function get(params: Record<string, string>, key = ws.key) {
    const r = await fetch(`${server.url}/api/v1/metrics/campaigns?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${key}` } });
    const text = await r.text();
    return { status: r.status, text, body: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
  }
  const MAIN_QUERY = { from: '2026-11-02T00:00:00Z', to: '2026-11-05T00:00:00Z', tz: 'UTC', window: '24' };

  it('every rule, campaign by campaign, in order', async () => {
    const r = await get(MAIN_QUERY);
    expect(r.status).toBe(200);
    expect(r.body.window).toBe(24);
    expect(r.body.campaigns.map((c: any) => [c.campaignId, funnelOf(c)])).toEqual(MAIN);
    const byId = Object.fromEntries(r.body.campaigns.map((c: any) => [c.campaignId, c]));
    expect(byId.new.revenue).toEqual({ EUR: 10 });
    // 5.5 + 1.05 EUR and 0.1 + 0.2 USD, summed exactly.
    expect(byId.rev).toEqual({
      campaignId: 'rev', channels: ['telegram', 'whatsapp'], firstSentAt: '2026-11-03T10:00:00+00:00', lastSentAt: '2026-11-03T12:00:00+00:00',
      sent: 3, recipients: 2, delivered: 0, read: 0, failed: 0, deliveryRate: 0, readRate: null,
      replied: 1, replyRate: 0.5, converted: 2, conversionRate: 1, revenue: { EUR: 6.55, USD: 0.3 },
    });
    expect(byId.st).toMatchObject({ deliveryRate: 0.5, readRate: 0.5, channels: ['whatsapp'] });
    expect(byId.fLate).toMatchObject({ deliveryRate: 0, readRate: null, replyRate: 0, conversionRate: 0, revenue: {} });
    expect(byId.chanS.channels).toEqual(['sms']);
    expect(byId.micro.firstSentAt).toBe('2026-11-04T06:00:00.000250+00:00');
    // Over all 20 campaigns: 31 messages to 23 contacts, 12 of them replied, 5 converted.
    expect(r.body.totals).toEqual({
      channels: ['sms', 'telegram', 'whatsapp'], firstSentAt: '2026-11-02T08:00:00+00:00', lastSentAt: '2026-11-04T20:00:00+00:00',
      sent: 31, recipients: 23, delivered: 7, read: 3, failed: 3, deliveryRate: 7 / 31, readRate: 3 / 7,
      replied: 12, replyRate: 12 / 23, converted: 5, conversionRate: 5 / 23, revenue: { EUR: 21.55, USD: 0.3 },
    });
  });

  it('the window is inclusive: at 23 h none of w’s replies count, at 24 h two, at 25 h all three', async () => {
    const replied = async (window: string) => (await get({ ...MAIN_QUERY, window })).body.campaigns.find((c: any) => c.campaignId === 'w').replied;
    expect(await replied('23')).toBe(0);
    expect(await replied('24')).toBe(2);
    expect(await replied('25')).toBe(3);
    // Default 120 h: lfA (11-02 08:00) would reach k5's reply of 11-04 21:00 (61 h), but lfB is later.
    const r = await get({ from: MAIN_QUERY.from, to: MAIN_QUERY.to, tz: 'UTC' });
    expect(r.body.window).toBe(120);
    expect(funnelOf(r.body.campaigns.find((c: any) => c.campaignId === 'lfA'))).toEqual([1, 1, 0, 0, 0, 0, 0]);
  });

  it('the channel filter keeps only whatsapp conversations’ touches, replies and conversions', async () => {
    const r = await get({ ...MAIN_QUERY, channel: 'whatsapp' });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.campaigns.map((c: any) => [c.campaignId, c]));
    expect(Object.keys(byId)).not.toContain('chanS');
    // k9's sms reply is gone; k9b's reply now follows chan (chanS's sms touch is gone).
    expect(funnelOf(byId.chan)).toEqual([2, 2, 0, 0, 0, 1, 0]);
    // k10b (telegram) is gone: k10's two messages and conversions remain.
    expect(byId.rev).toMatchObject({ sent: 2, recipients: 1, converted: 1, channels: ['whatsapp'], revenue: { EUR: 5.5, USD: 0.3 } });
    // The status came in an sms conversation: it applies whatever the filter.
    expect(funnelOf(byId.xconv)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(r.body.totals.channels).toEqual(['whatsapp']);
    expect(r.body.totals.sent).toBe(31 - 1 - 1); // chanS, k10b's rev
  });

  it('totals are distinct contacts over all campaigns, not sums of rows', async () => {
    const r = await get({ from: '2026-11-04T08:00:00Z', to: '2026-11-04T11:00:00Z', tz: 'UTC' });
    expect(r.body.campaigns).toEqual([
      {
        campaignId: 'ta', channels: ['whatsapp'], firstSentAt: '2026-11-04T08:00:00+00:00', lastSentAt: '2026-11-04T08:10:00+00:00',
        sent: 2, recipients: 2, delivered: 1, read: 0, failed: 0, deliveryRate: 0.5, readRate: 0,
        replied: 2, replyRate: 1, converted: 1, conversionRate: 0.5, revenue: { EUR: 2 },
      },
      {
        campaignId: 'tb', channels: ['whatsapp'], firstSentAt: '2026-11-04T09:00:00+00:00', lastSentAt: '2026-11-04T10:00:00+00:00',
        sent: 2, recipients: 2, delivered: 1, read: 1, failed: 1, deliveryRate: 0.5, readRate: 1,
        replied: 1, replyRate: 0.5, converted: 1, conversionRate: 0.5, revenue: { EUR: 3 },
      },
    ]);
    expect(r.body.totals).toEqual({
      channels: ['whatsapp'], firstSentAt: '2026-11-04T08:00:00+00:00', lastSentAt: '2026-11-04T10:00:00+00:00',
      sent: 4, recipients: 3, delivered: 2, read: 1, failed: 1, deliveryRate: 0.5, readRate: 0.5,
      replied: 2, replyRate: 2 / 3, converted: 2, conversionRate: 2 / 3, revenue: { EUR: 5 },
    });
  });

  it('a period without campaigns: zeros, null rates and instants, no rows', async () => {
    const r = await get({ from: '2026-10-01', to: '2026-10-02', tz: 'UTC' });
    expect(r.body).toEqual({
      period: { from: '2026-10-01T00:00:00+00:00', to: '2026-10-02T00:00:00+00:00' }, tz: 'UTC', grain: 'day', window: 120,
      totals: {
        channels: [], firstSentAt: null, lastSentAt: null, sent: 0, recipients: 0, delivered: 0, read: 0, failed: 0,
        deliveryRate: null, readRate: null, replied: 0, replyRate: null, converted: 0, conversionRate: null, revenue: {},
      },
      campaigns: [],
      series: [],
    });
  });

  it('Berlin: instants with their offset, the series by local day with zeros', async () => {
    // The workspace's zone: [2026-11-01T23:00Z, 2026-11-04T23:00Z).
    const r = await get({ from: '2026-11-02', to: '2026-11-05', window: '24' });
    expect(r.body.period).toEqual({ from: '2026-11-02T00:00:00+01:00', to: '2026-11-05T00:00:00+01:00' });
    const w = r.body.campaigns.find((c: any) => c.campaignId === 'w');
    expect([w.firstSentAt, w.lastSentAt]).toEqual(['2026-11-02T11:00:00+01:00', '2026-11-02T11:00:00+01:00']);
    expect(r.body.campaigns.find((c: any) => c.campaignId === 'micro').lastSentAt).toBe('2026-11-04T07:00:00.000250+01:00');
    expect(r.body.campaigns.map((c: any) => c.campaignId)).toEqual(MAIN.map(([id]) => id));
    const days = ['2026-11-02T00:00:00+01:00', '2026-11-03T00:00:00+01:00', '2026-11-04T00:00:00+01:00'];
    expect(r.body.series.length).toBe(3 * MAIN.length);
    expect(r.body.series.slice(0, 3)).toEqual(days.map((bucket, i) => ({ bucket, group: 'fEarly', sent: i === 0 ? 1 : 0 })));
    expect(r.body.series.filter((s: any) => s.group === 'rev')).toEqual(days.map((bucket, i) => ({ bucket, group: 'rev', sent: i === 1 ? 3 : 0 })));
    expect(r.body.series.filter((s: any) => s.group === 'tb')).toEqual(days.map((bucket, i) => ({ bucket, group: 'tb', sent: i === 2 ? 2 : 0 })));
  });

  it('hours across the fall-back night: 25 buckets, the send in the second 02:00 hour', async () => {
    const r = await get({ from: '2026-10-25', to: '2026-10-26', tz: 'Europe/Berlin', grain: 'hour' });
    expect(r.body.campaigns.map((c: any) => [c.campaignId, c.firstSentAt])).toEqual([['dst', '2026-10-25T02:30:00+01:00']]);
    expect(r.body.series.length).toBe(25);
    expect(r.body.series.slice(1, 5)).toEqual([
      { bucket: '2026-10-25T01:00:00+02:00', group: 'dst', sent: 0 },
      { bucket: '2026-10-25T02:00:00+02:00', group: 'dst', sent: 0 },
      { bucket: '2026-10-25T02:00:00+01:00', group: 'dst', sent: 1 },
      { bucket: '2026-10-25T03:00:00+01:00', group: 'dst', sent: 0 },
    ]);
    expect(r.body.series.reduce((n: number, s: any) => n + s.sent, 0)).toBe(1);
  });

  it('CSV: one column per key, channels as JSON text, revenue.<CUR>', async () => {
    const r = await get({ from: '2026-11-04T08:00:00Z', to: '2026-11-04T11:00:00Z', tz: 'UTC', format: 'csv' });
    expect(r.status).toBe(200);
    expect(r.text.split('\r\n')).toEqual([
      'campaignId,channels,firstSentAt,lastSentAt,sent,recipients,delivered,read,failed,deliveryRate,readRate,replied,replyRate,converted,conversionRate,revenue.EUR',
      'ta,"[""whatsapp""]",2026-11-04T08:00:00+00:00,2026-11-04T08:10:00+00:00,2,2,1,0,0,0.5,0,2,1,1,0.5,2',
      'tb,"[""whatsapp""]",2026-11-04T09:00:00+00:00,2026-11-04T10:00:00+00:00,2,2,1,1,1,0.5,1,1,0.5,1,0.5,3',
      '',
    ]);
    const empty = await get({ from: '2026-10-01', to: '2026-10-02', tz: 'UTC', format: 'csv' });
    expect(empty.text).toBe('campaignId,channels,firstSentAt,lastSentAt,sent,recipients,delivered,read,failed,deliveryRate,readRate,replied,replyRate,converted,conversionRate\r\n');
  });

  it.each(['0', '721', '1.5', 'x'])('window=%s is a 400 naming window', async (window) => {
    const r = await get({ ...MAIN_QUERY, window });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/window: /);
  });

  it('responses, statuses and a team that arrive in later batches and other conversations reach every touch they can', async () => {
    // campaign_touches keeps each touch's first reply and conversion after it, its status and its
    // conversation's team; later batches must refresh them all. k has two touches in x1 and x2;
    // its replies and conversion come later in x3, several in one batch; x2's team and its
    // message's delivery later still.
    const late = await newWorkspace(db.env, 'campaigns-late');
    const x1 = conversation('x1', 'k'), x2 = conversation('x2', 'k'), x3 = conversation('x3', 'k');
    await ingestAll(server.url, late.key, [x1.campaign('T1', '2026-11-02T10:00:00Z', 'late1'), x2.campaign('T2', '2026-11-02T12:00:00Z', 'late2', 'msg-T2')]);
    const funnels = async (extra: Record<string, string> = {}) =>
      (await get({ ...MAIN_QUERY, ...extra }, late.key)).body.campaigns.map((c: any) => [c.campaignId, funnelOf(c)]);
    expect(await funnels()).toEqual([['late1', [1, 1, 0, 0, 0, 0, 0]], ['late2', [1, 1, 0, 0, 0, 0, 0]]]);
    // 09:00 is before both touches; 11:00 is T1's (before T2), 13:00 and 13:30 T2's.
    await ingestAll(server.url, late.key, [x3.reply('xr0', '2026-11-02T09:00:00Z'), x3.reply('xr1', '2026-11-02T11:00:00Z'), x3.reply('xr2', '2026-11-02T13:00:00Z'), x3.conversion('xv', '2026-11-02T13:30:00Z', 4, 'EUR')]);
    expect(await funnels()).toEqual([['late1', [1, 1, 0, 0, 0, 1, 0]], ['late2', [1, 1, 0, 0, 0, 1, 1]]]);
    await ingestAll(server.url, late.key, [
      ev('x2-team', 'conversation.assigned', '2026-11-02T12:05:00Z', 'x2', 'k', 'whatsapp', { agentId: 'a1', team: 'sales' }),
      x1.status('x-d', 'delivered', '2026-11-02T12:01:00Z', 'msg-T2'),
    ]);
    expect(await funnels()).toEqual([['late1', [1, 1, 0, 0, 0, 1, 0]], ['late2', [1, 1, 1, 0, 0, 1, 1]]]);
    // x2 is sales' now; x3's responses are not, so under the filter none are attributed.
    expect(await funnels({ team: 'sales' })).toEqual([['late2', [1, 1, 1, 0, 0, 0, 0]]]);
  });

  it('the other workspace sees only its own campaigns, statuses and replies', async () => {
    const r = await get(MAIN_QUERY, other.key);
    expect(r.body.campaigns.map((c: any) => [c.campaignId, funnelOf(c)])).toEqual([
      // Its m4a failed there (not delivered there); k1c's reply at 11:00 is its own.
      ['w', [1, 1, 0, 0, 1, 0, 0]],
      ['w-other', [1, 1, 0, 0, 0, 0, 0]],
    ]);
  });
});
