/**
 * Fuzzing of every route the app registers, with and without valid credentials (an API key, and
 * an admin's session for the admin routes). First targeted, deterministic cases for each class of
 * odd input (issue 15): NUL in every query parameter, path parameter, body field and key and
 * event field; extreme, leap-second and over-precise dates in every date parameter and field;
 * bodies that are not UTF-8; numbers that overflow a double; requests Node's HTTP parser refuses;
 * unknown /api paths. Then property-based fuzzing (fast-check) of bodies, headers and queries.
 * Never a 5xx, never a crash; every refusal is JSON `{statusCode, error, message}` naming what is
 * wrong; the server is healthy afterwards.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { REPORT_NAMES } from '@parley/shared';
import { type Server, cli, databaseEnv, ingestAll, newWorkspace, post, startServer } from '../support/server';

jest.setTimeout(600_000);

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let key: string;
let admin: { email: string; cookie: string; csrf: string };
let routes: { method: string; path: string }[];

const DAY = 86_400_000;
// Events of the last days, so the metric routes run their SQL over real rows.
const recentAt = (i: number) => new Date(Date.now() - (i % 20) * DAY - 3_600_000).toISOString();
const seedEvents = Array.from({ length: 60 }, (_, i) => ({
  id: `seed-${i}`,
  type: i % 2 ? 'message.sent' : 'message.received',
  occurredAt: recentAt(i),
  conversationId: `c-${i % 10}`,
  contactId: `k-${i % 7}`,
  channel: i % 3 ? 'whatsapp' : 'sms',
  sender: i % 2 ? { type: 'agent', id: 'ana' } : { type: 'customer' },
}));

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'debug' });
  const ws = await newWorkspace(db.env, 'fuzz');
  key = ws.key;
  const email = `fuzz-admin-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  const created = await cli(['users', 'create', '--workspace', ws.name, '--email', email, '--role', 'admin', '--password', password], db.env);
  if (created.code !== 0) throw new Error(created.stderr);
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  const jar = Object.fromEntries(login.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
  admin = { email, cookie: `parley_session=${jar.parley_session}`, csrf: jar.parley_csrf };
  await ingestAll(server.url, key, seedEvents);
  routes = server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => /^Mapped \{(\S+), (\w+)\} route$/.exec(JSON.parse(l).msg ?? ''))
    .filter((m): m is RegExpExecArray => m !== null)
    // One route serves every report of the registry: each is fuzzed as its own route.
    .flatMap((m) => (m[1].includes(':report') ? REPORT_NAMES.map((name) => m[1].replace(':report', name)) : [m[1]]).map((path) => ({ path, method: m[2] })));
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

type Auth = 'key' | 'session' | 'none' | 'garbage' | 'basic';
interface Answer {
  status: number;
  text: string;
  json: any;
}

// Routes for a signed-in user (admin routes, and what is the user's own: views, password; the workspace's settings).
const SESSION_ROUTES = ['/api/v1/admin/', '/api/v1/connections', '/api/v1/views', '/api/v1/workspace', '/api/v1/auth/password', '/api/v1/settings/'];
const isAdmin = (path: string) => SESSION_ROUTES.some((prefix) => path.startsWith(prefix));
const isLogout = (path: string) => path === '/api/v1/auth/logout';
/** The credentials a route is meant for: the admin's session on session routes, else the key. */
const rightAuth = (path: string): Auth => (isAdmin(path) ? 'session' : 'key');

async function call(method: string, path: string, options: { query?: string; body?: string | Uint8Array; auth?: Auth; contentType?: string } = {}): Promise<Answer> {
  const auth = options.auth ?? rightAuth(path);
  const headers: Record<string, string> = {};
  if (options.contentType !== '') headers['content-type'] = options.contentType ?? 'application/json';
  if (auth === 'key') headers.authorization = `Bearer ${key}`;
  if (auth === 'garbage') headers.authorization = 'Bearer prly_' + 'x'.repeat(40);
  if (auth === 'basic') headers.authorization = 'Basic dXNlcjpwYXNz';
  // Logging out would end the session the other cases use.
  if (auth === 'session' && !isLogout(path)) Object.assign(headers, { cookie: admin.cookie, 'x-csrf-token': admin.csrf });
  const url = `${server.url}${path}${options.query ? `?${options.query}` : ''}`;
  const r = await fetch(url, { method, headers, ...(method !== 'GET' && method !== 'DELETE' && options.body !== undefined && { body: options.body as BodyInit }) });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the checks below say so
  }
  return { status: r.status, text, json };
}

const messagesOf = (a: Answer): string[] => (Array.isArray(a.json?.message) ? a.json.message : [String(a.json?.message)]);

/** Why the answer breaks the rules (a 5xx, or a 4xx that is not our JSON error), or null. */
function problem(what: string, a: Answer, expected?: { status?: number | '4xx'; names?: string }): string | null {
  const show = `${what} → ${a.status} ${a.text.slice(0, 300)}`;
  if (a.status >= 500) return show;
  if (expected?.status === '4xx' ? a.status < 400 : expected?.status !== undefined && a.status !== expected.status) return `${show} (expected ${expected!.status})`;
  if (a.status >= 400) {
    if (!a.json || a.json.statusCode !== a.status || !a.json.error || !a.json.message) return `${show} (not a JSON error)`;
    if (expected?.names !== undefined && !messagesOf(a).some((m) => m.startsWith(expected.names!))) return `${show} (no message naming '${expected.names}')`;
  }
  return null;
}

/** Runs the checks, collecting every broken case so one failure shows them all. */
async function expectNone(cases: AsyncIterable<string | null> | Iterable<Promise<string | null>>): Promise<number> {
  const failures: string[] = [];
  let n = 0;
  for await (const p of cases) {
    n++;
    if (p) failures.push(p);
  }
  expect(failures).toEqual([]);
  return n;
}

const dateRoutes = () => routes.filter((r) => /^\/api\/v1\/(metrics|exports)\//.test(r.path));
const QUERY_PARAMS = ['from', 'to', 'tz', 'grain', 'channel', 'groupBy', 'responder', 'sla', 'window', 'format'];

// Dates no marketer means; each is a 400 naming the parameter.
const ODD_DATES = [
  '0001-01-01',
  '0000-01-01',
  '1999-12-31',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T00:00:01',
  '275760-09-13',
  '+275760-09-13',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01',
  '-271821-04-20T00:00:00Z',
  '2016-12-31T23:59:60Z',
  '2016-12-31T23:59:60',
  '2026-10-01T00:00:00.1234567891Z',
  '2026-10-01T00:00:00.1234567891',
  '2026-10-01\u0000',
  '\u0000',
];

describe('targeted odd input on every route', () => {
  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(dateRoutes()).toHaveLength(10); // 8 reports (the registry) and 2 exports
  });

  it('extreme, leap-second and over-precise dates in from and to of every metric and export route: a 400 naming the parameter', async () => {
    const cases = function* () {
      for (const route of dateRoutes())
        for (const date of ODD_DATES)
          for (const [param, other, otherValue] of [['from', 'to', '2026-10-15'], ['to', 'from', '2026-10-01']]) {
            const query = `${param}=${encodeURIComponent(date)}&${other}=${otherValue}&tz=UTC`;
            yield call('GET', route.path, { query }).then((a) => problem(`${route.path}?${query}`, a, { status: 400, names: `${param}: ` }));
          }
    };
    expect(await expectNone(cases())).toBe(10 * ODD_DATES.length * 2);
    // The request of issue 15 (a 500 on all 9 routes), answered naming both.
    for (const route of dateRoutes()) {
      const a = await call('GET', route.path, { query: 'from=0001-01-01&to=0001-01-02' });
      expect(a.status).toBe(400);
      expect(messagesOf(a)).toEqual([expect.stringMatching(/^from: must be from 2000-01-01 to 9999-12-31/), expect.stringMatching(/^to: must be from 2000-01-01 to 9999-12-31/)]);
    }
  });

  it('the extreme dates still in range answer 200 on every metric and export route (Postgres takes every instant they make)', async () => {
    const queries = [
      'from=2000-01-01&to=2000-01-08&tz=Pacific/Kiritimati', // starts 1999-12-31T10:00Z
      'from=2000-01-01&to=2002-01-01&tz=UTC&grain=month', // 731 days; the previous period starts in 1998
      'from=9999-12-24&to=9999-12-31&tz=Etc/GMT%2B12&grain=week', // ends 9999-12-31T12:00Z
      'from=9999-12-30T23:00&to=9999-12-31&tz=Pacific/Kiritimati&grain=hour',
    ];
    const cases = function* () {
      for (const route of dateRoutes())
        for (const query of queries) {
          // Cohorts are weekly or monthly.
          const q = route.path.endsWith('/cohorts') ? query.replace('grain=hour', 'grain=week') : query;
          yield call('GET', route.path, { query: q }).then((a) => problem(`${route.path}?${q}`, a, { status: 200 }));
        }
    };
    await expectNone(cases());
  });

  it('NUL and bytes that are not UTF-8 in every query parameter (name or value) of every route: never a 5xx; a 400 naming it where the route reads it', async () => {
    const values = ['a%00', '%00', '%FF', '%ED%A0%80', '%C0%80', '1e400', '9'.repeat(400)];
    const cases = function* () {
      for (const route of routes)
        for (const name of [...QUERY_PARAMS, 'x%00'])
          for (const value of values) {
            const query = `${name}=${value}`;
            // Metric routes check every parameter (and refuse those they do not take); only
            // channel=1e400 is fine there (a channel name may be digits and letters).
            const checked = dateRoutes().includes(route) && !(name === 'channel' && value === '1e400');
            yield call(route.method, route.path, { query }).then((a) =>
              problem(`${route.method} ${route.path}?${query}`, a, checked ? { status: 400, names: `${decodeURIComponent(name)}: ` } : undefined),
            );
          }
    };
    await expectNone(cases());
  });

  it('numbers that overflow a double in sla: a 400 naming it', async () => {
    for (const sla of ['1e400', '9'.repeat(400), 'Infinity', '-1e400']) {
      const a = await call('GET', '/api/v1/metrics/response-times', { query: `sla=${sla}` });
      expect(problem(`sla=${sla}`, a, { status: 400, names: 'sla: ' })).toBeNull();
    }
  });

  it('NUL, unpaired surrogates and bytes that are not UTF-8 in every path parameter: a JSON 4xx (400 naming it for NUL)', async () => {
    const withParams = routes.filter((r) => r.path.includes('/:'));
    expect(withParams.length).toBeGreaterThanOrEqual(3);
    const nul = ['a%00b', '%00', 'prly_abcdefg%00', 'x%00%40example.com', '%00prly_abcdefgh'];
    const other = ['%ED%A0%80', '%FF', '%C0%80', '%F4%90%80%80', 'x'.repeat(5000)];
    const cases = function* () {
      for (const route of withParams)
        for (const value of [...nul, ...other]) {
          const path = route.path.replace(/:\w+/, value);
          // The key's prefix is reported as `key` (as by the CLI), the email as `email`.
          const param = route.path.endsWith(':prefix') ? 'key' : /:(\w+)/.exec(route.path)![1];
          yield call(route.method, path, { body: JSON.stringify({ role: 'member' }) }).then((a) =>
            problem(`${route.method} ${path.slice(0, 80)}`, a, nul.includes(value) ? { status: 400, names: `${param}: ` } : { status: '4xx' }),
          );
        }
    };
    await expectNone(cases());
  });

  // A valid body for each route that reads one (POST /events has its own case below).
  const VALID_BODIES: Record<string, Record<string, unknown>> = {
    'POST /api/v1/auth/login': { email: 'someone@example.com', password: 'whatever it is' },
    'POST /api/v1/admin/keys': { name: 'fuzz', scopes: ['read'] },
    'POST /api/v1/admin/users': { email: 'new-user@example.com', password: 'long enough password', role: 'member' },
    'PATCH /api/v1/admin/users/:email': { role: 'member' },
    'POST /api/v1/connections': { kind: 'whatsapp', name: 'fuzz line', secrets: { appSecret: 'fuzz-app-secret' }, defaultSender: { type: 'agent', id: 'fuzz-agent' } },
    'POST /api/v1/views': { name: 'fuzz view', path: '/', query: 'period=7d' },
    'PATCH /api/v1/views/:id': { name: 'fuzz view renamed' },
    'PATCH /api/v1/workspace': { timeZone: 'UTC' },
    'POST /api/v1/auth/password': { currentPassword: 'not the password', newPassword: 'a new long enough password' },
    'PUT /api/v1/settings/business-hours': { timeZone: 'UTC', mon: [['09:00', '17:00']], holidays: ['2026-12-25'] },
  };
  const pathOf = (route: string) => route.split(' ')[1].replace(':email', encodeURIComponent('nobody@example.com')).replace(':id', '00000000-0000-4000-8000-000000000000');

  /** Every way to spoil one string leaf or one key of the body: [label the error must start with, body text]. */
  function spoiled(body: Record<string, unknown>, spoil: string, raw = false): [string, string][] {
    const out: [string, string][] = [];
    const walk = (v: unknown, path: string[], set: (x: unknown) => void) => {
      if (typeof v === 'string') {
        set(raw ? '__RAW__' : v + spoil);
        out.push([`${path.join('.')}: `, JSON.stringify(body).replace('"__RAW__"', spoil)]);
        set(v);
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, String(i)], (y) => (v[i] = y)));
      else if (typeof v === 'object' && v !== null)
        for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k], (y) => ((v as Record<string, unknown>)[k] = y));
    };
    walk(body, [], () => undefined);
    return out;
  }

  it('covers every route that reads a JSON body', () => {
    // Webhooks read raw bytes whatever they are (test/api/connectors.e2e.ts fuzzes them).
    const readers = routes.filter((r) => (r.method === 'POST' || r.method === 'PATCH' || r.method === 'PUT') && !isLogout(r.path) && r.path !== '/api/v1/events' && !r.path.startsWith('/api/v1/connectors/'));
    expect(readers.map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.keys(VALID_BODIES).sort());
  });

  it('NUL, unpaired surrogates and numbers that overflow a double in every string field of every JSON body: a 400 naming the field (sign-in unauthenticated)', async () => {
    const cases = function* () {
      for (const [route, body] of Object.entries(VALID_BODIES)) {
        const method = route.split(' ')[0];
        const variants = [...spoiled(structuredClone(body), '\u0000'), ...spoiled(structuredClone(body), '\ud800'), ...spoiled(structuredClone(body), '1e400', true), ...spoiled(structuredClone(body), '-1e400', true)];
        for (const [names, text] of variants)
          yield call(method, pathOf(route), { body: text }).then((a) => problem(`${route} ${text}`, a, { status: 400, names }));
      }
    };
    expect(await expectNone(cases())).toBeGreaterThanOrEqual(20);
  });

  it('NUL in every key of every JSON body: a 400 naming the key', async () => {
    const cases = function* () {
      for (const [route, body] of Object.entries(VALID_BODIES)) {
        const method = route.split(' ')[0];
        for (const k of Object.keys(body)) {
          const bad = Object.fromEntries(Object.entries(body).map(([x, v]) => [x === k ? `${k}\u0000` : x, v]));
          yield call(method, pathOf(route), { body: JSON.stringify(bad) }).then((a) =>
            problem(`${route} ${JSON.stringify(bad)}`, a, { status: 400 }) ??
            // The key as sent, or JSON-escaped.
            (messagesOf(a).some((m) => m.includes(`${k}\u0000`) || m.includes(JSON.stringify(`${k}\u0000`).slice(1, -1))) ? null : `${route}: no message names the key ${JSON.stringify(`${k}\u0000`)}: ${a.text}`),
          );
        }
      }
    };
    await expectNone(cases());
  });

  it('a body that is not UTF-8 is a 400 on every route that reads one, before anything else happens', async () => {
    const bad = Buffer.concat([Buffer.from('{"email":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('@example.com","password":"x"}')]);
    const cases = function* () {
      for (const route of [...Object.keys(VALID_BODIES), 'POST /api/v1/events']) {
        const method = route.split(' ')[0];
        for (const bytes of [bad, Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('["\xe9"]', 'latin1')])
          yield call(method, pathOf(route), { body: bytes }).then((a) =>
            problem(`${route} ${bytes.toString('hex').slice(0, 40)}`, a, { status: 400, names: 'body: is not valid UTF-8' }),
          );
      }
    };
    await expectNone(cases());
  });

  describe('events: each bad event is rejected on its own, naming the field; the rest of its batch is stored', () => {
    const base = (id: string, type: string): Record<string, unknown> => {
      const common = { id, type, occurredAt: recentAt(1), conversationId: 'conv-odd', contactId: 'contact-odd', channel: 'webchat', tags: ['vip'], attributes: { note: 'hello', nested: { list: ['a', 1] } } };
      const extra: Record<string, Record<string, unknown>> = {
        'message.received': { sender: { type: 'customer' }, messageId: 'm-1' },
        'message.sent': { sender: { type: 'agent', id: 'ana' }, campaignId: 'camp', messageId: 'm-2' },
        'conversation.assigned': { agentId: 'ana', team: 'sales' },
        'csat.submitted': { rating: 4 },
        conversion: { value: 10, currency: 'EUR' },
        'conversation.opened': {},
        'message.delivered': { messageId: 'm-2' },
        'message.read': { messageId: 'm-2' },
        'message.failed': { messageId: 'm-2' },
      };
      return { ...common, ...extra[type] };
    };
    const TYPES = ['message.received', 'message.sent', 'conversation.assigned', 'csat.submitted', 'conversion', 'conversation.opened', 'message.delivered', 'message.read', 'message.failed'];
    let n = 0;
    const goodId = () => `good-${Date.now()}-${n++}`;

    /** Sends [good, bad, good, bad, …, good]; every bad one must be rejected naming its field. */
    async function batch(bads: { label: string; text: string }[]) {
      const parts: string[] = [JSON.stringify(base(goodId(), 'message.received'))];
      for (const b of bads) parts.push(b.text, JSON.stringify(base(goodId(), 'message.sent')));
      const r = await post(server.url, key, `[${parts.join(',')}]`);
      expect(r.status).toBe(200);
      expect(r.json.accepted).toBe(bads.length + 1);
      const failures = bads.flatMap((b, i) => {
        const rejected = r.json.rejected.find((x: { index: number }) => x.index === 2 * i + 1);
        return rejected?.errors.some((e: string) => e.startsWith(b.label)) ? [] : [`${b.label} ${b.text.slice(0, 200)} → ${JSON.stringify(rejected)}`];
      });
      expect(failures).toEqual([]);
      expect(r.json.rejected).toHaveLength(bads.length);
    }

    it('NUL in every string field, tag, attribute value and attribute key, and in every field name', async () => {
      const bads: { label: string; text: string }[] = [];
      for (const type of TYPES) {
        const event = base('placeholder', type);
        // Every string leaf, spoiled with NUL (ids made unique first).
        for (const [label, text] of spoiled(event, '\u0000')) {
          const unique = JSON.parse(text);
          if (label !== 'id: ') unique.id = `bad-${n++}`;
          bads.push({ label, text: JSON.stringify(unique) });
        }
        // Every field name, and an attribute key.
        for (const k of Object.keys(event)) {
          const renamed = Object.fromEntries(Object.entries({ ...event, id: `bad-${n++}` }).map(([x, v]) => [x === k ? `${k}\u0000` : x, v]));
          bads.push({ label: k === 'id' ? 'id: is required' : `${k}\u0000: is not a known field`, text: JSON.stringify(renamed) });
        }
        bads.push({ label: 'attributes: key "no\\u0000te"', text: JSON.stringify({ ...event, id: `bad-${n++}`, attributes: { ['no\u0000te']: 1 } }) });
        if ('sender' in event)
          bads.push({ label: 'sender.type\u0000: is not a known field', text: JSON.stringify({ ...event, id: `bad-${n++}`, sender: { ['type\u0000']: 'customer' } }) });
      }
      // The message of the issue, exactly.
      bads.push({ label: 'attributes.note: must not contain NUL (\\u0000)', text: JSON.stringify({ ...base(`bad-${n++}`, 'conversion'), attributes: { note: 'a\u0000b' } }) });
      expect(bads.length).toBeGreaterThan(60);
      await batch(bads);
    });

    it('extreme, leap-second and over-precise dates in occurredAt', async () => {
      const dates = [
        '0001-01-01T00:00:00Z',
        '0000-01-01T00:00:00Z',
        '1999-12-31T23:59:59.999999Z',
        '9999-12-31T23:59:59Z',
        '275760-09-13T00:00:00Z',
        '+275760-09-13T00:00:00Z',
        '-000001-01-01T00:00:00Z',
        '-271821-04-20T00:00:00Z',
        '2016-12-31T23:59:60Z',
        `${recentAt(1).slice(0, 19)}.1234567891Z`,
        `${recentAt(1)}\u0000`,
        '9999-12-31',
      ];
      await batch(dates.map((occurredAt) => ({ label: 'occurredAt: ', text: JSON.stringify({ ...base(`bad-${n++}`, 'message.received'), occurredAt }) })));
    });

    it('numbers that overflow a double in every numeric field (value, rating) and in attributes', async () => {
      const raw = (event: Record<string, unknown>, field: string, number: string) => {
        const text = JSON.stringify({ ...event, [field]: '__RAW__' });
        return text.replace('"__RAW__"', number);
      };
      const bads: { label: string; text: string }[] = [];
      for (const number of ['1e400', '-1e400', '1' + '0'.repeat(400)]) {
        bads.push({ label: 'value: must be a finite number', text: raw(base(`bad-${n++}`, 'conversion'), 'value', number) });
        bads.push({ label: 'rating: must be a finite number', text: raw(base(`bad-${n++}`, 'csat.submitted'), 'rating', number) });
        bads.push({ label: 'attributes.big: must be a finite number', text: JSON.stringify(base(`bad-${n++}`, 'conversion')).replace('"note":"hello"', `"big":${number}`) });
        bads.push({ label: 'attributes.nested.list.1: must be a finite number', text: JSON.stringify(base(`bad-${n++}`, 'conversion')).replace('["a",1]', `["a",${number}]`) });
      }
      await batch(bads);
    });
  });

  /** Sends raw bytes on a fresh connection; resolves with everything the server wrote back. */
  const raw = (bytes: string | Buffer) =>
    new Promise<string>((done, fail) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end(bytes));
      let out = '';
      socket.on('data', (d) => (out += d));
      socket.on('close', () => done(out));
      socket.on('error', fail);
    });
  const jsonOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

  it.each([
    ['headers too large', 431, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['a cookie too large', 431, `GET /api/v1/metrics/overview HTTP/1.1\r\nHost: x\r\nCookie: parley_session=${'a'.repeat(70_000)}\r\n\r\n`],
    ['a garbage request line', 400, 'GARBAGE\r\n\r\n'],
    ['a header line without a colon', 400, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'],
    ['NUL in a header value', 400, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n'],
    ['NUL in the path', 400, 'GET /api/v1/he\u0000alth HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a byte that is not ASCII in the path', 400, Buffer.from('GET /api/v1/health?x=\xff HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')],
    ['a bad chunk size', 400, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n'],
    ['both Content-Length and chunked', 400, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}'],
  ])("%s: Node's HTTP parser refuses it, and the answer is JSON (%d)", async (_label, status, bytes) => {
    const response = await raw(bytes);
    expect(response).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(response).toMatch(/\r\nContent-Type: application\/json/i);
    expect(jsonOf(response)).toEqual({ statusCode: status, error: expect.any(String), message: expect.stringMatching(/^(headers|request): /), code: expect.any(String) });
  });

  it.each([
    ['GET', '/api/nope', 'none', 404],
    ['POST', '/api/nope', 'none', 404],
    ['GET', '/api/docs/nope', 'none', 404],
    ['GET', '/api/docs/assets/nope.js', 'none', 404],
    ['GET', '/api/v2/metrics/overview', 'key', 404],
    ['GET', '/api/v1/nope', 'key', 404],
    ['DELETE', '/api/v1/metrics/overview', 'key', 404],
    ['GET', '/api/v1/nope', 'none', 401], // no route is visible without credentials
  ] as [string, string, Auth, number][])('%s %s (%s) answers JSON %d', async (method, path, auth, status) => {
    const a = await call(method, path, { auth });
    expect(problem(`${method} ${path}`, a, { status })).toBeNull();
    expect(a.json.message).toBeTruthy();
  });
});

const PARAMS = [...QUERY_PARAMS, 'x', '__proto__', 'constructor'];
const odd = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udc00x', '1e400', '-1e400', 'Infinity', 'NaN', '%00', '%FF', '%E0%A4%A', ...ODD_DATES);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', '2026-10-01', '2026-02-30', '9999-12-31T23:59:59Z', 'Europe/Berlin', 'hour', 'agent', 'csv', '-1', '1e309', '[]', '{}'),
  odd,
  fc.string({ unit: 'binary', maxLength: 12 }),
);
/** Percent-encodes any string, lone surrogates included (encodeURIComponent throws on those). */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
};
const query = fc.array(fc.tuple(fc.constantFrom(...PARAMS), text), { maxLength: 6 });
// JSON.stringify cannot write a number that overflows a double: these are written by hand.
const overflowing = fc.constantFrom(
  '{"value":1e400}',
  '[{"id":"o1","type":"conversion","occurredAt":"2026-10-01T00:00:00Z","conversationId":"c","contactId":"k","channel":"sms","value":-1e400,"currency":"EUR"}]',
  '{"email":1e400,"password":"x"}',
  '{"name":"n","scopes":["read"],"x":1e400}',
  '{"role":1e400}',
);
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  overflowing,
  fc.constant('{"id": "x", "type": "message.received", "occurredAt": "2026-10-01T00:00:00Z"'),
  fc.array(fc.record({ id: text, type: text, occurredAt: text, channel: text, sender: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 20 }).map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 60 }),
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', '');
const auth = fc.constantFrom<Auth>('key', 'session', 'none', 'garbage', 'basic');

it('never answers 5xx to malformed requests on any route, and stays healthy', async () => {
  expect(routes.length).toBeGreaterThanOrEqual(12);
  let requests = 0;
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes), text, query, body, contentType, auth, async (route, param, q, b, ct, a) => {
      const path = route.path.replace(/:\w+/, encode(param) || 'x');
      const qs = q.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
      const answer = await call(route.method, path, { query: qs, body: b, contentType: ct, auth: a });
      requests++;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const p = problem(`${route.method} ${path}?${qs}`, answer);
      if (p) throw new Error(p);
    }),
    { numRuns: 3000, seed: 20261125 },
  );
  console.log(`fuzz: ${requests} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  const health = await fetch(`${server.url}/api/v1/health`);
  expect(health.status).toBe(200);
});
