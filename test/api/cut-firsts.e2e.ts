import { Client } from 'pg';
import { generateEvents } from '@parley/shared/generate';
import type { EntityManager } from 'typeorm';
import { setCutFirsts } from '../../api/src/rollups/contact-first.repository';
import { ContactSetsRepository } from '../../api/src/rollups/contact-sets.repository';
import { HourlyConversationsRepository } from '../../api/src/rollups/hourly-conversations.repository';
import { HourlyEventsRepository } from '../../api/src/rollups/hourly-events.repository';
import { HourlyRevenueRepository } from '../../api/src/rollups/hourly-revenue.repository';
import { rollupRows } from '../support/snapshot';
import { type Server, databaseEnv, databaseUrl, newWorkspace, post, startServer } from '../support/server';

jest.setTimeout(300_000);

/**
 * conversation_hours' cut flags (migration CutFirsts): `first_in_team` marks the row of a
 * contact's first customer message among its conversations of that team, `first_in_tags` the tags
 * (NULL: none) for which a row holds that first. Ingest keeps them for every contact a batch
 * touched, so a reassignment or a tag arriving later moves them; after every batch they must be
 * what a recomputation from scratch gives (which then changes no row), and the hand-worked ones.
 * The same for the hourly rollups' team and tag rows (migration CutRollups), kept by difference:
 * after every batch they equal a rebuild from scratch.
 */
let db: ReturnType<typeof databaseEnv>;
let server: Server;
let client: Client;

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

/** Hours after 2026-11-20 08:00 UTC. */
const at = (h: number) => new Date(Date.UTC(2026, 10, 20, 8) + h * 3_600_000).toISOString();
const received = (id: string, conv: string, h: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'message.received',
  occurredAt: at(h),
  conversationId: conv,
  contactId: 'k',
  channel: 'whatsapp',
  sender: { type: 'customer' },
  ...extra,
});
const assigned = (id: string, conv: string, h: number, team: string) => ({
  id,
  type: 'conversation.assigned',
  occurredAt: at(h),
  conversationId: conv,
  contactId: 'k',
  channel: 'whatsapp',
  agentId: 'anna',
  team,
});

/** Contact k's rows with customer messages: conversation, hour offset, flags. */
async function flagsOfK(workspaceId: number) {
  const { rows } = await client.query(
    `SELECT conversation_id AS c, extract(epoch FROM hour - $2::timestamptz)::int / 3600 AS h, first_in_team AS team, first_in_tags AS tags
       FROM conversation_hours WHERE workspace_id = $1 AND contact_id = 'k' AND messages_in > 0 ORDER BY 1, 2`,
    [workspaceId, at(0)],
  );
  return rows;
}

/** How many rows a recomputation from scratch would change (in a transaction rolled back). */
async function staleRows(workspaceId: number): Promise<number> {
  await client.query('BEGIN');
  try {
    return (await client.query(setCutFirsts(''), [workspaceId])).rowCount ?? -1;
  } finally {
    await client.query('ROLLBACK');
  }
}

/** The workspace's rollups as a rebuild from scratch writes them (`facts rebuild`'s SQL, in a transaction rolled back). */
async function rebuiltRollups(workspaceId: number, name: string) {
  const tx = { query: async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows } as unknown as EntityManager;
  await client.query('BEGIN');
  try {
    await new HourlyEventsRepository().rebuild(tx, workspaceId);
    await new HourlyRevenueRepository().rebuild(tx, workspaceId);
    await new HourlyConversationsRepository().rebuild(tx, workspaceId);
    await new ContactSetsRepository().rebuild(tx, workspaceId);
    return await rollupRows(client, name);
  } finally {
    await client.query('ROLLBACK');
  }
}

it('ingest keeps the flags and the rollups a recomputation gives, through reassignments and late tags', async () => {
  const ws = await newWorkspace(db.env, 'cut-firsts');
  const id = (await client.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [ws.name])).rows[0].workspace_id;
  const send = async (events: unknown[]) => {
    const r = await post(server.url, ws.key, events);
    expect(r.status).toBe(200);
    expect(r.json.rejected).toEqual([]);
    expect(await staleRows(id)).toBe(0);
    const kept = await rollupRows(client, ws.name);
    expect(await rebuiltRollups(id, ws.name)).toEqual(kept);
  };
  const generated = generateEvents({ events: 3000, seed: 5 });

  // A (Support, vip) at hour 0, B (Sales, no tags) at 1, C (Support, vip and refund) at 2.
  await send([
    received('a1', 'A', 0, { tags: ['vip'] }),
    assigned('a2', 'A', 0.1, 'Support'),
    received('b1', 'B', 1),
    assigned('b2', 'B', 1.1, 'Sales'),
    received('c1', 'C', 2, { tags: ['vip', 'refund'] }),
    assigned('c2', 'C', 2.1, 'Support'),
    ...generated.slice(0, 1000),
  ]);
  expect(await flagsOfK(id)).toEqual([
    { c: 'A', h: 0, team: true, tags: ['vip'] }, // first of Support, first with vip
    { c: 'B', h: 1, team: true, tags: [null] }, // first of Sales, first without tags
    { c: 'C', h: 2, team: false, tags: ['refund'] }, // Support and vip came earlier (A)
  ]);

  // A is reassigned to Sales (its whole history moves): A is Sales' first, C now Support's.
  await send([assigned('a3', 'A', 3, 'Sales'), ...generated.slice(1000, 2000)]);
  expect(await flagsOfK(id)).toEqual([
    { c: 'A', h: 0, team: true, tags: ['vip'] },
    { c: 'B', h: 1, team: false, tags: [null] },
    { c: 'C', h: 2, team: true, tags: ['refund'] },
  ]);

  // A later message tags A refund too: A's first row becomes the first with refund; its new row flags nothing.
  await send([received('a4', 'A', 4, { tags: ['refund'] }), ...generated.slice(2000)]);
  expect(await flagsOfK(id)).toEqual([
    { c: 'A', h: 0, team: true, tags: ['refund', 'vip'] },
    { c: 'A', h: 4, team: false, tags: [] },
    { c: 'B', h: 1, team: false, tags: [null] },
    { c: 'C', h: 2, team: true, tags: [] },
  ]);

  // The generated data has teams and tags, so the whole-workspace comparisons above meant something.
  const { rows } = await client.query(
    `SELECT count(*) FILTER (WHERE first_in_team AND team IS NOT NULL)::int AS team, count(*) FILTER (WHERE cardinality(array_remove(first_in_tags, NULL)) > 0)::int AS tags
       FROM conversation_hours WHERE workspace_id = $1`,
    [id],
  );
  expect(rows[0].team).toBeGreaterThan(50);
  expect(rows[0].tags).toBeGreaterThan(5);
  // The rollups' cut rows were there to compare: every cut of every table has rows, under a name and under none at least.
  const cuts = await client.query(
    `SELECT t, cut, count(DISTINCT cut_value)::int AS n FROM (
       SELECT 'events' AS t, cut, cut_value FROM hourly_events WHERE workspace_id = $1 AND events <> 0
       UNION ALL SELECT 'conversations', cut, cut_value FROM hourly_conversations WHERE workspace_id = $1 AND started <> 0
       UNION ALL SELECT 'revenue', cut, cut_value FROM hourly_revenue WHERE workspace_id = $1 AND rows <> 0
       UNION ALL SELECT 'contacts', cut, cut_value FROM hourly_contacts WHERE workspace_id = $1) x GROUP BY 1, 2 ORDER BY 1, 2`,
    [id],
  );
  for (const t of ['contacts', 'conversations', 'events', 'revenue']) {
    const of = (cut: string) => cuts.rows.find((r) => r.t === t && r.cut === cut)?.n ?? 0;
    expect([t, of(''), of('team') >= 2, of('tag') >= 2]).toEqual([t, 1, true, true]);
  }
});
