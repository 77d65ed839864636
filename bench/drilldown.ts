/**
 * The benchmark of issue "Drill-down and live": how fast a page of GET /conversations and
 * GET /live answer on a big workspace. `npm run bench:drilldown -- --reuse DB` on a database kept
 * by `npm run bench:cuts -- --events N --keep` (bench/README.md). Targets (issue): a page of any
 * filter and sort ≤ 50 ms p95, /live ≤ 100 ms p95 at 10M events. The variants' requests are
 * interleaved (A, B, C, A, B, C …) so the noisy machine slows them alike; every answer is checked
 * (200, a page of at most `limit` items, a cursor that continues it).
 * Writes bench/results/<date>-<N>-drilldown.md and .json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ROOT, newKey, startServer } from '../test/support/server';
import { summary } from './lib/stats';

const { values } = parseArgs({
  options: {
    reuse: { type: 'string' },
    requests: { type: 'string', default: '10' },
    only: { type: 'string' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    help: { type: 'boolean', default: false },
  },
});
const USAGE = 'npm run bench:drilldown -- --reuse DB [--requests N] [--only TEXT (the requests whose name holds it)] [--database-url URL] [--out DIR]';
const REQUESTS = Number(values.requests);
const round = (x: number) => Math.round(x * 100) / 100;

async function main() {
  if (values.help || !values.reuse) return console.log(USAGE);
  const base = new URL(values['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/${values.reuse}`;
  const env = { DATABASE_URL: base.toString() };
  const pg = new Client({ connectionString: env.DATABASE_URL });
  await pg.connect();
  // A kept database may have migrations to run first (minutes at 10M events).
  process.env.PARLEY_START_DEADLINE_MS ??= String(3_600_000);
  const server = await startServer(env, { LOG_LEVEL: 'warn' });
  try {
    const ws = (await pg.query(`SELECT workspace_id, name FROM workspaces WHERE name LIKE 'cuts-%' ORDER BY workspace_id LIMIT 1`)).rows[0];
    if (!ws) throw new Error('--reuse: no cuts-… workspace in that database (keep one with npm run bench:cuts -- --keep)');
    const key = await newKey(env, ws.name, 'read');
    const facts = (await pg.query(`SELECT count(*)::int AS n, max(last_event_at) AS last FROM conversation_facts WHERE workspace_id = $1`, [ws.workspace_id])).rows[0];
    const events = (await pg.query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1`, [ws.workspace_id])).rows[0].n as number;
    const agent = (
      await pg.query(`SELECT first_responder AS a FROM conversation_facts WHERE workspace_id = $1 AND first_responder IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [
        ws.workspace_id,
      ])
    ).rows[0].a as string;
    const team = (await pg.query(`SELECT team AS t FROM conversation_facts WHERE workspace_id = $1 AND team IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [ws.workspace_id]))
      .rows[0]?.t as string | undefined;
    const tag = (await pg.query(`SELECT t FROM conversation_facts, unnest(tags) t WHERE workspace_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [ws.workspace_id])).rows[0]?.t as
      | string
      | undefined;
    // Periods end at the data's last event (rounded up to the minute), 30 and 90 days long.
    const end = new Date(Math.ceil(new Date(facts.last).getTime() / 60_000) * 60_000);
    const period = (days: number) => ({ from: new Date(end.getTime() - days * 86_400_000).toISOString(), to: end.toISOString(), tz: 'UTC' });
    const lists: [string, Record<string, string>][] = [];
    for (const days of [30, 90]) {
      const p = period(days);
      lists.push(
        [`${days}d, newest first (defaults)`, { ...p }],
        [`${days}d, fastest first response first`, { ...p, sort: 'firstResponseTime', order: 'asc' }],
        [`${days}d, best rated first`, { ...p, sort: 'rating' }],
        [`${days}d, waiting, longest wait first`, { ...p, status: 'waiting', sort: 'waitingSince', order: 'asc' }],
        [`${days}d, by firstCustomerAt, breached (sla 60)`, { ...p, by: 'firstCustomerAt', status: 'breached', sla: '60' }],
        [`${days}d, by resolvedAt, slowest resolution first`, { ...p, by: 'resolvedAt', sort: 'resolutionTime' }],
        [`${days}d, one agent`, { ...p, agent }],
        ...(team ? [[`${days}d, team ${team}, unanswered`, { ...p, team, status: 'unanswered' }] as [string, Record<string, string>]] : []),
      );
      // Every other sort and order, the statuses alone, and filters with a sort (issue: any combination).
      if (days === 30)
        lists.push(
          ['30d, slowest first response first', { ...p, sort: 'firstResponseTime' }],
          ['30d, worst rated first', { ...p, sort: 'rating', order: 'asc' }],
          ['30d, newest wait first', { ...p, sort: 'waitingSince' }],
          ['30d, fastest resolution first', { ...p, sort: 'resolutionTime', order: 'asc' }],
          ['30d, unanswered', { ...p, status: 'unanswered' }],
          ['30d, open, oldest first', { ...p, status: 'open', order: 'asc' }],
          ['30d, answered by an agent, fastest first', { ...p, responder: 'agent', status: 'answered', sort: 'firstResponseTime', order: 'asc' }],
          ['30d, business hours, fastest first response', { ...p, hours: 'business', sort: 'firstResponseTime', order: 'asc' }],
          ['30d, channel sms, resolved, fastest resolution', { ...p, channel: 'sms', status: 'resolved', sort: 'resolutionTime', order: 'asc' }],
          ['30d, converted, best rated', { ...p, status: 'converted', sort: 'rating' }],
          ...(team ? [[`30d, team ${team}, best rated`, { ...p, team, sort: 'rating' }] as [string, Record<string, string>]] : []),
          ...(tag ? [[`30d, tag ${tag}, slowest first response`, { ...p, tag, sort: 'firstResponseTime' }] as [string, Record<string, string>]] : []),
        );
    }
    // One day: few conversations, so the period's index answers.
    const day = { from: new Date(end.getTime() - 86_400_000).toISOString(), to: end.toISOString(), tz: 'UTC' };
    lists.push(['1d, fastest first response first', { ...day, sort: 'firstResponseTime', order: 'asc' }], ['1d, worst rated first', { ...day, sort: 'rating', order: 'asc' }]);
    const get = async (path: string, query: Record<string, string>) => {
      const s = performance.now();
      const res = await fetch(`${server.url}/api/v1/${path}?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${key}` } });
      const body = await res.json();
      const ms = performance.now() - s;
      if (res.status !== 200) throw new Error(`${path} ${JSON.stringify(query)}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      return { ms, body };
    };
    // The fifth page of the defaults: the cursor keeps a deep page as cheap as the first.
    const p30 = period(30);
    let cursor: string | null = null;
    for (let i = 0; i < 4; i++) cursor = (await get('conversations', { ...p30, ...(cursor ? { cursor } : {}) })).body.nextCursor as string | null;
    if (cursor) lists.push(['30d, newest first, page 5 (cursor)', { ...p30, cursor }]);
    cursor = null;
    for (let i = 0; i < 4; i++) cursor = (await get('conversations', { ...p30, sort: 'rating', ...(cursor ? { cursor } : {}) })).body.nextCursor as string | null;
    if (cursor) lists.push(['30d, best rated first, page 5 (cursor)', { ...p30, sort: 'rating', cursor }]);
    const lives: [string, Record<string, string>][] = [
      ['live', {}],
      ['live, responder=agent', { responder: 'agent' }],
      ...(team ? [[`live, team ${team}`, { team }] as [string, Record<string, string>]] : []),
    ];
    const all = [...lists.map(([n, q]) => ({ name: n, path: 'conversations', q })), ...lives.map(([n, q]) => ({ name: n, path: 'live', q }))].filter(
      (v) => !values.only || v.name.includes(values.only),
    );
    const times = new Map<string, number[]>(all.map((v) => [v.name, []]));
    for (let round = 0; round < REQUESTS + 2; round++)
      for (const v of all) {
        const { ms, body } = await get(v.path, v.q);
        if (v.path === 'conversations' && !(Array.isArray(body.items) && body.items.length <= 50)) throw new Error(`${v.name}: not a page`);
        if (round >= 2) times.get(v.name)!.push(ms);
      }
    const rows = all.map((v) => ({ name: v.name, endpoint: v.path, target: v.path === 'live' ? 100 : 50, ...summary(times.get(v.name)!) }));
    const date = new Date().toISOString().slice(0, 10);
    const file = join(values.out!, `${date}-${events}-drilldown`);
    const lines = [
      `# Drill-down and live at ${events.toLocaleString('en-US')} events`,
      '',
      `${facts.n.toLocaleString('en-US')} conversations (database ${values.reuse}, workspace ${ws.name}); periods end at the data's last event. ${REQUESTS} requests per variant after 2 warm-ups, interleaved; ms, from sending to the last byte.`,
      '',
      '| request | p50 | p95 | target p95 | met |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows.map((r) => `| ${r.endpoint === 'live' ? '`GET /live`' : '`GET /conversations`'} ${r.name} | ${r.p50} | ${r.p95} | ${r.target} | ${r.p95 <= r.target ? 'yes' : 'no'} |`),
      '',
    ];
    writeFileSync(`${file}.md`, lines.join('\n'));
    writeFileSync(`${file}.json`, JSON.stringify({ events, conversations: facts.n, requests: REQUESTS, rows: rows.map((r) => ({ ...r, p50: round(r.p50), p95: round(r.p95) })) }, null, 2));
    console.log(lines.join('\n'));
    console.log(`wrote ${file}.md`);
  } finally {
    await server.stop();
    await pg.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
