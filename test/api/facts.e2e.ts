import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { generateEvents, randomBatches, rng, shuffle } from '@parley/shared/generate';
import { type Server, cli, databaseEnv, databaseUrl, newWorkspace, post, realPostgres, startServer } from '../support/server';
import { compareBytes } from '../../api/src/facts/facts.calculations';
import { FactsRepository } from '../../api/src/facts/facts.repository';
import { contactSets as contactSetsOf, factRows as factRowsOf, rollupRows as rollupRowsOf } from '../support/snapshot';

jest.setTimeout(600_000);

/**
 * The incremental facts (kept on every ingest) must equal a rebuild from scratch, whatever the
 * order, batch split and duplicates the events arrived with.
 */
const EVENTS = generateEvents({ events: 20_000, seed: 7 });

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let client: Client;
const factRows = (workspace: string) => factRowsOf(client, workspace);
const rollupRows = (workspace: string) => rollupRowsOf(client, workspace);
type Row = Record<string, unknown>;
/** The rows of one cut of a rollup snapshot (rollups/cut-rows.ts), without the cut columns. */
const ofCut = (rows: unknown[], cut: string, value = '') =>
  (rows as Row[]).filter((r) => r.cut === cut && r.cut_value === value).map(({ cut: _c, cut_value: _v, ...r }) => r);
const contactSets = (workspace: string) => contactSetsOf(client, workspace);

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env);
  client = new Client({ connectionString: databaseUrl(db.env) });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await server?.stop();
  db?.cleanup();
});

async function ingest(url: string, key: string, batches: unknown[][], concurrency: number) {
  const totals = { accepted: 0, duplicates: 0, rejected: 0 };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      const r = await post(url, key, batch);
      if (r.status !== 200) throw new Error(`batch answered ${r.status}: ${JSON.stringify(r.json)}`);
      totals.accepted += r.json.accepted;
      totals.duplicates += r.json.duplicates;
      totals.rejected += r.json.rejected.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return totals;
}

it(`generated ${EVENTS.length} events: shuffled random batches with duplicates give the facts of a rebuild, row by row`, async () => {
  expect(EVENTS.length).toBeGreaterThanOrEqual(20_000);
  // The data holds message statuses, some of them a conversation's earliest event (its startedAt).
  for (const type of ['message.delivered', 'message.read', 'message.failed']) expect(EVENTS.filter((e) => e.type === type).length).toBeGreaterThan(100);
  const earliest = new Map<string, { ms: number; type: string }>();
  for (const e of EVENTS) {
    const ms = Date.parse(e.occurredAt), seen = earliest.get(e.conversationId);
    if (!seen || ms < seen.ms) earliest.set(e.conversationId, { ms, type: e.type });
  }
  expect([...earliest.values()].filter((x) => x.type.startsWith('message.') && x.type !== 'message.received' && x.type !== 'message.sent').length).toBeGreaterThan(10);
  const a = await newWorkspace(db.env, 'facts-shuffled');
  const b = await newWorkspace(db.env, 'facts-sorted');

  // Workspace A: shuffled, random batches of 1–1500, ~10% of events sent twice (some in the same
  // batch, some much later), two clients at once.
  const random = rng(99);
  const withDuplicates = [...EVENTS, ...EVENTS.filter(() => random() < 0.1)];
  const batches = randomBatches(shuffle(withDuplicates, 3), 1500, 5);
  const totals = await ingest(server.url, a.key, batches, 2);
  expect(totals).toEqual({ accepted: EVENTS.length, duplicates: withDuplicates.length - EVENTS.length, rejected: 0 });

  // A whole batch retried after a "timeout" is all duplicates.
  const retry = await post(server.url, a.key, batches[0]);
  expect(retry.json).toEqual({ accepted: 0, duplicates: batches[0].length, rejected: [] });

  // Workspace B: the same events sorted, in order, in big batches.
  const sorted = [...EVENTS].sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt));
  await ingest(server.url, b.key, randomBatches(sorted, 10_000, 1), 1);

  const incremental = await factRows(a.name);
  const conversations = new Set(EVENTS.map((e) => e.conversationId));
  expect(incremental).toHaveLength(conversations.size);
  // Against the generator: every event is counted once.
  const sum = (k: string) => incremental.reduce((s, r) => s + (r[k] as number), 0);
  expect(sum('events')).toBe(EVENTS.length);
  expect(sum('messages_in')).toBe(EVENTS.filter((e) => e.type === 'message.received').length);
  expect(sum('messages_out')).toBe(EVENTS.filter((e) => e.type === 'message.sent').length);
  expect(sum('conversions')).toBe(EVENTS.filter((e) => e.type === 'conversion').length);

  expect(await factRows(b.name)).toEqual(incremental);
  const rollups = await rollupRows(a.name);
  expect(rollups.conversationHours.length).toBeGreaterThan(conversations.size);
  expect(rollups.replyWaits.length).toBeGreaterThan(conversations.size);
  const totalRows = (rows: unknown[]) => (rows as Row[]).filter((r) => r.cut === '');
  expect(totalRows(rollups.hourlyEvents).reduce((n: number, r) => n + (r as { events: number }).events, 0)).toBe(EVENTS.length);
  const total = (k: string) => totalRows(rollups.hourlyConversations).reduce((n: number, r) => n + Number((r as Record<string, number>)[k]), 0);
  expect(total('started')).toBe(conversations.size);
  expect(total('messages')).toBe(sum('messages_in') + sum('messages_out'));
  expect(total('converted')).toBe(incremental.filter((f) => f.converted).length);
  expect(total('first_customer')).toBe(incremental.filter((f) => f.first_customer_at !== null).length);
  expect(total('automated')).toBe(incremental.filter((f) => f.has_response && f.automated).length);
  const revenue = (
    await client.query(
      `SELECT (SELECT coalesce(jsonb_object_agg(currency, amount::text), '{}') FROM (SELECT currency, sum(amount) AS amount FROM hourly_revenue t JOIN workspaces w USING (workspace_id) WHERE w.name = $1 AND t.cut = '' GROUP BY 1) x) AS rollup,
              (SELECT coalesce(jsonb_object_agg(currency, amount::text), '{}') FROM (SELECT currency, sum(value) AS amount FROM events e JOIN workspaces w USING (workspace_id) WHERE w.name = $1 AND type = 'conversion' GROUP BY 1) x) AS events`,
      [a.name],
    )
  ).rows[0];
  expect(Object.keys(revenue.events).length).toBeGreaterThan(0);
  expect(revenue.rollup).toEqual(revenue.events);
  expect(total('ratings')).toBe(incremental.filter((f) => f.rated_at !== null).length);
  expect(total('rating_sum')).toBe(incremental.reduce((n, f) => n + ((f.rating as number | null) ?? 0), 0));
  expect(total('satisfied')).toBe(incremental.filter((f) => (f.rating as number) >= 4).length);
  expect(await rollupRows(b.name)).toEqual(rollups);
  // conversation_hours (made in TypeScript) equals its definition in SQL over the stored events.
  const fromSql = (
    await client.query(
      `WITH e AS (SELECT e.*, date_bin('1 hour', e.occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour
                    FROM events e JOIN workspaces w USING (workspace_id) WHERE w.name = $1),
            revenue AS (SELECT conversation_id, hour, contact_id, jsonb_object_agg(currency, trim_scale(amount)::text) AS revenue
                          FROM (SELECT conversation_id, hour, contact_id, currency, sum(value) AS amount FROM e WHERE type = 'conversion' GROUP BY 1, 2, 3, 4) c
                         GROUP BY 1, 2, 3),
            g AS (
         SELECT e.conversation_id, e.hour, e.contact_id, f.channel,
                count(*)::int AS events, (count(*) FILTER (WHERE e.type = 'message.received'))::int AS messages_in,
                (count(*) FILTER (WHERE e.type = 'message.sent'))::int AS messages_out,
                min(e.occurred_at) FILTER (WHERE e.type = 'message.received') AS first_in_at, r.revenue, f.team, f.tags
           FROM e JOIN conversation_facts f USING (workspace_id, conversation_id)
           LEFT JOIN revenue r ON r.conversation_id = e.conversation_id AND r.hour = e.hour AND r.contact_id = e.contact_id
          GROUP BY e.conversation_id, e.hour, e.contact_id, f.channel, r.revenue, f.team, f.tags),
            -- The cut flags: the contact's earliest customer message among its rows of that team / carrying that tag (none: no tags).
            -- And the same among the contact's conversations of the row's channel.
            per_tag AS (SELECT g.conversation_id, g.hour, g.contact_id, t.tag, g.first_in_at = min(g.first_in_at) OVER (PARTITION BY g.contact_id, t.tag) AS first,
                               g.first_in_at = min(g.first_in_at) OVER (PARTITION BY g.contact_id, t.tag, g.channel) AS first_channel
                          FROM g CROSS JOIN LATERAL unnest(CASE WHEN g.tags = '{}' THEN ARRAY[NULL]::text[] ELSE g.tags END) AS t(tag)),
            tag_firsts AS (SELECT conversation_id, hour, contact_id, array_agg(tag ORDER BY tag) FILTER (WHERE first) AS first_in_tags,
                                  array_agg(tag ORDER BY tag) FILTER (WHERE first_channel) AS first_in_tags_channel
                             FROM per_tag GROUP BY 1, 2, 3)
       SELECT to_jsonb(t) AS row FROM (
         SELECT g.*, coalesce(g.first_in_at = min(g.first_in_at) OVER (PARTITION BY g.contact_id, g.team), false) AS first_in_team,
                coalesce(tf.first_in_tags, '{}') AS first_in_tags,
                coalesce(g.first_in_at = min(g.first_in_at) OVER (PARTITION BY g.contact_id, g.team, g.channel), false) AS first_in_team_channel,
                coalesce(tf.first_in_tags_channel, '{}') AS first_in_tags_channel
           FROM g LEFT JOIN tag_firsts tf USING (conversation_id, hour, contact_id)) t
        ORDER BY conversation_id, hour, contact_id`,
      [a.name],
    )
  ).rows.map((r) => r.row);
  expect(fromSql).toEqual(rollups.conversationHours);
  // reply_waits (made in TypeScript) equals the facts' wait arrays as rows.
  const waitsFromFacts = (
    await client.query(
      `SELECT to_jsonb(t) AS row FROM (
         SELECT f.conversation_id, x.agent, w.n::int AS n, w.opened_at, w.seconds, f.channel,
                CASE WHEN x.agent THEN f.agent_first_responder ELSE f.first_responder END AS responder, f.team, f.tags,
                NULL::float8 AS biz_seconds -- no schedule here: no business time
           FROM conversation_facts f JOIN workspaces ws USING (workspace_id)
          CROSS JOIN (VALUES (false), (true)) AS x(agent)
          CROSS JOIN LATERAL unnest(CASE WHEN x.agent THEN f.agent_reply_wait_starts ELSE f.reply_wait_starts END,
                                    CASE WHEN x.agent THEN f.agent_reply_times ELSE f.reply_times END) WITH ORDINALITY AS w(opened_at, seconds, n)
          WHERE ws.name = $1) t
        ORDER BY conversation_id, agent, n`,
      [a.name],
    )
  ).rows.map((r) => r.row);
  expect(waitsFromFacts).toEqual(rollups.replyWaits);
  // hourly_contacts equals its definition over the stored events: one entry per hour, channel,
  // contact and conversation with a customer message, flagged where the contact's first customer
  // message (ever; in that channel) is in that hour.
  const setsFromEvents = (
    await client.query(
      `WITH r AS (SELECT date_bin('1 hour', e.occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, f.channel, e.contact_id, e.conversation_id, e.occurred_at
                    FROM events e JOIN conversation_facts f USING (workspace_id, conversation_id) JOIN workspaces w USING (workspace_id)
                   WHERE w.name = $1 AND e.type = 'message.received'),
            ever AS (SELECT contact_id, date_bin('1 hour', min(occurred_at), TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour FROM r GROUP BY 1),
            per AS (SELECT contact_id, channel, date_bin('1 hour', min(occurred_at), TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour FROM r GROUP BY 1, 2)
       SELECT to_jsonb(x) AS row FROM (
         SELECT DISTINCT r.hour, r.channel, r.contact_id, r.conversation_id, ever.hour = r.hour AS first_ever, per.hour = r.hour AS first_in_channel
           FROM r JOIN ever USING (contact_id) JOIN per USING (contact_id, channel)) x
        ORDER BY x.hour, x.channel, x.contact_id, x.conversation_id`,
      [a.name],
    )
  ).rows.map((r) => r.row);
  expect(setsFromEvents.length).toBeGreaterThan(conversations.size / 2);
  expect(setsFromEvents).toEqual(await contactSetsOf(client, a.name, ''));
  // message_status equals its definition: the first instant of each status type per messageId.
  const statusFromEvents = (
    await client.query(
      `SELECT to_jsonb(x) AS row FROM (
         SELECT e.message_id COLLATE "C" AS message_id,
                min(e.occurred_at) FILTER (WHERE e.type = 'message.delivered') AS delivered_at,
                min(e.occurred_at) FILTER (WHERE e.type = 'message.read') AS read_at,
                min(e.occurred_at) FILTER (WHERE e.type = 'message.failed') AS failed_at
           FROM events e JOIN workspaces w USING (workspace_id)
          WHERE w.name = $1 AND e.type IN ('message.delivered', 'message.read', 'message.failed')
          GROUP BY 1) x
        ORDER BY x.message_id`,
      [a.name],
    )
  ).rows.map((r) => r.row);
  expect(statusFromEvents.length).toBeGreaterThan(100);
  expect(statusFromEvents).toEqual(rollups.messageStatus);
  // campaign_touches equals its definition: each campaign message with its conversation's channel,
  // team and tags, its message's first status instants and its contact's first reply and
  // conversion strictly after it and at most 720 hours later (minima here, not the probes).
  const touchesFromEvents = (
    await client.query(
      `SELECT to_jsonb(x) AS row FROM (
         SELECT e.occurred_at, e.event_id, e.campaign_id, e.contact_id, e.conversation_id, e.message_id, f.channel, f.team, f.tags,
                st.delivered_at, st.read_at, st.failed_at, rs.reply_at, rs.conversion_at
           FROM events e JOIN workspaces w USING (workspace_id)
           JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id
          CROSS JOIN LATERAL (
            SELECT min(s.occurred_at) FILTER (WHERE s.type = 'message.delivered') AS delivered_at,
                   min(s.occurred_at) FILTER (WHERE s.type = 'message.read') AS read_at,
                   min(s.occurred_at) FILTER (WHERE s.type = 'message.failed') AS failed_at
              FROM events s WHERE s.workspace_id = e.workspace_id AND s.message_id = e.message_id) st
          CROSS JOIN LATERAL (
            SELECT min(r.occurred_at) FILTER (WHERE r.type = 'message.received') AS reply_at,
                   min(r.occurred_at) FILTER (WHERE r.type = 'conversion') AS conversion_at
              FROM events r WHERE r.workspace_id = e.workspace_id AND r.contact_id = e.contact_id
               AND r.occurred_at > e.occurred_at AND r.occurred_at - e.occurred_at <= interval '720 hours') rs
          WHERE w.name = $1 AND e.campaign_id IS NOT NULL) x
        ORDER BY x.occurred_at, x.event_id`,
      [a.name],
    )
  ).rows.map((r) => r.row);
  expect(touchesFromEvents.length).toBeGreaterThan(100);
  for (const k of ['reply_at', 'conversion_at', 'delivered_at', 'failed_at'])
    expect(touchesFromEvents.filter((t) => t[k] !== null).length).toBeGreaterThan(5);
  expect(touchesFromEvents).toEqual(rollups.campaignTouches);

  const rebuilt = await cli(['facts', 'rebuild', '--workspace', a.name], db.env);
  expect(rebuilt.code).toBe(0);
  expect(rebuilt.stdout).toContain(`${conversations.size} conversations`);
  const fromScratch = await factRows(a.name);
  expect(fromScratch).toHaveLength(incremental.length);
  for (let i = 0; i < incremental.length; i++) expect(fromScratch[i]).toEqual(incremental[i]);
  expect(await rollupRows(a.name)).toEqual(rollups);
});

it('an earlier event on another channel moves the conversation, and its rollup rows, to that channel', async () => {
  const ws = await newWorkspace(db.env, 'facts-moved');
  const ev = (id: string, type: string, at: string, channel: string, contactId: string, extra: object = {}) => ({
    id, type, occurredAt: at, conversationId: 'c-moved', contactId, channel, ...extra,
  });
  const later = [
    ev('m2', 'message.received', '2026-03-02T10:05:00Z', 'sms', 'k1', { sender: { type: 'customer' } }),
    ev('m3', 'message.sent', '2026-03-02T11:10:00Z', 'sms', 'k1', { sender: { type: 'agent', id: 'a1' } }),
  ];
  expect((await post(server.url, ws.key, later)).status).toBe(200);
  const before = await rollupRows(ws.name);
  expect(before.contactFirst).toEqual([
    { contact_id: 'k1', channel: '*', first_at: '2026-03-02T10:05:00+00:00' },
    { contact_id: 'k1', channel: 'sms', first_at: '2026-03-02T10:05:00+00:00' },
  ]);
  expect(ofCut(before.contactSets, '')).toEqual([
    { hour: '2026-03-02T10:00:00+00:00', channel: 'sms', contact_id: 'k1', conversation_id: 'c-moved', first_ever: true, first_in_channel: true },
  ]);
  // The conversation's first event arrives last: the conversation is a WhatsApp one from then on.
  expect((await post(server.url, ws.key, [ev('m1', 'message.received', '2026-03-01T09:00:00Z', 'whatsapp', 'k2', { sender: { type: 'customer' } })])).status).toBe(200);
  const after = await rollupRows(ws.name);
  const whatsapp = [
    { hour: '2026-03-01T09:00:00+00:00', channel: 'whatsapp', events: 1, messages_in: 1, messages_out: 0 },
    { hour: '2026-03-02T10:00:00+00:00', channel: 'whatsapp', events: 1, messages_in: 1, messages_out: 0 },
    { hour: '2026-03-02T11:00:00+00:00', channel: 'whatsapp', events: 1, messages_in: 0, messages_out: 1 },
  ];
  // The totals, and the same under no team and under no tags (its only cuts): nothing left on sms.
  expect(ofCut(after.hourlyEvents, '')).toEqual(whatsapp);
  expect(ofCut(after.hourlyEvents, 'team')).toEqual(whatsapp);
  expect(ofCut(after.hourlyEvents, 'tag')).toEqual(whatsapp);
  expect(after.hourlyEvents).toHaveLength(9);
  expect(after.contactFirst).toEqual([
    { contact_id: 'k1', channel: '*', first_at: '2026-03-02T10:05:00+00:00' },
    { contact_id: 'k1', channel: 'whatsapp', first_at: '2026-03-02T10:05:00+00:00' },
    { contact_id: 'k2', channel: '*', first_at: '2026-03-01T09:00:00+00:00' },
    { contact_id: 'k2', channel: 'whatsapp', first_at: '2026-03-01T09:00:00+00:00' },
  ]);
  expect(ofCut(after.contactSets, '')).toEqual([
    { hour: '2026-03-01T09:00:00+00:00', channel: 'whatsapp', contact_id: 'k2', conversation_id: 'c-moved', first_ever: true, first_in_channel: true },
    { hour: '2026-03-02T10:00:00+00:00', channel: 'whatsapp', contact_id: 'k1', conversation_id: 'c-moved', first_ever: true, first_in_channel: true },
  ]);
  // Under no team: each contact's first there, and (moved with the conversation) its first there on whatsapp.
  expect(ofCut(after.contactSets, 'team')).toEqual([
    { hour: '2026-03-01T09:00:00+00:00', channel: 'whatsapp', contact_id: 'k2', conversation_id: 'c-moved', first_ever: true, first_in_channel: true },
    { hour: '2026-03-02T10:00:00+00:00', channel: 'whatsapp', contact_id: 'k1', conversation_id: 'c-moved', first_ever: true, first_in_channel: true },
  ]);
  expect((await cli(['facts', 'rebuild', '--workspace', ws.name], db.env)).code).toBe(0);
  expect(await rollupRows(ws.name)).toEqual(after);
});

it('facts rebuild without --workspace rebuilds every workspace, several at once (--jobs), and leaves them unchanged', async () => {
  const a = await newWorkspace(db.env, 'facts-all');
  const b = await newWorkspace(db.env, 'facts-all-b');
  await post(server.url, a.key, EVENTS.slice(0, 500));
  await post(server.url, b.key, EVENTS.slice(300, 700));
  const before = [await factRows(a.name), await factRows(b.name)];
  const started = (await client.query(`SELECT now() AS t`)).rows[0].t as Date;
  const r = await cli(['facts', 'rebuild', '--jobs', '3'], db.env);
  expect(r.code).toBe(0);
  if (realPostgres) {
    // The derived tables' statistics are taken afresh once the rows are written (PGlite: none kept).
    const { rows } = await client.query(
      `SELECT relname FROM pg_stat_user_tables WHERE relname = ANY($1::text[]) AND last_analyze >= $2`,
      [['conversation_facts', 'conversation_hours', 'reply_waits', 'contact_first', 'hourly_contacts'], started],
    );
    expect(rows.map((x) => x.relname).sort()).toEqual(['contact_first', 'conversation_facts', 'conversation_hours', 'hourly_contacts', 'reply_waits']);
  }
  // Every workspace once, whichever job took it.
  const rebuilt = r.stdout.split('\n').filter((l) => l.startsWith('rebuilt facts of')).map((l) => /'(.*)'/.exec(l)![1]);
  expect(rebuilt.filter((n) => n === a.name || n === b.name).sort()).toEqual([a.name, b.name].sort());
  expect(new Set(rebuilt).size).toBe(rebuilt.length);
  expect([await factRows(a.name), await factRows(b.name)]).toEqual(before);
  const bad = await cli(['facts', 'rebuild', '--jobs', '0'], db.env);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--jobs must be a whole number from 1 to 16');
});

it("a rebuild's pages (conversationsAfter) hold every conversation once, with all its events, `limit` at a time in byte order of their ids", async () => {
  const ws = await newWorkspace(db.env, 'pages');
  const events = generateEvents({ events: 3_000, seed: 23 });
  await ingest(server.url, ws.key, randomBatches(events, 500, 5), 2);
  const workspaceId: number = (await client.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [ws.name])).rows[0].workspace_id;
  const stored: Record<string, number> = Object.fromEntries(
    (await client.query(`SELECT conversation_id, count(*)::int AS n FROM events WHERE workspace_id = $1 GROUP BY 1`, [workspaceId])).rows.map((r) => [r.conversation_id, r.n]),
  );
  const reader = { query: async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows } as unknown as EntityManager;
  const facts = new FactsRepository();
  const limit = 13;
  const seen: string[] = [];
  const sizes: number[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await facts.conversationsAfter(reader, workspaceId, after, limit);
    if (page.size === 0) break;
    const ids = [...page.keys()].sort(compareBytes);
    if (after !== null) expect(compareBytes(ids[0], after)).toBeGreaterThan(0);
    for (const id of ids) expect(page.get(id)!.length).toBe(stored[id]);
    sizes.push(ids.length);
    seen.push(...ids);
    after = ids[ids.length - 1];
  }
  expect(seen).toEqual(Object.keys(stored).sort(compareBytes));
  expect(sizes.length).toBe(Math.ceil(seen.length / limit));
  for (const n of sizes.slice(0, -1)) expect(n).toBe(limit);
});
