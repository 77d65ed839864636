/**
 * Two builds side by side on one database: `npm run bench:ab -- --base ../other-checkout`.
 *
 * For a refactor that must not change behaviour: the same N generated events are COPYed into one
 * workspace, then
 *   1. each build's `parley facts rebuild` derives the facts and rollups twice (base, head, head,
 *      base), and the derived state (every fact and rollup row, exact text) must be identical
 *      after each; every rebuild is timed;
 *   2. both builds' APIs serve the benchmark's request mix (bench/lib/requests.ts) from that one
 *      database, request by request in alternating order (so drift on a noisy machine hits both),
 *      and every JSON answer (and a CSV answer per endpoint) must be identical; p50/p95 per build
 *      and the ratio head ÷ base are reported.
 * Exits 1 when any answer or state differs. Writes bench/results/<date>-ab-<N>.md.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { benchDatabase, serverUrl } from './lib/database';
import { ROOT, type Server, cli, newWorkspace, startServer } from '../test/support/server';
import { derivedState } from '../test/support/snapshot';
import { planStream } from '@parley/shared/generate';
import { copyFile, writeDataFiles } from './lib/load';
import { ENDPOINTS, type MetricRequest, describe, queryString, requestMix } from './lib/requests';
import { summary } from './lib/stats';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    events: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '42' },
    requests: { type: 'string', default: '50' },
    'end-minutes': { type: 'string', default: '0' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    help: { type: 'boolean', default: false },
  },
});

const USAGE = `npm run bench:ab -- --base DIR [options]
  --base DIR          the other checkout, built (npm run build there): its api/dist runs as "base"
  --events N          events in the workspace (default 200000)
  --seed S            generator seed (default 42)
  --requests N        measured requests per metric endpoint and build (default 50)
  --end-minutes M     end every request's period M minutes after its whole hour (default 0): a
                      period ending inside an hour, as a running "today" does
  --database-url URL  Postgres server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --out DIR           where the .md goes (default bench/results)`;

const END_MINUTES = Number(values['end-minutes']);
const log = (m: string) => console.log(`[ab] ${m}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const commit = (dir: string) => {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
};

async function main() {
  if (values.help || !values.base) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const base = resolve(values.base);
  if (!existsSync(join(base, 'api/dist/main.js'))) throw new Error(`${base}/api/dist/main.js is missing: build the base checkout first`);
  const N = Number(values.events);
  const SEED = Number(values.seed);
  const REQUESTS = Number(values.requests);
  const db = await benchDatabase(serverUrl(values['database-url']), `parley_ab_${Date.now()}`);
  const env = { DATABASE_URL: db.url };
  const dir = mkdtempSync(join(tmpdir(), 'parley-ab-'));
  const pg = new Client({ connectionString: env.DATABASE_URL });
  const servers: Server[] = [];
  const differences: string[] = [];
  const out: string[] = [];
  try {
    // The base build migrates first: the head must run on a database the base made.
    const boot = await startServer(env, { LOG_LEVEL: 'warn' }, base);
    await boot.stop();
    await pg.connect();
    const tables = async () => new Set((await pg.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename as string));
    const baseTables = await tables();
    // Then the head's migrations: a table only the head has is left out of the comparison of
    // derived states (the base's rebuild does not write it).
    await (await startServer(env, { LOG_LEVEL: 'warn' })).stop();
    const headOnly = [...(await tables())].filter((t) => !baseTables.has(t)).map((t) => t.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()));
    const comparable = (state: Awaited<ReturnType<typeof derivedState>>) => ({
      facts: state.facts,
      rollups: Object.fromEntries(Object.entries(state.rollups).filter(([k]) => !headOnly.includes(k))),
    });
    if (headOnly.length) log(`left out of the comparison (head only): ${headOnly.join(', ')}`);
    const ws = await newWorkspace(env, 'ab', 'ingest,read', 'UTC');
    const id = (await pg.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [ws.name])).rows[0].workspace_id;
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    const p = planStream({ events: N, seed: SEED, endMs });
    const files = await writeDataFiles(dir, { events: N, seed: SEED, endMs }, p, id, 0);
    await copyFile(pg, 'events', files.tsv, N);
    log(`${N} events COPYed; rebuilding with each build`);

    // Each build rebuilds twice, in the order base, head, head, base: a rebuild that follows
    // another first deletes its rows, so neither build always gets the cleaner table.
    const rebuilds: Record<string, number[]> = { base: [], head: [] };
    let first: unknown = null;
    let identical = true;
    for (const name of ['base', 'head', 'head', 'base'] as const) {
      const t = performance.now();
      const r = await cli(['facts', 'rebuild', '--workspace', ws.name], env, name === 'base' ? base : ROOT);
      if (r.code !== 0) throw new Error(`${name} rebuild failed: ${r.stderr}`);
      rebuilds[name].push(round((performance.now() - t) / 1000));
      const state = comparable(await derivedState(pg, ws.name));
      if (first === null) first = state;
      else if (!isDeepStrictEqual(first, state)) identical = false;
    }
    if (!identical) differences.push('derived state after rebuild differs');
    log(`rebuild base ${rebuilds.base.join(', ')} s, head ${rebuilds.head.join(', ')} s; states ${identical ? 'identical' : 'DIFFER'}`);
    await pg.query('VACUUM ANALYZE');

    const [a, b] = await Promise.all([startServer(env, { LOG_LEVEL: 'warn' }, base), startServer(env, { LOG_LEVEL: 'warn' })]);
    servers.push(a, b);
    const get = async (s: Server, r: MetricRequest, csv = false) => {
      const t = performance.now();
      const res = await fetch(`${s.url}/api/v1/metrics/${r.endpoint}?${queryString(r)}${csv ? '&format=csv' : ''}`, { headers: { authorization: `Bearer ${ws.key}` } });
      const text = await res.text();
      return { ms: performance.now() - t, status: res.status, body: csv || res.status !== 200 ? text : JSON.parse(text) };
    };

    out.push(`# Two builds side by side, ${N.toLocaleString('en')} events`, '');
    out.push(
      `base ${commit(base)} (${base}), head ${commit(ROOT)}; seed ${SEED}; ${REQUESTS} requests per endpoint and build, alternating order${END_MINUTES ? `; periods end ${END_MINUTES} minutes into an hour` : ''}.`,
      '',
    );
    out.push(`Rebuild (\`parley facts rebuild\`, base, head, head, base): base ${rebuilds.base.join(' and ')} s, head ${rebuilds.head.join(' and ')} s; derived state after each ${identical ? 'identical' : '**differs**'}.`, '');
    out.push('| endpoint | answers identical | base p50 | base p95 | head p50 | head p95 | head ÷ base p95 |', '| --- | --- | --- | --- | --- | --- | --- |');
    let compared = 0;
    for (const endpoint of ENDPOINTS) {
      // Periods ending M minutes into an hour (--end-minutes): the whole hours and the partial one apart.
      const reqs = requestMix(endpoint, REQUESTS, endMs).map((r) => (END_MINUTES ? { ...r, to: new Date(Date.parse(r.to) + END_MINUTES * 60_000).toISOString() } : r));
      for (const r of reqs.slice(0, 3)) await Promise.all([get(a, r), get(b, r)]);
      const times = { base: [] as number[], head: [] as number[] };
      let same = 0;
      for (const [i, r] of reqs.entries()) {
        const first = i % 2 === 0 ? a : b;
        const second = first === a ? b : a;
        const x = await get(first, r);
        const y = await get(second, r);
        const [ra, rb] = first === a ? [x, y] : [y, x];
        times.base.push(ra.ms);
        times.head.push(rb.ms);
        if (ra.status === rb.status && isDeepStrictEqual(ra.body, rb.body)) same++;
        else differences.push(`${describe(r)}: base ${ra.status} ${JSON.stringify(ra.body).slice(0, 200)} / head ${rb.status} ${JSON.stringify(rb.body).slice(0, 200)}`);
      }
      const [ca, cb] = [await get(a, reqs[0], true), await get(b, reqs[0], true)];
      if (ca.body !== cb.body) differences.push(`${describe(reqs[0])} CSV differs`);
      compared += reqs.length + 1;
      const [sa, sb] = [summary(times.base), summary(times.head)];
      out.push(`| ${endpoint} | ${same}/${reqs.length}, CSV ${ca.body === cb.body ? 'same' : 'differs'} | ${sa.p50} | ${sa.p95} | ${sb.p50} | ${sb.p95} | ${round(sb.p95 / sa.p95)} |`);
      log(`${endpoint}: ${same}/${reqs.length} identical; p95 base ${sa.p95} ms, head ${sb.p95} ms`);
    }
    out.push('', `${compared} answers compared; ${differences.length} differences.`);
    for (const d of differences.slice(0, 20)) out.push(`- ${d}`);
    const file = join(values.out!, `${new Date().toISOString().slice(0, 10)}-ab-${N}.md`);
    writeFileSync(file, out.join('\n') + '\n');
    console.log(out.join('\n'));
    log(`written ${file}`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await pg.end().catch(() => {});
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (differences.length) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
