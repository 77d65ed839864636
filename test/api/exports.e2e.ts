/**
 * The events export streams: 200,000 rows (~33 MB of CSV, ~200 MB as row objects) come out
 * complete from a server whose V8 old space is capped at 64 MB — a server that buffered the export
 * would die — and its resident memory barely moves. (Without a cap V8 collects lazily and RSS
 * wanders by tens of MB either way, which says nothing about what the export holds.)
 */
import { request } from 'node:http';
import { generateEvents } from '../support/generate';
import { type Server, databaseEnv, ingestAll, newWorkspace, realPostgres, rssBytes, startServer } from '../support/server';

jest.setTimeout(900_000);

const ROWS = 200_000;
let db: ReturnType<typeof databaseEnv>;
let server: Server;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

/** Downloads a URL, counting lines and bytes without keeping the body, sampling the server's RSS. */
function download(url: string, key: string): Promise<{ status: number; lines: number; bytes: number; firstLine: string; peakRss: number }> {
  return new Promise((done, fail) => {
    let peakRss = rssBytes(server.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(server.pid))), 20);
    const req = request(url, { headers: { authorization: `Bearer ${key}` } }, (res) => {
      let lines = 0;
      let bytes = 0;
      let firstLine = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!firstLine) firstLine = chunk.toString('utf8').split('\r\n')[0];
        for (const b of chunk) if (b === 10) lines++;
      });
      res.on('end', () => {
        clearInterval(sampler);
        done({ status: res.statusCode!, lines, bytes, firstLine, peakRss: Math.max(peakRss, rssBytes(server.pid)) });
      });
    });
    req.on('error', (err) => (clearInterval(sampler), fail(err)));
    req.end();
  });
}

it(`streams ${ROWS} events as CSV with flat memory`, async () => {
  const ws = await newWorkspace(db.env, 'export-big');
  // Conversations of ~5 events over 60 days; ingest in 10k batches, then let the heap settle.
  const events = generateEvents({ events: ROWS, seed: 4242, startMs: Date.UTC(2026, 7, 1), days: 60 }).slice(0, ROWS);
  await ingestAll(server.url, ws.key, events);
  events.length = 0;
  await server.stop();
  server = await startServer(db.env, { LOG_LEVEL: 'warn', NODE_OPTIONS: '--max-old-space-size=64' });
  const url = `${server.url}/api/v1/exports/events.csv?from=2026-07-01&to=2026-11-01&tz=UTC`;
  // A small warm-up export so code paths are loaded before the baseline.
  await download(`${server.url}/api/v1/exports/events.csv?from=2026-08-01&to=2026-08-02&tz=UTC`, ws.key);
  await new Promise((r) => setTimeout(r, 1000));
  const baseline = rssBytes(server.pid);
  const t0 = Date.now();
  const result = await download(url, ws.key);
  const seconds = (Date.now() - t0) / 1000;
  expect(result.status).toBe(200);
  expect(result.firstLine.startsWith('id,type,occurredAt')).toBe(true);
  expect(result.lines).toBe(ROWS + 1);
  const growthMb = (result.peakRss - baseline) / 1024 / 1024;
  console.log(`export: ${ROWS} rows, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s); server RSS ${(baseline / 1024 / 1024).toFixed(0)} MB → peak +${growthMb.toFixed(1)} MB`);
  expect(result.bytes).toBeGreaterThan(30 * 1024 * 1024);
  // With the embedded database, PGlite's WebAssembly memory is in the server process too: it grows
  // to the queries' working set once (and never shrinks), so it gets a wider margin.
  expect(growthMb).toBeLessThan(realPostgres ? 20 : 50);
});
