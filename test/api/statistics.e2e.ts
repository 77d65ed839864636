/**
 * The API keeps the planner statistics of the tables ingest writes fresh by itself
 * (api/src/statistics/): on a fresh database whose ingest tables autovacuum may not touch, a
 * workspace's first few thousand events leave `events` and the facts tables analyzed by Parley;
 * `facts rebuild` analyzes the tables it filled inside its transaction, before joining them.
 * Real Postgres only (on PGlite the keeper is off: one statement at a time, small tables).
 */
import { Client } from 'pg';
import { generateEvents } from '@parley/shared/generate';
import { type Server, cli, databaseUrl, newWorkspace, post, realPostgres, startServer } from '../support/server';

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

  it('facts rebuild analyzes the tables it filled whose statistics did not know the workspace, inside its transaction, and all of them after', async () => {
    const ws = await newWorkspace(env, 'bulk');
    const events = generateEvents({ events: 15_000, seed: 7, startMs: Date.now() - 20 * 86_400_000, days: 19 });
    for (let i = 0; i < events.length; i += 5_000) expect((await post(server.url, ws.key, events.slice(i, i + 5_000))).status).toBe(200);
    await new Promise((done) => setTimeout(done, 6_000)); // any check the ingest woke is over
    const tables = ['conversation_facts', 'conversation_hours', 'contact_first', 'contact_keys', 'reply_waits'];
    const counts = async () =>
      Object.fromEntries(
        (await pg.query(`SELECT relname, analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = ANY($1)`, [tables])).rows.map((r) => [r.relname, r.n as number]),
      );
    // Statistics that do not know the workspace (as when the tables were analyzed before a bulk
    // load): its derived rows removed, the tables analyzed; the rebuild writes them back.
    for (const t of tables) await pg.query(`DELETE FROM ${t} WHERE workspace_id = (SELECT workspace_id FROM workspaces WHERE name = $1)`, [ws.name]);
    await pg.query(`ANALYZE ${tables.join(', ')}`);
    const before = await counts();
    const r = await cli(['facts', 'rebuild', '--workspace', ws.name], env);
    expect(r.code).toBe(0);
    // The CLI's sessions report their counts as they end.
    const deadline = Date.now() + 10_000;
    let after = await counts();
    while (after.reply_waits === before.reply_waits && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
      after = await counts();
    }
    const delta = Object.fromEntries(tables.map((t) => [t, after[t] - before[t]]));
    // reply_waits is joined by none of the rebuild's later statements: analyzed only after it.
    expect(delta).toEqual({ conversation_facts: 2, conversation_hours: 2, contact_first: 2, contact_keys: 2, reply_waits: 1 });
  });
});
