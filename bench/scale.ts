/**
 * The scale run of issue "Performance II": `npm run bench:scale -- --events 30000000 --workspaces 1000`
 * (bench/README.md).
 *
 * One fresh database holds W workspaces whose sizes follow Zipf's law (the i-th largest has
 * N / (H · i^s) events, at least --min-events), each its own generated 90 days (its own seed),
 * written to one COPY file and loaded by a raw COPY into `events` (timed alone), then one
 * `parley facts rebuild` of every workspace (its time over the COPY's). Then:
 * - disk: each table's size (heap + indexes + TOAST), rows and bytes per million events;
 * - the events CSV export of the largest workspace, rows/s and the API's RSS growth;
 * - per workspace class (the largest, a middle one, the smallest), the query mix of bench/run.ts
 *   for every endpoint, quiet and then while other workspaces ingest through the API (clients
 *   posting batches of 1,000 events as fast as they are answered), requests interleaved across
 *   the classes; p50/p95 per class and endpoint, and the ingest rate during the loaded phase.
 * Writes bench/results/<date>-scale-<N>.md and .json; --keep keeps the database.
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { planStream, streamEvents } from '@parley/shared/generate';
import { ROOT, cli, newKey, startServer } from '../test/support/server';
import { benchDatabase, serverUrl } from './lib/database';
import { exportCsv } from './lib/export';
import { copyFile, copyRow } from './lib/load';
import { ENDPOINTS, type Endpoint, queryString, requestMix } from './lib/requests';
import { summary } from './lib/stats';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    workspaces: { type: 'string', default: '100' },
    zipf: { type: 'string', default: '1' },
    'min-events': { type: 'string', default: '1000' },
    requests: { type: 'string', default: '9' },
    'ingest-clients': { type: 'string', default: '2' },
    jobs: { type: 'string', default: '2' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const USAGE = `npm run bench:scale -- [--events N] [--workspaces W] [--zipf S] [--min-events M] [--requests R] [--ingest-clients C] [--jobs J (facts rebuild)] [--database-url URL] [--out DIR] [--keep]`;
const N = Number(values.events);
const W = Number(values.workspaces);
const S = Number(values.zipf);
const MIN = Number(values['min-events']);
const REQUESTS = Number(values.requests);
const INGEST_CLIENTS = Number(values['ingest-clients']);
const BATCH = 1000;

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${msg}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

/** Workspace sizes, largest first: Zipf with exponent s, each at least `min`, summing to `total`. */
export function zipfSizes(total: number, count: number, s: number, min: number): number[] {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1) ** s);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(min, Math.floor((total * w) / sum)));
  // Rounding and the floor: the largest takes up the difference.
  sizes[0] += total - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

async function main() {
  if (values.help) return console.log(USAGE);
  if (!(N >= 10_000) || !(W >= 2) || N < W * MIN) throw new Error(`need --events ≥ 10000, --workspaces ≥ 2 and events ≥ workspaces × min-events\n${USAGE}`);
  const dbName = `parley_scale_${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const db = await benchDatabase(serverUrl(values['database-url']), dbName);
  const env = { DATABASE_URL: db.url };
  const pg = new Client({ connectionString: env.DATABASE_URL });
  const results: Record<string, any> = { events: N, workspaces: W, zipf: S, minEvents: MIN, requests: REQUESTS, ingestClients: INGEST_CLIENTS, database: dbName, startedAt: new Date().toISOString() };
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    process.env.PARLEY_START_DEADLINE_MS ??= String(3_600_000);
    server = await startServer(env, { LOG_LEVEL: 'warn' });
    await pg.connect();
    const sizes = zipfSizes(N, W, S, MIN);
    const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    // The workspaces by SQL (a CLI process each would take minutes); keys by the CLI for the few measured.
    const names = sizes.map((_, i) => `scale-${String(i + 1).padStart(4, '0')}`);
    const ids: number[] = (
      await pg.query(`INSERT INTO workspaces (name, time_zone) SELECT unnest($1::text[]), 'UTC' RETURNING workspace_id`, [names])
    ).rows.map((r) => r.workspace_id);
    log(`${W} workspaces, ${fmt(N)} events: largest ${fmt(sizes[0])}, median ${fmt(sizes[Math.floor(W / 2)])}, smallest ${fmt(sizes[W - 1])}`);

    // Generate every workspace's rows into one COPY file, then a raw COPY of it (timed alone).
    let t = performance.now();
    let written = 0;
    const tsv = join(mkdtempSync(join(tmpdir(), 'parley-scale-')), 'events.tsv');
    async function* rows() {
      let chunk = '';
      for (let i = 0; i < W; i++) {
        const options = { events: sizes[i], seed: 1000 + i, endMs };
        for (const e of streamEvents(options, planStream(options))) {
          chunk += copyRow(ids[i], e);
          if (chunk.length >= 1 << 20) {
            yield chunk;
            chunk = '';
          }
          if (++written % 5_000_000 === 0) log(`generated ${fmt(written)} events`);
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(rows()), createWriteStream(tsv));
    const generateSeconds = (performance.now() - t) / 1000;
    const copied = await copyFile(pg, 'events', tsv, N);
    rmSync(tsv);
    log(`generated ${fmt(written)} events in ${round(generateSeconds, 1)} s; COPY ${round(copied.seconds, 1)} s (${fmt(copied.rowsPerSecond)} rows/s)`);

    t = performance.now();
    const rebuilt = await cli(['facts', 'rebuild', '--jobs', values.jobs!], env);
    if (rebuilt.code !== 0) throw new Error(`facts rebuild failed: ${rebuilt.stderr}`);
    const rebuildSeconds = (performance.now() - t) / 1000;
    log(`facts rebuild of ${W} workspaces: ${round(rebuildSeconds, 1)} s = ${(rebuildSeconds / copied.seconds).toFixed(3)}× the COPY`);
    // Where the rebuild's time went: per workspace, and the final ANALYZE of the derived tables.
    const perWorkspace = rebuilt.stdout.split('\n').flatMap((l) => {
      const m = /^rebuilt facts of '(.*)': (\d+) conversations in ([\d.]+) s/.exec(l);
      return m ? [{ name: m[1], conversations: Number(m[2]), seconds: Number(m[3]) }] : [];
    });
    const rebuildDetail = {
      finalAnalyzeSeconds: Number(/analyzed the derived tables in ([\d.]+) s/.exec(rebuilt.stdout)?.[1] ?? NaN),
      // Time spent in all but the 100 largest workspaces' rebuilds (summed over the jobs).
      smallestSeconds: round([...perWorkspace].sort((a, b) => b.conversations - a.conversations).slice(100).reduce((a, w) => a + w.seconds, 0), 1),
      slowest: [...perWorkspace].sort((a, b) => b.seconds - a.seconds).slice(0, 5),
    };
    log(`rebuild detail: ${JSON.stringify(rebuildDetail)}`);
    results.rebuildPerWorkspace = perWorkspace;
    t = performance.now();
    await pg.query(`VACUUM ANALYZE`);
    const vacuumSeconds = (performance.now() - t) / 1000;
    results.load = {
      generateSeconds: round(generateSeconds, 1),
      copySeconds: round(copied.seconds, 1),
      copyRowsPerSecond: Math.round(copied.rowsPerSecond),
      rebuildSeconds: round(rebuildSeconds, 1),
      rebuildJobs: Number(values.jobs),
      rebuildVsCopy: round(rebuildSeconds / copied.seconds, 3),
      vacuumAnalyzeSeconds: round(vacuumSeconds, 1),
      rebuildDetail,
    };

    // Disk per table and per million events.
    const tables = (
      await pg.query(
        `SELECT c.relname AS table, c.reltuples::int8 AS rows, pg_total_relation_size(c.oid) AS bytes, pg_indexes_size(c.oid) AS index_bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC`,
      )
    ).rows.map((r) => ({ table: r.table, rows: Number(r.rows), mb: round(Number(r.bytes) / 2 ** 20, 1), indexMb: round(Number(r.index_bytes) / 2 ** 20, 1) }));
    const databaseMb = round(Number((await pg.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b) / 2 ** 20, 1);
    const conversations = Number((await pg.query(`SELECT count(*) AS n FROM conversation_facts`)).rows[0].n);
    results.disk = { databaseMb, mbPerMillionEvents: round(databaseMb / (N / 1e6), 1), conversations, tables };
    log(`database ${fmt(databaseMb)} MB = ${round(databaseMb / (N / 1e6), 1)} MB per million events; ${fmt(conversations)} conversations`);

    // The measured workspaces: the three largest, the median one, the three smallest.
    const classes: { name: string; picks: number[] }[] = [
      { name: 'large', picks: [0, 1, 2] },
      { name: 'median', picks: [Math.floor(W / 2)] },
      { name: 'small', picks: [W - 3, W - 2, W - 1] },
    ];
    const keys = new Map<number, string>();
    for (const c of classes) for (const i of c.picks) keys.set(i, await newKey(env, names[i], 'read'));
    results.classes = classes.map((c) => ({ name: c.name, workspaces: c.picks.map((i) => ({ name: names[i], events: sizes[i] })) }));

    const measure = async (phase: string) => {
      const times = new Map<string, number[]>();
      for (const endpoint of ENDPOINTS) {
        const mix = requestMix(endpoint, REQUESTS, endMs);
        for (const r of mix)
          for (const c of classes)
            for (const i of c.picks) {
              const s = performance.now();
              const res = await fetch(`${server!.url}/api/v1/metrics/${endpoint}?${queryString(r)}`, { headers: { authorization: `Bearer ${keys.get(i)}` } });
              await res.text();
              if (res.status !== 200) throw new Error(`${endpoint} for ${names[i]}: ${res.status}`);
              const key = `${c.name}|${endpoint}`;
              times.set(key, [...(times.get(key) ?? []), performance.now() - s]);
            }
      }
      const out: Record<string, Record<string, ReturnType<typeof summary>>> = {};
      for (const [key, ms] of times) {
        const [c, endpoint] = key.split('|');
        (out[c] ??= {})[endpoint] = summary(ms);
      }
      log(`${phase}: ${[...times.values()].reduce((a, b) => a + b.length, 0)} requests`);
      return out;
    };
    // Warm-up: one request per endpoint and measured workspace.
    for (const endpoint of ENDPOINTS) for (const i of keys.keys()) await fetch(`${server.url}/api/v1/metrics/${endpoint}?${queryString(requestMix(endpoint, 1, endMs)[0])}`, { headers: { authorization: `Bearer ${keys.get(i)}` } });
    results.quiet = await measure('quiet');

    // The export of the largest workspace's every event, on the same run.
    results.export = await exportCsv(server, keys.get(0)!, new Date(endMs - 91 * 86_400_000).toISOString(), new Date(endMs + 60_000).toISOString());
    log(`export of ${names[0]}: ${fmt(results.export.rows)} rows in ${results.export.seconds} s = ${fmt(results.export.rowsPerSecond)} rows/s (RSS +${results.export.rssGrowthMB} MB)`);

    // Others ingest: workspaces ranked 4, 5, … (not measured) receive more events of the same 90 days.
    const ingesting = Array.from({ length: INGEST_CLIENTS }, (_, k) => 3 + k);
    let stop = false;
    let ingested = 0;
    const batchMs: number[] = [];
    const ingest = async (i: number) => {
      const key = await newKey(env, names[i], 'ingest');
      const options = { events: 2_000_000, seed: 9000 + i, endMs };
      const events = streamEvents(options, planStream(options));
      while (!stop) {
        const batch: string[] = [];
        for (let n = 0; n < BATCH; n++) {
          const e = events.next().value;
          if (!e) break;
          // New ids and conversations for this workspace (its own loaded ones keep theirs).
          batch.push(JSON.stringify({ ...e, id: `live-${e.id}`, conversationId: `live-${e.conversationId}`, ...(e.messageId && { messageId: `live-${e.messageId}` }) }));
        }
        if (batch.length === 0) return;
        const s = performance.now();
        const res = await fetch(`${server!.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: `[${batch.join(',')}]` });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`ingest into ${names[i]}: ${res.status} ${text.slice(0, 300)}`);
        batchMs.push(performance.now() - s);
        ingested += batch.length;
      }
    };
    const tIngest = performance.now();
    const writers = ingesting.map((i) => ingest(i));
    // Let the writers reach their pace before measuring.
    await new Promise((done) => setTimeout(done, 5_000));
    results.loaded = await measure('while others ingest');
    stop = true;
    await Promise.all(writers);
    const ingestSeconds = (performance.now() - tIngest) / 1000;
    results.ingestDuring = { clients: INGEST_CLIENTS, batch: BATCH, events: ingested, seconds: round(ingestSeconds, 1), eventsPerSecond: Math.round(ingested / ingestSeconds), batchMs: summary(batchMs) };
    log(`ingest during the loaded phase: ${fmt(ingested)} events in ${round(ingestSeconds, 1)} s (${fmt(ingested / ingestSeconds)} events/s), batch p95 ${summary(batchMs).p95} ms`);
  } finally {
    await server?.stop();
    await pg.end().catch(() => {});
    await db.drop(values.keep);
    if (values.keep) log(`kept database ${dbName}`);
  }
  results.finishedAt = new Date().toISOString();
  results.totalSeconds = Math.round((Date.now() - t0) / 1000);
  const stem = join(values.out!, `${new Date().toISOString().slice(0, 10)}-scale-${N}`);
  writeFileSync(`${stem}.json`, JSON.stringify(results, null, 2));
  writeFileSync(`${stem}.md`, markdownOf(results));
  log(`wrote ${stem}.md and .json`);
}

function markdownOf(r: Record<string, any>): string {
  const lines = [
    `# Scale run: ${fmt(r.events)} events over ${fmt(r.workspaces)} workspaces, ${r.startedAt.slice(0, 10)}`,
    '',
    `Workspace sizes follow Zipf's law (exponent ${r.zipf}, at least ${fmt(r.minEvents)} events): ` +
      r.classes.map((c: any) => `${c.name} ${c.workspaces.map((w: any) => fmt(w.events)).join(', ')}`).join('; ') +
      `. Each has its own 90 days of generated events. One Postgres, one API process, this machine (bench/README.md).`,
    '',
    '## Load and disk',
    '',
    `Generation ${r.load.generateSeconds} s; raw COPY ${r.load.copySeconds} s (${fmt(r.load.copyRowsPerSecond)} rows/s); ` +
      `\`parley facts rebuild --jobs ${r.load.rebuildJobs ?? 1}\` of every workspace ${r.load.rebuildSeconds} s = **${r.load.rebuildVsCopy.toFixed(3)}× the COPY**; VACUUM ANALYZE ${r.load.vacuumAnalyzeSeconds} s. ` +
      (r.load.rebuildDetail
        ? `Of the rebuild: the final ANALYZE of the derived tables ${r.load.rebuildDetail.finalAnalyzeSeconds} s; all but the 100 largest workspaces ${r.load.rebuildDetail.smallestSeconds} s of job time (two jobs). `
        : '') +
      `${fmt(r.disk.conversations)} conversations. Database ${fmt(r.disk.databaseMb)} MB = **${r.disk.mbPerMillionEvents} MB per million events**.`,
    '',
    '| table | rows | MB (with indexes) | of which indexes | MB per million events |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...r.disk.tables.map((t: any) => `| ${t.table} | ${fmt(t.rows)} | ${fmt(t.mb)} | ${fmt(t.indexMb)} | ${round(t.mb / (r.events / 1e6), 1)} |`),
    '',
    `Export of the largest workspace (\`/exports/events.csv\`, every event): ${fmt(r.export.rows)} rows (${r.export.mb} MB) in ${r.export.seconds} s = **${fmt(r.export.rowsPerSecond)} rows/s**; API RSS ${r.export.rssBeforeMB} → peak ${r.export.rssPeakMB} MB.`,
    '',
    '## Reports per workspace class, quiet and while others ingest',
    '',
    `${r.requests} requests per endpoint and workspace (bench/run.ts's mix), interleaved across the measured workspaces. ` +
      `While others ingest: ${r.ingestDuring.clients} clients post batches of ${r.ingestDuring.batch} events into other workspaces, ` +
      `${fmt(r.ingestDuring.eventsPerSecond)} events/s in all (batch p50 ${r.ingestDuring.batchMs.p50} ms, p95 ${r.ingestDuring.batchMs.p95} ms).`,
    '',
    '| class | endpoint | quiet p50 | quiet p95 | loaded p50 | loaded p95 | loaded p95 / quiet p95 |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of Object.keys(r.quiet))
    for (const e of ENDPOINTS as readonly Endpoint[]) {
      const q = r.quiet[c][e];
      const l = r.loaded[c][e];
      lines.push(`| ${c} | ${e} | ${q.p50} | ${q.p95} | ${l.p50} | ${l.p95} | ${round(l.p95 / q.p95)} |`);
    }
  lines.push('', `Total run time ${fmt(r.totalSeconds)} s.`, '');
  return lines.join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
