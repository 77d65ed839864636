import { type Server, cli, databaseEnv, newWorkspace, startServer } from '../support/server';

jest.setTimeout(300_000);

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

/** A tiny cookie jar: what the browser would keep and send. */
class Browser {
  cookies = new Map<string, string>();
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const r = await fetch(`${server.url}${path}`, { ...init, headers, redirect: 'manual' });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(c) || v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return r;
  }
  login(email: string, password: string) {
    return this.fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  }
}

async function userIn(label: string, role = 'admin') {
  const ws = await newWorkspace(db.env, label);
  const email = `${label}-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  const r = await cli(['users', 'create', '--workspace', ws.name, '--email', email, '--role', role, '--password', password], db.env);
  expect(r.code).toBe(0);
  return { ...ws, email, password };
}

it('signs in with email and password: httpOnly session cookie, then reads metrics with it', async () => {
  const u = await userIn('auth-basic');
  const browser = new Browser();
  const r = await browser.login(u.email, u.password);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ user: { email: u.email, role: 'admin' }, workspace: { name: u.name, timeZone: 'UTC', hasEvents: false } });
  const setCookies = r.headers.getSetCookie();
  expect(setCookies.find((c) => c.startsWith('parley_session='))).toMatch(/HttpOnly/i);
  expect(setCookies.find((c) => c.startsWith('parley_session='))).toMatch(/SameSite=Lax/i);
  expect(setCookies.find((c) => c.startsWith('parley_csrf='))).not.toMatch(/HttpOnly/i);
  expect((await browser.fetch('/api/v1/metrics/overview')).status).toBe(200);
  expect((await browser.fetch('/api/v1/exports/events.csv')).status).toBe(200);
  const me = await (await browser.fetch('/api/v1/auth/me')).json();
  expect(me.user.email).toBe(u.email);
});

it('rejects a wrong password and an unknown email alike, and validates the body', async () => {
  const u = await userIn('auth-wrong');
  const browser = new Browser();
  const wrong = await browser.login(u.email, 'not the password');
  const unknown = await browser.login('nobody@example.com', 'whatever it is');
  expect(wrong.status).toBe(401);
  expect(unknown.status).toBe(401);
  expect((await wrong.json()).message).toBe((await unknown.json()).message);
  const bad = await browser.fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x' }) });
  expect(bad.status).toBe(400);
  expect((await bad.json()).message).toEqual(expect.arrayContaining([expect.stringMatching(/^email: /), expect.stringMatching(/^password: /)]));
});

it('needs the CSRF token for a cookie-authenticated state change; logout ends the session', async () => {
  const u = await userIn('auth-logout');
  const browser = new Browser();
  await browser.login(u.email, u.password);
  const stolen = browser.cookies.get('parley_session')!;
  expect((await browser.fetch('/api/v1/auth/logout', { method: 'POST' })).status).toBe(403);
  const out = await browser.fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'x-csrf-token': browser.cookies.get('parley_csrf')! } });
  expect(out.status).toBe(204);
  expect(browser.cookies.has('parley_session')).toBe(false);
  // The old cookie no longer works: the session row is revoked server-side.
  const replay = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: `parley_session=${stolen}` } });
  expect(replay.status).toBe(401);
});

it('rotates the session at every sign-in', async () => {
  const u = await userIn('auth-rotate');
  const a = new Browser();
  await a.login(u.email, u.password);
  const first = a.cookies.get('parley_session');
  await a.login(u.email, u.password);
  expect(a.cookies.get('parley_session')).not.toBe(first);
});

it('limits failed sign-ins per account: 429 with Retry-After', async () => {
  const u = await userIn('auth-limit');
  const browser = new Browser();
  for (let i = 0; i < 5; i++) expect((await browser.login(u.email, `wrong-${i}`)).status).toBe(401);
  const limited = await browser.login(u.email, u.password);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
});

it("a session only ever sees its own workspace's data", async () => {
  const a = await userIn('auth-iso-a');
  const b = await userIn('auth-iso-b');
  const event = { id: 'iso-1', type: 'message.received', occurredAt: new Date(Date.now() - 3600_000).toISOString(), conversationId: 'c', contactId: 'k', channel: 'sms', sender: { type: 'customer' } };
  await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.key}` }, body: JSON.stringify(event) });
  const browser = new Browser();
  await browser.login(b.email, b.password);
  const me = await (await browser.fetch('/api/v1/auth/me')).json();
  expect(me.workspace).toEqual({ name: b.name, timeZone: 'UTC', hasEvents: false });
  const overview = await (await browser.fetch('/api/v1/metrics/overview')).json();
  expect(overview.current.messagesIn).toBe(0);
});

it('users create refuses bad input clearly', async () => {
  const ws = await newWorkspace(db.env, 'auth-cli');
  const run = (args: string[]) => cli(['users', 'create', '--workspace', ws.name, ...args], db.env);
  expect((await run(['--email', 'a@b.c', '--role', 'owner', '--password', 'long enough pw'])).stderr).toMatch(/--role must be admin or member/);
  expect((await run(['--email', 'not-an-email', '--role', 'member', '--password', 'long enough pw'])).stderr).toMatch(/email: /);
  expect((await run(['--email', 'short@b.c', '--role', 'member', '--password', 'short'])).stderr).toMatch(/password: must be at least 10/);
  expect((await run(['--email', 'a@b.c', '--role', 'member'])).stderr).toMatch(/--password is required when not run on a terminal/);
  const email = `dup-${Date.now()}@b.c`;
  expect((await run(['--email', email, '--role', 'member', '--password', 'long enough pw'])).code).toBe(0);
  expect((await run(['--email', email.toUpperCase(), '--role', 'member', '--password', 'long enough pw'])).stderr).toMatch(/already exists/);
});

describe('administration', () => {
  const json = (b: Browser, method: string, path: string, body?: unknown) =>
    b.fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': b.cookies.get('parley_csrf') ?? '' }, ...(body !== undefined && { body: JSON.stringify(body) }) });

  it('admins create (shown once), list and revoke keys; members and keys may not', async () => {
    const u = await userIn('admin-keys');
    const admin = new Browser();
    await admin.login(u.email, u.password);
    const created = await json(admin, 'POST', '/api/v1/admin/keys', { name: 'zapier', scopes: ['ingest'] });
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key.key).toMatch(/^prly_/);
    expect(key.prefix).toBe(key.key.slice(0, 13));
    const list = await (await admin.fetch('/api/v1/admin/keys')).json();
    const row = list.find((k: { prefix: string }) => k.prefix === key.prefix);
    expect(row).toMatchObject({ name: 'zapier', scopes: ['ingest'], lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(key.key);
    // The new key works, and its use is recorded.
    expect((await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` }, body: '[]' })).status).toBe(200);
    const used = (await (await admin.fetch('/api/v1/admin/keys')).json()).find((k: { prefix: string }) => k.prefix === key.prefix);
    expect(used.lastUsedAt).not.toBeNull();
    expect((await json(admin, 'DELETE', `/api/v1/admin/keys/${key.prefix}`)).status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` }, body: '[]' })).status).toBe(401);
    expect((await json(admin, 'POST', '/api/v1/admin/keys', { scopes: [] })).status).toBe(400);
    // An API key, even with every scope, cannot administer.
    expect((await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ${u.key}` } })).status).toBe(403);
    // The audit log names who (by user id) and the key's prefix, never the key nor an email.
    const audit = server.output().split('\n').filter((l) => l.includes('"audit":"key.create"'));
    expect(audit.some((l) => /"byUserId":\d+/.test(l) && l.includes(key.prefix))).toBe(true);
    expect(server.output()).not.toContain(key.key);
    expect(server.output()).not.toContain(u.email);
  });

  it('admins add users, change roles and remove them; members can read but not administer; the last admin stays', async () => {
    const u = await userIn('admin-users');
    const admin = new Browser();
    await admin.login(u.email, u.password);
    const memberEmail = `member-${Date.now()}@example.com`;
    expect((await json(admin, 'POST', '/api/v1/admin/users', { email: memberEmail, password: 'member password 1', role: 'member' })).status).toBe(201);
    expect((await json(admin, 'POST', '/api/v1/admin/users', { email: 'x@example.com', password: 'short', role: 'member' })).status).toBe(400);
    const member = new Browser();
    expect((await member.login(memberEmail, 'member password 1')).status).toBe(200);
    expect((await member.fetch('/api/v1/metrics/overview')).status).toBe(200);
    expect((await member.fetch('/api/v1/exports/events.csv')).status).toBe(200);
    expect((await member.fetch('/api/v1/admin/users')).status).toBe(403);
    expect((await json(member, 'POST', '/api/v1/admin/keys', { scopes: ['read'] })).status).toBe(403);
    // The only admin cannot be demoted or removed.
    expect((await json(admin, 'PATCH', `/api/v1/admin/users/${encodeURIComponent(u.email)}`, { role: 'member' })).status).toBe(409);
    expect((await json(admin, 'PATCH', `/api/v1/admin/users/${encodeURIComponent(memberEmail)}`, { role: 'admin' })).status).toBe(204);
    expect((await member.fetch('/api/v1/admin/users')).status).toBe(200);
    expect((await json(admin, 'DELETE', `/api/v1/admin/users/${encodeURIComponent(memberEmail)}`)).status).toBe(204);
    // Removing a user ends their sessions.
    expect((await member.fetch('/api/v1/auth/me')).status).toBe(401);
    const users = await (await admin.fetch('/api/v1/admin/users')).json();
    expect(users.map((x: { email: string }) => x.email)).toEqual([u.email]);
  });
});

it('marks the session cookie Secure when served over https behind a trusted proxy', async () => {
  const u = await userIn('auth-secure');
  const proxied = await startServer(db.env, { PARLEY_TRUST_PROXY: '1' });
  try {
    const r = await fetch(`${proxied.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: u.email, password: u.password }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.getSetCookie().find((c) => c.startsWith('parley_session='))).toMatch(/;\s*Secure/i);
  } finally {
    await proxied.stop();
  }
});
