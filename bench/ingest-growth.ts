/**
 * Whether ingest slows as a workspace grows (issue "Performance II": "throughput must not fall as
 * the workspace grows"). `npm run bench:ingest-growth -- --events 1000000` (bench/README.md).
 *
 * C clients post batches of B generated events, in the order they happened (90 days up to now),
 * into one workspace through the API until N events are in; every accepted batch is timed. The
 * run is cut into windows of N / W events and each window's events/s is reported with the
 * workspace's size when it began, so a fall shows as the last window against the first.
 * By default the workspace is new, in a fresh database; `--reuse DB --workspace NAME` starts
 * from a workspace that is already big (one kept by `npm run bench:scale -- --keep`).
 * A 429 or 503 is retried after its Retry-After, as an integration does; the retries are counted.
 * Writes bench/results/<date>-ingest-growth-<N>[-<C>-clients][-from-<size>].md and .json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { planStream, streamEvents } from '@parley/shared/generate';
import { ROOT, newKey, newWorkspace, startServer } from '../test/support/server';
import { benchDatabase, serverUrl } from './lib/database';
import { summary } from './lib/stats';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '2' },
    batch: { type: 'string', default: '1000' },
    windows: { type: 'string', default: '10' },
    seed: { type: 'string', default: '77' },
    reuse: { type: 'string' },
    workspace: { type: 'string' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const USAGE = `npm run bench:ingest-growth -- [--events N] [--clients C] [--batch B] [--windows W] [--seed S] [--reuse DB --workspace NAME] [--database-url URL] [--out DIR] [--keep]`;
const N = Number(values.events);
const C = Number(values.clients);
const B = Number(values.batch);
const W = Number(values.windows);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface Window {
  /** Events of the workspace when the window began. */
  startSize: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  batchMs: ReturnType<typeof summary>;
}

async function main() {
  if (values.help) return console.log(USAGE);
  if (!(N >= 1000) || !(C >= 1) || !(B >= 1 && B <= 10_000) || !(W >= 2) || N < W * B) throw new Error(`need --events ≥ 1000, --clients ≥ 1, --batch 1…10000, --windows ≥ 2 and events ≥ windows × batch\n${USAGE}`);
  if (!!values.reuse !== !!values.workspace) throw new Error(`--reuse and --workspace go together\n${USAGE}`);
  const base = serverUrl(values['database-url']);
  const dbName = values.reuse ?? `parley_growth_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const db = await benchDatabase(base, dbName, !values.reuse);
  const env = { DATABASE_URL: db.url };
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    server = await startServer(env, { LOG_LEVEL: 'warn' });
    const ws = values.workspace ? { name: values.workspace, key: await newKey(env, values.workspace, 'ingest') } : await newWorkspace(env, 'growth', 'ingest');
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = (SELECT workspace_id FROM workspaces WHERE name = $1)`, [ws.name]);
    const initial: number = rows[0].n;
    console.log(`${dbName}: workspace ${ws.name} holds ${fmt(initial)} events; posting ${fmt(N)} more, ${C} clients × batches of ${fmt(B)}`);

    const options = { events: N, seed: Number(values.seed), endMs: Date.now() };
    const source = streamEvents(options, planStream(options));
    // New ids, so a reused workspace's own events keep theirs.
    const nextBatch = (): { body: string; count: number } | null => {
      const batch: string[] = [];
      for (let i = 0; i < B; i++) {
        const e = source.next().value;
        if (!e) break;
        batch.push(JSON.stringify({ ...e, id: `g-${e.id}`, conversationId: `g-${e.conversationId}`, ...(e.messageId && { messageId: `g-${e.messageId}` }) }));
      }
      return batch.length ? { body: `[${batch.join(',')}]`, count: batch.length } : null;
    };

    const perWindow = Math.ceil(N / W);
    const windows: Window[] = [];
    let accepted = 0;
    let retries = 0;
    let windowStart = performance.now();
    let windowEvents = 0;
    let windowBatches: number[] = [];
    const t0 = performance.now();
    const client = async () => {
      for (let next = nextBatch(); next !== null; next = nextBatch()) {
        const { body, count } = next;
        for (;;) {
          const s = performance.now();
          const res = await fetch(`${server!.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.key}` }, body });
          const text = await res.text();
          if (res.status === 429 || res.status === 503) {
            retries++;
            await new Promise((done) => setTimeout(done, 1000 * Number(res.headers.get('retry-after') ?? 1)));
            continue;
          }
          if (res.status !== 200 || JSON.parse(text).accepted !== count) throw new Error(`batch: ${res.status} ${text.slice(0, 300)}`);
          windowBatches.push(performance.now() - s);
          break;
        }
        accepted += count;
        windowEvents += count;
        if (windowEvents >= perWindow) {
          const seconds = (performance.now() - windowStart) / 1000;
          windows.push({ startSize: initial + accepted - windowEvents, events: windowEvents, seconds: round(seconds, 2), eventsPerSecond: Math.round(windowEvents / seconds), batchMs: summary(windowBatches) });
          const w = windows.at(-1)!;
          console.log(`from ${fmt(w.startSize)} events: ${fmt(w.events)} in ${w.seconds} s = ${fmt(w.eventsPerSecond)} events/s, batch p50 ${w.batchMs.p50} ms, p95 ${w.batchMs.p95} ms`);
          windowStart = performance.now();
          windowEvents = 0;
          windowBatches = [];
        }
      }
    };
    await Promise.all(Array.from({ length: C }, client));
    const seconds = (performance.now() - t0) / 1000;
    const first = windows[0];
    const last = windows.at(-1)!;
    const result = {
      database: dbName,
      workspace: ws.name,
      initialEvents: initial,
      events: accepted,
      clients: C,
      batch: B,
      seconds: round(seconds),
      eventsPerSecond: Math.round(accepted / seconds),
      retries,
      lastOverFirst: round(last.eventsPerSecond / first.eventsPerSecond, 2),
      windows,
      commit: process.env.GIT_COMMIT ?? null,
      finishedAt: new Date().toISOString(),
    };
    const stem = join(values.out!, `${new Date().toISOString().slice(0, 10)}-ingest-growth-${N}${C === 2 ? '' : `-${C}-clients`}${values.reuse ? `-from-${initial}` : ''}`);
    writeFileSync(`${stem}.json`, JSON.stringify(result, null, 2) + '\n');
    writeFileSync(
      `${stem}.md`,
      [
        `# Ingest as the workspace grows: ${fmt(accepted)} events into ${initial ? `a workspace of ${fmt(initial)}` : 'a new workspace'}, ${result.finishedAt.slice(0, 10)}`,
        '',
        `\`npm run bench:ingest-growth\` (bench/ingest-growth.ts): ${C} clients posting batches of ${fmt(B)} generated events in the order they happened, through the API on Postgres (this machine), ` +
          `${round(seconds)} s in all = ${fmt(result.eventsPerSecond)} events/s; ${retries} answers of 429/503 retried. ` +
          `**Last window over first: ${result.lastOverFirst}×.**`,
        '',
        '| workspace size at the window\'s start | events | s | events/s | batch p50 | batch p95 |',
        '| ---: | ---: | ---: | ---: | ---: | ---: |',
        ...windows.map((w) => `| ${fmt(w.startSize)} | ${fmt(w.events)} | ${w.seconds} | ${fmt(w.eventsPerSecond)} | ${w.batchMs.p50} ms | ${w.batchMs.p95} ms |`),
        '',
      ].join('\n'),
    );
    console.log(`${fmt(accepted)} events in ${round(seconds)} s; last window / first ${result.lastOverFirst}×; wrote ${stem}.md and .json`);
  } finally {
    await server?.stop();
    await pg.end().catch(() => {});
    await db.drop(values.keep || !!values.reuse);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
