/**
 * Answers must not depend on row order (issue "Reliability II", point 5): the same events, loaded
 * into two workspaces in different orders and batchings, give byte-identical answers on every
 * metric endpoint (JSON and CSV), and so does one of them after `facts rebuild` (which writes
 * every fact and rollup row again, in another physical order).
 */
import { generateEvents, randomBatches, rng, shuffle } from '@parley/shared/generate';
import { type Server, cli, databaseEnv, newWorkspace, post, realPostgres, startServer } from '../support/server';

jest.setTimeout(900_000);

/**
 * 30 days of generated conversations, each moved (all its events alike) to start on a whole
 * minute, so many first customer messages of different conversations share an instant, as at
 * scale (1M conversations a month at whole seconds tie by the thousands) — equal index keys come
 * back in physical order. Every later instant gets microseconds (from their own seeded PRNG):
 * durations with 6 fractional digits, whose float sums round differently in different orders.
 */
function dataset() {
  const events = generateEvents({ events: 30_000, seed: 515, startMs: Date.UTC(2026, 8, 1), days: 30 });
  const starts = new Map<string, number>();
  for (const e of events) starts.set(e.conversationId, Math.min(starts.get(e.conversationId) ?? Infinity, Date.parse(e.occurredAt)));
  const micros = rng(515);
  return events.map((e) => {
    const start = starts.get(e.conversationId)!;
    const at = Date.parse(e.occurredAt) - (start % 60_000);
    const digits = at === start - (start % 60_000) ? '' : String(Math.floor(micros() * 1000)).padStart(3, '0');
    // The event's own µs digits are replaced (an instant moved by whole ms keeps its ms digits).
    return { ...e, occurredAt: `${new Date(at).toISOString().slice(0, 23)}${digits}Z` };
  });
}
const EVENTS = dataset();

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let sorted: { name: string; key: string };
let shuffled: { name: string; key: string };

async function ingest(key: string, batches: unknown[][], concurrency: number): Promise<{ accepted: number; duplicates: number }> {
  const totals = { accepted: 0, duplicates: 0 };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const r = await post(server.url, key, batches[next++]);
      if (r.status !== 200 || r.json.rejected.length) throw new Error(`batch answered ${r.status}: ${JSON.stringify(r.json).slice(0, 500)}`);
      totals.accepted += r.json.accepted;
      totals.duplicates += r.json.duplicates;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return totals;
}

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn' });
  sorted = await newWorkspace(db.env, 'order-sorted', 'ingest,read', 'Europe/Berlin');
  shuffled = await newWorkspace(db.env, 'order-shuffled', 'ingest,read', 'Europe/Berlin');
  // In time order, in big batches, one client.
  const inOrder = [...EVENTS].sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt));
  expect(await ingest(sorted.key, randomBatches(inOrder, 5_000, 1), 1)).toEqual({ accepted: EVENTS.length, duplicates: 0 });
  // Shuffled, ~10% sent twice, random batches of 1–800, three clients at once (one on PGlite:
  // pglite-socket interleaves concurrent queries of several connections, electric-sql/pglite#1046).
  const random = rng(516);
  const withDuplicates = shuffle([...EVENTS, ...EVENTS.filter(() => random() < 0.1)], 517);
  expect(await ingest(shuffled.key, randomBatches(withDuplicates, 800, 518), realPostgres ? 3 : 1)).toEqual({ accepted: EVENTS.length, duplicates: withDuplicates.length - EVENTS.length });
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

type Query = Record<string, string | string[]>;

/**
 * Requests over rollup paths (dates as bounds) and event paths (an instant such as 10:15, the
 * +05:30 zone), every grain, filters and groups; each endpoint gets the parameters it takes.
 */
const CASES: Query[] = [
  { from: '2026-09-01', to: '2026-10-03', tz: 'UTC', grain: 'day' },
  { from: '2026-09-01', to: '2026-10-03', tz: 'UTC', grain: 'week', groupBy: 'channel' },
  { from: '2026-09-20', to: '2026-09-27', grain: 'hour' },
  { from: '2026-09-01', to: '2026-10-03', tz: 'Asia/Kolkata', grain: 'month', groupBy: 'channel' },
  { from: '2026-09-03T10:15:00Z', to: '2026-09-28T17:45:00Z', tz: 'America/New_York', grain: 'week', channel: 'whatsapp,sms', responder: 'agent' },
  { from: '2026-09-05', to: '2026-09-25', tz: 'Europe/Berlin', grain: 'day', channel: 'webchat', groupBy: 'agent', sla: '90.5' },
  { from: '2026-09-01', to: '2026-10-03', tz: 'UTC', grain: 'month', groupBy: 'agent', responder: 'agent' },
  { from: '2026-09-08', to: '2026-09-29', tz: 'Europe/Berlin', grain: 'week', channel: ['email', 'messenger'], groupBy: 'channel' },
];

const TAKES: Record<string, string[]> = {
  'metrics/overview': ['responder'],
  'metrics/response-times': ['grain', 'groupBy', 'responder', 'sla'],
  'metrics/engagement': ['grain', 'groupBy'],
  'metrics/loyalty': ['grain', 'groupBy'],
  'metrics/heatmap': [],
  'metrics/cohorts': ['grain'],
  'metrics/channels': ['responder'],
  'exports/conversations.csv': [],
};

/** The requests of a case: every endpoint, JSON and CSV (the export is CSV only). */
function requests(query: Query): string[] {
  const out: string[] = [];
  for (const [path, takes] of Object.entries(TAKES)) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (!['from', 'to', 'tz', 'channel'].includes(k) && !takes.includes(k)) continue;
      // groupBy=agent is for response-times only; cohorts take week or month.
      if (k === 'groupBy' && v === 'agent' && path !== 'metrics/response-times') continue;
      const value = k === 'grain' && path === 'metrics/cohorts' && v !== 'month' ? 'week' : v;
      for (const x of Array.isArray(value) ? value : [value]) qs.append(k, x);
    }
    out.push(`${path}?${qs}`);
    if (path.startsWith('metrics/')) out.push(`${path}?${qs}&format=csv`);
  }
  return out;
}
const REQUESTS = CASES.flatMap(requests);

async function answers(key: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const request of REQUESTS) {
    const r = await fetch(`${server.url}/api/v1/${request}`, { headers: { authorization: `Bearer ${key}` } });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`${request} answered ${r.status}: ${text.slice(0, 500)}`);
    out.set(request, text);
  }
  return out;
}

/** Where two JSON texts first differ (a path and both values), or the first differing CSV line. */
function firstDifference(a: string, b: string): string {
  const walk = (x: unknown, y: unknown, path: string): string | null => {
    if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const d = walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`);
        if (d) return d;
      }
      return null;
    }
    return JSON.stringify(x) === JSON.stringify(y) ? null : `${path}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
  };
  try {
    return walk(JSON.parse(a), JSON.parse(b), '$') ?? 'key order';
  } catch {
    const la = a.split('\r\n');
    const lb = b.split('\r\n');
    const i = la.findIndex((line, n) => line !== lb[n]);
    return `line ${i + 1}: ${la[i]} vs ${lb[i]}`;
  }
}

/** Every request whose answers differ, with where; [] when all are byte-identical. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  return REQUESTS.filter((r) => a.get(r) !== b.get(r)).map((r) => `${r} → ${firstDifference(a.get(r)!, b.get(r)!)}`);
}

it(`${EVENTS.length} events loaded in order and shuffled with duplicates: every answer byte-identical, also after facts rebuild`, async () => {
  const a = await answers(sorted.key);
  const b = await answers(shuffled.key);
  // The comparison is not vacuous: the answers hold the figures that once moved, in many buckets.
  const rt = JSON.parse(a.get(REQUESTS.find((r) => r.startsWith('metrics/response-times?') && !r.endsWith('csv'))!)!);
  expect(rt.totals.responded).toBeGreaterThan(2_000);
  expect(rt.totals.firstResponseMean).toEqual(expect.any(Number));
  expect(rt.series.filter((s: { firstResponseMean: number | null }) => s.firstResponseMean !== null).length).toBeGreaterThan(25);
  expect(REQUESTS.length).toBe(CASES.length * 15);
  expect(differences(a, b)).toEqual([]);

  const rebuilt = await cli(['facts', 'rebuild', '--workspace', sorted.name], db.env);
  expect(rebuilt.code).toBe(0);
  const after = await answers(sorted.key);
  expect(differences(a, after)).toEqual([]);
  expect(differences(b, after)).toEqual([]);
});
