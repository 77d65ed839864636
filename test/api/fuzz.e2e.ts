/**
 * Property-based fuzzing (fast-check) of every route the app registers: malformed bodies, headers
 * and query values, with and without valid credentials. Never a 5xx, never a crash; every refusal
 * is a 4xx with a JSON error naming what is wrong; the server is healthy afterwards.
 */
import fc from 'fast-check';
import { type Server, databaseEnv, newWorkspace, startServer } from '../support/server';

jest.setTimeout(600_000);

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let key: string;
let routes: { method: string; path: string }[];

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'debug' });
  key = (await newWorkspace(db.env, 'fuzz')).key;
  routes = server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => /^Mapped \{(\S+), (\w+)\} route$/.exec(JSON.parse(l).msg ?? ''))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[1], method: m[2] }));
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

const PARAMS = ['from', 'to', 'tz', 'grain', 'channel', 'groupBy', 'responder', 'sla', 'format', 'x', '__proto__', 'constructor'];
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', '2026-10-01', '2026-02-30', '9999-12-31T23:59:59Z', 'Europe/Berlin', 'hour', 'agent', 'csv', '-1', '1e309', '%00', '%E0%A4%A', '[]', '{}'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const query = fc.array(fc.tuple(fc.constantFrom(...PARAMS), text), { maxLength: 6 });
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constant('{"id": "x", "type": "message.received", "occurredAt": "2026-10-01T00:00:00Z"'),
  fc.array(fc.record({ id: text, type: text, occurredAt: text, channel: text, sender: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 20 }).map((v) => JSON.stringify(v)),
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', '');
const auth = fc.constantFrom('valid', 'none', 'garbage', 'basic');

it('never answers 5xx to malformed requests on any route, and stays healthy', async () => {
  expect(routes.length).toBeGreaterThanOrEqual(12);
  let requests = 0;
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes), query, body, contentType, auth, async (route, q, b, ct, a) => {
      const qs = q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      const headers: Record<string, string> = {};
      if (ct) headers['content-type'] = ct;
      if (a === 'valid') headers.authorization = `Bearer ${key}`;
      if (a === 'garbage') headers.authorization = 'Bearer prly_' + 'x'.repeat(40);
      if (a === 'basic') headers.authorization = 'Basic dXNlcjpwYXNz';
      const r = await fetch(`${server.url}${route.path}?${qs}`, { method: route.method, headers, ...(route.method !== 'GET' && { body: b }) });
      const answer = await r.text();
      requests++;
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status >= 500) throw new Error(`${route.method} ${route.path}?${qs} answered ${r.status}: ${answer.slice(0, 300)}`);
      if (r.status >= 400) {
        const error = JSON.parse(answer);
        expect(error.statusCode).toBe(r.status);
        expect(error.message).toBeTruthy();
      }
    }),
    { numRuns: 3000, seed: 20261125 },
  );
  console.log(`fuzz: ${requests} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  const health = await fetch(`${server.url}/api/v1/health`);
  expect(health.status).toBe(200);
});
