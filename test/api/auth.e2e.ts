import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { type Server, cli, databaseEnv, databaseUrl, newWorkspace, startServer } from '../support/server';

jest.setTimeout(300_000);

let db: ReturnType<typeof databaseEnv>;
let server: Server;

beforeAll(async () => {
  db = databaseEnv();
  // Trusting the proxy headers lets each test browser come from an address of its own
  // (X-Forwarded-For), as the sign-in limits count per IP address.
  server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1' });
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

let addresses = 0;
/** A fresh client address (TEST-NET-2, 198.51.100.0/24, then on). */
const newIp = () => `198.51.${100 + Math.floor(addresses / 250)}.${(addresses++ % 250) + 1}`;

/** A tiny cookie jar: what the browser would keep and send, from its own IP address. */
class Browser {
  cookies = new Map<string, string>();
  constructor(
    readonly ip = newIp(),
    readonly base = () => server.url,
  ) {}
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('x-forwarded-for', this.ip);
    const r = await fetch(`${this.base()}${path}`, { ...init, headers, redirect: 'manual' });
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
  expect(await r.json()).toEqual({ user: { email: u.email, role: 'admin' }, workspace: { name: u.name, timeZone: 'UTC', hasEvents: false, firstEventAt: null, lastEventAt: null, businessHours: { set: false, recompute: null } } });
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

describe('sign-in limits', () => {
  const counts = (rs: Response[]) => {
    const c: Record<number, number> = {};
    for (const r of rs) c[r.status] = (c[r.status] ?? 0) + 1;
    return c;
  };
  /** The account's failure count as stored: keyed by a hash of the lower-cased email. */
  async function accountCount(email: string): Promise<number | null> {
    const client = new Client({ connectionString: databaseUrl(db.env) });
    await client.connect();
    try {
      const key = createHash('sha256').update(`account\n${email.toLowerCase()}`).digest();
      const { rows } = await client.query('SELECT attempts FROM login_attempts WHERE key = $1', [key]);
      return rows.length ? rows[0].attempts : null;
    } finally {
      await client.end();
    }
  }

  it('counts before checking: of 40 parallel wrong passwords for one account, from 40 addresses, 5 are checked', async () => {
    const u = await userIn('limit-race');
    const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => new Browser().login(u.email, `wrong-${i}`)));
    expect(counts(rs)).toEqual({ 401: 5, 429: 35 });
    for (const r of rs.filter((x) => x.status === 429)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(900);
      expect((await r.json()).code).toBe('RATE_LIMITED');
    }
    // Refused attempts are not failures: the stored count is the 5 checked ones.
    expect(await accountCount(u.email)).toBe(5);
    // Any client without a device cookie for the account is now refused, the right password too.
    expect((await new Browser().login(u.email, u.password)).status).toBe(429);
    // Unknown emails are limited alike (nothing tells whether an email exists).
    const nobody = `nobody-${Date.now()}@example.com`;
    expect(counts(await Promise.all(Array.from({ length: 40 }, () => new Browser().login(nobody, 'wrong password'))))).toEqual({ 401: 5, 429: 35 });
  });

  it('two API processes on one database share the count', async () => {
    const u = await userIn('limit-two');
    const second = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1' });
    try {
      const rs = await Promise.all(
        Array.from({ length: 40 }, (_, i) => new Browser(newIp(), () => (i % 2 ? second.url : server.url)).login(u.email, `wrong-${i}`)),
      );
      expect(counts(rs)).toEqual({ 401: 5, 429: 35 });
      expect((await new Browser(newIp(), () => second.url).login(u.email, u.password)).status).toBe(429);
    } finally {
      await second.stop();
    }
  });

  it("a browser with the account's device cookie signs in while others are locked out; it has its own count", async () => {
    const u = await userIn('limit-device');
    const owner = new Browser();
    const first = await owner.login(u.email, u.password);
    expect(first.status).toBe(200);
    const deviceCookie = first.headers.getSetCookie().find((c) => c.startsWith('parley_device='))!;
    expect(deviceCookie).toMatch(/HttpOnly/i);
    expect(deviceCookie).toMatch(/SameSite=Strict/i);
    expect(deviceCookie).toMatch(/Path=\/api\/v1\/auth\/login/i);
    // An attacker elsewhere locks the account for untrusted clients...
    const attack = await Promise.all(Array.from({ length: 10 }, (_, i) => new Browser().login(u.email, `guess-${i}`)));
    expect(counts(attack)).toEqual({ 401: 5, 429: 5 });
    expect((await new Browser().login(u.email, u.password)).status).toBe(429);
    // ...but not for the owner's browser, which gets a new device cookie at each sign-in.
    const before = owner.cookies.get('parley_device');
    expect((await owner.login(u.email, u.password)).status).toBe(200);
    expect(owner.cookies.get('parley_device')).not.toBe(before);
    // The replaced cookie is no longer trusted.
    const stale = new Browser();
    stale.cookies.set('parley_device', before!);
    expect((await stale.login(u.email, u.password)).status).toBe(429);
    // A device cookie of another account does not help.
    const other = await userIn('limit-device-other');
    const attacker = new Browser();
    expect((await attacker.login(other.email, other.password)).status).toBe(200);
    expect(attacker.cookies.has('parley_device')).toBe(true);
    expect((await attacker.login(u.email, 'guess-again')).status).toBe(429);
    // The owner's browser has 5 failures of its own, then it is refused too.
    for (let i = 0; i < 5; i++) expect((await owner.login(u.email, `typo-${i}`)).status).toBe(401);
    expect((await owner.login(u.email, u.password)).status).toBe(429);
  });

  it('limits failures per IP address (20 per 15 minutes) over any accounts; a device cookie is exempt', async () => {
    const u = await userIn('limit-ip');
    const ip = newIp();
    const owner = new Browser(ip);
    expect((await owner.login(u.email, u.password)).status).toBe(200);
    const stamp = Date.now();
    const spray = (n: number, from: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => new Browser(ip).login(`spray-${stamp}-${from + i}@example.com`, 'Winter2026!')));
    expect(counts(await spray(19, 0))).toEqual({ 401: 19 });
    // A success from the address does not clear its count (else an attacker would sign in to an
    // account of their own between guesses).
    expect((await new Browser(ip).login(u.email, u.password)).status).toBe(200);
    expect(counts(await spray(3, 19))).toEqual({ 401: 1, 429: 2 });
    const refused = await new Browser(ip).login(u.email, u.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other addresses are not affected, and the owner's browser (device cookie) still signs in.
    expect((await new Browser().login(u.email, u.password)).status).toBe(200);
    expect((await owner.login(u.email, u.password)).status).toBe(200);
  });

  it("a successful sign-in clears the account's failures", async () => {
    const u = await userIn('limit-reset');
    for (let i = 0; i < 4; i++) expect((await new Browser().login(u.email, `wrong-${i}`)).status).toBe(401);
    expect(await accountCount(u.email)).toBe(4);
    expect((await new Browser().login(u.email.toUpperCase(), u.password)).status).toBe(200);
    expect(await accountCount(u.email)).toBeNull();
    for (let i = 0; i < 5; i++) expect((await new Browser().login(u.email, `wrong-again-${i}`)).status).toBe(401);
    expect((await new Browser().login(u.email, 'wrong once more')).status).toBe(429);
  });
});

it("a session only ever sees its own workspace's data", async () => {
  const a = await userIn('auth-iso-a');
  const b = await userIn('auth-iso-b');
  const event = { id: 'iso-1', type: 'message.received', occurredAt: new Date(Date.now() - 3600_000).toISOString(), conversationId: 'c', contactId: 'k', channel: 'sms', sender: { type: 'customer' } };
  await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.key}` }, body: JSON.stringify(event) });
  const browser = new Browser();
  await browser.login(b.email, b.password);
  const me = await (await browser.fetch('/api/v1/auth/me')).json();
  expect(me.workspace).toEqual({ name: b.name, timeZone: 'UTC', hasEvents: false, firstEventAt: null, lastEventAt: null, businessHours: { set: false, recompute: null } });
  const overview = await (await browser.fetch('/api/v1/metrics/overview')).json();
  expect(overview.current.messagesIn).toBe(0);
});

it("me: the range of the workspace's own events (earliest and latest occurredAt, exact, in its zone)", async () => {
  const old = await newWorkspace(db.env, 'range-old', 'ingest,read', 'Europe/Berlin');
  const other = await newWorkspace(db.env, 'range-other', 'ingest,read', 'Europe/Berlin');
  const empty = await newWorkspace(db.env, 'range-empty', 'ingest,read', 'Europe/Berlin');
  const event = (id: string, occurredAt: string) => ({ id, type: 'message.received', occurredAt, conversationId: 'c', contactId: 'k', channel: 'sms', sender: { type: 'customer' } });
  const send = async (key: string, events: unknown[]) => {
    const r = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(events) });
    expect((await r.json()).accepted).toBe(events.length);
  };
  // Sent out of order; microseconds kept; the other workspace's events lie before and after these.
  await send(old.key, [event('b', '2020-06-30T12:00:00Z'), event('a', '2019-03-04T08:15:02.123456Z'), event('c', '2020-12-20T17:02:11Z')]);
  await send(other.key, [event('x', '2018-01-01T00:00:00Z'), event('y', new Date(Date.now() - 3600_000).toISOString())]);
  const me = async (key: string) => (await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } })).json()).workspace;
  expect(await me(old.key)).toMatchObject({ hasEvents: true, firstEventAt: '2019-03-04T09:15:02.123456+01:00', lastEventAt: '2020-12-20T18:02:11+01:00' });
  const o = await me(other.key);
  expect(o.firstEventAt).toBe('2018-01-01T01:00:00+01:00');
  expect(Date.parse(o.lastEventAt)).toBeGreaterThan(Date.now() - 2 * 3600_000);
  expect(await me(empty.key)).toMatchObject({ hasEvents: false, firstEventAt: null, lastEventAt: null });
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
    // An email is one user's, whatever its case (user_emails).
    expect((await json(admin, 'POST', '/api/v1/admin/users', { email: memberEmail.toUpperCase(), password: 'member password 2', role: 'member' })).status).toBe(409);
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
    // The removed user's email is free again.
    expect((await json(admin, 'POST', '/api/v1/admin/users', { email: memberEmail, password: 'member password 3', role: 'member' })).status).toBe(201);
    expect((await new Browser().login(memberEmail, 'member password 3')).status).toBe(200);
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
