/**
 * Operator drills against a real Postgres that they may restart (docs in test/drills/README.md):
 *
 *   DATABASE_URL=postgres://… npm run drills -- [noisy] [kill] [restart] [two]
 *
 * Each prints what was offered, accepted, lost and doubled, and whether the facts kept by ingest
 * equal what `facts rebuild` derives. Not part of `npm test` (minutes long, restarts Postgres);
 * test/api/reliability.e2e.ts runs a CI-sized noisy neighbour.
 */
import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { generateEvents, shuffle } from '@parley/shared/generate';
import { type Server, cli, databaseEnv, ingestAll, newWorkspace, startServer } from '../support/server';
import { derivedState } from '../support/snapshot';
import { accountFor, inBatches, ingestBatches, newTally, percentile, pollHealth, timeReads } from './lib';
import { isDeepStrictEqual } from 'node:util';

if (!process.env.DATABASE_URL) {
  console.error('drills need DATABASE_URL: a real Postgres (the restart drill restarts it)');
  process.exit(2);
}
const db = databaseEnv();
const args = process.argv.slice(2);
const want = (name: string) => args.length === 0 || args.includes(name);
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const rows: Record<string, unknown>[] = [];
/** Each drill's row, printed as soon as it is known (and again together at the end). */
function report(row: Record<string, unknown>): void {
  rows.push(row);
  console.log(`\n## ${row.drill}`);
  for (const [k, v] of Object.entries(row)) if (k !== 'drill') console.log(`  ${k}: ${v}`);
}
const READS = ['overview', 'engagement', 'response-times', 'loyalty', 'channels'].map((m) => `/api/v1/metrics/${m}?from=2026-01-01&to=2026-03-01`);

async function factsEqualRebuild(client: Client, workspace: string): Promise<boolean> {
  const kept = await derivedState(client, workspace);
  const r = await cli(['facts', 'rebuild', '--workspace', workspace], db.env);
  if (r.code !== 0) throw new Error(r.stderr);
  return isDeepStrictEqual(kept, await derivedState(client, workspace));
}

function events(n: number, seed: number) {
  return generateEvents({ events: n, seed, startMs: Date.UTC(2026, 0, 5), days: 50 });
}

async function noisy(client: Client) {
  const clients = num('DRILL_CLIENTS', 32);
  const server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '100000' });
  try {
    const quiet = await newWorkspace(db.env, 'drill-quiet');
    const busy = await newWorkspace(db.env, 'drill-busy');
    await ingestAll(server.url, quiet.key, events(num('DRILL_QUIET_EVENTS', 50_000), 1));
    // Idle: the quiet workspace's dashboard alone (after a warm-up round).
    await timeReads(server.url, quiet.key, READS, () => true, READS.length);
    const idle = await timeReads(server.url, quiet.key, READS, () => true, num('DRILL_IDLE_READS', 100));
    const load = events(num('DRILL_BUSY_EVENTS', 300_000), 2);
    const batches = inBatches(load, num('DRILL_BATCH', 1000));
    let done = false;
    const t0 = Date.now();
    const [tally, reads, health] = await Promise.all([
      ingestBatches(() => ({ url: server.url, key: busy.key }), batches, clients).finally(() => (done = true)),
      timeReads(server.url, quiet.key, READS, () => done),
      pollHealth(server.url, () => done),
    ]);
    const seconds = (Date.now() - t0) / 1000;
    const acct = await accountFor(client, busy.name, new Set(load.map((e) => e.id)), tally);
    const idleP95 = percentile(idle.ms, 95);
    const loadP95 = percentile(reads.ms, 95);
    report({
      drill: `noisy neighbour (${clients} clients × ${batches[0].length} events)`,
      offered: tally.offered,
      accepted: tally.accepted,
      lost: acct.lost,
      doubled: acct.doubled,
      answers: JSON.stringify(tally.answers),
      'events/s': Math.round(tally.offered / seconds),
      'quiet p95 idle → load (ms)': `${idleP95.toFixed(0)} → ${loadP95.toFixed(0)} (goal ≤ ${(2 * idleP95 + 50).toFixed(0)}); p50 ${percentile(idle.ms, 50).toFixed(0)} → ${percentile(reads.ms, 50).toFixed(0)}; ${reads.ms.length} reads, ${reads.failures.length} failed`,
      health: `${health.filter((s) => s === 200).length}/${health.length} × 200`,
      'facts = rebuild': await factsEqualRebuild(client, busy.name),
    });
  } finally {
    await server.stop();
  }
}

/** Clients that follow a server being killed and restarted on another port. */
async function kill(client: Client) {
  let server: Server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '100000' });
  const ws = await newWorkspace(db.env, 'drill-kill');
  const target = { url: server.url, key: ws.key };
  const load = events(num('DRILL_KILL_EVENTS', 150_000), 3);
  // Duplicates on purpose: every 10th batch is sent again later.
  const batches = inBatches(shuffle(load, 3), 1000);
  const all = [...batches, ...batches.filter((_, i) => i % 10 === 0)];
  let done = false;
  const ingest = ingestBatches(() => target, all, 8).finally(() => (done = true));
  let kills = 0;
  for (const delay of [4000, 6000]) {
    await new Promise((r) => setTimeout(r, delay));
    if (done) break;
    await server.kill();
    kills++;
    server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '100000' });
    target.url = server.url;
  }
  const tally = await ingest;
  await server.stop();
  const acct = await accountFor(client, ws.name, new Set(load.map((e) => e.id)), tally);
  report({ drill: `kill -9 ×${kills} (8 clients)`, offered: tally.offered, accepted: tally.accepted, lost: acct.lost, doubled: acct.doubled, answers: JSON.stringify(tally.answers), 'facts = rebuild': await factsEqualRebuild(client, ws.name) });
}

/** Postgres restarted (fast, then immediate) while 8 clients ingest. */
async function restart(client: Client) {
  const server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '100000' });
  const ws = await newWorkspace(db.env, 'drill-restart');
  const load = events(num('DRILL_RESTART_EVENTS', 150_000), 4);
  let done = false;
  const ingest = ingestBatches(() => ({ url: server.url, key: ws.key }), inBatches(load, 1000), 8).finally(() => (done = true));
  const health = pollHealth(server.url, () => done);
  const cluster = execSync('ls /etc/postgresql').toString().trim().split('\n')[0];
  client.on('error', () => {}); // the drill's own connection dies with the restart; a fresh one follows
  for (const mode of ['fast', 'immediate']) {
    await new Promise((r) => setTimeout(r, 4000));
    if (done) break;
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${cluster} main restart -m ${mode}`, { stdio: 'ignore' });
  }
  const tally = await ingest;
  const statuses = await health;
  await server.stop();
  await client.end().catch(() => {});
  const fresh = new Client({ connectionString: process.env.DATABASE_URL });
  await fresh.connect();
  const acct = await accountFor(fresh, ws.name, new Set(load.map((e) => e.id)), tally);
  report({
    drill: 'Postgres restart -m fast, -m immediate (8 clients)',
    offered: tally.offered,
    accepted: tally.accepted,
    lost: acct.lost,
    doubled: acct.doubled,
    answers: JSON.stringify(tally.answers),
    health: `${statuses.filter((s) => s === 200).length}/${statuses.length} × 200, ${statuses.filter((s) => s === 503).length} × 503`,
    'facts = rebuild': await factsEqualRebuild(fresh, ws.name),
  });
  return fresh;
}

/** Two API processes on one database, every batch sent to both at once. */
async function two(client: Client) {
  const a = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '100000' });
  const b = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '100000' });
  try {
    const ws = await newWorkspace(db.env, 'drill-two');
    const load = events(num('DRILL_TWO_EVENTS', 100_000), 5);
    const batches = inBatches(shuffle(load, 5), 1000);
    const [ta, tb] = await Promise.all([ingestBatches(() => ({ url: a.url, key: ws.key }), batches, 4), ingestBatches(() => ({ url: b.url, key: ws.key }), batches, 4)]);
    const tally = { ...ta, offered: ta.offered + tb.offered, accepted: ta.accepted + tb.accepted, answers: { a: ta.answers, b: tb.answers } as never };
    const acct = await accountFor(client, ws.name, new Set(load.map((e) => e.id)), tally);
    report({ drill: 'two API processes, same batches to both', offered: tally.offered, accepted: tally.accepted, lost: acct.lost, doubled: acct.doubled, answers: JSON.stringify(tally.answers), 'facts = rebuild': await factsEqualRebuild(client, ws.name) });
  } finally {
    await a.stop();
    await b.stop();
  }
}

async function main() {
  let client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  if (want('noisy')) await noisy(client);
  if (want('kill')) await kill(client);
  if (want('restart')) client = await restart(client);
  if (want('two')) await two(client);
  await client.end();
  console.log('\n| drill | offered | accepted | lost | doubled | facts = rebuild | answers | other |\n| --- | ---: | ---: | ---: | ---: | --- | --- | --- |');
  for (const { drill, offered, accepted, lost, doubled, answers, 'facts = rebuild': same, ...other } of rows)
    console.log(`| ${drill} | ${offered} | ${accepted} | ${lost} | ${doubled} | ${same ? 'yes' : 'NO'} | ${answers} | ${Object.entries(other).map(([k, v]) => `${k}: ${v}`).join('; ')} |`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
