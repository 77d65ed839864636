/**
 * Browser tests drive Debian's chromium with playwright-core (no browser download). Without
 * chromium they skip, loudly; under CI=true a missing chromium is a failure, never a skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page, type Response, chromium } from 'playwright-core';
import { ROOT, type Server, cli, databaseEnv, newWorkspace, startServer } from '../support/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test/artifacts');

export function describeBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) return describe(name, fn);
  if (process.env.CI === 'true') throw new Error(`browser tests must run under CI, but there is no chromium at ${CHROMIUM} (.ci/run installs it)`);
  console.warn(`\n*** SKIPPING browser tests "${name}": no chromium at ${CHROMIUM} (apt-get install -y chromium) ***\n`);
  describe.skip(name, fn);
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The password of every user the browser suites create. */
export const PASSWORD = 'browser test password';

/** A new workspace (with a key of `scopes`) and an admin who signs in with PASSWORD. */
export async function userFor(dbEnv: Record<string, string>, label: string, tz: string, scopes = 'ingest,read'): Promise<{ name: string; key: string; email: string }> {
  const ws = await newWorkspace(dbEnv, label, scopes, tz);
  const email = `${label}-${Date.now()}@example.com`;
  const r = await cli(['users', 'create', '--workspace', ws.name, '--email', email, '--role', 'admin', '--password', PASSWORD], dbEnv);
  if (r.code !== 0) throw new Error(r.stderr);
  return { ...ws, email };
}

/** Digits of a formatted figure ("2,025" → 2025). */
export const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

/** Signs in on the sign-in page of `url` and waits for the dashboard's navigation. */
export async function signIn(page: Page, url: string, email: string, path = '/'): Promise<void> {
  await page.goto(url + path);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
}

/** The next successful answer of a metric report (`overview`, `engagement`, …). */
export const reportResponse = (page: Page, report: string) =>
  page.waitForResponse((r: Response) => r.url().includes(`/api/v1/metrics/${report}`) && r.status() === 200);

/** What a browser suite runs against: its own database, the server on it, and chromium. */
export interface BrowserWorld {
  db: ReturnType<typeof databaseEnv>;
  server: Server;
  browser: Browser;
}

/**
 * Sets up a suite's world before its tests (then `seed` adds its users and events) and tears it
 * down after them. The fields are filled in beforeAll: read them inside tests and hooks.
 */
export function browserWorld(seed: (world: BrowserWorld) => Promise<void>): BrowserWorld {
  const world = {} as BrowserWorld;
  // Without chromium describeBrowser skips the tests (or fails under CI): nothing to set up.
  if (!existsSync(CHROMIUM)) return world;
  beforeAll(async () => {
    world.db = databaseEnv();
    world.server = await startServer(world.db.env, { LOG_LEVEL: 'warn' });
    await seed(world);
    world.browser = await launch();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.server?.stop();
    world.db?.cleanup();
  });
  return world;
}
