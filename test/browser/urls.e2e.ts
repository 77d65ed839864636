/**
 * URLs the dashboard cannot show as asked, typed custom ranges, and data outside the period
 * (issue 18, items 7 and 10): a bad link gets a notice naming each problem and what is shown
 * instead, the address bar gets the canonical URL (replaced: back does not return to the bad one)
 * and the figures are those of what is shown; a reversed or over-long typed range says so next
 * to the inputs and changes nothing; a workspace whose data is all in 2020 says where its data is
 * and jumps there. Screenshots at 1440 and 390 px go to test/artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateEvents } from '@parley/shared/generate';
import { ingestAll } from '../support/server';
import { ARTIFACTS, browserWorld, describeBrowser, digits, reportResponse, signIn, userFor } from './support';

jest.setTimeout(300_000);

let recent: Awaited<ReturnType<typeof userFor>>;
let old: Awaited<ReturnType<typeof userFor>>;

/** A day in Berlin (the workspaces' zone), `offset` days from today. */
const berlinDay = (offset = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() + offset * 86_400_000));

/** The path and query of the page's URL. */
const pathOf = (page: Page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

/** Waits until the conversations card shows `n`. */
const kpiShows = (page: Page, n: number) =>
  page.waitForFunction((v) => document.querySelector('[data-testid="kpi-conversations"]')?.textContent?.replace(/[^\d]/g, '') === String(v), n);

const world = browserWorld(async ({ db, server }) => {
  recent = await userFor(db.env, 'urls', 'Europe/Berlin');
  await ingestAll(server.url, recent.key, generateEvents({ events: 4_000, seed: 18, startMs: Date.now() - 40 * 86_400_000, days: 39 }));
  old = await userFor(db.env, 'urls-2020', 'Europe/Berlin');
  await ingestAll(server.url, old.key, generateEvents({ events: 3_000, seed: 20, startMs: Date.UTC(2020, 2, 2), days: 200 }));
});

describeBrowser('URLs, typed ranges and data elsewhere, in chromium', () => {

  it('a period over the limit: says so, shows the last 30 days with their figures, and the URL says the same; back skips the bad URL', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, world.server.url, recent.email, '/engagement');
    await page.getByTestId('page-title').waitFor();
    await page.waitForLoadState('networkidle');
    const answer = reportResponse(page, 'overview');
    await page.goto(`${world.server.url}/?period=custom&from=2019-01-01&to=2026-12-01`);
    const notice = page.getByTestId('url-notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('period: 2019-01-01 – 2026-12-01 is longer than 731 days');
    await expect(notice.textContent()).resolves.toContain('showing the last 30 days');
    await page.waitForFunction(() => window.location.search === '');
    expect(pathOf(page)).toBe('/');
    // The figures are the last 30 days' (in the workspace's zone), not the bad range's.
    const response = await answer;
    const asked = new URL(response.url()).searchParams;
    // A running period is asked until now (the next whole minute), or whole in the last minute of the day.
    expect(asked.get('from')).toBe(berlinDay(-29));
    expect(asked.get('to')).toMatch(new RegExp(`^(${berlinDay(0)}T\\d\\d:\\d\\d:00[+-]\\d\\d:\\d\\d|${berlinDay(1)})$`));
    const body = await response.json();
    await kpiShows(page, body.current.conversations);
    expect(body.current.conversations).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'urls-notice-period.png') });
    // The bad URL was replaced, not added: back goes to the page before it.
    await page.goBack();
    await page.waitForFunction(() => window.location.pathname === '/engagement');
    expect(pathOf(page)).toBe('/engagement');
    await page.close();
  });

  it('an unknown page, zone and grain: one notice lists all three; the overview in the workspace zone, daily', async () => {
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, world.server.url, recent.email, '/foo?tz=Mars%2FBase&grain=fortnight&period=7d');
    const notice = page.getByTestId('url-notice');
    await notice.waitFor();
    const items = await notice.locator('li').allTextContents();
    expect(items).toEqual([
      'page: /foo does not exist; showing the overview.',
      "tz: 'Mars/Base' is not a time zone; showing Europe/Berlin (the workspace's).",
      "grain: 'fortnight' is not a grain; showing daily.",
    ]);
    await page.waitForFunction(() => window.location.pathname === '/');
    expect(pathOf(page)).toBe('/?period=7d');
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe('Overview');
    await expect(page.getByTestId('period-summary').textContent()).resolves.toContain('Europe/Berlin');
    await expect(page.locator('select[aria-label="Grain"]').inputValue()).resolves.toBe('day');
    await page.screenshot({ path: join(ARTIFACTS, 'urls-notice-390.png'), fullPage: true });
    // Dismissed, it goes; the view stays.
    await notice.getByRole('button', { name: /dismiss/i }).click();
    await notice.waitFor({ state: 'detached' });
    expect(pathOf(page)).toBe('/?period=7d');
    await page.close();
  });

  it('a grain that does not suit the period (hourly over 90 days): says why, shows daily, asks the API for days', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, world.server.url, recent.email);
    await page.getByTestId('page-title').waitFor();
    await page.waitForLoadState('networkidle');
    const answer = reportResponse(page, 'response-times');
    await page.goto(`${world.server.url}/response-times?period=90d&grain=hour&sla=abc`);
    const notice = page.getByTestId('url-notice');
    await notice.waitFor();
    const items = await notice.locator('li').allTextContents();
    expect(items).toEqual(['grain: hourly does not suit 90 days (hourly goes up to 31 days); showing daily.', "sla: 'abc' is not a whole number of seconds up to 31622400; showing 300 s."]);
    await page.waitForFunction(() => window.location.search === '?period=90d');
    expect(new URL((await answer).url()).searchParams.get('grain')).toBe('day');
    // A change of view drops the notice about the old link.
    await page.locator('select[aria-label="Period"]').selectOption('30d');
    await notice.waitFor({ state: 'detached' });
    await page.close();
  });

  it('a reversed or over-long typed range: an error next to the inputs, the data and URL unchanged; a good one applies', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const [from, to] = [berlinDay(-20), berlinDay(-6)];
    const path = `/?period=custom&from=${from}&to=${to}`;
    const first = reportResponse(page, 'overview');
    await signIn(page, world.server.url, recent.email, path);
    const shown = await (await first).json();
    await kpiShows(page, shown.current.conversations);
    let asked = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/metrics/overview')) asked++;
    });

    await page.getByLabel('Last day').fill(berlinDay(-25));
    const error = page.getByTestId('range-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('The last day is before the first.');
    await expect(error.textContent()).resolves.toMatch(/Still showing/);
    await expect(page.getByLabel('Last day').getAttribute('aria-invalid')).resolves.toBe('true');
    // What was typed stays; nothing else moved.
    await expect(page.getByLabel('Last day').inputValue()).resolves.toBe(berlinDay(-25));
    expect(pathOf(page)).toBe(path);
    await page.screenshot({ path: join(ARTIFACTS, 'urls-range-error.png') });

    await page.getByLabel('Last day').fill(to);
    await error.waitFor({ state: 'detached' });
    await page.getByLabel('First day').fill('2020-01-01');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/at most 731 days; this one has [\d,]+\./);
    expect(pathOf(page)).toBe(path);
    await page.waitForTimeout(300);
    expect(asked).toBe(0);
    expect(digits(await page.getByTestId('kpi-conversations').textContent())).toBe(shown.current.conversations);

    // A good range applies at once.
    const next = reportResponse(page, 'overview');
    await page.getByLabel('First day').fill(berlinDay(-13));
    await error.waitFor({ state: 'detached' });
    const applied = await next;
    expect(new URL(applied.url()).searchParams.get('from')).toBe(berlinDay(-13));
    expect(pathOf(page)).toBe(`/?period=custom&from=${berlinDay(-13)}&to=${to}`);
    await page.close();
  });

  it.each([
    [1440, 900],
    [390, 844],
  ])('a workspace with data only in 2020 says where its data is and jumps there (%i px)', async (width, height) => {
    const page = await world.browser.newPage({ viewport: { width, height } });
    await signIn(page, world.server.url, old.email);
    const hint = page.getByTestId('data-range-hint');
    await hint.waitFor();
    const text = await hint.textContent();
    expect(text).toMatch(/No data in .+\. This workspace has data from .*2020 to .*2020\./);
    // The charts below agree: no data in this period.
    await page.getByTestId('chart-volume').locator('.empty-note').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, `urls-data-elsewhere-${width}.png`), fullPage: true });

    // The default period's answers first, so the one awaited is the jump's.
    await page.waitForLoadState('networkidle');
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/metrics/overview') && r.url().includes('from=2020-') && r.status() === 200);
    await hint.getByRole('button', { name: /^Show / }).click();
    const response = await answer;
    const body = await response.json();
    expect(body.current.conversations).toBeGreaterThan(100);
    const url = new URL(page.url());
    expect(url.searchParams.get('period')).toBe('custom');
    expect(url.searchParams.get('from')).toMatch(/^2020-03-/);
    expect(url.searchParams.get('to')).toMatch(/^2020-09-/);
    expect(new URL(response.url()).searchParams.get('from')).toBe(url.searchParams.get('from'));
    await kpiShows(page, body.current.conversations);
    await hint.waitFor({ state: 'detached' });
    const chart = page.getByTestId('chart-volume');
    await chart.locator('.recharts-wrapper').first().waitFor();
    await expect(chart.locator('.empty-note').count()).resolves.toBe(0);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(ARTIFACTS, `urls-data-2020-${width}.png`), fullPage: true });
    await page.close();
  });
});
