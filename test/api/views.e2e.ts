/**
 * Saved views (docs/api.md "Saved views"): a signed-in user's named dashboard URLs. CRUD, the
 * 400s naming the field, the per-user limit, API keys refused, and isolation: another user of the
 * same workspace, and a user of another workspace, can neither see nor change nor delete them.
 */
import { MAX_VIEWS_PER_USER } from '@parley/shared';
import { type Server, apiCall, databaseEnv, newWorkspace, sessionHeaders, startServer } from '../support/server';

jest.setTimeout(300_000);

let db: ReturnType<typeof databaseEnv>;
let server: Server;

beforeAll(async () => {
  db = databaseEnv();
  // Each session signs in from an address of its own: the sign-in limits count per address.
  server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1' });
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

let sessions = 0;

/** A signed-in user's calls: the session cookie, the CSRF header on writes. */
interface Session {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
}

async function signedIn(workspace: string, role = 'member'): Promise<Session> {
  const headers = await sessionHeaders(server.url, db.env, workspace, role, `203.0.113.${++sessions}`);
  return { call: (method, path, body) => apiCall(server.url, method, path, body, headers) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it('creates, lists (by name, ignoring case), renames, changes and deletes a view', async () => {
  const ws = await newWorkspace(db.env, 'views-crud');
  const me = await signedIn(ws.name);
  expect(await me.call('GET', '/views')).toEqual({ status: 200, json: [] });

  const a = await me.call('POST', '/views', { name: '  WhatsApp, last 7 days ', path: '/', query: 'period=7d&channel=whatsapp&metric=messagesIn' });
  expect(a.status).toBe(201);
  expect(a.json).toEqual({
    id: expect.stringMatching(UUID),
    name: 'WhatsApp, last 7 days',
    path: '/',
    query: 'period=7d&channel=whatsapp&metric=messagesIn',
    createdAt: expect.any(String),
    updatedAt: a.json.createdAt,
  });
  const b = await me.call('POST', '/views', { name: 'agents', path: '/response-times', query: 'groupBy=agent&sla=600' });
  expect(b.status).toBe(201);
  // An empty query is the page's defaults; query may be left out.
  const c = await me.call('POST', '/views', { name: 'Channels', path: '/channels' });
  expect(c.json.query).toBe('');
  expect((await me.call('GET', '/views')).json.map((v: { name: string }) => v.name)).toEqual(['agents', 'Channels', 'WhatsApp, last 7 days']);

  const renamed = await me.call('PATCH', `/views/${a.json.id}`, { name: 'WA weekly' });
  expect(renamed.status).toBe(200);
  expect(renamed.json).toMatchObject({ id: a.json.id, name: 'WA weekly', path: '/', query: 'period=7d&channel=whatsapp&metric=messagesIn', createdAt: a.json.createdAt });
  expect(Date.parse(renamed.json.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a.json.updatedAt));
  const changed = await me.call('PATCH', `/views/${a.json.id}`, { path: '/engagement', query: 'period=30d&volume=messagesOut' });
  expect(changed.json).toMatchObject({ name: 'WA weekly', path: '/engagement', query: 'period=30d&volume=messagesOut' });

  expect((await me.call('DELETE', `/views/${b.json.id}`)).status).toBe(204);
  expect((await me.call('DELETE', `/views/${b.json.id}`)).status).toBe(404);
  expect((await me.call('PATCH', `/views/${b.json.id}`, { name: 'x' })).json.code).toBe('VIEW_NOT_FOUND');
  expect((await me.call('GET', '/views')).json.map((v: { id: string }) => v.id)).toEqual([c.json.id, a.json.id]);
});

it('answers 400 naming the field for a bad body or id, and 409 for a name taken in any case', async () => {
  const ws = await newWorkspace(db.env, 'views-bad');
  const me = await signedIn(ws.name);
  const bad = async (body: unknown) => {
    const r = await me.call('POST', '/views', body);
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('BAD_REQUEST');
    return r.json.message as string[];
  };
  expect(await bad({ name: '   ', path: '/' })).toEqual(['name: must not be empty']);
  expect(await bad({ name: 'x'.repeat(81), path: '/' })).toEqual(['name: must be at most 80 characters']);
  expect(await bad({ name: 'a\u0000b', path: '/' })).toEqual(['name: must not contain control characters']);
  expect(await bad({ name: 'ok', path: '/settings' })).toEqual([expect.stringMatching(/^path: /)]);
  expect(await bad({ name: 'ok', path: '/', query: 'period=7d&evil=1' })).toEqual(["query: has unknown parameter 'evil'"]);
  expect(await bad({ name: 'ok', path: '/', query: 'period=%E0%A4%A' })).toEqual(["query: has a '%' that is not a percent-escape"]);
  expect(await bad({ name: 'ok', path: '/', query: 'campaign=%FF' })).toEqual(['query: has an escape that is not UTF-8']);
  expect(await bad({ name: 'ok', path: '/', query: '?period=7d' })).toEqual(["query: must not start with '?'"]);
  expect(await bad({ name: 'ok', path: '/', query: `campaign=${'x'.repeat(2000)}` })).toEqual(['query: must be at most 2000 characters']);
  expect(await bad({ name: 'ok', path: '/', extra: 1 })).toEqual([expect.stringMatching(/extra/)]);
  expect(await bad({ path: 42 })).toEqual([expect.stringMatching(/^name: /), expect.stringMatching(/^path: /)]);
  expect(await bad([])).toEqual([expect.stringMatching(/^body: /)]);
  const notJson = await me.call('POST', '/views', '{"name":');
  expect(notJson.status).toBe(400);

  const made = await me.call('POST', '/views', { name: 'Weekly', path: '/' });
  const again = await me.call('POST', '/views', { name: 'weekly', path: '/loyalty' });
  expect(again.status).toBe(409);
  expect(again.json).toMatchObject({ code: 'VIEW_EXISTS', message: expect.stringMatching(/^name: .*'weekly'/) });
  const other = await me.call('POST', '/views', { name: 'Other', path: '/' });
  expect((await me.call('PATCH', `/views/${other.json.id}`, { name: 'WEEKLY' })).status).toBe(409);
  expect((await me.call('PATCH', `/views/${made.json.id}`, {})).json.message).toEqual(['body: send at least one of name, path, query']);
  expect((await me.call('PATCH', `/views/${made.json.id}`, { query: 'x=1' })).json.message).toEqual(["query: has unknown parameter 'x'"]);
  for (const id of ['not-a-uuid', '1', "1' OR 1=1"]) {
    const r = await me.call('PATCH', `/views/${encodeURIComponent(id)}`, { name: 'n' });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('id: must be a view id (a UUID)');
    expect((await me.call('DELETE', `/views/${encodeURIComponent(id)}`)).status).toBe(400);
  }
  // Renaming to its own name in another case is no conflict with itself.
  expect((await me.call('PATCH', `/views/${made.json.id}`, { name: 'WEEKLY' })).json.name).toBe('WEEKLY');
});

it("keeps each user's views private: another user of the workspace, or of another workspace, gets 404", async () => {
  const ws = await newWorkspace(db.env, 'views-iso');
  const owner = await signedIn(ws.name, 'admin');
  const colleague = await signedIn(ws.name, 'admin');
  const stranger = await signedIn((await newWorkspace(db.env, 'views-iso-other')).name, 'admin');
  const view = (await owner.call('POST', '/views', { name: 'Mine', path: '/', query: 'period=7d' })).json;

  for (const other of [colleague, stranger]) {
    expect((await other.call('GET', '/views')).json).toEqual([]);
    const rename = await other.call('PATCH', `/views/${view.id}`, { name: 'Theirs' });
    expect(rename.status).toBe(404);
    expect(rename.json.code).toBe('VIEW_NOT_FOUND');
    expect((await other.call('DELETE', `/views/${view.id}`)).status).toBe(404);
    // The same name is free for them: names are unique per user.
    expect((await other.call('POST', '/views', { name: 'Mine', path: '/' })).status).toBe(201);
  }
  expect((await owner.call('GET', '/views')).json).toEqual([view]);
});

it('refuses API keys (403, saying why) and callers without a session (401)', async () => {
  const ws = await newWorkspace(db.env, 'views-key');
  for (const [method, path, body] of [
    ['GET', '/views', undefined],
    ['POST', '/views', { name: 'k', path: '/' }],
    ['DELETE', '/views/00000000-0000-4000-8000-000000000000', undefined],
  ] as const) {
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${ws.key}`, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    });
    expect(r.status).toBe(403);
    expect((await r.json()).message).toMatch(/signed-in user.*API keys cannot/);
    expect((await fetch(`${server.url}/api/v1${path}`, { method })).status).toBe(401);
  }
});

it(`keeps at most ${MAX_VIEWS_PER_USER} views per user, with a clear 409`, async () => {
  const ws = await newWorkspace(db.env, 'views-limit');
  const me = await signedIn(ws.name);
  for (let i = 0; i < MAX_VIEWS_PER_USER; i++) expect((await me.call('POST', '/views', { name: `v${i}`, path: '/' })).status).toBe(201);
  const over = await me.call('POST', '/views', { name: 'one more', path: '/' });
  expect(over.status).toBe(409);
  expect(over.json).toMatchObject({ code: 'VIEW_LIMIT', message: `name: you have ${MAX_VIEWS_PER_USER} saved views, the most one user can keep; delete one first` });
  // The limit is per user: a colleague still saves.
  expect((await (await signedIn(ws.name)).call('POST', '/views', { name: 'one more', path: '/' })).status).toBe(201);
  // Saves at once near the limit are counted one after the other: never more than the limit.
  const racer = await signedIn(ws.name);
  for (let i = 0; i < MAX_VIEWS_PER_USER - 3; i++) await racer.call('POST', '/views', { name: `r${i}`, path: '/' });
  const raced = await Promise.all(Array.from({ length: 8 }, (_, i) => racer.call('POST', '/views', { name: `race ${i}`, path: '/' })));
  expect(raced.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
  expect((await racer.call('GET', '/views')).json).toHaveLength(MAX_VIEWS_PER_USER);
  const first = (await me.call('GET', '/views')).json[0];
  expect((await me.call('DELETE', `/views/${first.id}`)).status).toBe(204);
  expect((await me.call('POST', '/views', { name: 'one more', path: '/' })).status).toBe(201);
});
