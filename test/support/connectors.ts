/**
 * What the connector e2e suites (test/api/connectors*.e2e.ts) share: one server (or two) per suite
 * with a pg client, signed-in sessions from addresses of their own, admins of fresh workspaces, and
 * creating connections.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type Server, cli, databaseEnv, databaseUrl, newWorkspace, startServer } from './server';

/** The env every connector suite runs its server with: deliveries come faster than any platform sends them (the rate limit has a test of its own). */
export const SUITE_ENV = { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1', PARLEY_INGEST_RATE: '100000' };

export interface Suite {
  db: ReturnType<typeof databaseEnv>;
  server: Server;
  /** The second server of `suiteServer(env, secondEnv)`, on the same database. */
  second: Server;
  pg: Client;
}

/**
 * Starts the suite's server (SUITE_ENV plus `env`) in beforeAll and stops it in afterAll, with a pg
 * client on its database; with `secondEnv`, a second server on the same database (started after the
 * first: on the embedded database the first creates it, the second joins it). The fields are set
 * once beforeAll has run.
 */
export function suiteServer(env: Record<string, string> = {}, secondEnv?: Record<string, string>): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.db = databaseEnv();
    suite.server = await startServer(suite.db.env, { ...SUITE_ENV, ...env });
    if (secondEnv) suite.second = await startServer(suite.db.env, { ...SUITE_ENV, ...secondEnv });
    suite.pg = new Client({ connectionString: databaseUrl(suite.db.env) });
    await suite.pg.connect();
  });
  afterAll(async () => {
    await suite.pg?.end();
    await Promise.all([suite.server?.stop(), suite.second?.stop()]);
    suite.db?.cleanup();
  });
  return suite;
}

/** Addresses `${prefix}${start + 1}`, `${prefix}${start + 2}`, …: each suite its own, each session its own (sign-in limits count per address). */
export function addresses(prefix: string, start = 0): () => string {
  let n = start;
  return () => `${prefix}${++n}`;
}

export interface Answer {
  status: number;
  /** The parsed body, null when it is not JSON. */
  json: any;
  text: string;
  headers: Headers;
}

/** A signed-in user: session cookie and CSRF token, from an address of its own. */
export class Session {
  cookies = new Map<string, string>();
  /** `base`: the origin to call, read at each call (servers start in beforeAll). */
  constructor(
    private readonly base: () => string,
    readonly ip: string,
  ) {}
  async fetch(path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (this.cookies.has('parley_csrf')) headers.set('x-csrf-token', this.cookies.get('parley_csrf')!);
    headers.set('x-forwarded-for', this.ip);
    const r = await fetch(`${this.base()}${path}`, { ...init, headers });
    for (const c of r.headers.getSetCookie()) {
      const [k, v] = c.split(';')[0].split('=');
      this.cookies.set(k, v);
    }
    const text = await r.text();
    return { status: r.status, json: parsed(text, null), text, headers: r.headers };
  }
  post(path: string, body: unknown) {
    return this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

export interface SignInOptions {
  role?: 'admin' | 'member';
  /** An existing workspace to join; else a fresh one named after the label. */
  workspace?: string;
  /** The origin the session calls; the suite's server by default. */
  base?: () => string;
}

/** A user (an admin unless told) of a fresh workspace, signed in from the next of `ip`'s addresses. */
export async function signIn(suite: Suite, ip: () => string, label: string, options: SignInOptions = {}) {
  const { db, pg } = suite;
  const ws = options.workspace ?? (await newWorkspace(db.env, label)).name;
  const email = `${label}-${randomBytes(3).toString('hex')}@example.com`;
  const r = await cli(['users', 'create', '--workspace', ws, '--email', email, '--role', options.role ?? 'admin', '--password', 'correct horse battery'], db.env);
  expect(r.code).toBe(0);
  const session = new Session(options.base ?? (() => suite.server.url), ip());
  expect((await session.post('/api/v1/auth/login', { email, password: 'correct horse battery' })).status).toBe(200);
  const { rows } = await pg.query('SELECT workspace_id FROM workspaces WHERE name = $1', [ws]);
  return { session, workspace: ws, workspaceId: rows[0].workspace_id as number, email };
}

/** POST /connections: `defaults` (kind, name, secrets) overridden by `body`. */
export const createConnection = (session: Session, defaults: Record<string, unknown>, body: Record<string, unknown> = {}) =>
  session.post('/api/v1/connections', { ...defaults, ...body });

/** The text parsed as JSON, or `otherwise` when it is not JSON. */
export function parsed(text: string, otherwise: unknown): any {
  try {
    return JSON.parse(text);
  } catch {
    return otherwise;
  }
}

/** POSTs raw bytes to a webhook URL as a platform does; `json` is the body parsed, else `nonJson` ('text': the text itself). */
export async function postRaw(url: string, body: Buffer | string, headers: Record<string, string>, nonJson: 'null' | 'text' = 'null') {
  const r = await fetch(url, { method: 'POST', headers, body: body as BodyInit });
  const text = await r.text();
  return { status: r.status, json: parsed(text, nonJson === 'text' ? text : null), text, type: r.headers.get('content-type') };
}

/** Delivers a body as Meta does (WhatsApp, Messenger, Instagram): signed with X-Hub-Signature-256 unless `signature` is null. */
export async function deliverAsMeta(url: string, body: Buffer | string, signature: string | null, contentType = 'application/json') {
  const r = await postRaw(url, body, { 'content-type': contentType, ...(signature !== null && { 'x-hub-signature-256': signature }) }, 'text');
  return { status: r.status, json: r.json };
}
