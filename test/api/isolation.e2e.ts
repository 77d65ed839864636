/**
 * Tenant isolation: every route the app registers (read from the app's own route table as it
 * logs it at start, so a new route cannot escape) is called with workspace B's key and B's
 * session cookie. Nothing of workspace A may come back, and A's data must not change.
 */
import { Client } from 'pg';
import { REPORT_NAMES } from '@parley/shared';
import { generateEvents } from '@parley/shared/generate';
import { type Server, cli, databaseEnv, databaseUrl, ingestAll, newWorkspace, startServer } from '../support/server';

jest.setTimeout(300_000);

let db: ReturnType<typeof databaseEnv>;
let server: Server;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

/** The routes Nest mapped, from its own start-up log: `Mapped {/api/v1/events, POST} route`. */
function registeredRoutes(output: string): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const m = /^Mapped \{(\S+), (\w+)\} route$/.exec(JSON.parse(line).msg ?? '');
    // One route serves every report of the registry: each is called as its own route.
    if (m) for (const path of m[1].includes(':report') ? REPORT_NAMES.map((name) => m[1].replace(':report', name)) : [m[1]]) routes.push({ path, method: m[2] });
  }
  return routes;
}

async function snapshot(workspace: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl(db.env) });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM events e WHERE e.workspace_id = w.workspace_id) AS events,
              (SELECT md5(string_agg(to_jsonb(f)::text, '' ORDER BY conversation_id)) FROM conversation_facts f WHERE f.workspace_id = w.workspace_id) AS facts,
              (SELECT count(*) FROM api_keys k WHERE k.workspace_id = w.workspace_id AND k.revoked_at IS NULL) AS keys,
              (SELECT count(*) FROM users u WHERE u.workspace_id = w.workspace_id) AS users,
              (SELECT string_agg(connection_id || ':' || deliveries, ',') FROM connections c WHERE c.workspace_id = w.workspace_id) AS connections,
              (SELECT schedule::text || updated_at::text FROM business_hours h WHERE h.workspace_id = w.workspace_id) AS hours
         FROM workspaces w WHERE w.name = $1`,
      [workspace],
    );
    return JSON.stringify(rows[0]);
  } finally {
    await client.end();
  }
}

it('no route returns or changes another workspace’s data, with a key or a session', async () => {
  const routes = registeredRoutes(server.output());
  expect(routes.length).toBeGreaterThanOrEqual(12);
  console.log(`isolation: ${routes.length} routes: ${routes.map((r) => `${r.method} ${r.path}`).join(', ')}`);

  // Workspace A: data whose ids are easy to spot in any answer.
  const a = await newWorkspace(db.env, 'iso-a');
  const eventsA = generateEvents({ events: 2000, seed: 5 }).map((e) => ({
    ...e, id: `A-ID-${e.id}`, conversationId: `AAAA-${e.conversationId}`, contactId: `AAAA-${e.contactId}`,
    ...(e.campaignId && { campaignId: `AAAA-${e.campaignId}` }),
  }));
  expect(eventsA.some((e) => e.campaignId)).toBe(true); // the campaigns report would show them
  await ingestAll(server.url, a.key, eventsA);
  const passwordA = 'password of workspace a';
  const emailA = `a-${Date.now()}@example.com`;
  await cli(['users', 'create', '--workspace', a.name, '--email', emailA, '--role', 'admin', '--password', passwordA], db.env);
  // A's admin connects a platform account: its id is a path parameter below.
  const loginA = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: emailA, password: passwordA }) });
  const cookiesA = loginA.headers.getSetCookie().map((c) => c.split(';')[0]);
  const connA = await fetch(`${server.url}/api/v1/connections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookiesA.join('; '), 'x-csrf-token': cookiesA.find((c) => c.startsWith('parley_csrf='))!.split('=')[1] },
    body: JSON.stringify({ kind: 'whatsapp', name: 'AAAA-line', secrets: { appSecret: 'app secret of a'.replace(/ /g, '-') } }),
  });
  expect(connA.status).toBe(201);
  const connectionA = (await connA.json()).id as string;
  // A's business hours, in a zone no other answer names: B's GET must not see it, nor B's DELETE remove it.
  const sessionA = { cookie: cookiesA.join('; '), 'x-csrf-token': cookiesA.find((c) => c.startsWith('parley_csrf='))!.split('=')[1] };
  const hoursA = { timeZone: 'Pacific/Chatham', mon: [['09:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], holidays: ['2026-12-25'] };
  const putA = await fetch(`${server.url}/api/v1/settings/business-hours`, { method: 'PUT', headers: { 'content-type': 'application/json', ...sessionA }, body: JSON.stringify(hoursA) });
  expect(putA.status).toBe(200);
  // The PUT starts A's own recompute of business time: let it finish before A's state is taken.
  for (let i = 0; ; i++) {
    const me = await (await fetch(`${server.url}/api/v1/auth/me`, { headers: sessionA })).json();
    if (me.workspace.businessHours.recompute === null) break;
    if (i > 600) throw new Error("workspace A's business-hours recompute did not finish in 60 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const before = await snapshot(a.name);

  // Workspace B: a key with every scope, and a signed-in admin.
  const b = await newWorkspace(db.env, 'iso-b');
  const emailB = `b-${Date.now()}@example.com`;
  await cli(['users', 'create', '--workspace', b.name, '--email', emailB, '--role', 'admin', '--password', 'password of workspace b'], db.env);
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: emailB, password: 'password of workspace b' }) });
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('parley_csrf='))!.split('=')[1];

  const credentials: Record<string, Record<string, string>> = {
    key: { authorization: `Bearer ${b.key}` },
    session: { cookie: cookies.join('; '), 'x-csrf-token': csrf },
  };
  // Queries over the whole period; a body that reuses one of A's event ids (in B's own conversation).
  const query = 'from=2026-08-01&to=2026-12-01&tz=UTC';
  const body = JSON.stringify({ ...eventsA[0], conversationId: 'BBBB-conv', contactId: 'BBBB-contact' });
  let calls = 0;
  for (const route of routes) {
    const { method } = route;
    if (route.path === '/api/v1/auth/logout') continue; // would end B's session midway; checked below
    // Path parameters name A's things: its key's prefix, its user's email, its conversation.
    const path = route.path
      .replace(':prefix', a.key.slice(0, 13))
      .replace(':email', encodeURIComponent(emailA))
      .replace(':kind', 'whatsapp')
      .replace(':connectionId', connectionA)
      .replace(':conversationId', encodeURIComponent(eventsA[0].conversationId))
      .replace(':id', connectionA);
    for (const [how, headers] of Object.entries(credentials)) {
      const r = await fetch(`${server.url}${path}?${query}`, {
        method,
        headers: { ...headers, ...(method !== 'GET' && { 'content-type': 'application/json' }) },
        ...(method !== 'GET' && { body }),
      });
      calls++;
      const text = await r.text();
      if (r.status >= 500) throw new Error(`${method} ${path} (${how}) answered ${r.status}: ${text}`);
      if (text.includes('AAAA-') || text.includes('Pacific/Chatham')) throw new Error(`${method} ${path} (${how}) returned workspace A's data: ${text.slice(0, 300)}`);
    }
  }
  expect(calls).toBeGreaterThanOrEqual(routes.length);
  const logout = await fetch(`${server.url}/api/v1/auth/logout`, { method: 'POST', headers: credentials.session });
  expect(logout.status).toBe(204);

  // B's ingest of A's event ids created B's own events; A is exactly as it was.
  expect(await snapshot(a.name)).toBe(before);
  expect(await (await fetch(`${server.url}/api/v1/settings/business-hours`, { headers: sessionA })).json()).toEqual(hoursA);
  const mine = await fetch(`${server.url}/api/v1/exports/events.csv?${query}`, { headers: credentials.key });
  expect((await mine.text()).split('\r\n').filter(Boolean)).toHaveLength(2); // header + B's copy of one event
});

it('the OpenAPI document describes every registered route', async () => {
  const doc = await (await fetch(`${server.url}/api/docs/openapi.json`)).json();
  const missing = registeredRoutes(server.output())
    .map(({ method, path }) => ({ method: method.toLowerCase(), path: path.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}') }))
    .filter(({ method, path }) => !doc.paths[path]?.[method]);
  expect(missing).toEqual([]);
});
