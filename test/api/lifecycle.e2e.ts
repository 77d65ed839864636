import { createServer, connect, type Server as NetServer, type Socket } from 'node:net';
import { generateEvents } from '@parley/shared/generate';
import { cli, databaseEnv, freePort, newWorkspace, post, realPostgres, startServer } from '../support/server';

jest.setTimeout(300_000);

describe('durability', () => {
  it('events answered with 200 survive a crash right after the answer', async () => {
    const db = databaseEnv();
    try {
      let server = await startServer(db.env);
      const ws = await newWorkspace(db.env, 'durable');
      const events = generateEvents({ events: 3000, seed: 11 });
      const r = await post(server.url, ws.key, events);
      expect(r.json).toEqual({ accepted: events.length, duplicates: 0, rejected: [] });
      await server.kill(); // SIGKILL: no shutdown hook runs
      server = await startServer(db.env);
      try {
        // Everything is there: the same batch is now all duplicates.
        const again = await post(server.url, ws.key, events);
        expect(again.json).toEqual({ accepted: 0, duplicates: events.length, rejected: [] });
      } finally {
        await server.stop();
      }
    } finally {
      db.cleanup();
    }
  });
});

/** A TCP proxy between the app and Postgres that the test can cut and restore. */
async function proxy(targetPort: number): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: NetServer | null = null;
  const listen = () =>
    new Promise<void>((done) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => (client.destroy(), upstream.destroy());
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(port, '127.0.0.1', () => done());
    });
  await listen();
  return {
    port,
    async cut() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((done) => server!.close(() => done()));
    },
    restore: listen,
  };
}

(realPostgres ? describe : describe.skip)('health while the database is unreachable (real Postgres)', () => {
  it('answers 503 while Postgres is cut off, 200 again once it is back, and ingest fails cleanly', async () => {
    const target = new URL(process.env.DATABASE_URL!);
    const p = await proxy(Number(target.port || 5432));
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(p.port);
    const env = { DATABASE_URL: viaProxy.toString() };
    const server = await startServer(env);
    try {
      const ws = await newWorkspace(env, 'health');
      await p.cut();
      const down = await fetch(`${server.url}/api/v1/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'down' });
      const ingest = await post(server.url, ws.key, generateEvents({ events: 5, seed: 1 }));
      expect(ingest.status).toBe(503);
      await p.restore();
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(`${server.url}/api/v1/health`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
      expect((await post(server.url, ws.key, generateEvents({ events: 5, seed: 1 }))).status).toBe(200);
    } finally {
      await server.stop();
      await p.cut().catch(() => {});
    }
  });
});

describe('CLI', () => {
  const db = databaseEnv();
  afterAll(() => db.cleanup());

  it('creates a workspace and a key, printing the key alone on the last line', async () => {
    const name = `cli-${Date.now()}`;
    const ws = await cli(['workspace', 'create', name, '--tz', 'America/New_York'], db.env);
    expect(ws).toMatchObject({ code: 0 });
    expect(ws.stdout).toContain('America/New_York');
    const key = await cli(['keys', 'create', '--workspace', name, '--scopes', 'ingest,read'], db.env);
    expect(key.code).toBe(0);
    expect(key.stdout.trim().split('\n').pop()).toMatch(/^prly_[A-Za-z0-9_-]{43}$/);
    const list = await cli(['keys', 'list', '--workspace', name], db.env);
    expect(list.stdout).toContain('ingest,read');
    expect(list.stdout).not.toContain(key.stdout.trim().split('\n').pop());
  });

  it.each([
    [['nonsense'], 2, /^parley: unknown command `nonsense` \(see parley --help\)\n$/],
    [['workspace', 'create'], 2, /one <name>/],
    [['workspace', 'create', 'x', '--zone', 'UTC'], 2, /^parley: unknown option --zone for `workspace create` \(see parley workspace create --help\)\n$/],
    [['keys', 'create', '--scopes', 'ingest'], 2, /--workspace is required/],
    [['keys', 'create', '--workspace', 'nope'], 2, /--scopes is required/],
    [['keys', 'create', '--workspace', 'nope', '--scopes', 'ingest,write'], 1, /scopes: .*unknown: write/],
    [['keys', 'create', '--workspace', 'no-such-workspace', '--scopes', 'read'], 1, /no workspace named 'no-such-workspace'/],
    [['workspace', 'create', 'bad-tz', '--tz', 'Europe/Berln'], 1, /tz: unknown time zone 'Europe\/Berln'/],
    [['keys', 'revoke', '--workspace', 'x'], 2, /one <key or prefix>/],
    [['facts', 'rebuild', '--workspace', 'no-such-workspace'], 1, /no workspace named/],
  ])('%j fails with exit %i and a clear message', async (args, code, message) => {
    const r = await cli(args as string[], db.env);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a second workspace with the same name', async () => {
    const name = `dup-${Date.now()}`;
    expect((await cli(['workspace', 'create', name], db.env)).code).toBe(0);
    const again = await cli(['workspace', 'create', name], db.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});

describe('first start', () => {
  it('seeds the demo workspace on an empty database, prints its key, and does not seed again', async () => {
    const db = databaseEnv(true); // always a fresh embedded database: "empty" must be empty
    try {
      let server = await startServer(db.env, { PARLEY_DEMO: '1' });
      const key = /Its API key \(ingest, read\) is shown only now:\n\s+(prly_\S+)/.exec(server.output())?.[1];
      expect(key).toBeDefined();
      expect(server.output()).toMatch(/Seeded the 'Demo' workspace with 90 days of demo data \(\d+ events\)/);
      // The sign-in goes to the terminal (stderr), never into the JSON log stream (stdout).
      const password = /with password (\S+)/.exec(server.output())?.[1];
      expect(password).toBeDefined();
      expect(server.stdout()).not.toContain(password);
      expect(server.stdout()).not.toContain(key);
      expect(server.stdout().split('\n').filter(Boolean).every((l) => l.startsWith('{'))).toBe(true);
      const r = await fetch(`${server.url}/api/v1/metrics/engagement?grain=week&from=${new Date(Date.now() - 90 * 86_400_000).toISOString()}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const body = await r.json();
      expect(body.tz).toBe('Europe/Berlin');
      expect(body.totals.conversations).toBeGreaterThan(3000);
      expect(Object.keys(body.totals.revenue)).toEqual(['EUR', 'USD']);
      // Its business hours: Mon–Fri in the demo's zone, one holiday 3–4 weeks back (inside the seeded days).
      const hours = await fetch(`${server.url}/api/v1/settings/business-hours`, { headers: { authorization: `Bearer ${key}` } });
      expect(hours.status).toBe(200);
      const schedule = await hours.json();
      expect(schedule).toMatchObject({ timeZone: 'Europe/Berlin', mon: [['09:00', '17:30']], fri: [['09:00', '16:00']], sat: [], sun: [] });
      expect(schedule.holidays).toHaveLength(1);
      const daysBack = (Date.now() - Date.parse(`${schedule.holidays[0]}T12:00:00Z`)) / 86_400_000;
      expect(daysBack).toBeGreaterThan(21);
      expect(daysBack).toBeLessThan(29);
      await server.stop();
      server = await startServer(db.env, { PARLEY_DEMO: '1' });
      expect(server.output()).not.toContain('Seeded');
      await server.stop();
    } finally {
      db.cleanup();
    }
  });
});

describe('CORS', () => {
  it('is off unless origins are configured, then allows exactly those', async () => {
    const db = databaseEnv();
    const server = await startServer(db.env, { PARLEY_CORS_ORIGINS: 'https://app.example' });
    try {
      const allowed = await fetch(`${server.url}/api/v1/health`, { headers: { origin: 'https://app.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const other = await fetch(`${server.url}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.stop();
      db.cleanup();
    }
  });
});
