/**
 * The API keeps the planner statistics of the tables ingest writes fresh by itself
 * (api/src/statistics/): on a fresh database whose ingest tables autovacuum may not touch, a
 * workspace's first few thousand events leave `events` and the facts tables analyzed by Parley;
 * `facts rebuild` plans the joins over a workspace's new rows as hash joins, which stay linear
 * whatever the statistics know of it.
 * Real Postgres only (on PGlite the keeper is off: one statement at a time, small tables).
 */
import { Client } from 'pg';
import { generateEvents } from '@parley/shared/generate';
import type { EntityManager } from 'typeorm';
import { CampaignTouchesRepository } from '../../api/src/campaigns/campaign-touches.repository';
import { MessageStatusRepository } from '../../api/src/campaigns/message-status.repository';
import { DerivedRepository } from '../../api/src/derived/derived.repository';
import { ContactFirstRepository } from '../../api/src/rollups/contact-first.repository';
import { ContactSetsRepository } from '../../api/src/rollups/contact-sets.repository';
import { HourlyConversationsRepository } from '../../api/src/rollups/hourly-conversations.repository';
import { HourlyEventsRepository } from '../../api/src/rollups/hourly-events.repository';
import { HourlyRevenueRepository } from '../../api/src/rollups/hourly-revenue.repository';
import { type Server, databaseUrl, newWorkspace, post, realPostgres, startServer } from '../support/server';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

jest.setTimeout(180_000);

const TABLES = ['events', 'conversation_facts', 'reply_waits'];
const run = realPostgres ? describe : describe.skip;
if (!realPostgres) console.warn('statistics.e2e: skipped (needs DATABASE_URL: the keeper runs on Postgres only)');

run('planner statistics', () => {
  const name = `parley_stats_e2e_${process.pid}`;
  let admin: Client;
  let pg: Client;
  let server: Server;
  let env: Record<string, string>;

  beforeAll(async () => {
    admin = new Client({ connectionString: databaseUrl({ DATABASE_URL: process.env.DATABASE_URL! }) });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    env = { DATABASE_URL: u.toString() };
    server = await startServer(env); // migrates the new database
    pg = new Client({ connectionString: env.DATABASE_URL });
    await pg.connect();
    // Only Parley may analyze them here, whatever the server's autovacuum does.
    for (const t of TABLES) await pg.query(`ALTER TABLE ${t} SET (autovacuum_enabled = false)`);
  });
  afterAll(async () => {
    await server?.stop();
    await pg?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  const analyzed = async () =>
    Object.fromEntries(
      (await pg.query(`SELECT relname, last_analyze, n_mod_since_analyze::int AS changed FROM pg_stat_user_tables WHERE relname = ANY($1)`, [TABLES])).rows.map((r) => [
        r.relname,
        { at: r.last_analyze as Date | null, changed: r.changed as number },
      ]),
    );

  it('analyzes events, conversation_facts and reply_waits once ingest has changed more than 1,000 rows + 10 % of each', async () => {
    const ws = await newWorkspace(env, 'stats');
    const before = await analyzed();
    const started = new Date();
    // 15,000 events: more than 1,000 new rows in each of the three tables.
    const events = generateEvents({ events: 15_000, seed: 5, startMs: Date.now() - 20 * 86_400_000, days: 19 });
    for (let i = 0; i < events.length; i += 5_000) {
      const r = await post(server.url, ws.key, events.slice(i, i + 5_000));
      expect(r.status).toBe(200);
    }
    // The check runs after a commit, at most every 5 s: one more batch after that wakes it for sure.
    await new Promise((done) => setTimeout(done, 5_500));
    expect((await post(server.url, ws.key, generateEvents({ events: 10, seed: 6, startMs: Date.now() - 86_400_000, days: 0.5 }))).status).toBe(200);
    const deadline = Date.now() + 30_000;
    let after = await analyzed();
    while (TABLES.some((t) => !(after[t].at && after[t].at > started)) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 250));
      after = await analyzed();
    }
    for (const t of TABLES) {
      expect(before[t].at === null || before[t].at < started).toBe(true);
      expect({ table: t, analyzedSinceIngest: after[t].at !== null && after[t].at > started }).toEqual({ table: t, analyzedSinceIngest: true });
      // Analyzed after (nearly) all of the rows were in: what changed since is below the threshold.
      expect(after[t].changed).toBeLessThan(1_000);
    }
  });

  it('facts rebuild plans its whole-workspace joins as hash joins, whatever the statistics know of the workspace', async () => {
    const ws = await newWorkspace(env, 'bulk');
    const events = generateEvents({ events: 15_000, seed: 7, startMs: Date.now() - 20 * 86_400_000, days: 19 });
    for (let i = 0; i < events.length; i += 5_000) expect((await post(server.url, ws.key, events.slice(i, i + 5_000))).status).toBe(200);
    await new Promise((done) => setTimeout(done, 6_000)); // any check the ingest woke is over
    const { rows } = await pg.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [ws.name]);
    const workspaceId: number = rows[0].workspace_id;
    // Statistics that do not know the workspace, as in a rebuild's transaction after a bulk load
    // (they were taken before its rows were written): its derived rows removed, the tables analyzed.
    const tables = ['conversation_facts', 'conversation_hours', 'contact_first', 'contact_keys', 'conversation_keys', 'hourly_contacts', 'message_status'];
    for (const t of tables) await pg.query(`DELETE FROM ${t} WHERE workspace_id = $1`, [workspaceId]);
    await pg.query(`ANALYZE ${tables.join(', ')}`);

    // The plans of the statements rebuild runs after writing the facts, in a transaction set up as
    // rebuild sets it up (EXPLAIN only: nothing runs).
    const plans: { sql: string; plan: PlanNode }[] = [];
    const explaining = {
      query: async (sql: string, params: unknown[]) => {
        plans.push({ sql: sql.slice(0, 60), plan: (await pg.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows[0]['QUERY PLAN'][0].Plan });
        return [];
      },
    } as unknown as EntityManager;
    // A nested loop over a row's own values (its cuts, its revenue by currency: functions
    // unnested per row) joins no second table; one whose both sides read a table does.
    const readsTable = (n: PlanNode): boolean => n['Relation Name'] !== undefined || (n.Plans ?? []).some(readsTable);
    const joins = (n: PlanNode): string[] => [
      ...(n['Node Type'] === 'Merge Join' || (n['Node Type'] === 'Nested Loop' && (n.Plans ?? []).every(readsTable)) ? [n['Node Type']] : []),
      ...(n.Plans ?? []).flatMap(joins),
    ];
    await pg.query('BEGIN');
    let planned: typeof plans;
    try {
      // As rebuild runs them: first those that join no second table, as the planner chooses…
      await new HourlyEventsRepository().rebuild(explaining, workspaceId);
      await new HourlyRevenueRepository().rebuild(explaining, workspaceId);
      await new HourlyConversationsRepository().rebuild(explaining, workspaceId);
      await new MessageStatusRepository().rebuild(explaining, workspaceId);
      planned = plans.splice(0);
      // …then those that join, with hash joins only.
      await new DerivedRepository().planHashJoins({ query: (sql: string, params: unknown[]) => pg.query(sql, params) } as unknown as EntityManager);
      await new CampaignTouchesRepository().rebuild(explaining, workspaceId);
      await new ContactFirstRepository().rebuild(explaining, workspaceId);
      await new ContactSetsRepository().rebuild(explaining, workspaceId);
    } finally {
      await pg.query('ROLLBACK');
    }
    expect(planned.length).toBeGreaterThan(4);
    expect(plans.length).toBeGreaterThan(4);
    expect([...planned, ...plans].map((p) => ({ sql: p.sql, joins: joins(p.plan) })).filter((p) => p.joins.length > 0)).toEqual([]);
    // The first join no second table; the others do, by hash.
    expect(planned.filter((p) => /"Node Type":"(Hash|Merge) Join"/.test(JSON.stringify(p.plan))).map((p) => p.sql)).toEqual([]);
    expect(plans.filter((p) => JSON.stringify(p.plan).includes('"Node Type":"Hash Join"')).length).toBeGreaterThan(1);
  });
});
