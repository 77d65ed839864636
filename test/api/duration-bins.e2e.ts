/**
 * Exact duration percentiles from duration_bins (migration DurationBins,
 * api/src/metrics/binned-percentiles.*): on a generated dataset ingested in batches, with late
 * events, a business-hours schedule set and changed, and a rebuild,
 * - fact_durations and the counts ingest keeps by difference equal their definition, written here
 *   in SQL over the facts and reply_waits, and other workspaces' are untouched;
 * - every first response, reply, resolution and assignment percentile the API answers is
 *   percentile_cont's over reply_waits and conversation_facts, bit for bit: per bucket and over
 *   the period, in UTC, New York and Berlin (across their DST changes), by hour, day, week and
 *   month, filtered and grouped by channel or by first responder (migration ResponderBins), for
 *   either responder, and in business hours (which sort: duration_bins counts calendar durations);
 * - grouped by first responder, each group's counts, SLA share, CSAT and bot flag are those of
 *   the facts.
 */
import { Client } from 'pg';
import { generateEvents } from '@parley/shared/generate';
import { ResponderBins1766700000000 } from '../../api/src/database/migrations/1766700000000-ResponderBins';
import { bucketsOf } from '../../api/src/metrics/period.calculations';
import { rollupRows } from '../support/snapshot';
import { type Server, apiCall, cli, databaseEnv, databaseUrl, ingestAll, newWorkspace, sessionHeaders, startServer } from '../support/server';

jest.setTimeout(600_000);

// 70 days from 2026-09-01, across the Berlin (Oct 25) and New York (Nov 1) clock changes.
const START = Date.UTC(2026, 8, 1);
const EVENTS = generateEvents({ events: 12_000, seed: 4242, startMs: START, days: 70 });
const OTHER = generateEvents({ events: 2_000, seed: 99, startMs: START, days: 70 });
const OFFICE = {
  timeZone: 'America/New_York',
  ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:30']]])),
  sat: [['10:00', '14:00']],
};

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let pg: Client;
let ws: { name: string; key: string; id: number; call: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }> };
let other: { id: number; key: string };

const workspaceId = async (name: string) => (await pg.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [name])).rows[0].workspace_id as number;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1' });
  pg = new Client({ connectionString: databaseUrl(db.env) });
  await pg.connect();
  const created = await newWorkspace(db.env, 'bins', 'ingest,read', 'UTC');
  const headers = await sessionHeaders(server.url, db.env, created.name, 'admin', '198.51.100.77');
  ws = { ...created, id: await workspaceId(created.name), call: (method, path, body) => apiCall(server.url, method, path, body, headers) };
  // Small batches: conversations span several, so their waits are deleted and written again.
  await ingestAll(server.url, ws.key, EVENTS.slice(0, 10_000), 1_500);
  const o = await newWorkspace(db.env, 'bins-other');
  await ingestAll(server.url, o.key, OTHER);
  other = { id: await workspaceId(o.name), key: o.key };
});
afterAll(async () => {
  await pg?.end();
  await server?.stop();
  db?.cleanup();
});

/**
 * A workspace's counts as reads see them: duration_bins' rows plus the deltas not folded yet (each
 * under its channel and '*', in its hour's and its day's row); rows with any count, in key order.
 */
async function binRows(id: number, client = pg): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT measure, channel, responder, day, at, string_agg(b || ':' || n, ',' ORDER BY b) AS counts FROM (
       SELECT measure, channel, responder, day, at, b, sum(n) AS n FROM (
         SELECT measure, channel, responder, day, at, u.b, u.n FROM duration_bins, unnest(bins, ns) AS u(b, n) WHERE workspace_id = $1
         UNION ALL
         SELECT x.measure, c.ch, x.responder, d.day, d.t, x.bin, x.n FROM duration_deltas x
          CROSS JOIN LATERAL (VALUES (x.channel), ('*')) AS c(ch)
          CROSS JOIN LATERAL (VALUES (false, x.hour), (true, date_trunc('day', x.hour, 'UTC'))) AS d(day, t)
          WHERE x.workspace_id = $1) y
        GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0) z
      GROUP BY 1, 2, 3, 4, 5 ORDER BY measure, channel, responder, day, at`,
    [id],
  );
  return rows.map((r) => `${r.measure} ${r.channel} ${r.responder} ${r.day ? 'day' : 'hour'} ${r.at.toISOString()} ${r.counts}`);
}

/** How many deltas of a workspace wait to be folded. */
const pendingDeltas = async (id: number) => Number((await pg.query(`SELECT count(*) AS n FROM duration_deltas WHERE workspace_id = $1`, [id])).rows[0].n);

/** A workspace's fact_durations rows, in key order. */
async function durationRows(id: number): Promise<string[]> {
  const { rows } = await pg.query(
    `SELECT conversation_id, measure, at, seconds, channel, responder FROM fact_durations WHERE workspace_id = $1 ORDER BY conversation_id, measure`,
    [id],
  );
  return rows.map((r) => `${r.conversation_id} ${r.measure} ${r.at.toISOString()} ${r.seconds} ${r.channel} ${r.responder}`);
}

/**
 * The calendar durations of a workspace by definition: measure, channel, instant, seconds, the
 * group ('' in the plain measures, else the first responder of the measure's responder or '')
 * and the conversation (migrations DurationBins and ResponderBins' numbering: 16 on, grouped by
 * the first responder; resolution and assignment also by the agent's, + 1).
 */
const DURATIONS = `
  SELECT w.agent::int AS measure, w.channel, w.opened_at AS at, w.seconds, '' AS g, NULL::text AS conversation_id
    FROM reply_waits w WHERE w.workspace_id = $1
  UNION ALL
  SELECT 16 + w.agent::int, w.channel, w.opened_at, w.seconds, coalesce(CASE WHEN w.agent THEN f.agent_first_responder ELSE f.first_responder END, ''), NULL
    FROM reply_waits w JOIN conversation_facts f USING (workspace_id, conversation_id) WHERE w.workspace_id = $1
  UNION ALL
  SELECT m.measure + k.plus, f.channel, m.at, m.seconds, CASE k.plus WHEN 0 THEN '' WHEN 16 THEN coalesce(CASE WHEN m.measure = 5 THEN f.agent_first_responder ELSE f.first_responder END, '')
         ELSE coalesce(f.agent_first_responder, '') END,
         f.conversation_id
    FROM conversation_facts f
   CROSS JOIN LATERAL (VALUES (4, f.first_customer_at, f.first_response_time), (5, f.first_customer_at, f.agent_first_response_time),
                              (8, f.resolved_at, f.resolution_time), (12, f.first_assigned_at, f.assignment_response_time)) AS m(measure, at, seconds)
   CROSS JOIN LATERAL (SELECT 0 AS plus UNION ALL SELECT 16 UNION ALL SELECT 17 WHERE m.measure IN (8, 12)) k
   WHERE f.workspace_id = $1 AND m.seconds IS NOT NULL`;

/**
 * fact_durations and the counts ingest keeps, against their definition: the facts' durations as
 * rows, and per measure, channel and '*', UTC hour and UTC day, how many durations each bin holds.
 */
async function expectCountsKept(id: number): Promise<void> {
  const kept = await binRows(id);
  const { rows: counted } = await pg.query(
    `SELECT measure, ch, g, day, t, string_agg(b || ':' || n, ',' ORDER BY b) AS counts FROM (
       SELECT measure, ch, g, day, t, duration_bin(seconds) AS b, count(*) AS n FROM (${DURATIONS}) v
        CROSS JOIN LATERAL (VALUES (v.channel), ('*')) AS c(ch)
        CROSS JOIN LATERAL (VALUES (false, date_trunc('hour', v.at, 'UTC')), (true, date_trunc('day', v.at, 'UTC'))) AS d(day, t)
        GROUP BY 1, 2, 3, 4, 5, 6) x
      GROUP BY 1, 2, 3, 4, 5 ORDER BY measure, ch, g, day, t`,
    [id],
  );
  expect(kept.length).toBeGreaterThan(0);
  expect(kept).toEqual(counted.map((r) => `${r.measure} ${r.ch} ${r.g} ${r.day ? 'day' : 'hour'} ${r.t.toISOString()} ${r.counts}`));
  // Every grouped measure has rows, and more than one group.
  const groups = new Map<number, Set<string>>();
  for (const r of counted) groups.set(r.measure, (groups.get(r.measure) ?? new Set()).add(r.g));
  for (const m of [16, 17, 20, 21, 24, 25, 28, 29]) expect(groups.get(m)?.size ?? 0).toBeGreaterThan(1);
  // Each row's sum (with its deltas) is its durations' in whole µs.
  const { rows: sums } = await pg.query(
    `WITH sums AS (
       SELECT measure, ch, g, day, t, sum(round(seconds * 1e6)::bigint) AS us FROM (${DURATIONS}) v
        CROSS JOIN LATERAL (VALUES (v.channel), ('*')) AS c(ch)
        CROSS JOIN LATERAL (VALUES (false, date_trunc('hour', v.at, 'UTC')), (true, date_trunc('day', v.at, 'UTC'))) AS d(day, t)
        GROUP BY 1, 2, 3, 4, 5)
     SELECT count(*) AS rows, count(*) FILTER (WHERE coalesce(k.sum_us, 0) + coalesce(x.us, 0) <> s.us) AS wrong FROM sums s
       LEFT JOIN duration_bins k ON k.workspace_id = $1 AND k.measure = s.measure AND k.channel = s.ch AND k.responder = s.g AND k.day = s.day AND k.at = s.t
       LEFT JOIN LATERAL (
         SELECT sum(x.us) AS us FROM duration_deltas x
          WHERE x.workspace_id = $1 AND x.measure = s.measure AND (s.ch = '*' OR x.channel = s.ch) AND x.responder = s.g
            AND x.hour >= s.t AND x.hour < s.t + CASE WHEN s.day THEN interval '1 day' ELSE interval '1 hour' END) x ON true`,
    [id],
  );
  expect(Number(sums[0].rows)).toBe(kept.length);
  expect(Number(sums[0].wrong)).toBe(0);
  const { rows: defined } = await pg.query(
    `SELECT conversation_id, measure, at, seconds, channel, g FROM (${DURATIONS}) v WHERE conversation_id IS NOT NULL ORDER BY conversation_id, measure`,
    [id],
  );
  const durations = await durationRows(id);
  expect(durations.length).toBeGreaterThan(0);
  expect(durations).toEqual(defined.map((r) => `${r.conversation_id} ${r.measure} ${r.at.toISOString()} ${r.seconds} ${r.channel} ${r.g}`));
}

interface Shape {
  tz: string;
  grain: 'hour' | 'day' | 'week' | 'month';
  from: string;
  to: string;
  channel?: string;
  groupBy?: 'channel' | 'agent';
  responder?: 'agent';
  hours?: 'business';
}
const SHAPES: Shape[] = [
  { tz: 'UTC', grain: 'hour', from: '2026-10-05', to: '2026-10-08' },
  { tz: 'America/New_York', grain: 'day', from: '2026-09-20', to: '2026-11-05' },
  { tz: 'Europe/Berlin', grain: 'week', from: '2026-09-01', to: '2026-11-10', groupBy: 'channel' },
  { tz: 'UTC', grain: 'month', from: '2026-09-01', to: '2026-11-10', responder: 'agent' },
  { tz: 'Europe/Berlin', grain: 'day', from: '2026-10-20', to: '2026-10-30', channel: 'whatsapp,sms' },
  { tz: 'America/New_York', grain: 'day', from: '2026-10-25', to: '2026-11-04', groupBy: 'channel', channel: 'webchat,whatsapp', responder: 'agent' },
  { tz: 'Europe/Berlin', grain: 'day', from: '2026-10-20', to: '2026-11-03', groupBy: 'agent' },
  { tz: 'UTC', grain: 'week', from: '2026-09-01', to: '2026-11-10', groupBy: 'agent', responder: 'agent' },
  { tz: 'America/New_York', grain: 'hour', from: '2026-10-31', to: '2026-11-02', groupBy: 'agent', channel: 'whatsapp,webchat,sms' },
];

/** Local midnight of a date in a zone (the API's reading of from/to dates). */
function localMidnight(date: string, tz: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(guess);
  const v = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const offset = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute')) - guess;
  return guess - offset;
}

/** Each measure's rows, instant, value and API fields (median, then p90 when it has one). */
const MEASURES = [
  { name: 'reply', fields: ['replyMedian', 'replyP90'], sql: (sh: Shape) => ({ table: 'reply_waits', at: 'opened_at', value: sh.hours ? 'biz_seconds' : 'seconds', where: `AND w.agent = ${sh.responder === 'agent'}` }) },
  {
    name: 'first response',
    fields: ['firstResponseMedian', 'firstResponseP90'],
    sql: (sh: Shape) => ({ table: 'conversation_facts', at: 'first_customer_at', value: `${sh.hours ? 'biz_' : ''}${sh.responder === 'agent' ? 'agent_' : ''}first_response_time`, where: '' }),
  },
  { name: 'resolution', fields: ['resolutionMedian'], sql: (sh: Shape) => ({ table: 'conversation_facts', at: 'resolved_at', value: `${sh.hours ? 'biz_' : ''}resolution_time`, where: '' }) },
  {
    name: 'assignment',
    fields: ['assignmentResponseMedian', 'assignmentResponseP90'],
    sql: (sh: Shape) => ({ table: 'conversation_facts', at: 'first_assigned_at', value: `${sh.hours ? 'biz_' : ''}assignment_response_time`, where: '' }),
  },
];

/** percentile_cont(0.5) and (0.9) of a measure per [lo, hi) and group, straight from the table. */
async function sorted(shape: Shape, measure: (typeof MEASURES)[number], ranges: { key: string; lo: number; hi: number }[]): Promise<Map<string, number[]>> {
  const { table, at, value, where } = measure.sql(shape);
  // The group: the channel, or the conversation's first responder of the responder (from its facts), or none.
  const responder = shape.responder === 'agent' ? 'agent_first_responder' : 'first_responder';
  const group =
    shape.groupBy === 'channel'
      ? 'w.channel'
      : shape.groupBy === 'agent'
        ? `(SELECT f.${responder} FROM conversation_facts f WHERE f.workspace_id = w.workspace_id AND f.conversation_id = w.conversation_id)`
        : 'NULL::text';
  const { rows } = await pg.query(
    `SELECT r.key, ${group} AS g,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY w.${value}) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY w.${value}) AS p90
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS r(key, lo, hi)
       JOIN ${table} w ON w.${at} >= r.lo AND w.${at} < r.hi
      WHERE w.workspace_id = $1 ${where} AND ($5::text[] IS NULL OR w.channel = ANY($5::text[]))
      GROUP BY 1, 2`,
    [
      ws.id,
      ranges.map((r) => r.key),
      ranges.map((r) => new Date(r.lo).toISOString()),
      ranges.map((r) => new Date(r.hi).toISOString()),
      shape.channel ? shape.channel.split(',') : null,
    ],
  );
  return new Map(rows.filter((r) => r.median !== null).map((r) => [`${r.key}|${r.g}`, [r.median, r.p90].slice(0, measure.fields.length)]));
}

/** The counts beside the percentiles, as the API names them. */
const COUNTS = ['conversations', 'responded', 'withinSla', 'resolutions', 'assignedConversations'];

/**
 * Grouped by first responder: per [lo, hi) and group with a conversation, resolution or
 * assignment, the facts' COUNTS (withinSla as the share of conversations within 300 s), and over
 * the period (key "total") also the ratings and whether the group sent a first response as a bot.
 */
async function groupCounts(shape: Shape, ranges: { key: string; lo: number; hi: number }[]): Promise<Map<string, unknown[]>> {
  const agent = shape.responder === 'agent';
  const g = agent ? 'agent_first_responder' : 'first_responder';
  const frt = agent ? 'agent_first_response_time' : 'first_response_time';
  const inRange = (at: string) => `f.${at} >= r.lo AND f.${at} < r.hi`;
  const { rows } = await pg.query(
    `SELECT r.key, f.${g} AS g,
            count(*) FILTER (WHERE ${inRange('first_customer_at')}) AS conversations,
            count(${frt}) FILTER (WHERE ${inRange('first_customer_at')}) AS responded,
            count(*) FILTER (WHERE ${inRange('first_customer_at')} AND ${frt} <= 300) AS within,
            count(*) FILTER (WHERE ${inRange('resolved_at')}) AS resolutions,
            count(*) FILTER (WHERE ${inRange('first_assigned_at')}) AS assigned,
            count(*) FILTER (WHERE ${inRange('rated_at')}) AS ratings,
            bool_or(${inRange('first_customer_at')} AND f.first_responder IS NOT NULL AND f.first_response_at IS DISTINCT FROM f.agent_first_response_at) AS bot
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS r(key, lo, hi)
       JOIN conversation_facts f ON f.workspace_id = $1 AND ($5::text[] IS NULL OR f.channel = ANY($5::text[]))
        AND (${inRange('first_customer_at')} OR ${inRange('resolved_at')} OR ${inRange('first_assigned_at')} OR (r.key = 'total' AND ${inRange('rated_at')}))
      GROUP BY 1, 2`,
    [ws.id, ranges.map((r) => r.key), ranges.map((r) => new Date(r.lo).toISOString()), ranges.map((r) => new Date(r.hi).toISOString()), shape.channel ? shape.channel.split(',') : null],
  );
  const out = new Map<string, unknown[]>();
  for (const r of rows) {
    const [conversations, responded, within, resolutions, assigned] = [r.conversations, r.responded, r.within, r.resolutions, r.assigned].map(Number);
    if (conversations + resolutions + assigned === 0) continue;
    const counts = [conversations, responded, conversations === 0 ? null : within / conversations, resolutions, assigned];
    out.set(`${r.key}|${r.g}`, r.key === 'total' ? [...counts, Number(r.ratings), !agent && r.g !== null && r.bot === true] : counts);
  }
  return out;
}

/** Every duration percentile of the shapes, from the API and from percentile_cont, and with `counts` the counts grouped by first responder: the answers compared and where they differ. */
async function differences(shapes = SHAPES, counts = true): Promise<{ answers: number; keys: number; differ: string[] }> {
  let answers = 0;
  let keys = 0;
  const differ: string[] = [];
  for (const shape of shapes) {
    const query = new URLSearchParams({ from: shape.from, to: shape.to, tz: shape.tz, grain: shape.grain });
    for (const k of ['channel', 'groupBy', 'responder', 'hours'] as const) if (shape[k]) query.set(k, shape[k]!);
    const r = await fetch(`${server.url}/api/v1/metrics/response-times?${query}`, { headers: { authorization: `Bearer ${ws.key}` } });
    if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
    const body = await r.json();
    const fromMs = localMidnight(shape.from, shape.tz);
    // Dates are local midnights; `to` is exclusive.
    const toMs = localMidnight(shape.to, shape.tz);
    const buckets = bucketsOf(fromMs, toMs, shape.grain, shape.tz);
    const ranges = [
      { key: 'total', lo: fromMs, hi: toMs },
      ...buckets.map((b, i) => ({ key: b.label, lo: Math.max(b.startMs, fromMs), hi: Math.min(buckets[i + 1]?.startMs ?? toMs, toMs) })),
    ];
    for (const measure of MEASURES) {
      const expected = await sorted(shape, measure, ranges);
      const got = new Map<string, (number | null)[]>();
      const pick = (x: Record<string, number | null>) => measure.fields.map((f) => x[f]);
      for (const s of body.series) got.set(`${s.bucket}|${shape.groupBy ? s.group : null}`, pick(s));
      if (shape.groupBy) for (const g of body.groups) got.set(`total|${g.group}`, pick(g));
      else got.set('total|null', pick(body.totals));
      const where = `${JSON.stringify(shape)} ${measure.name}`;
      for (const [key, want] of expected) {
        answers += want.length;
        keys++;
        const have = got.get(key);
        if (!have || have.some((v, i) => v !== want[i])) differ.push(`${where} ${key}: ${JSON.stringify(have)} ≠ ${JSON.stringify(want)}`);
      }
      // And no answer where percentile_cont has none.
      for (const [key, have] of got) if (have[0] !== null && !expected.has(key)) differ.push(`${where} ${key}: ${JSON.stringify(have)} where none is`);
    }
    if (counts && shape.groupBy === 'agent') {
      const expected = await groupCounts(shape, ranges);
      const got = new Map<string, unknown[]>();
      const pick = (x: Record<string, unknown>, total: boolean) => [
        ...COUNTS.map((f) => x[f]),
        ...(total ? ['csatResponses', 'bot'].map((f) => x[f] ?? (f === 'bot' && shape.responder === 'agent' ? false : undefined)) : []),
      ];
      for (const s of body.series) got.set(`${s.bucket}|${s.group}`, pick(s, false));
      for (const g of body.groups) got.set(`total|${g.group}`, pick(g, true));
      for (const [key, want] of expected) {
        keys++;
        answers += want.length;
        const have = got.get(key);
        if (JSON.stringify(have) !== JSON.stringify(want)) differ.push(`${JSON.stringify(shape)} counts ${key}: ${JSON.stringify(have)} ≠ ${JSON.stringify(want)}`);
      }
      for (const [key, have] of got) if (!expected.has(key) && (have as number[]).some((v) => typeof v === 'number' && v !== 0)) differ.push(`${JSON.stringify(shape)} counts ${key}: ${JSON.stringify(have)} where none is`);
    }
  }
  return { answers, keys, differ };
}

it('after ingest in batches: the counts equal a recount, and every percentile is percentile_cont’s', async () => {
  await expectCountsKept(ws.id);
  await expectCountsKept(other.id);
  const { answers, differ } = await differences();
  expect(differ).toEqual([]);
  expect(answers).toBeGreaterThan(1000);
});

it('after late events into old conversations, a schedule set and changed, and a rebuild: still', async () => {
  const before = await binRows(other.id);
  // While another fold holds the workspace's fold lock, neither the background fold after ingest
  // nor reads can fold the deltas ingest appends: reads add them, and answer the same.
  await pg.query('BEGIN');
  try {
    await pg.query(`SELECT pg_advisory_xact_lock(7342, $1)`, [ws.id]);
    // The rest of the events, shuffled: some land in conversations already stored.
    await ingestAll(server.url, ws.key, EVENTS.slice(10_000).reverse(), 700);
    await expectCountsKept(ws.id);
    expect(await pendingDeltas(ws.id)).toBeGreaterThan(0);
    const held = await differences();
    expect(held.differ).toEqual([]);
    expect(held.answers).toBeGreaterThan(1000);
    expect(await pendingDeltas(ws.id)).toBeGreaterThan(0);
  } finally {
    await pg.query('COMMIT');
  }
  // The next read folds them into duration_bins.
  expect((await differences()).differ).toEqual([]);
  expect(await pendingDeltas(ws.id)).toBe(0);
  await expectCountsKept(ws.id);

  const recomputed = async () => {
    for (const started = Date.now(); Date.now() - started < 120_000; await new Promise((d) => setTimeout(d, 100)))
      if ((await ws.call('GET', '/auth/me')).json.workspace.businessHours.recompute === null) return;
    throw new Error('the business-time recomputation did not finish within 120 s');
  };
  expect((await ws.call('PUT', '/settings/business-hours', OFFICE)).status).toBe(200);
  await recomputed();
  await expectCountsKept(ws.id);
  SHAPES.push({ tz: 'America/New_York', grain: 'day', from: '2026-09-20', to: '2026-11-05', hours: 'business', groupBy: 'channel' });
  SHAPES.push({ tz: 'UTC', grain: 'week', from: '2026-09-01', to: '2026-11-10', hours: 'business', responder: 'agent' });
  let r = await differences();
  expect(r.differ).toEqual([]);

  expect((await ws.call('PUT', '/settings/business-hours', { ...OFFICE, sat: [] })).status).toBe(200);
  await recomputed();
  await expectCountsKept(ws.id);
  r = await differences();
  expect(r.differ).toEqual([]);

  const rebuilt = await cli(['facts', 'rebuild', '--workspace', ws.name], db.env);
  expect(rebuilt.code).toBe(0);
  await expectCountsKept(ws.id);
  r = await differences();
  expect(r.differ).toEqual([]);

  // None of this touched the other workspace's rows.
  expect(await binRows(other.id)).toEqual(before);
});

it('without any read, the deltas of an ingest are folded into duration_bins in the background', async () => {
  const quiet = await newWorkspace(db.env, 'bins-quiet');
  const id = await workspaceId(quiet.name);
  await ingestAll(server.url, quiet.key, generateEvents({ events: 1_500, seed: 7, startMs: START, days: 10 }), 500);
  // Nothing reads this workspace: only the folder after ingest (DeltaFolder) empties its deltas.
  for (const started = Date.now(); (await pendingDeltas(id)) > 0; await new Promise((d) => setTimeout(d, 100)))
    if (Date.now() - started > 30_000) throw new Error('the deltas were not folded within 30 s');
  expect(Number((await pg.query(`SELECT count(*) AS n FROM duration_bins WHERE workspace_id = $1`, [id])).rows[0].n)).toBeGreaterThan(0);
  await expectCountsKept(id);
});

/** A new workspace with deltas nobody folded: ingested while the test holds its fold lock. */
async function workspaceWithDeltas(label: string): Promise<{ id: number; key: string }> {
  const created = await newWorkspace(db.env, label);
  const id = await workspaceId(created.name);
  await pg.query('BEGIN');
  try {
    await pg.query(`SELECT pg_advisory_xact_lock(7342, $1)`, [id]);
    await ingestAll(server.url, created.key, generateEvents({ events: 1_000, seed: 11, startMs: START, days: 10 }), 500);
    // The server's folder tries a second after the writes (FOLD_AFTER_MS), finds the lock held and gives up.
    await new Promise((d) => setTimeout(d, 2_000));
  } finally {
    await pg.query('COMMIT');
  }
  expect(await pendingDeltas(id)).toBeGreaterThan(0);
  return { id, key: created.key };
}

it('a server folds at its start the deltas another process left', async () => {
  const left = await workspaceWithDeltas('bins-left');
  // No write or read follows: the running server does not fold them.
  await new Promise((d) => setTimeout(d, 2_000));
  expect(await pendingDeltas(left.id)).toBeGreaterThan(0);
  const second = await startServer(db.env, { LOG_LEVEL: 'warn' });
  try {
    for (const started = Date.now(); (await pendingDeltas(left.id)) > 0; await new Promise((d) => setTimeout(d, 100)))
      if (Date.now() - started > 30_000) throw new Error('the second server did not fold the deltas within 30 s');
  } finally {
    await second.stop();
  }
  await expectCountsKept(left.id);
});

it('a read answers within seconds while a rebuild holds the deltas: its fold gives up after a second', async () => {
  const busy = await workspaceWithDeltas('bins-busy');
  const read = () => apiCall(server.url, 'GET', '/metrics/response-times?from=2026-09-01&to=2026-09-12&tz=UTC', undefined, { authorization: `Bearer ${busy.key}` });
  // As a rebuild does: the workspace's deltas deleted and held until it commits.
  await pg.query('BEGIN');
  try {
    await pg.query(`DELETE FROM duration_deltas WHERE workspace_id = $1`, [busy.id]);
    const started = Date.now();
    const during = await read();
    expect(during.status).toBe(200);
    // Not the statement timeout (30 s): the fold waits FOLD_LOCK_WAIT_MS for the rows, then the read reads on.
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    await pg.query('ROLLBACK');
  }
  expect(await pendingDeltas(busy.id)).toBeGreaterThan(0);
  expect((await read()).status).toBe(200);
  expect(await pendingDeltas(busy.id)).toBe(0);
});

it('the calendar answers come from duration_bins: with its counts emptied they have no percentiles until a rebuild', async () => {
  // Without this, the comparisons above would also pass were every read sorted.
  const calendar = SHAPES.filter((sh) => !sh.hours);
  // (The counts grouped by first responder are left out: emptied bins have none to give.)
  const { keys } = await differences(calendar, false);
  await pg.query(`UPDATE duration_bins SET bins = '{}', ns = '{}' WHERE workspace_id = $1`, [ws.id]);
  try {
    const emptied = await differences(calendar, false);
    // Every answer percentile_cont gives is now missing (null), none wrong in another way.
    expect(emptied.differ.filter((d) => !/: \[null(,null)?\] ≠ /.test(d))).toEqual([]);
    expect(emptied.differ.length).toBe(keys);
    // Business hours sort: unaffected.
    expect((await differences(SHAPES.filter((sh) => sh.hours))).differ).toEqual([]);
  } finally {
    expect((await cli(['facts', 'rebuild', '--workspace', ws.name], db.env)).code).toBe(0);
  }
  await expectCountsKept(ws.id);
  expect((await differences()).differ).toEqual([]);
});

it('migration ResponderBins makes for stored workspaces the rows ingest and a rebuild keep', async () => {
  // Late events leave unfolded deltas of both kinds behind, which the migration must keep too.
  await pg.query('BEGIN');
  try {
    await pg.query(`SELECT pg_advisory_xact_lock(7342, $1)`, [other.id]);
    await ingestAll(server.url, other.key, generateEvents({ events: 300, seed: 5, startMs: START, days: 3 }));
    await new Promise((d) => setTimeout(d, 2_000));
  } finally {
    await pg.query('COMMIT');
  }
  expect(await pendingDeltas(other.id)).toBeGreaterThan(0);
  const names = (await pg.query(`SELECT name FROM workspaces WHERE workspace_id = ANY($1::int[])`, [[ws.id, other.id]])).rows.map((r) => r.name as string);
  const kept = async () => {
    const out: unknown[] = [];
    for (const name of names) {
      const { hourlyConversations, durationBins, factDurations } = await rollupRows(pg, name);
      out.push({ hourlyConversations, durationBins, factDurations });
    }
    return out;
  };
  const before = await kept();
  const migration = new ResponderBins1766700000000();
  const q = { query: (sql: string) => pg.query(sql).then((r) => r.rows) } as never;
  await migration.down(q);
  // Undone: no first responder rows or columns.
  expect((await pg.query(`SELECT count(*) AS n FROM hourly_conversations WHERE cut IN ('responder', 'agent_responder')`)).rows[0].n).toBe('0');
  expect((await pg.query(`SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'duration_bins' AND column_name = 'responder'`)).rows[0].n).toBe('0');
  await migration.up(q);
  expect(await kept()).toEqual(before);
  expect(await pendingDeltas(other.id)).toBeGreaterThan(0);
  await expectCountsKept(other.id);
  await expectCountsKept(ws.id);
  expect((await differences()).differ).toEqual([]);
});

it('a bin with thousands of values in a range (assignment responses of about 1 ms) is read by value and gives percentile_cont’s answer', async () => {
  const hot = await newWorkspace(db.env, 'bins-hot');
  const id = await workspaceId(hot.name);
  // 4,800 conversations over two days, each assigned 10 s after the customer wrote and answered
  // 1.000, 1.001 or 1.002 ms later (one bin) by one of three agents; the first response times vary.
  const base = Date.UTC(2026, 9, 5);
  const iso = (us: number) => `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(us % 1_000_000).padStart(6, '0')}Z`;
  const events: unknown[] = [];
  for (let i = 0; i < 4_800; i++) {
    const t = (base + i * 36_000) * 1000 + (i % 7) * 1000;
    const c = { conversationId: `hot-${i}`, contactId: `hc-${i % 900}`, channel: i % 2 ? 'whatsapp' : 'sms' };
    const agent = ['ana', 'ben', 'chloé'][i % 3];
    events.push({ id: `h${i}-in`, type: 'message.received', occurredAt: iso(t), sender: { type: 'customer' }, ...c });
    events.push({ id: `h${i}-as`, type: 'conversation.assigned', occurredAt: iso(t + 10_000_000 + (i % 11) * 1000), agentId: agent, ...c });
    events.push({ id: `h${i}-out`, type: 'message.sent', occurredAt: iso(t + 10_000_000 + (i % 11) * 1000 + 1000 + (i % 3)), sender: { type: 'agent', id: agent }, ...c });
  }
  await ingestAll(server.url, hot.key, events as never[], 2_000);
  const { rows: bins } = await pg.query(
    `SELECT duration_bin(assignment_response_time) AS bin, count(*)::int AS n FROM conversation_facts WHERE workspace_id = $1 GROUP BY 1`,
    [id],
  );
  expect(bins).toEqual([{ bin: bins[0].bin, n: 4_800 }]);
  for (const groupBy of [undefined, 'agent'] as const) {
    const query = new URLSearchParams({ from: '2026-10-05', to: '2026-10-07', tz: 'UTC', grain: 'day', ...(groupBy && { groupBy }) });
    const r = await fetch(`${server.url}/api/v1/metrics/response-times?${query}`, { headers: { authorization: `Bearer ${hot.key}` } });
    expect(r.status).toBe(200);
    const body = await r.json();
    const { rows } = await pg.query(
      `SELECT CASE WHEN GROUPING(to_char(date_trunc('day', first_assigned_at, 'UTC'), 'YYYY-MM-DD')) = 1 THEN 'total'
                   ELSE to_char(date_trunc('day', first_assigned_at, 'UTC'), 'YYYY-MM-DD') END AS day, CASE WHEN $2 THEN first_responder END AS g,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY assignment_response_time) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY assignment_response_time) AS p90,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_time) AS frt
         FROM conversation_facts WHERE workspace_id = $1
        GROUP BY GROUPING SETS ((to_char(date_trunc('day', first_assigned_at, 'UTC'), 'YYYY-MM-DD'), 2), (2))`,
      [id, groupBy === 'agent'],
    );
    const want = new Map(rows.map((x) => [`${x.day}|${x.g}`, [x.median, x.p90, x.frt]]));
    const got = new Map<string, unknown[]>();
    const pick = (x: Record<string, unknown>) => [x.assignmentResponseMedian, x.assignmentResponseP90, x.firstResponseMedian];
    for (const s of body.series) got.set(`${s.bucket.slice(0, 10)}|${groupBy ? s.group : null}`, pick(s));
    if (groupBy) for (const g of body.groups) got.set(`total|${g.group}`, pick(g));
    else got.set('total|null', pick(body.totals));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
  }
});
