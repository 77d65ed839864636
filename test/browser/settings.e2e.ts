/**
 * Settings in chromium: an admin renames the workspace and changes its zone (the top bar and the
 * dashboard's default zone follow), a member changes their own password and signs in with it, and
 * the times of Settings are in the workspace's zone, not the browser's (which is New York here).
 * Screenshots at 1440 and 390 px go to test/artifacts/.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { cli } from '../support/server';
import { ARTIFACTS, PASSWORD, browserWorld, describeBrowser, reportResponse, signIn, userFor } from './support';

jest.setTimeout(300_000);

let admin: { name: string; key: string; email: string };
let memberEmail: string;

/** A context whose own zone is neither the workspace's old nor new one. */
const context = (width: number): Promise<BrowserContext> => world.browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'America/New_York', locale: 'en-GB' });

/** The text the page's own Intl gives for an instant in `timeZone`, as Settings writes times. */
const inZone = (page: Page, iso: string, timeZone: string) =>
  page.evaluate(
    ([i, tz]) => new Intl.DateTimeFormat(undefined, { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(i)),
    [iso, timeZone] as const,
  );

/** The "last used" time of the workspace's key, as the keys table shows it. */
const lastUsedCell = (page: Page) => page.locator('[data-testid^="key-row-"] td[data-label="Last used"] time').first();

const world = browserWorld(async ({ db, server }) => {
  admin = await userFor(db.env, 'settings', 'UTC');
  memberEmail = `settings-member-${Date.now()}@example.com`;
  const r = await cli(['users', 'create', '--workspace', admin.name, '--email', memberEmail, '--role', 'member', '--password', PASSWORD], db.env);
  if (r.code !== 0) throw new Error(r.stderr);
  // One event, sent with the key: the workspace has data and the key a "last used" time.
  const event = { id: 'settings-1', type: 'message.received', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), conversationId: 'c1', contactId: 'k1', channel: 'sms', sender: { type: 'customer' } };
  const ingest = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.key}` }, body: JSON.stringify(event) });
  expect(ingest.status).toBe(200);
});

describeBrowser('Settings in chromium', () => {

  it('an admin renames the workspace and changes its zone: the top bar, the times and the default zone follow', async () => {
    const ctx = await context(1440);
    const page = await ctx.newPage();
    await signIn(page, world.server.url, admin.email, '/settings');
    const section = page.getByTestId('settings-workspace');
    await section.waitFor();
    await expect(page.getByTestId('settings-zone-note').textContent()).resolves.toContain('Times on this page are in UTC');
    const lastUsed = lastUsedCell(page);
    const iso = (await lastUsed.getAttribute('datetime'))!;
    expect(await lastUsed.textContent()).toBe(await inZone(page, iso, 'UTC'));
    expect(await lastUsed.textContent()).not.toBe(await inZone(page, iso, 'America/New_York'));

    const name = `${admin.name} Support`;
    await section.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await section.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await section.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Reports now use Asia/Tokyo').waitFor();
    await page.waitForFunction((n) => document.querySelector('.workspace-name')?.textContent === n, name);
    await expect(page.getByTestId('workspace-zone').textContent()).resolves.toBe('Asia/Tokyo (GMT+09:00)');
    await expect(page.getByTestId('settings-zone-note').textContent()).resolves.toContain('Asia/Tokyo (GMT+09:00)');
    const tokyo = await inZone(page, iso, 'Asia/Tokyo');
    await page.waitForFunction((t) => document.querySelector('[data-testid^="key-row-"] td[data-label="Last used"] time')?.textContent === t, tokyo);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-admin-1440.png'), fullPage: true });

    // The dashboard asks in the new zone (no tz in the URL), and the API answers in it.
    const overview = reportResponse(page, 'overview');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
    const answer = await overview;
    expect(new URL(answer.url()).searchParams.get('tz')).toBe('Asia/Tokyo');
    expect(page.url()).not.toContain('tz=');
    await ctx.close();

    // A fresh sign-in sees the new name too (it is stored, not only in this page).
    const phone = await context(390);
    const small = await phone.newPage();
    await signIn(small, world.server.url, admin.email, '/settings');
    await small.getByTestId('settings-workspace').waitFor();
    await expect(small.locator('.workspace-name').textContent()).resolves.toBe(name);
    await expect(small.getByTestId('settings-workspace').getByLabel('Time zone').inputValue()).resolves.toBe('Asia/Tokyo');
    await small.screenshot({ path: join(ARTIFACTS, 'settings-admin-390.png'), fullPage: true });
    // The first screen alone, to read the workspace form at phone size.
    await small.screenshot({ path: join(ARTIFACTS, 'settings-admin-390-top.png') });
    await phone.close();
  });

  it('a member opens Settings, changes their own password, and signs in with the new one', async () => {
    const ctx = await context(390);
    const page = await ctx.newPage();
    await signIn(page, world.server.url, memberEmail);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    const account = page.getByTestId('settings-account');
    await account.waitFor();
    expect(await page.getByTestId('settings-workspace').count()).toBe(0);
    expect(await page.getByTestId('settings-keys').count()).toBe(0);

    await account.getByLabel('Current password').fill('not my password');
    await account.getByLabel('New password', { exact: true }).fill('a new member password');
    await account.getByLabel('Repeat the new password').fill('a new member password');
    await account.getByRole('button', { name: 'Change password' }).click();
    await account.getByText('Your password was not changed: the current password is wrong.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'settings-member-error-390.png'), fullPage: true });

    await account.getByLabel('Current password').fill(PASSWORD);
    await account.getByRole('button', { name: 'Change password' }).click();
    await account.getByText('Your password was changed.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'settings-member-390.png'), fullPage: true });
    // Still signed in here.
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe('Settings');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The old password no longer works; the new one does.
    await page.getByLabel(/email/i).fill(memberEmail);
    await page.getByLabel(/password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByTestId('sign-in-error').getByText('That email and password do not match an account.').waitFor();
    await page.getByLabel(/password/i).fill('a new member password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await ctx.close();
  });
});
