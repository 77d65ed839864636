/**
 * The benchmark of issue "Teams, tags, business hours": what the new cuts cost. `npm run bench:cuts
 * -- --events N` (bench/README.md).
 *
 * One fresh database: N generated events by COPY into `events`, a Mon–Fri schedule with a holiday,
 * then `parley facts rebuild` (which also computes the business-time columns). Then, per endpoint,
 * the same request mix as bench/run.ts asked plain and with each cut — `team=` filter, `tag=`
 * filter, `groupBy=team`, `groupBy=tag`, `hours=business` where the endpoint takes them — the
 * requests of all variants interleaved (A, B, C, A, B, C …) so the noisy machine slows them alike.
 * It reports p50/p95 per variant and each cut's p95 over the plain p95 of the same run, and checks
 * that every group of one grouped request equals the same request filtered to that group.
 * Writes bench/results/<date>-<N>-cuts.md and .json.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { benchDatabase, serverUrl } from './lib/database';
import { planStream } from '@parley/shared/generate';
import { ROOT, cli, newKey, newWorkspace, startServer } from '../test/support/server';
import { copyFile, writeDataFiles } from './lib/load';
import { type Endpoint, type MetricRequest, describe, queryString, requestMix } from './lib/requests';
import { summary } from './lib/stats';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    requests: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const USAGE = `npm run bench:cuts -- [--events N] [--requests N] [--seed S] [--database-url URL] [--out DIR] [--keep] [--reuse DB]
  --keep      keep the database (its name is printed)
  --reuse DB  measure again on a database kept by an earlier run of the same --events (skips the load)`;
const N = Number(values.events);
const SEED = Number(values.seed);
const REQUESTS = Number(values.requests);
const WARMUP = 2;
/** Every report, with every cut, is held to the target of bench/run.ts (issue "Performance II"). */
const TARGET_MS = 50;

/** A Mon–Fri schedule with a lunch break, a short Friday and a holiday: every rule of the math is used. */
const SCHEDULE = {
  timeZone: 'Europe/Berlin',
  mon: [['09:00', '12:30'], ['13:30', '18:00']],
  tue: [['09:00', '12:30'], ['13:30', '18:00']],
  wed: [['09:00', '12:30'], ['13:30', '18:00']],
  thu: [['09:00', '12:30'], ['13:30', '18:00']],
  fri: [['09:00', '16:00']],
  sat: [],
  sun: [],
  holidays: [] as string[],
};

type Variant = { name: string; takes: Endpoint[]; apply: (r: MetricRequest) => Record<string, string | string[]> };

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${msg}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  if (values.help) return console.log(USAGE);
  if (!Number.isInteger(N) || N < 1000) throw new Error(`--events must be an integer ≥ 1000\n${USAGE}`);
  if (!existsSync(join(ROOT, 'api/dist/main.js'))) throw new Error('api/dist/main.js is missing: npm run build first');
  const reuse = values.reuse;
  const dbName = reuse ?? `parley_cuts_${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const db = await benchDatabase(serverUrl(values['database-url']), dbName, !reuse);
  const env = { DATABASE_URL: db.url };
  const dir = mkdtempSync(join(tmpdir(), 'parley-cuts-'));
  const pg = new Client({ connectionString: env.DATABASE_URL });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  const results: Record<string, any> = { events: N, seed: SEED, requests: REQUESTS, startedAt: new Date().toISOString() };
  try {
    // A kept database may have migrations to run first (minutes at 10M events).
    process.env.PARLEY_START_DEADLINE_MS ??= String(3_600_000);
    server = await startServer(env, { LOG_LEVEL: 'warn' });
    await pg.connect();
    const main = reuse ? await reused(pg, env) : await newWorkspace(env, 'cuts', 'ingest,read', 'UTC');
    const id = (await pg.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [main.name])).rows[0].workspace_id as number;
    // The data ends where it was generated: periods end at its last minute.
    const endMs = reuse
      ? Math.floor(Number((await pg.query(`SELECT extract(epoch FROM max(occurred_at)) * 1000 AS ms FROM events WHERE workspace_id = $1`, [id])).rows[0].ms) / 60_000) * 60_000 + 60_000
      : Math.floor(Date.now() / 60_000) * 60_000;
    if (!reuse) await load(pg, dir, endMs, id);
    // A holiday two weeks back (a weekday in the 7-day periods' neighbourhood and in every 30/90-day one).
    const holiday = new Date(endMs - 14 * 86_400_000);
    while ([0, 6].includes(holiday.getUTCDay())) holiday.setUTCDate(holiday.getUTCDate() - 1);
    SCHEDULE.holidays = [holiday.toISOString().slice(0, 10)];
    await pg.query(`INSERT INTO business_hours (workspace_id, schedule) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET schedule = excluded.schedule`, [
      id,
      JSON.stringify(SCHEDULE),
    ]);
    const t = performance.now();
    const rebuilt = await cli(['facts', 'rebuild', '--workspace', main.name], env);
    if (rebuilt.code !== 0) throw new Error(`facts rebuild failed: ${rebuilt.stderr}`);
    results.rebuildSeconds = round((performance.now() - t) / 1000);
    // As bench/run.ts: fresh statistics after the bulk load (autovacuum would get there later).
    for (const table of ['events', 'conversation_facts', 'reply_waits', 'conversation_hours', 'hourly_events', 'hourly_contacts', 'hourly_conversations', 'hourly_revenue', 'contact_first'])
      await pg.query(`VACUUM ANALYZE ${table}`);
    const shape = (
      await pg.query(
        `SELECT count(*)::int AS conversations, count(team)::int AS with_team, count(*) FILTER (WHERE cardinality(tags) > 0)::int AS with_tags,
                count(first_assigned_at)::int AS assigned, count(biz_first_response_time)::int AS with_biz_first_response
           FROM conversation_facts WHERE workspace_id = $1`,
        [id],
      )
    ).rows[0];
    const top = async (sql: string) => (await pg.query(sql, [id])).rows[0]?.v as string | undefined;
    const team = (await top(`SELECT team AS v FROM conversation_facts WHERE workspace_id = $1 AND team IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)) ?? 'none';
    const tag = (await top(`SELECT t AS v FROM conversation_facts, unnest(tags) t WHERE workspace_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)) ?? 'none';
    results.data = { ...shape, rebuildSeconds: results.rebuildSeconds, team, tag };
    log(`${N} events, ${shape.conversations} conversations (${shape.with_team} with a team, ${shape.with_tags} tagged, ${shape.assigned} assigned); rebuild ${results.rebuildSeconds} s`);

    const ALL: Endpoint[] = ['overview', 'response-times', 'engagement', 'heatmap', 'channels', 'campaigns'];
    const variants: Variant[] = [
      { name: 'plain', takes: ALL, apply: () => ({}) },
      { name: `team=${team}`, takes: ALL, apply: () => ({ team }) },
      { name: `tag=${tag}`, takes: ALL, apply: () => ({ tag }) },
      { name: 'groupBy=team', takes: ['response-times', 'engagement'], apply: () => ({ groupBy: 'team' }) },
      { name: 'groupBy=tag', takes: ['response-times', 'engagement'], apply: () => ({ groupBy: 'tag' }) },
      { name: 'hours=business', takes: ['overview', 'response-times', 'channels'], apply: () => ({ hours: 'business' }) },
    ];
    const get = async (r: MetricRequest, extra: Record<string, string | string[]>) => {
      const q = new URLSearchParams(queryString(r));
      // A variant's groupBy replaces the mix's; its filters add to it.
      for (const [k, v] of Object.entries(extra)) {
        q.delete(k);
        for (const x of [v].flat()) q.append(k, x);
      }
      const s = performance.now();
      const res = await fetch(`${server!.url}/api/v1/metrics/${r.endpoint}?${q}`, { headers: { authorization: `Bearer ${main.key}` } });
      const text = await res.text();
      const ms = performance.now() - s;
      if (res.status !== 200) throw new Error(`${describe(r)} ${JSON.stringify(extra)}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return { ms, json: JSON.parse(text) };
    };

    const endpoints: Record<string, Record<string, ReturnType<typeof summary> & { ratio?: number }>> = {};
    for (const endpoint of ALL) {
      const mix = requestMix(endpoint, REQUESTS + WARMUP, endMs);
      const mine = variants.filter((v) => v.takes.includes(endpoint));
      const times = new Map(mine.map((v) => [v.name, [] as number[]]));
      for (const [i, r] of mix.entries())
        for (const v of mine) {
          const { ms } = await get(r, v.apply(r));
          if (i >= WARMUP) times.get(v.name)!.push(ms);
        }
      const plain = summary(times.get('plain')!);
      endpoints[endpoint] = Object.fromEntries(mine.map((v) => [v.name, v.name === 'plain' ? plain : { ...summary(times.get(v.name)!), ratio: round(summary(times.get(v.name)!).p95 / plain.p95) }]));
      log(`${endpoint}: ${mine.map((v) => `${v.name} p95 ${endpoints[endpoint][v.name].p95} ms`).join(', ')}`);
    }
    results.endpoints = endpoints;

    // A group's figures are its filter's (metrics.md): every group of one 30-day request.
    const r = { ...requestMix('response-times', 3, endMs)[1], groupBy: undefined, channels: undefined };
    const checks = { groups: 0, mismatches: [] as string[] };
    for (const [by, param] of [['team', 'team'], ['tag', 'tag']] as const) {
      const grouped = (await get(r, { groupBy: by })).json;
      for (const g of grouped.groups as { group: string | null; conversations: number; firstResponseMedian: number | null; replyMedian: number | null }[]) {
        const filtered = (await get(r, { [param]: g.group ?? 'none' })).json.totals;
        checks.groups++;
        for (const k of ['conversations', 'firstResponseMedian', 'replyMedian', 'assignmentResponseMedian'] as const)
          if ((g as any)[k] !== filtered[k]) checks.mismatches.push(`${by} ${g.group}: ${k} ${(g as any)[k]} grouped vs ${filtered[k]} filtered`);
      }
    }
    results.groupChecks = checks;
    log(`group = filter: ${checks.groups} groups checked, ${checks.mismatches.length} differ`);

    results.finishedAt = new Date().toISOString();
    const base = join(values.out!, `${results.startedAt.slice(0, 10)}-${N}-cuts`);
    mkdirSync(values.out!, { recursive: true });
    const md = markdownOf(results);
    writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
    writeFileSync(`${base}.md`, md);
    console.log(`\n${md}`);
  } finally {
    await server?.stop();
    await pg.end().catch(() => {});
    const keep = !!values.keep || !!reuse;
    await db.drop(keep);
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dbName} and ${dir}`);
  }
}

/** N generated events by COPY into the workspace's events. */
async function load(pg: Client, dir: string, endMs: number, id: number) {
  const plan = planStream({ events: N, seed: SEED, endMs });
  const files = await writeDataFiles(dir, { events: N, seed: SEED, endMs }, plan, id, 1000);
  await copyFile(pg, 'events', files.tsv, N);
}

/** The workspace of a kept database, with a new read key. */
async function reused(pg: Client, env: Record<string, string>): Promise<{ name: string; key: string }> {
  const name = (await pg.query(`SELECT name FROM workspaces WHERE name LIKE 'cuts-%' ORDER BY workspace_id LIMIT 1`)).rows[0]?.name as string | undefined;
  if (!name) throw new Error('--reuse: no cuts-… workspace in that database');
  return { name, key: await newKey(env, name, 'read') };
}

function markdownOf(r: Record<string, any>): string {
  const lines = [
    `# The cost of the team, tag and business-hours cuts at ${r.events.toLocaleString('en-US')} events`,
    '',
    `${r.data.conversations.toLocaleString('en-US')} conversations: ${r.data.with_team.toLocaleString('en-US')} with a team, ${r.data.with_tags.toLocaleString('en-US')} tagged, ${r.data.assigned.toLocaleString('en-US')} assigned. ` +
      `Filters used: team=${r.data.team}, tag=${r.data.tag}. Rebuild (with business time): ${r.data.rebuildSeconds} s. ${r.requests} requests per variant, interleaved; ms.`,
    '',
    `| endpoint | variant | p50 | p95 | p95 / plain p95 | p95 ≤ ${TARGET_MS} ms |`,
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const [endpoint, vs] of Object.entries(r.endpoints as Record<string, Record<string, any>>))
    for (const [name, s] of Object.entries(vs))
      lines.push(`| ${endpoint} | ${name} | ${s.p50} | ${s.p95} | ${s.ratio ?? '1'} | ${s.p95 <= TARGET_MS ? 'pass' : `**FAIL** (${round(s.p95 / TARGET_MS)}×)`} |`);
  lines.push('', `Group = filter: ${r.groupChecks.groups} groups (groupBy=team and groupBy=tag of one 30-day response-times request) compared with the same request filtered to each; ${r.groupChecks.mismatches.length} differ.`);
  for (const m of r.groupChecks.mismatches.slice(0, 10)) lines.push(`- ${m}`);
  return lines.join('\n') + '\n';
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
