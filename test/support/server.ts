/**
 * Runs the built API (`api/dist/main.js`) as a real process, as users run it: against the
 * Postgres of DATABASE_URL when set (CI creates a fresh database), else on embedded PGlite in a
 * temporary data directory. Also runs the CLI the same way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export const ROOT = resolve(__dirname, '../..');

export const realPostgres = !!process.env.DATABASE_URL;

/** The key servers started here encrypt connection secrets with, unless a test sets its own. */
export const TEST_SECRET_KEY = '7e57'.repeat(16);

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

export interface Server {
  url: string;
  pid: number;
  port: number;
  /** The database env the server and the CLI share (DATABASE_URL or PARLEY_DATA_DIR). */
  env: Record<string, string>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** What it wrote to stdout alone: the JSON log stream. */
  stdout(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash), and wait for exit. */
  kill(): Promise<void>;
}

/** A database environment for one test suite; `cleanup` removes a temporary data directory. */
export function databaseEnv(embedded = false): { env: Record<string, string>; cleanup(): void } {
  if (realPostgres && !embedded) return { env: { DATABASE_URL: process.env.DATABASE_URL! }, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  return { env: { PARLEY_DATA_DIR: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `root`: another checkout's build (bench/ab.ts runs two builds side by side). */
export async function startServer(dbEnv: Record<string, string>, extraEnv: Record<string, string> = {}, root = ROOT): Promise<Server> {
  const main = join(root, 'api/dist/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first (npm test does)`);
  const port = await freePort();
  // No demo seeding unless a test asks for it (PARLEY_DEMO=1): suites create their own workspaces.
  // A fixed key for connection secrets, so no suite on Postgres writes one into ./data (a test
  // of the generated key passes PARLEY_SECRET_KEY: '').
  const env: Record<string, string> = { ...cleanEnv(), PARLEY_DEMO: '0', PARLEY_SECRET_KEY: TEST_SECRET_KEY, ...dbEnv, PORT: String(port), HOST: '127.0.0.1', ...extraEnv };
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stdout = '';
  child.stdout!.on('data', (d) => ((out += d), (stdout += d)));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  // A start runs the pending migrations: the benches, upgrading a kept 10M-event database, wait longer.
  const deadline = Date.now() + Number(process.env.PARLEY_START_DEADLINE_MS ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const end = async (signal: NodeJS.Signals, child: ChildProcess) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid!, port, env: dbEnv, output: () => out, stdout: () => stdout, stop: () => end('SIGTERM', child), kill: () => end('SIGKILL', child) };
}

/** The environment without anything that would point the app elsewhere. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['DATABASE_URL', 'PARLEY_DATA_DIR', 'PORT'].includes(k)) env[k] = v;
  return env;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], dbEnv: Record<string, string>, root = ROOT): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'api/dist/cli/cli.js'), ...args], { env: { ...cleanEnv(), ...dbEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** Creates a workspace with a unique name and a key with the given scopes; returns both. */
export async function newWorkspace(dbEnv: Record<string, string>, label: string, scopes = 'ingest,read', tz = 'UTC'): Promise<{ name: string; key: string }> {
  const name = `${label}-${randomBytes(4).toString('hex')}`;
  const ws = await cli(['workspace', 'create', name, '--tz', tz], dbEnv);
  if (ws.code !== 0) throw new Error(`workspace create failed: ${ws.stderr}`);
  return { name, key: await newKey(dbEnv, name, scopes) };
}

export async function newKey(dbEnv: Record<string, string>, workspace: string, scopes: string): Promise<string> {
  const k = await cli(['keys', 'create', '--workspace', workspace, '--scopes', scopes], dbEnv);
  if (k.code !== 0) throw new Error(`keys create failed: ${k.stderr}`);
  return k.stdout.trim().split('\n').pop()!;
}

/** A Postgres URL for direct reads in tests (the embedded database through its socket). */
export function databaseUrl(dbEnv: Record<string, string>): string {
  if (dbEnv.DATABASE_URL) return dbEnv.DATABASE_URL;
  const marker = JSON.parse(readFileSync(join(dbEnv.PARLEY_DATA_DIR, 'embedded.json'), 'utf8')) as { port: number };
  return `postgres://postgres@127.0.0.1:${marker.port}/postgres`;
}

/** Resident memory of a process in bytes (Linux). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Posts events in batches of up to 10,000 and checks each is fully accepted. */
export async function ingestAll(url: string, key: string, events: unknown[], batch = 10_000): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const r = await post(url, key, events.slice(i, i + batch));
    if (r.status !== 200 || r.json.rejected.length) throw new Error(`ingest failed: ${r.status} ${JSON.stringify(r.json).slice(0, 500)}`);
  }
}

export async function post(url: string, key: string | null, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const r = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, json, headers: r.headers };
}

/** An API call as JSON (a string body is sent as it is): its status and parsed answer. */
export async function apiCall(url: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const r = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

/**
 * A new user of `workspace` signed in from `ip` (its own address, as sign-in limits count per
 * address: the server must run with PARLEY_TRUST_PROXY=1): the headers of its calls, the session
 * cookie and the CSRF token (left out with csrf false).
 */
export async function sessionHeaders(url: string, dbEnv: Record<string, string>, workspace: string, role: string, ip: string, csrf = true): Promise<Record<string, string>> {
  const email = `${role}-${ip.replace(/\W/g, '-')}-${Date.now()}@example.com`;
  const password = 'session test password';
  const created = await cli(['users', 'create', '--workspace', workspace, '--email', email, '--role', role, '--password', password], dbEnv);
  if (created.code !== 0) throw new Error(created.stderr);
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  const cookies = new Map(login.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return { cookie, 'x-forwarded-for': ip, ...(csrf && { 'x-csrf-token': cookies.get('parley_csrf')! }) };
}
