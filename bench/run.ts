/**
 * The benchmark harness of issue "Performance": `npm run bench -- --events N` (see bench/README.md).
 *
 * On one machine and one fresh Postgres database, side by side in one run:
 *   1. ingest through POST /api/v1/events (1k/10k batches, 1/2/4 clients on a sample; then all N
 *      events into the main workspace) versus raw COPY of the same rows into a bare copy of the
 *      events table with the same indexes;
 *   2. every metric endpoint's p50/p95 over warm requests (mixed periods, zones, grains, filters,
 *      groupBy) versus DuckDB computing the same figures by scanning the raw events in Parquet,
 *      with the answers compared value by value;
 *   3. the events CSV export's rows/s and the API process's RSS growth meanwhile;
 *   4. `parley facts rebuild` time versus the COPY time of the same rows.
 * Writes bench/results/<date>-<N>.json and .md and prints the table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { ROOT, type Server, cli, newWorkspace, startServer } from '../test/support/server';
import { exportCsv } from './lib/export';
import { compareAnswers, duckAnswer, duckSql, type Mismatch } from './lib/duck';
import { planStream } from '@parley/shared/generate';
import { batchesOf, copyFile, createCopyTable, fileBatches, ingestApi, type IngestResult, readLines, writeDataFiles } from './lib/load';
import { ENDPOINTS, type Endpoint, type MetricRequest, describe, queryString, requestMix } from './lib/requests';
import { type Summary, summary } from './lib/stats';
import { markdown } from './lib/report';

/** The rollup tables a rebuild makes from the events and facts (docs/architecture.md). */
const ROLLUPS = [
  'conversation_hours', 'hourly_events', 'contact_first', 'reply_waits',
  'contact_keys', 'conversation_keys', 'hourly_contacts', 'hourly_conversations', 'hourly_revenue', 'message_status', 'campaign_touches',
  'fact_durations', 'duration_bins', 'duration_deltas',
];
import { type Explained, explainMarkdown, explainRequest } from './lib/explain';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    sample: { type: 'string', default: '200000' },
    requests: { type: 'string', default: '50' },
    'duck-requests': { type: 'string' },
    'export-rows': { type: 'string', default: '1000000' },
    'load-batch': { type: 'string' },
    'load-clients': { type: 'string' },
    load: { type: 'string', default: 'api' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const USAGE = `npm run bench -- --events N [options]
  --events N          events in the main workspace (default 100000; the targets are for 10000000)
  --seed S            generator seed (default 42)
  --sample N          events per sample ingest configuration (default 200000, at most --events)
  --requests N        measured requests per metric endpoint (default 50)
  --duck-requests N   of those, how many DuckDB computes too, answers compared (default: all of them)
  --export-rows N     rows of the events CSV export (default 1000000, at most --events)
  --load-batch N, --load-clients N   configuration of the full load (default: the fastest sample one)
  --load copy         fill the main workspace by COPY into events + \`facts rebuild\` (timed: the rebuild
                      measure) instead of the API; the ingest ratio is then the best sample configuration's
  --database-url URL  the Postgres server (default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres);
                      a fresh database parley_bench_<time> is created on it and dropped at the end
  --out DIR           where results go (default bench/results)
  --keep              keep the database and the generated files`;

const N = Number(values.events);
const SEED = Number(values.seed);
const REQUESTS = Number(values.requests);
const DUCK_REQUESTS = Math.min(REQUESTS, Number(values['duck-requests'] ?? REQUESTS));
const SAMPLE = Math.min(N, Number(values.sample));
const EXPORT_ROWS = Math.min(N, Number(values['export-rows']));
const WARMUP = 3;

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${msg}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  if (values.help) return console.log(USAGE);
  if (!Number.isInteger(N) || N < 1000) throw new Error(`--events must be an integer ≥ 1000\n${USAGE}`);
  for (const f of ['api/dist/main.js', 'api/dist/cli/cli.js'])
    if (!existsSync(join(ROOT, f))) {
      console.error(`${f} is missing: build first with \`npm run build\` (the benchmark runs the built API as a process).`);
      process.exit(1);
    }

  const baseUrl = values['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dbName = `parley_bench_${stamp}`;
  const admin = new Client({ connectionString: baseUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`cannot connect to Postgres at ${redact(baseUrl)} (set DATABASE_URL or --database-url): ${(err as Error).message}`);
  }
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const env = { DATABASE_URL: dbUrl };
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  log(`database ${dbName} on ${redact(baseUrl)}; files in ${dir}`);

  let server: Server | null = null;
  const pg = new Client({ connectionString: dbUrl });
  const results: Record<string, any> = { events: N, seed: SEED, startedAt: new Date().toISOString() };
  try {
    server = await startServer(env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '100000' });
    await pg.connect();
    results.machine = await machine(pg);
    const checkpoint = async () => {
      try {
        await pg.query('CHECKPOINT');
      } catch {
        // not a superuser: go on without
      }
    };

    // Data: the N events once, in time order, as NDJSON (API) and COPY text rows.
    const main = await newWorkspace(env, 'bench-main', 'ingest,read', 'UTC');
    const mainId = await workspaceId(pg, main.name);
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    let t = performance.now();
    const p = planStream({ events: N, seed: SEED, endMs });
    const files = await writeDataFiles(dir, { events: N, seed: SEED, endMs }, p, mainId, SAMPLE);
    results.data = {
      events: files.events,
      conversations: p.conversations,
      from: new Date(p.startMs).toISOString(),
      to: new Date(p.endMs).toISOString(),
      ndjsonMB: round(statSync(files.ndjson).size / 1e6, 1),
      generateSeconds: round((performance.now() - t) / 1000),
    };
    log(`generated ${N} events (${p.conversations} conversations, ${results.data.from} … ${results.data.to}) in ${results.data.generateSeconds} s`);

    // 1a. Sample: COPY, then the API in every configuration, each into a fresh workspace.
    const lines = await readLines(files.ndjson, SAMPLE);
    await createCopyTable(pg, 'bench_events_copy_sample');
    await checkpoint();
    const sampleCopy = await copyFile(pg, 'bench_events_copy_sample', files.sampleTsv, SAMPLE);
    log(`COPY sample: ${SAMPLE} rows in ${round(sampleCopy.seconds)} s = ${Math.round(sampleCopy.rowsPerSecond)} rows/s`);
    const configs: (IngestResult & { ratioToCopy: number })[] = [];
    for (const batch of [1000, 10_000])
      for (const clients of [1, 2, 4]) {
        const ws = await newWorkspace(env, `bench-b${batch}-c${clients}`, 'ingest,read', 'UTC');
        await checkpoint();
        const r = await ingestApi(server.url, ws.key, batchesOf(lines, batch), clients, batch);
        configs.push({ ...r, ratioToCopy: round(r.eventsPerSecond / sampleCopy.rowsPerSecond, 3) });
        log(`API sample, batches of ${batch}, ${clients} client(s): ${Math.round(r.eventsPerSecond)} events/s (${configs.at(-1)!.ratioToCopy} × COPY), batch p50 ${r.batchMs.p50} ms p95 ${r.batchMs.p95} ms`);
      }
    lines.length = 0;
    results.ingestSample = { events: SAMPLE, copy: sampleCopy, api: configs };
    // The full load starts on empty tables, like the COPY it is compared with.
    await pg.query(`TRUNCATE events, conversation_facts, ${ROLLUPS.join(', ')}`);
    await pg.query('DROP TABLE bench_events_copy_sample');

    // 1b. Full: COPY of all N rows, then all N events through the API into the main workspace.
    await createCopyTable(pg, 'bench_events_copy');
    await checkpoint();
    const copy = await copyFile(pg, 'bench_events_copy', files.tsv, N);
    log(`COPY: ${N} rows in ${round(copy.seconds)} s = ${Math.round(copy.rowsPerSecond)} rows/s`);
    const fastest = [...configs].sort((a, b) => b.eventsPerSecond - a.eventsPerSecond)[0];
    if (values.load === 'copy') {
      // The main workspace by COPY into events, then its facts and rollups by the CLI's rebuild:
      // the same rows, and the rebuild's time is measure 4 (not repeated at the end).
      await checkpoint();
      const mainCopy = await copyFile(pg, 'events', files.tsv, N);
      log(`COPY into events: ${N} rows in ${round(mainCopy.seconds)} s`);
      results.rebuild = await rebuild(env, pg, main.name, mainId, copy.seconds);
      results.ingest = {
        api: fastest,
        copy: sampleCopy,
        ratio: round(fastest.eventsPerSecond / sampleCopy.rowsPerSecond, 3),
        conversations: results.rebuild.conversations,
        chosen: 'copy',
        mainCopySeconds: round(mainCopy.seconds),
      };
      log(`main workspace by COPY + rebuild; ingest ratio from the fastest sample configuration: ${results.ingest.ratio}`);
    } else {
      const loadBatch = Number(values['load-batch'] ?? fastest.batchSize);
      const loadClients = Number(values['load-clients'] ?? fastest.clients);
      await checkpoint();
      let nextReport = 0.1;
      const load = await ingestApi(server.url, main.key, fileBatches(files.ndjson, loadBatch), loadClients, loadBatch, (n) => {
        if (n < nextReport * N) return;
        log(`  API load: ${n} events`);
        while (nextReport * N <= n) nextReport += 0.1;
      });
      const stored = await pg.query(`SELECT (SELECT count(*) FROM events WHERE workspace_id = $1)::int AS events, (SELECT count(*) FROM conversation_facts WHERE workspace_id = $1)::int AS facts`, [mainId]);
      if (stored.rows[0].events !== N) throw new Error(`main workspace holds ${stored.rows[0].events} events, expected ${N}`);
      results.ingest = { api: load, copy, ratio: round(load.eventsPerSecond / copy.rowsPerSecond, 3), conversations: stored.rows[0].facts, chosen: values['load-batch'] || values['load-clients'] ? 'options' : 'fastest sample configuration' };
      log(`API load: ${N} events in ${round(load.seconds)} s = ${Math.round(load.eventsPerSecond)} events/s (batches of ${loadBatch}, ${loadClients} client(s)); ratio to COPY ${results.ingest.ratio}`);
    }

    t = performance.now();
    for (const table of ['events', 'conversation_facts', ...ROLLUPS]) await pg.query(`VACUUM ANALYZE ${table}`);
    results.vacuumAnalyzeSeconds = round((performance.now() - t) / 1000);
    log(`VACUUM ANALYZE in ${results.vacuumAnalyzeSeconds} s`);

    // 2a. Queries through the API: warm-up, then REQUESTS measured requests per endpoint.
    const apiAnswers = new Map<Endpoint, unknown[]>();
    const apiTimes = new Map<Endpoint, number[]>();
    const queries: Record<string, any> = {};
    for (const endpoint of ENDPOINTS) {
      const mix = requestMix(endpoint, REQUESTS, endMs);
      for (const r of mix.slice(0, WARMUP)) await getMetric(server.url, main.key, r);
      const times: number[] = [];
      const answers: unknown[] = [];
      for (const [i, r] of mix.entries()) {
        const { ms, json } = await getMetric(server.url, main.key, r);
        times.push(ms);
        if (i < DUCK_REQUESTS) answers.push(json);
      }
      apiAnswers.set(endpoint, answers);
      apiTimes.set(endpoint, times);
      queries[endpoint] = { api: summary(times) };
      log(`API ${endpoint}: p50 ${queries[endpoint].api.p50} ms, p95 ${queries[endpoint].api.p95} ms over ${times.length} requests`);
    }

    // 2b. EXPLAIN (ANALYZE, BUFFERS) of every statement of one request per endpoint and period length.
    const explained: Explained[] = [];
    for (const endpoint of ENDPOINTS)
      for (const r of requestMix(endpoint, 3, endMs)) explained.push(await explainRequest(pg, mainId, r, 'UTC'));
    results.explainFile = `${results.startedAt.slice(0, 10)}-${N}-explain.md`;
    mkdirSync(values.out!, { recursive: true });
    writeFileSync(join(values.out!, results.explainFile), explainMarkdown(`EXPLAIN (ANALYZE, BUFFERS) of the metric queries at ${N.toLocaleString('en-US')} events`, explained));
    log(`EXPLAIN of ${explained.reduce((n, e) => n + e.statements.length, 0)} statements written to ${results.explainFile}`);

    // 2c. DuckDB: the raw events exported once to Parquet, then the same requests computed from them.
    const parquet = join(dir, 'events.parquet');
    const csv = join(dir, 'events.csv');
    t = performance.now();
    const exportSql = `COPY (SELECT event_id, type, (extract(epoch FROM occurred_at) * 1000000)::int8 AS at_us, conversation_id, contact_id, channel,
        sender_type, sender_id, campaign_id, message_id, agent_id, team, rating, value, currency, tags::text AS tags, attributes::text AS attributes,
        (extract(epoch FROM received_at) * 1000000)::int8 AS received_us
      FROM events WHERE workspace_id = ${mainId}) TO STDOUT (FORMAT csv, HEADER)`;
    await pipeline(pg.query(copyTo(exportSql)), createWriteStream(csv));
    const csvSeconds = (performance.now() - t) / 1000;
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    t = performance.now();
    await conn.run(`COPY (
      SELECT event_id, type, make_timestamp(at_us)::TIMESTAMPTZ AS occurred_at, conversation_id, contact_id, channel, sender_type, sender_id,
             campaign_id, message_id, agent_id, team, rating, value, currency, tags, attributes, make_timestamp(received_us)::TIMESTAMPTZ AS received_at
        FROM read_csv(${sqlString(csv)}, header = true, columns = {
          'event_id': 'VARCHAR', 'type': 'VARCHAR', 'at_us': 'BIGINT', 'conversation_id': 'VARCHAR', 'contact_id': 'VARCHAR', 'channel': 'VARCHAR',
          'sender_type': 'VARCHAR', 'sender_id': 'VARCHAR', 'campaign_id': 'VARCHAR', 'message_id': 'VARCHAR', 'agent_id': 'VARCHAR', 'team': 'VARCHAR',
          'rating': 'SMALLINT', 'value': 'DECIMAL(38,10)', 'currency': 'VARCHAR', 'tags': 'VARCHAR', 'attributes': 'VARCHAR', 'received_us': 'BIGINT'}))
      TO ${sqlString(parquet)} (FORMAT parquet)`);
    const parquetSeconds = (performance.now() - t) / 1000;
    const duckVersion = (await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
    const duckThreads = (await conn.runAndReadAll(`SELECT current_setting('threads') AS t`)).getRowObjectsJson()[0].t;
    results.parquet = { csvSeconds: round(csvSeconds), parquetSeconds: round(parquetSeconds), parquetMB: round(statSync(parquet).size / 1e6, 1), duckdb: duckVersion, threads: Number(duckThreads) };
    rmSync(csv, { force: true });
    log(`Parquet: CSV from Postgres in ${round(csvSeconds)} s, Parquet in ${round(parquetSeconds)} s (${results.parquet.parquetMB} MB)`);

    const agreement = { compared: 0, mismatches: 0, examples: [] as (Mismatch & { request: string })[] };
    for (const endpoint of ENDPOINTS) {
      const mix = requestMix(endpoint, REQUESTS, endMs).slice(0, DUCK_REQUESTS);
      await conn.runAndReadAll(duckSql(mix[0], parquet));
      const times: number[] = [];
      let compared = 0;
      let mismatched = 0;
      for (const [i, r] of mix.entries()) {
        const sql = duckSql(r, parquet);
        const s = performance.now();
        const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
        times.push(performance.now() - s);
        const c = compareAnswers(r, apiAnswers.get(endpoint)![i], duckAnswer(r, rows));
        compared += c.compared;
        mismatched += c.mismatches.length;
        for (const m of c.mismatches.slice(0, 3)) if (agreement.examples.length < 30) agreement.examples.push({ request: describe(r), ...m });
      }
      const d = summary(times);
      // Like for like: the API's p95 over the same requests DuckDB ran (all of them by default).
      const api: Summary = DUCK_REQUESTS === REQUESTS ? queries[endpoint].api : summary(apiTimes.get(endpoint)!.slice(0, DUCK_REQUESTS));
      queries[endpoint] = { ...queries[endpoint], duckdb: d, apiSameRequests: api, ratio: round(api.p95 / d.p95, 4), compared, mismatches: mismatched };
      agreement.compared += compared;
      agreement.mismatches += mismatched;
      log(`DuckDB ${endpoint}: p50 ${d.p50} ms, p95 ${d.p95} ms over ${times.length} runs; API p95 / DuckDB p95 = ${queries[endpoint].ratio}; ${compared} values compared, ${mismatched} differ`);
    }
    conn.closeSync();
    results.queries = { requests: REQUESTS, warmup: WARMUP, duckRequests: DUCK_REQUESTS, endpoints: queries, agreement };

    // 3. Export: /exports/events.csv over a period holding the first EXPORT_ROWS events.
    const from = new Date(p.startMs - 86_400_000).toISOString();
    let to = new Date(endMs + 60_000).toISOString();
    if (EXPORT_ROWS < N) {
      const next = await pg.query(
        `SELECT floor(extract(epoch FROM occurred_at) * 1000)::float8 AS ms FROM events WHERE workspace_id = $1 ORDER BY occurred_at, event_id OFFSET $2 LIMIT 1`,
        [mainId, EXPORT_ROWS],
      );
      to = new Date(Number(next.rows[0].ms)).toISOString();
    }
    results.export = await exportCsv(server, main.key, from, to);
    log(`export: ${results.export.rows} rows in ${results.export.seconds} s = ${results.export.rowsPerSecond} rows/s; RSS ${results.export.rssBeforeMB} → peak ${results.export.rssPeakMB} MB (+${results.export.rssGrowthMB} MB)`);

    // 4. Rebuild the main workspace's facts with the CLI, compared with the COPY time of the same rows.
    if (!results.rebuild) results.rebuild = await rebuild(env, pg, main.name, mainId, copy.seconds, results.ingest.conversations);

    results.finishedAt = new Date().toISOString();
    results.totalSeconds = round((Date.now() - t0) / 1000, 0);
    const date = results.startedAt.slice(0, 10);
    mkdirSync(values.out!, { recursive: true });
    const base = join(values.out!, `${date}-${N}`);
    const md = markdown(results);
    writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
    writeFileSync(`${base}.md`, md);
    console.log(`\n${md}`);
    log(`wrote ${base}.json and ${base}.md`);
  } finally {
    await server?.stop();
    await pg.end().catch(() => {});
    if (values.keep) log(`kept database ${dbName} and ${dir}`);
    else {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((err) => log(`could not drop ${dbName}: ${err.message}`));
      rmSync(dir, { recursive: true, force: true });
    }
    await admin.end();
  }
}

/** `parley facts rebuild` of the main workspace, timed, against the COPY time of the same rows. */
async function rebuild(env: Record<string, string>, pg: Client, name: string, id: number, copySeconds: number, expected?: number) {
  const t = performance.now();
  const rebuilt = await cli(['facts', 'rebuild', '--workspace', name], env);
  const rebuildSeconds = (performance.now() - t) / 1000;
  if (rebuilt.code !== 0) throw new Error(`facts rebuild failed: ${rebuilt.stderr}`);
  const factsAfter = (await pg.query(`SELECT count(*)::int AS n FROM conversation_facts WHERE workspace_id = $1`, [id])).rows[0].n;
  if (expected !== undefined && factsAfter !== expected) throw new Error(`facts rebuild made ${factsAfter} conversations, ingest ${expected}`);
  // The rebuild's own time, as the CLI measures and prints it (its process start, ~1 s, is in `wallSeconds`).
  const reported = /in ([\d.]+) s/.exec(rebuilt.stdout);
  const seconds = reported ? Number(reported[1]) : rebuildSeconds;
  const r = { seconds, wallSeconds: round(rebuildSeconds), conversations: factsAfter, copySeconds: round(copySeconds), ratio: round(seconds / copySeconds, 3), output: rebuilt.stdout.trim() };
  log(`rebuild: ${seconds} s (${round(rebuildSeconds)} s with the CLI's start), COPY ${round(copySeconds)} s: ratio ${r.ratio}`);
  return r;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function sqlString(s: string) {
  return `'${s.replace(/'/g, "''")}'`;
}

async function workspaceId(pg: Client, name: string): Promise<number> {
  const r = await pg.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [name]);
  return r.rows[0].workspace_id;
}

/** One metric request, timed from sending it to the last byte of the answer. */
async function getMetric(url: string, key: string, r: MetricRequest): Promise<{ ms: number; json: unknown }> {
  const s = performance.now();
  const res = await fetch(`${url}/api/v1/metrics/${r.endpoint}?${queryString(r)}`, { headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  const ms = performance.now() - s;
  if (res.status !== 200) throw new Error(`${describe(r)}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return { ms, json: JSON.parse(text) };
}

async function machine(pg: Client) {
  const settings = await pg.query(
    `SELECT name, current_setting(name) AS setting FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'synchronous_commit', 'max_wal_size', 'max_parallel_workers_per_gather', 'checkpoint_timeout', 'fsync')`,
  );
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    if (execFileSync('git', ['status', '--porcelain', '--', 'api', 'shared'], { cwd: ROOT }).toString().trim()) commit += ' (api/shared modified)';
  } catch {
    // not a git checkout
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGB: round(freemem() / 2 ** 30, 1),
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres: (await pg.query('SELECT version() AS v')).rows[0].v,
    postgresSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    commit,
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
