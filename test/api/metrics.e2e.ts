/**
 * Every metric endpoint, on a generated dataset ingested through the API, compared field by field
 * to the independent in-memory implementation in test/support/oracle.ts (no code shared with the
 * API). Floats are compared to 1e-9 relative (percentiles are interpolated in other units), but
 * firstResponseMean exactly: both divide the exact µs sum once, so it must be the same double.
 */
import { generateEvents } from '@parley/shared/generate';
import { expectSame, parseCsv } from '../support/compare';
import { Oracle, type OracleParams } from '../support/oracle';
import { insideBusiestHour } from '../support/periods';
import { type Server, databaseEnv, ingestAll, newWorkspace, startServer } from '../support/server';

jest.setTimeout(600_000);

// 75 days from 2026-09-01: across the Berlin (Oct 25) and New York (Nov 1) DST changes.
const EVENTS = generateEvents({ events: 22_000, seed: 2026, startMs: Date.UTC(2026, 8, 1), days: 75 });
const OTHER = generateEvents({ events: 3_000, seed: 77, startMs: Date.UTC(2026, 8, 1), days: 75 });

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let ws: { name: string; key: string };
let oracle: Oracle;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn' });
  ws = await newWorkspace(db.env, 'metrics', 'ingest,read', 'Europe/Berlin');
  await ingestAll(server.url, ws.key, EVENTS);
  // Another workspace with data in the same period: none of it may leak into ws's figures.
  const other = await newWorkspace(db.env, 'metrics-other');
  await ingestAll(server.url, other.key, OTHER);
  oracle = new Oracle(EVENTS);
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

async function get(path: string, params: Record<string, string | string[]>, key = ws.key, accept?: string): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
  const r = await fetch(`${server.url}/api/v1/${path}?${qs}`, { headers: { authorization: `Bearer ${key}`, ...(accept && { accept }) } });
  const text = await r.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: r.status, body, text, headers: r.headers };
}

interface Case {
  name: string;
  query: Record<string, string | string[]>;
  params: OracleParams;
}

const ms = (iso: string) => Date.parse(iso);
const CASES: Case[] = [
  {
    name: 'UTC, day grain, the whole 75 days',
    query: { from: '2026-09-01T00:00:00Z', to: '2026-11-15T00:00:00Z', tz: 'UTC', grain: 'day' },
    params: { fromMs: ms('2026-09-01T00:00:00Z'), toMs: ms('2026-11-15T00:00:00Z'), tz: 'UTC', grain: 'day', channels: null, groupBy: null, responder: 'any', sla: 300 },
  },
  {
    name: 'Berlin (the workspace zone, by default), hour grain across the fall-back night, date-only bounds',
    query: { from: '2026-10-24', to: '2026-10-27', grain: 'hour' },
    params: { fromMs: ms('2026-10-24T00:00:00+02:00'), toMs: ms('2026-10-27T00:00:00+01:00'), tz: 'Europe/Berlin', grain: 'hour', channels: null, groupBy: null, responder: 'any', sla: 300 },
  },
  {
    name: 'New York, week grain, two channels (repeated and comma-separated), a from inside a week',
    query: { from: '2026-09-10T15:30:00-04:00', to: '2026-11-12', tz: 'America/New_York', grain: 'week', channel: ['whatsapp,sms'] },
    params: { fromMs: ms('2026-09-10T15:30:00-04:00'), toMs: ms('2026-11-12T00:00:00-05:00'), tz: 'America/New_York', grain: 'week', channels: ['sms', 'whatsapp'], groupBy: null, responder: 'any', sla: 300 },
  },
  {
    name: 'Kolkata (+05:30), month grain, grouped by channel',
    query: { from: '2026-09-01', to: '2026-11-15', tz: 'Asia/Kolkata', grain: 'month', groupBy: 'channel' },
    params: { fromMs: ms('2026-09-01T00:00:00+05:30'), toMs: ms('2026-11-15T00:00:00+05:30'), tz: 'Asia/Kolkata', grain: 'month', channels: null, groupBy: 'channel', responder: 'any', sla: 300 },
  },
  {
    name: 'Berlin, day grain, responder=agent, one channel',
    query: { from: '2026-10-03T12:30:00+02:00', to: '2026-11-02', tz: 'Europe/Berlin', responder: 'agent', channel: 'webchat' },
    params: { fromMs: ms('2026-10-03T12:30:00+02:00'), toMs: ms('2026-11-02T00:00:00+01:00'), tz: 'Europe/Berlin', grain: 'day', channels: ['webchat'], groupBy: null, responder: 'agent', sla: 300 },
  },
  // The cases above with whole-hour bounds come from the rollups, the others from the events;
  // these cover the rollups' remaining channel shapes (one, several, grouped within a filter).
  {
    name: 'New York, week grain, two channels, date bounds',
    query: { from: '2026-09-10', to: '2026-11-12', tz: 'America/New_York', grain: 'week', channel: ['whatsapp,sms'] },
    params: { fromMs: ms('2026-09-10T00:00:00-04:00'), toMs: ms('2026-11-12T00:00:00-05:00'), tz: 'America/New_York', grain: 'week', channels: ['sms', 'whatsapp'], groupBy: null, responder: 'any', sla: 300 },
  },
  {
    name: 'UTC, month grain, one channel',
    query: { from: '2026-09-01', to: '2026-11-15', tz: 'UTC', grain: 'month', channel: 'sms' },
    params: { fromMs: ms('2026-09-01T00:00:00Z'), toMs: ms('2026-11-15T00:00:00Z'), tz: 'UTC', grain: 'month', channels: ['sms'], groupBy: null, responder: 'any', sla: 300 },
  },
  {
    name: 'Berlin, day grain, grouped by channel within two channels, responder=agent',
    query: { from: '2026-10-03', to: '2026-11-02', tz: 'Europe/Berlin', grain: 'day', groupBy: 'channel', channel: 'webchat,email', responder: 'agent' },
    params: { fromMs: ms('2026-10-03T00:00:00+02:00'), toMs: ms('2026-11-02T00:00:00+01:00'), tz: 'Europe/Berlin', grain: 'day', channels: ['email', 'webchat'], groupBy: 'channel', responder: 'agent', sla: 300 },
  },
  // Periods ending inside an hour (a running "today"): the whole hours from the rollups, the last
  // one from the events, added up (partial-hour.calculations.ts); the end falls between two
  // customer messages of the data's busiest hour, so the partial hour holds some and not others.
  ...[
    { name: 'UTC, day grain', tz: 'UTC', grain: 'day', from: '2026-10-01T00:00:00Z', extra: {} },
    { name: 'Berlin, hour grain, one channel', tz: 'Europe/Berlin', grain: 'hour', from: '2026-10-24T00:00:00+02:00', extra: { channels: ['sms'] } },
    { name: 'UTC, week grain, grouped by channel, responder=agent', tz: 'UTC', grain: 'week', from: '2026-09-07T00:00:00Z', extra: { groupBy: 'channel' as const, responder: 'agent' as const } },
    { name: 'New York, day grain, two channels', tz: 'America/New_York', grain: 'day', from: '2026-10-20T00:00:00-04:00', extra: { channels: ['sms', 'whatsapp'] } },
  ].map(({ name, tz, grain, from, extra }) => {
    const fromMs = ms(from);
    const toMs = insideBusiestHour(EVENTS, fromMs, grain === 'hour' ? 3 : 30);
    const p: OracleParams = { fromMs, toMs, tz, grain: grain as OracleParams['grain'], channels: null, groupBy: null, responder: 'any', sla: 300, ...extra };
    return {
      name: `${name}, ending inside an hour (${new Date(toMs).toISOString()})`,
      query: {
        from,
        to: new Date(toMs).toISOString(),
        tz,
        grain,
        ...(p.channels && { channel: p.channels.join(',') }),
        ...(p.groupBy && { groupBy: p.groupBy }),
        ...(p.responder !== 'any' && { responder: p.responder }),
      },
      params: p,
    };
  }),
];

/** The query without the parameters an endpoint does not take (they would be a 400 there). */
const only = (query: Record<string, string | string[]>, drop: string[]) => Object.fromEntries(Object.entries(query).filter(([k]) => !drop.includes(k)));

describe.each(CASES)('$name', ({ query, params }) => {
  it('response-times', async () => {
    const r = await get('metrics/response-times', query);
    expect(r.status).toBe(200);
    expectSame(r.body, oracle.responseTimes(params));
  });
  it('engagement', async () => {
    const r = await get('metrics/engagement', only(query, ['responder']));
    expect(r.status).toBe(200);
    expectSame(r.body, oracle.engagement(params));
  });
  it('loyalty', async () => {
    const r = await get('metrics/loyalty', only(query, ['responder']));
    expect(r.status).toBe(200);
    expectSame(r.body, oracle.loyalty(params));
  });
  it.each([1, 24, 120, 720])('campaigns, window %i', async (window) => {
    const r = await get('metrics/campaigns', { ...only(query, ['responder', 'groupBy']), window: String(window) });
    expect(r.status).toBe(200);
    expectSame(r.body, oracle.campaigns(params, window));
  });
  it('heatmap, channels, overview', async () => {
    const rest = only(query, ['grain', 'groupBy']);
    const base = { ...params, grain: 'day' as const, groupBy: null };
    expectSame((await get('metrics/heatmap', only(rest, ['responder']))).body, oracle.heatmap(base));
    expectSame((await get('metrics/channels', rest)).body, oracle.channels(base));
    expectSame((await get('metrics/overview', rest)).body, oracle.overview(base));
  });
});

describe('more combinations', () => {
  it('campaigns: the data exercises every figure (default window)', async () => {
    const query = { from: '2026-09-01', to: '2026-11-15', tz: 'UTC' };
    const params: OracleParams = { fromMs: ms('2026-09-01T00:00:00Z'), toMs: ms('2026-11-15T00:00:00Z'), tz: 'UTC', grain: 'day', channels: null, groupBy: null, responder: 'any', sla: 300 };
    const r = await get('metrics/campaigns', query);
    expectSame(r.body, oracle.campaigns(params));
    const t = r.body.totals;
    for (const k of ['sent', 'delivered', 'read', 'failed', 'replied', 'converted']) expect(t[k]).toBeGreaterThan(0);
    expect(t.recipients).toBeLessThan(t.sent);
    expect(r.body.campaigns.length).toBeGreaterThan(1);
    // Distinct over all campaigns: fewer than the rows' sum when a contact got two campaigns.
    expect(t.recipients).toBeLessThan(r.body.campaigns.reduce((n: number, c: { recipients: number }) => n + c.recipients, 0));
  });


  it('response-times grouped by agent, responder=agent, sla=120', async () => {
    const query = { from: '2026-09-15', to: '2026-10-15', tz: 'Europe/Berlin', groupBy: 'agent', responder: 'agent', sla: '120' };
    const params: OracleParams = { fromMs: ms('2026-09-15T00:00:00+02:00'), toMs: ms('2026-10-15T00:00:00+02:00'), tz: 'Europe/Berlin', grain: 'day', channels: null, groupBy: 'agent', responder: 'agent', sla: 120 };
    const r = await get('metrics/response-times', query);
    expectSame(r.body, oracle.responseTimes(params));
    expect(r.body.series.some((s: { group: string | null }) => s.group === null)).toBe(true);
  });

  it('response-times grouped by agent with bots (responder any)', async () => {
    const query = { from: '2026-09-01', to: '2026-11-15', tz: 'UTC', groupBy: 'agent', grain: 'week' };
    const params: OracleParams = { fromMs: ms('2026-09-01T00:00:00Z'), toMs: ms('2026-11-15T00:00:00Z'), tz: 'UTC', grain: 'week', channels: null, groupBy: 'agent', responder: 'any', sla: 300 };
    const body = (await get('metrics/response-times', query)).body;
    expectSame(body, oracle.responseTimes(params));
    // The per-group totals (Parley extension) tell the bots from the agents and keep the unanswered.
    const groups = body.groups as { group: string | null; bot: boolean; conversations: number }[];
    expect(groups.some((g) => g.bot)).toBe(true);
    expect(groups.some((g) => g.group !== null && !g.bot)).toBe(true);
    expect(groups.find((g) => g.group === null)?.bot).toBe(false);
    // Conversations are counted once each: the groups' counts add up to the total.
    expect(groups.reduce((n, g) => n + g.conversations, 0)).toBe(body.totals.conversations);
  });

  // Whole-hour bounds are answered from the rollups, the Kolkata and 10:15 ones from the events.
  it.each([
    ['week', 'Europe/Berlin', '2026-09-01', '2026-11-15', '2026-09-01T00:00:00+02:00', '2026-11-15T00:00:00+01:00', null],
    ['month', 'UTC', '2026-09-01', '2026-11-15', '2026-09-01T00:00:00Z', '2026-11-15T00:00:00Z', null],
    ['week', 'America/New_York', '2026-09-09', '2026-11-10', '2026-09-09T00:00:00-04:00', '2026-11-10T00:00:00-05:00', null],
    ['week', 'UTC', '2026-09-01', '2026-11-15', '2026-09-01T00:00:00Z', '2026-11-15T00:00:00Z', 'whatsapp,email'],
    ['month', 'UTC', '2026-09-01', '2026-11-15', '2026-09-01T00:00:00Z', '2026-11-15T00:00:00Z', 'sms'],
    ['week', 'Asia/Kolkata', '2026-09-01', '2026-11-15', '2026-09-01T00:00:00+05:30', '2026-11-15T00:00:00+05:30', 'webchat'],
    ['week', 'UTC', '2026-09-01T10:15:00Z', '2026-11-15', '2026-09-01T10:15:00Z', '2026-11-15T00:00:00Z', null],
  ])('cohorts by %s in %s from %s to %s, channel %s', async (grain, tz, from, to, fromIso, toIso, channel) => {
    const r = await get('metrics/cohorts', { grain, tz, from, to, ...(channel && { channel }) });
    const channels = channel ? channel.split(',').sort() : null;
    expectSame(r.body, oracle.cohorts({ fromMs: ms(fromIso), toMs: ms(toIso), tz, grain: grain as 'week' | 'month', channels, groupBy: null, responder: 'any', sla: 300 }));
    expect(r.body.cohorts.length).toBeGreaterThan(1);
  });

  it('the default period is the last 30 days up to now in the workspace zone', async () => {
    const before = Date.now();
    const r = await get('metrics/engagement', {});
    const after = Date.now();
    expect(r.status).toBe(200);
    expect(r.body.tz).toBe('Europe/Berlin');
    const to = Date.parse(r.body.period.to);
    expect(to).toBeGreaterThanOrEqual(before - 1);
    expect(to).toBeLessThanOrEqual(after + 1);
    expect(to - Date.parse(r.body.period.from)).toBe(30 * 86_400_000);
  });
});

describe('CSV', () => {
  const cellOf = (v: unknown) => (v === null || v === undefined ? '' : String(v));

  it.each(['response-times', 'engagement', 'loyalty'])('%s: CSV rows equal the JSON series, by format=csv and by Accept', async (report) => {
    const query = { from: '2026-09-01', to: '2026-11-15', tz: 'Asia/Kolkata', grain: 'month', groupBy: 'channel' };
    const json = (await get(`metrics/${report}`, query)).body;
    const csv = await get(`metrics/${report}`, { ...query, format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="parley-${report}_2026-09-01_2026-11-14.csv"`);
    const viaAccept = await get(`metrics/${report}`, query, ws.key, 'text/csv');
    expect(viaAccept.text).toBe(csv.text);
    const [header, ...rows] = parseCsv(csv.text);
    expect(header.slice(0, 2)).toEqual(['bucket', 'group']);
    expect(rows).toHaveLength(json.series.length);
    rows.forEach((row, i) => {
      const item = json.series[i];
      header.forEach((col, j) => {
        const value = col.startsWith('revenue.') ? item.revenue[col.slice(8)] : item[col];
        expect(row[j]).toBe(cellOf(value));
      });
    });
    for (const key of Object.keys(json.series[0])) if (key !== 'revenue') expect(header).toContain(key);
  });

  it('cohorts, heatmap, channels and overview as CSV', async () => {
    const query = { from: '2026-09-01', to: '2026-11-15', tz: 'UTC' };
    const cohorts = (await get('metrics/cohorts', query)).body;
    const [ch, ...crows] = parseCsv((await get('metrics/cohorts', { ...query, format: 'csv' })).text);
    expect(ch.slice(0, 6)).toEqual(['cohort', 'size', 'retained.0', 'rate.0', 'retained.1', 'rate.1']);
    expect(crows).toHaveLength(cohorts.cohorts.length);
    expect(crows[0][0]).toBe(cohorts.cohorts[0].cohort);
    expect(crows[0][4]).toBe(String(cohorts.cohorts[0].retained[1]));
    expect(crows[0][5]).toBe(String(cohorts.cohorts[0].rate[1]));

    const [hh, ...hrows] = parseCsv((await get('metrics/heatmap', { ...query, format: 'csv' })).text);
    expect(hh).toEqual(['weekday', 'hour', 'messages']);
    expect(hrows).toHaveLength(168);
    const heat = (await get('metrics/heatmap', query)).body;
    expect(hrows.map((r) => Number(r[2]))).toEqual(heat.cells.map((c: { messages: number }) => c.messages));

    const channels = (await get('metrics/channels', query)).body;
    const [chh, ...chrows] = parseCsv((await get('metrics/channels', { ...query, format: 'csv' })).text);
    expect(chh[0]).toBe('channel');
    expect(chh).toEqual(expect.arrayContaining(['revenue.EUR', 'revenue.USD']));
    expect(chrows.map((r) => r[0])).toEqual(channels.channels.map((c: { channel: string }) => c.channel));

    const [oh, cur, before] = parseCsv((await get('metrics/overview', { ...query, format: 'csv' })).text);
    expect(oh.slice(0, 4)).toEqual(['period', 'from', 'to', 'conversations']);
    expect(cur[0]).toBe('current');
    expect(before[0]).toBe('before');
  });

  it('conversations.csv: one row per conversation started in the period, with its facts', async () => {
    const query = { from: '2026-10-01', to: '2026-10-15', tz: 'UTC', channel: 'sms' };
    const r = await get('exports/conversations.csv', query);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="parley-conversations_2026-10-01_2026-10-14.csv"');
    // A date-time `to` mid-day names the day of the last instant.
    const midDay = await get('exports/events.csv', { ...query, to: '2026-10-15T12:00' });
    expect(midDay.headers.get('content-disposition')).toBe('attachment; filename="parley-events_2026-10-01_2026-10-15.csv"');
    const [header, ...rows] = parseCsv(r.text);
    for (const col of ['conversationId', 'channel', 'contactId', 'startedAt', 'firstCustomerAt', 'firstResponseAt', 'firstResponseTime', 'firstResponder', 'resolvedAt', 'resolutionTime', 'automated', 'rating', 'converted'])
      expect(header).toContain(col);
    const engagement = (await get('metrics/engagement', { ...query, grain: 'month' })).body;
    expect(rows).toHaveLength(engagement.totals.conversations);
    const col = (name: string) => header.indexOf(name);
    // sms contacts are phone numbers: text beginning with + is quoted against formula injection.
    expect(rows.every((row) => row[col('contactId')].startsWith("'+49"))).toBe(true);
    expect(rows.every((row) => row[col('channel')] === 'sms')).toBe(true);
  });

  it('events.csv: the raw events of the period, nested fields as JSON', async () => {
    const query = { from: '2026-10-01', to: '2026-10-08', tz: 'UTC' };
    const r = await get('exports/events.csv', query);
    const [header, ...rows] = parseCsv(r.text);
    expect(header).toEqual(['id', 'type', 'occurredAt', 'conversationId', 'contactId', 'channel', 'sender', 'campaignId', 'messageId', 'agentId', 'team', 'rating', 'value', 'currency', 'tags', 'attributes', 'receivedAt']);
    const from = Date.parse('2026-10-01T00:00:00Z');
    const to = Date.parse('2026-10-08T00:00:00Z');
    const expected = EVENTS.filter((e) => Date.parse(e.occurredAt) >= from && Date.parse(e.occurredAt) < to);
    expect(rows.map((row) => row[0]).sort()).toEqual(expected.map((e) => e.id).sort());
    const byId = new Map(expected.map((e) => [e.id, e]));
    for (const row of rows) {
      const e = byId.get(row[0])!;
      expect(row[1]).toBe(e.type);
      expect(Date.parse(row[2])).toBe(Date.parse(e.occurredAt));
      if (e.sender) expect(JSON.parse(row[6])).toEqual(e.sender);
      if (e.value !== undefined) expect(Number(row[12])).toBe(e.value);
      if (e.tags) expect(JSON.parse(row[14])).toEqual(e.tags);
      if (e.attributes) expect(JSON.parse(row[15])).toEqual(e.attributes);
    }
  });
});

describe('400 for every parameter, naming it', () => {
  it.each([
    ['metrics/engagement', { tz: 'Europe/Berln' }, /^tz: unknown time zone 'Europe\/Berln'/],
    ['metrics/engagement', { grain: 'year' }, /^grain: /],
    ['metrics/cohorts', { grain: 'day' }, /^grain: must be one of week, month/],
    ['metrics/engagement', { from: 'yesterday' }, /^from: /],
    ['metrics/engagement', { to: '2026-02-30' }, /^to: /],
    ['metrics/engagement', { from: '2026-10-02', to: '2026-10-01' }, /^from: must be before to/],
    ['metrics/engagement', { from: '2026-10-01', to: '2026-10-01' }, /^from: must be before to/],
    ['metrics/engagement', { from: '2024-01-01', to: '2026-01-02' }, /^to: the period must be at most 731 days/],
    ['metrics/engagement', { from: '2026-09-01', to: '2026-10-03', grain: 'hour' }, /^grain: hour allows a period of at most 744 hours/],
    ['metrics/engagement', { channel: 'WhatsApp' }, /^channel: /],
    ['metrics/engagement', { channel: 'sms,' }, /^channel: /],
    ['metrics/engagement', { groupBy: 'agent' }, /^groupBy: must be channel/],
    ['metrics/response-times', { groupBy: 'contact' }, /^groupBy: must be channel or agent or team or tag, got 'contact'/],
    ['metrics/loyalty', { groupBy: 'team' }, /^groupBy: must be channel/],
    ['metrics/heatmap', { groupBy: 'channel' }, /^groupBy: unknown parameter/],
    ['metrics/response-times', { responder: 'bot' }, /^responder: must be any or agent/],
    ['metrics/response-times', { sla: '-5' }, /^sla: /],
    ['metrics/response-times', { sla: 'fast' }, /^sla: /],
    ['metrics/engagement', { sla: '60' }, /^sla: unknown parameter/],
    ['metrics/engagement', { format: 'xlsx' }, /^format: must be json or csv/],
    ['metrics/engagement', { chanel: 'sms' }, /^chanel: unknown parameter/],
    ['metrics/engagement', { tz: ['UTC', 'Europe/Berlin'] }, /^tz: give it once/],
    ['exports/events.csv', { from: 'soon' }, /^from: /],
    ['exports/conversations.csv', { groupBy: 'channel' }, /^groupBy: unknown parameter/],
  ] as [string, Record<string, string | string[]>, RegExp][])('%s %j', async (path, query, message) => {
    const r = await get(path, query);
    expect(r.status).toBe(400);
    const messages = Array.isArray(r.body.message) ? r.body.message : [r.body.message];
    expect(messages.some((m: string) => message.test(m))).toBe(true);
  });

  it('the period limits of api.md: 10 years for any report, 731 days only for a series by day', async () => {
    // 2016-01-01 … 2026-01-06 is 3,658 days; … 2026-01-09 is 3,661.
    const long = { from: '2016-01-01', to: '2026-01-06', tz: 'UTC' };
    for (const [path, extra] of [
      ['metrics/overview', {}],
      ['metrics/channels', {}],
      ['metrics/cohorts', { grain: 'month' }],
      ['metrics/engagement', { grain: 'month' }],
      ['metrics/response-times', { grain: 'week' }],
      ['exports/conversations.csv', {}],
    ] as [string, Record<string, string>][]) {
      const r = await get(path, { ...long, ...extra });
      expect([path, r.status]).toEqual([path, 200]);
    }
    const tooLong = await get('metrics/overview', { from: '2016-01-01', to: '2026-01-09', tz: 'UTC' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toBe('to: the period must be at most 3660 days');
    const byDay = await get('metrics/loyalty', { from: '2024-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' });
    expect(byDay.status).toBe(400);
    expect(byDay.body.message).toMatch(/^to: the period must be at most 731 days with grain=day/);
    expect((await get('metrics/loyalty', { from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).status).toBe(200);
  });

  it('overview with compareFrom/compareTo: `before` and `previous` are of the period asked for (a running day against the day before until the same time)', async () => {
    const query = { from: '2026-10-20', to: '2026-10-20T14:24:00+02:00', tz: 'Europe/Berlin', compareFrom: '2026-10-19', compareTo: '2026-10-19T14:24:00+02:00' };
    const r = await get('metrics/overview', query);
    expect(r.status).toBe(200);
    const params = { fromMs: ms('2026-10-20T00:00:00+02:00'), toMs: ms('2026-10-20T14:24:00+02:00'), tz: 'Europe/Berlin', grain: 'day' as const, channels: null, groupBy: null, responder: 'any' as const, sla: 300 };
    expectSame(r.body, oracle.overview(params, { fromMs: ms('2026-10-19T00:00:00+02:00'), toMs: ms('2026-10-19T14:24:00+02:00') }));
    expect(r.body.previous).toEqual({ from: '2026-10-19T00:00:00+02:00', to: '2026-10-19T14:24:00+02:00' });
    // Not the default (the 14.4 hours just before from), which differs on this data.
    expect(r.body.before).not.toEqual((await get('metrics/overview', only(query, ['compareFrom', 'compareTo']))).body.before);
    const csv = (await get('metrics/overview', { ...query, format: 'csv' })).text.split('\r\n');
    expect(csv[2].startsWith('before,2026-10-19T00:00:00+02:00,2026-10-19T14:24:00+02:00,')).toBe(true);
  });

  it('compareFrom/compareTo: alone, reversed or on another report is a 400 naming the parameter', async () => {
    const alone = await get('metrics/overview', { compareFrom: '2026-10-19' });
    expect(alone.status).toBe(400);
    expect(alone.body.message).toMatch(/^compareTo: /);
    const reversed = await get('metrics/overview', { compareFrom: '2026-10-19', compareTo: '2026-10-18' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toBe('compareTo: must be after compareFrom');
    const elsewhere = await get('metrics/engagement', { compareFrom: '2026-10-18', compareTo: '2026-10-19' });
    expect(elsewhere.status).toBe(400);
  });

  it('an unknown report is a 404 with the usual error body', async () => {
    const r = await get('metrics/retention', {});
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'path: no API route GET /api/v1/metrics/retention; see /api/docs', code: 'NOT_FOUND' });
    expect((await get('metrics/toString', {})).status).toBe(404);
  });

  it('reports several wrong parameters at once', async () => {
    const r = await get('metrics/engagement', { tz: 'Mars/Olympus', grain: 'decade' });
    expect(r.status).toBe(400);
    expect(r.body.message).toHaveLength(2);
  });

  it('never a 5xx for odd parameter values', async () => {
    const odd = ['', ' ', '%', '\u0000', '9'.repeat(400), '2026-13-45', '+275760-09-13T00:00:00Z', '-000001-01-01', '2026-10-01T25:61:00Z', '1e309', 'NaN', '[]', '{}', 'null', '../../etc'];
    for (const endpoint of ['overview', 'response-times', 'engagement', 'heatmap', 'loyalty', 'cohorts', 'channels'])
      for (const name of ['from', 'to', 'tz', 'grain', 'channel', 'groupBy', 'responder', 'sla', 'format'])
        for (const value of odd) {
          const r = await get(`metrics/${endpoint}`, { [name]: value });
          if (r.status >= 500) throw new Error(`${endpoint} ${name}=${JSON.stringify(value)} answered ${r.status}: ${r.text}`);
        }
  });
});

describe('access', () => {
  it('metrics need the read scope', async () => {
    const ingestOnly = await newWorkspace(db.env, 'metrics-ingest-only', 'ingest');
    expect((await get('metrics/overview', {}, ingestOnly.key)).status).toBe(403);
    expect((await get('exports/events.csv', {}, ingestOnly.key)).status).toBe(403);
    expect((await get('metrics/overview', {}, 'prly_wrong')).status).toBe(401);
  });
});
