/**
 * Business hours in Settings, in chromium at phone width: an admin starts from the Mon–Fri
 * starter, is told of an overlap by the field, saves a schedule (second interval, copied to the
 * weekdays, another zone, a holiday), reloads and sees it, the API answers it to a read key, and
 * removing it goes back to calendar time. The API's own refusal of the overlap is checked with
 * the page's session. A member reads it without controls. Screenshots (390 px light, 1440 px
 * dark) go to test/artifacts/.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { cli } from '../support/server';
import { ARTIFACTS, PASSWORD, browserWorld, describeBrowser, signIn, userFor } from './support';

jest.setTimeout(300_000);

let admin: { name: string; key: string; email: string };
let memberEmail: string;

const world = browserWorld(async ({ db }) => {
  admin = await userFor(db.env, 'bh-settings', 'Europe/Berlin');
  memberEmail = `bh-member-${Date.now()}@example.com`;
  const r = await cli(['users', 'create', '--workspace', admin.name, '--email', memberEmail, '--role', 'member', '--password', PASSWORD], db.env);
  if (r.code !== 0) throw new Error(r.stderr);
});

const context = (width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> =>
  world.browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', colorScheme });

/** GET /settings/business-hours with the workspace's read key. */
const readWithKey = async () => {
  const r = await fetch(`${world.server.url}/api/v1/settings/business-hours`, { headers: { authorization: `Bearer ${admin.key}` } });
  return { status: r.status, json: (await r.json()) as unknown };
};

/** Neither the page nor anything in it scrolls sideways. */
const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describeBrowser('Business hours in Settings (chromium)', () => {
  it('an admin sets a schedule, is told of an overlap, reloads and sees it; the API answers it; removing it goes back to calendar time', async () => {
    const ctx = await context(390);
    const page = await ctx.newPage();
    await signIn(page, world.server.url, admin.email, '/settings');
    const s = page.getByTestId('settings-business-hours');
    await s.getByText('No business hours set — metrics use calendar time.').waitFor();
    await expect(s.textContent()).resolves.toContain('Used by the Business hours switch: response and resolution times count only open hours.');
    expect((await readWithKey()).status).toBe(404);

    await s.getByRole('button', { name: 'Set up Mon–Fri 09:00–17:00' }).click();
    await expect(s.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Berlin');
    await expect(s.getByLabel('Monday, hours 1, from').inputValue()).resolves.toBe('09:00');

    // An overlapping second interval on Monday: the field says so, nothing is sent.
    await s.getByRole('button', { name: 'Add open hours on Monday' }).click();
    await s.getByLabel('Monday, hours 2, from').fill('16:00');
    await s.getByLabel('Monday, hours 2, to').fill('18:00');
    await s.getByRole('button', { name: 'Save' }).click();
    await s.getByTestId('bh-problem-mon').getByText('intervals 09:00–17:00 and 16:00–18:00 overlap').waitFor();
    await expect(s.getByLabel('Monday, hours 2, from').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(s.getByTestId('business-hours-error').textContent()).resolves.toBe('Not saved: one problem is marked above.');
    expect((await readWithKey()).status).toBe(404);
    await s.screenshot({ path: join(ARTIFACTS, 'business-hours-error-390.png') });

    // The API refuses the same overlap, naming the day (the page's own session and CSRF token).
    const csrf = (await ctx.cookies()).find((c) => c.name === 'parley_csrf')!.value;
    const refused = await page.request.put(`${world.server.url}/api/v1/settings/business-hours`, {
      headers: { 'x-csrf-token': csrf },
      data: { timeZone: 'Europe/Berlin', mon: [['09:00', '17:00'], ['16:00', '18:00']] },
    });
    expect(refused.status()).toBe(400);
    expect((await refused.json()).message).toEqual(['mon: intervals 09:00–17:00 and 16:00–18:00 overlap']);

    // Fixed (touching is fine), copied to the weekdays, in Tokyo, with a holiday typed as "1900" → 19:00.
    await s.getByLabel('Monday, hours 2, from').fill('17:00');
    await s.getByLabel('Monday, hours 2, to').fill('1900');
    await s.getByLabel('Monday, hours 2, to').blur();
    await expect(s.getByLabel('Monday, hours 2, to').inputValue()).resolves.toBe('19:00');
    expect(await s.getByTestId('bh-problem-mon').count()).toBe(0);
    await s.getByRole('button', { name: 'Copy Monday to Tue–Fri' }).click();
    await s.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await s.getByLabel('Holiday date').fill('2026-12-25');
    await s.getByRole('button', { name: 'Add holiday' }).click();
    await s.getByRole('button', { name: 'Save' }).click();
    await s.getByText('Saved: open 5 days a week in Asia/Tokyo, 1 holiday.').waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    await s.screenshot({ path: join(ARTIFACTS, 'business-hours-390.png') });

    const expected = {
      timeZone: 'Asia/Tokyo',
      ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00'], ['17:00', '19:00']]])),
      sat: [],
      sun: [],
      holidays: ['2026-12-25'],
    };
    await expect(readWithKey()).resolves.toEqual({ status: 200, json: expected });

    // Stored, not only on this page.
    await page.reload();
    await s.getByLabel('Thursday, hours 2, to').waitFor();
    await expect(s.getByLabel('Thursday, hours 2, to').inputValue()).resolves.toBe('19:00');
    await expect(s.getByLabel('Time zone').inputValue()).resolves.toBe('Asia/Tokyo');
    await expect(s.getByTestId('bh-day-sat').textContent()).resolves.toContain('Closed');
    await expect(s.getByTestId('business-hours-holidays').locator('time').getAttribute('datetime')).resolves.toBe('2026-12-25');
    await ctx.close();

    // A member reads it, with nothing to change.
    const memberCtx = await context(390);
    const m = await memberCtx.newPage();
    await signIn(m, world.server.url, memberEmail, '/settings');
    const summary = m.getByTestId('settings-business-hours').getByTestId('business-hours-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('Monday09:00–17:00, 17:00–19:00');
    expect(await m.getByTestId('settings-business-hours').getByRole('button').count()).toBe(0);
    await memberCtx.close();

    // Wide and dark: the same schedule.
    const wide = await context(1440, 'dark');
    const big = await wide.newPage();
    await signIn(big, world.server.url, admin.email, '/settings');
    await big.getByTestId('settings-business-hours').getByLabel('Friday, hours 2, to').waitFor();
    await big.getByTestId('settings-business-hours').screenshot({ path: join(ARTIFACTS, 'business-hours-1440-dark.png') });

    // Removed after a confirmation: back to the empty state, and the API has none.
    const b = big.getByTestId('settings-business-hours');
    await b.getByRole('button', { name: 'Remove schedule' }).click();
    await b.getByRole('group', { name: 'Remove the business hours?' }).getByRole('button', { name: 'Remove schedule' }).click();
    await b.getByText('Removed. Metrics use calendar time again.').waitFor();
    await b.getByText('No business hours set — metrics use calendar time.').waitFor();
    expect((await readWithKey()).status).toBe(404);
    await wide.close();
  });
});
