/**
 * Settings from the API and the CLI: renaming a workspace and changing its zone (admins only, one's
 * own workspace only), changing one's own password (other sessions end), and the CLI's users list,
 * password reset and argument handling.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, addresses, signIn, suiteServer } from '../support/connectors';
import { cli, newWorkspace } from '../support/server';

jest.setTimeout(300_000);

const suite = suiteServer();
const ip = addresses('198.51.107.');
const PASSWORD = 'correct horse battery';
const patch = (s: Session, body: unknown) => s.fetch('/api/v1/workspace', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** The error message, its problems joined as the CLI joins them. */
const message = (r: { json: any }) => [r.json?.message].flat().join('; ');
const me = async (s: Session) => (await s.fetch('/api/v1/auth/me')).json;
const login = (email: string, password: string) => new Session(() => suite.server.url, ip()).post('/api/v1/auth/login', { email, password });

describe('PATCH /workspace', () => {
  it('an admin renames the workspace and changes its zone; reports use the zone from the next request', async () => {
    const admin = await signIn(suite, ip, 'ws-rename');
    const name = `${admin.workspace} renamed`;
    const r = await patch(admin.session, { name: `  ${name}  `, timeZone: 'asia/tokyo' });
    expect([r.status, message(r)]).toEqual([200, '']);
    expect(r.json).toEqual({ name, timeZone: 'Asia/Tokyo' });
    expect((await me(admin.session)).workspace).toMatchObject({ name, timeZone: 'Asia/Tokyo' });
    // A report without tz is in the workspace's zone: local midnights at +09:00.
    const overview = await admin.session.fetch('/api/v1/metrics/overview?from=2026-11-01&to=2026-11-03');
    expect(overview.status).toBe(200);
    expect(JSON.stringify(overview.json)).toMatch(/\+09:00/);
    // One field alone leaves the other as it is.
    expect((await patch(admin.session, { timeZone: 'UTC' })).json).toEqual({ name, timeZone: 'UTC' });
    // The CLI knows it by its new name.
    expect((await cli(['workspace', 'list'], suite.db.env)).stdout).toContain(`${name}\tUTC`);
    const audit = suite.server.output().split('\n').find((l) => l.includes('"audit":"workspace.update"') && l.includes('Asia/Tokyo'));
    expect(audit).toMatch(new RegExp(`"workspaceId":${admin.workspaceId}`));
    expect(audit).toMatch(/"byUserId":\d+/);
  });

  it('refuses an empty or too long name and an unknown zone, naming the field; a taken name is a 409', async () => {
    const admin = await signIn(suite, ip, 'ws-bad');
    const other = await newWorkspace(suite.db.env, 'ws-taken');
    const cases: [unknown, number, RegExp][] = [
      [{ name: '   ' }, 400, /^name: must be 1–100 printable characters/],
      [{ name: 'x'.repeat(101) }, 400, /^name: /],
      [{ name: 'tab\there' }, 400, /^name: /],
      [{ timeZone: 'Mars/Olympus' }, 400, /^timeZone: unknown time zone 'Mars\/Olympus'/],
      [{ timeZone: 42 }, 400, /^timeZone: /],
      [{}, 400, /send name, timeZone or both/],
      [{ name: 'ok', color: 'red' }, 400, /color/],
      [{ name: other.name }, 409, /^name: a workspace named .* already exists/],
    ];
    for (const [body, status, expected] of cases) {
      const r = await patch(admin.session, body);
      expect({ body, status: r.status }).toEqual({ body, status });
      expect(message(r)).toMatch(expected);
    }
    expect((await me(admin.session)).workspace.name).toBe(admin.workspace);
    // A name of exactly 100 characters (code points) is fine.
    expect((await patch(admin.session, { name: `${admin.workspace}-${'é'.repeat(100 - admin.workspace.length - 1)}` })).status).toBe(200);
  });

  it('members and API keys get 403; an admin changes only their own workspace', async () => {
    const a = await signIn(suite, ip, 'ws-iso-a');
    const member = await signIn(suite, ip, 'ws-iso-m', { role: 'member', workspace: a.workspace });
    const b = await signIn(suite, ip, 'ws-iso-b');
    const r = await patch(member.session, { name: 'taken over' });
    expect(r.status).toBe(403);
    expect(message(r)).toMatch(/^role: only admins/);
    const key = (await newWorkspace(suite.db.env, 'ws-key')).key;
    const byKey = await fetch(`${suite.server.url}/api/v1/workspace`, { method: 'PATCH', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(byKey.status).toBe(403);
    // The body cannot name another workspace: b's admin renames b, and a stays as it was.
    expect((await patch(b.session, { workspaceId: a.workspaceId, name: 'x' })).status).toBe(400);
    expect((await patch(b.session, { name: `${b.workspace}-2`, timeZone: 'Europe/Berlin' })).status).toBe(200);
    const { rows } = await suite.pg.query('SELECT name, time_zone FROM workspaces WHERE workspace_id = $1', [a.workspaceId]);
    expect(rows[0]).toEqual({ name: a.workspace, time_zone: 'UTC' });
    // Without the CSRF token a cookie cannot change it.
    const noCsrf = await fetch(`${suite.server.url}/api/v1/workspace`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: [...b.session.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-forwarded-for': b.session.ip },
      body: '{"name":"no csrf"}',
    });
    expect(noCsrf.status).toBe(403);
  });
});

describe('POST /auth/password', () => {
  const change = (s: Session, body: unknown) => s.post('/api/v1/auth/password', body);

  it('changes one’s own password: other sessions end, this one stays, the new password signs in', async () => {
    const user = await signIn(suite, ip, 'pw-change', { role: 'member' });
    const other = new Session(() => suite.server.url, ip());
    expect((await other.post('/api/v1/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
    const r = await change(user.session, { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(r.status).toBe(204);
    expect((await user.session.fetch('/api/v1/auth/me')).status).toBe(200);
    expect((await other.fetch('/api/v1/auth/me')).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    expect((await login(user.email, 'a brand new passphrase')).status).toBe(200);
    const audit = suite.server.output().split('\n').find((l) => l.includes('"audit":"user.password"') && l.includes(`"workspaceId":${user.workspaceId}`));
    expect(audit).toMatch(/"sessionsEnded":1/);
    expect(suite.server.output()).not.toContain('a brand new passphrase');
  });

  it('refuses a wrong current password and a weak new one, naming the field; guesses are limited', async () => {
    const user = await signIn(suite, ip, 'pw-wrong');
    const wrong = await change(user.session, { currentPassword: 'not it at all', newPassword: 'another long password' });
    expect(wrong.status).toBe(400);
    expect(message(wrong)).toBe('currentPassword: is not your current password');
    expect(message(await change(user.session, { currentPassword: PASSWORD, newPassword: 'short' }))).toMatch(/^newPassword: must be at least 10 characters/);
    expect(message(await change(user.session, { currentPassword: PASSWORD, newPassword: PASSWORD }))).toMatch(/^newPassword: must differ/);
    expect(message(await change(user.session, { newPassword: 'another long password' }))).toMatch(/^currentPassword: /);
    // 5 wrong guesses per session per 15 minutes, then 429 with Retry-After; the account still signs in elsewhere.
    for (let i = 0; i < 4; i++) expect((await change(user.session, { currentPassword: `guess ${i}`, newPassword: 'another long password' })).status).toBe(400);
    const limited = await change(user.session, { currentPassword: PASSWORD, newPassword: 'another long password' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(user.email, PASSWORD)).status).toBe(200);
  });

  it('is for signed-in users: an API key gets 403, no session 401', async () => {
    const { key } = await newWorkspace(suite.db.env, 'pw-key');
    const body = JSON.stringify({ currentPassword: 'x', newPassword: 'long enough password' });
    const byKey = await fetch(`${suite.server.url}/api/v1/auth/password`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    expect(byKey.status).toBe(403);
    expect((await fetch(`${suite.server.url}/api/v1/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
  });
});

describe('CLI', () => {
  const run = (args: string[]) => cli(args, suite.db.env);

  it('users list: email, role, workspace and created, never password hashes; --workspace narrows it', async () => {
    const a = await signIn(suite, ip, 'cli-list-a');
    const b = await signIn(suite, ip, 'cli-list-b', { role: 'member' });
    const all = await run(['users', 'list']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(new RegExp(`^${a.email.replace(/[.+]/g, '\\$&')}\tadmin\t${a.workspace}\tcreated \\d{4}-\\d\\d-\\d\\dT`, 'm'));
    expect(all.stdout).toContain(`${b.email}\tmember\t${b.workspace}\t`);
    expect(all.stdout).not.toMatch(/scrypt/);
    const one = await run(['users', 'list', '--workspace', a.workspace]);
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    expect(one.stdout).toContain(a.email);
    expect((await run(['users', 'list', '--workspace', 'no-such-ws'])).stderr).toBe("parley: workspace: no workspace named 'no-such-ws'\n");
  });

  it('users reset-password: a generated password (last line) or a given one; the user’s sessions end', async () => {
    const user = await signIn(suite, ip, 'cli-reset');
    const r = await run(['users', 'reset-password', '--email', user.email.toUpperCase()]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`set a new password for ${user.email.toUpperCase()}; 1 session ended`);
    const generated = lines.at(-1)!;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(r.stderr).toMatch(/"audit":"user.password-reset"/);
    expect(r.stderr).not.toContain(generated);
    expect((await user.session.fetch('/api/v1/auth/me')).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    expect((await login(user.email, generated)).status).toBe(200);
    const given = await run(['users', 'reset-password', '--email', user.email, '--password', 'chosen by the owner']);
    expect(given.stdout).not.toContain('chosen by the owner');
    expect((await login(user.email, 'chosen by the owner')).status).toBe(200);
    expect((await run(['users', 'reset-password', '--email', user.email, '--password', 'short'])).stderr).toBe('parley: password: must be at least 10 characters\n');
    const unknown = await run(['users', 'reset-password', '--email', 'nobody-here@example.com']);
    expect(unknown).toMatchObject({ code: 1, stderr: 'parley: email: no user with nobody-here@example.com\n' });
    expect((await run(['users', 'reset-password'])).stderr).toBe('parley: --email is required for `users reset-password` (see parley users reset-password --help)\n');
  });

  it('keys create: the key is the last line of stdout, the audit line on stderr', async () => {
    const ws = await newWorkspace(suite.db.env, 'cli-key');
    const r = await run(['keys', 'create', '--workspace', ws.name, '--scopes', 'read']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^prly_[A-Za-z0-9_-]{43}$/);
    expect(r.stderr).toMatch(/"audit":"key.create"/);
    expect(r.stderr).not.toContain(r.stdout.trim().split('\n').at(-1));
  });

  it('mistakes: one line and exit 2; a missing file exit 1; no arguments the usage and exit 2; --help per command', async () => {
    const ws = await newWorkspace(suite.db.env, 'cli-args');
    const typo = await run(['keys', 'create', '--workspace', ws.name, '--scopes', 'read', '--foo']);
    expect(typo).toEqual({ code: 2, stdout: '', stderr: 'parley: unknown option --foo for `keys create` (see parley keys create --help)\n' });
    const missing = join(tmpdir(), 'parley-no-such-file.ndjson');
    expect(existsSync(missing)).toBe(false);
    expect(await run(['import', missing, '--workspace', ws.name])).toEqual({ code: 1, stdout: '', stderr: `parley: no such file: ${missing}\n` });
    expect(await run(['import', 'twitter-care', missing, '--workspace', ws.name])).toMatchObject({ code: 1, stderr: `parley: no such file: ${missing}\n` });
    expect(await run(['connectors', 'replay', '/no/such/dir', '--connection', 'abc'])).toEqual({ code: 1, stdout: '', stderr: 'parley: no such file: /no/such/dir\n' });
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: npm run parley -- <command>/);
    expect(none.stderr).toContain('users reset-password --email <email>');
    const help = await run(['users', 'list', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npm run parley -- users list \[--workspace <name>\]/);
    expect((await run(['--help'])).code).toBe(0);
    expect(await run(['keys', 'mint'])).toMatchObject({ code: 2, stderr: 'parley: unknown command `keys mint`; keys takes create, list, revoke (see parley --help)\n' });
  });
});
