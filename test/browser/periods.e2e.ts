/**
 * Unfinished periods, comparisons and axes in chromium (issue 18, items 1, 5 and 6): "today" draws
 * no hour after the current one and marks that one "so far"; its KPI deltas compare with yesterday
 * until the same time (the request and the figure); a near-empty previous period shows
 * "n/a — too little data before"; monthly ticks read "Sep 2026". Screenshots at 1440 and 390 px
 * go to test/artifacts/periods-*.png.
 *
 * The workspace's zone is chosen so that it is about noon there now: "yesterday until now" and
 * "all of yesterday" then differ by the conversations put yesterday afternoon, whatever the hour
 * the suite runs at.
 */
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { ingestAll } from '../support/server';
import { ARTIFACTS, browserWorld, describeBrowser, reportResponse, signIn, userFor } from './support';

jest.setTimeout(300_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let user: { email: string };
/** Hours east of UTC of the workspace's zone, so that it is 12:xx there now. */
let offset: number;
let todayStart: number;
let tz: string;

/** One answered conversation (a customer message, an agent's reply a minute later). */
function conversation(id: string, atMs: number) {
  return [
    { id: `${id}-in`, type: 'message.received', occurredAt: new Date(atMs).toISOString(), conversationId: id, contactId: `c-${id}`, channel: 'whatsapp', sender: { type: 'customer' } },
    { id: `${id}-out`, type: 'message.sent', occurredAt: new Date(atMs + 60_000).toISOString(), conversationId: id, contactId: `c-${id}`, channel: 'whatsapp', sender: { type: 'agent', id: 'agent-1' } },
  ];
}

/** `count` conversations spread over local hours [fromHour, toHour) of the day `dayStart`. */
const spread = (prefix: string, count: number, dayStart: number, fromHour: number, toHour: number) =>
  Array.from({ length: count }, (_, i) => conversation(`${prefix}-${i}`, dayStart + fromHour * HOUR + Math.floor(((toHour - fromHour) * HOUR * i) / count))).flat();

/** The next request of a report (its URL carries what the page asked). */
const reportRequest = (page: Page, report: string) => page.waitForRequest((r: Request) => r.url().includes(`/api/v1/metrics/${report}?`));

async function chartTable(page: Page, testId: string): Promise<string[]> {
  const card = page.getByTestId(testId);
  await card.getByRole('button', { name: /view as table/i }).click();
  const rows = await card.locator('tbody tr th, tbody tr td:first-child').allTextContents();
  await card.getByRole('button', { name: /view as (table|chart)/i }).click();
  return rows;
}

const world = browserWorld(async ({ db, server }) => {
  const now = Date.now();
  offset = 12 - new Date(now).getUTCHours();
  // Etc/GMT zones count the other way round: Etc/GMT-5 is UTC+5.
  tz = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const u = await userFor(db.env, 'periods', tz);
  todayStart = Math.floor((now + offset * HOUR) / DAY) * DAY - offset * HOUR;
  const yesterday = todayStart - DAY;
  await ingestAll(server.url, u.key, [
    // Today until 10:00 (it is 12:xx): 60 conversations.
    ...spread('today', 60, todayStart, 1, 10),
    // Yesterday until the same time: 40; yesterday afternoon and evening, after that time: 100.
    ...spread('yday-early', 40, yesterday, 1, 10),
    ...spread('yday-late', 100, yesterday, 14, 23),
    // One conversation in each of three earlier months, for the monthly axis; none 7–13 days ago.
    ...[100, 70, 40].flatMap((d) => conversation(`old-${d}`, todayStart - d * DAY + 12 * HOUR)),
  ]);
  user = u;
});

describeBrowser('periods in chromium: unfinished periods, comparisons, axes', () => {

  it('today: asked until now, compared with yesterday until the same time (request and figure), no hour after the current one, that one "so far"', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const first = reportResponse(page, 'overview');
    await signIn(page, world.server.url, user.email);
    await first;
    await page.waitForLoadState('networkidle');
    const request = reportRequest(page, 'overview');
    const answer = reportResponse(page, 'overview');
    const series = reportRequest(page, 'engagement');
    await page.goto(`${world.server.url}/?period=today`);
    const asked = new URL((await request).url()).searchParams;
    const body = await (await answer).json();

    // [today, now rounded up to the minute) against [yesterday, yesterday at that time).
    const to = asked.get('to')!;
    const date = (ms: number) => new Date(ms + offset * HOUR).toISOString().slice(0, 10);
    expect(asked.get('from')).toBe(date(todayStart));
    expect(to).toMatch(new RegExp(`^${date(todayStart)}T12:\\d\\d:00[+-]\\d\\d:00$|^${date(todayStart)}T13:00:00`));
    expect(Date.parse(to)).toBeGreaterThan(Date.now() - 60_000);
    expect(asked.get('compareFrom')).toBe(date(todayStart - DAY));
    expect(asked.get('compareTo')).toBe(`${date(todayStart - DAY)}${to.slice(10)}`);
    expect(body.previous.to.slice(11, 16)).toBe(to.slice(11, 16));
    expect([body.current.conversations, body.before.conversations]).toEqual([60, 40]);

    // 60 against 40 is +50% (against all of yesterday, 140, it would read −57%).
    const delta = page.getByTestId('kpi-conversations-delta');
    await expect(delta.textContent()).resolves.toMatch(/▲\s*\+50%/);
    // The time as the browser's locale writes it (chromium here: en-US, "12:25 PM").
    const clock = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(to));
    await expect(delta.getAttribute('title')).resolves.toBe(`vs yesterday until ${clock}: 40`);

    // Hours 00 … the current one, and no later: the engagement series is asked until now too.
    expect(new URL((await series).url()).searchParams.get('to')).toBe(to);
    const lastHour = Number(to.slice(11, 13)) - (to.slice(14, 16) === '00' ? 1 : 0);
    const chart = page.getByTestId('chart-volume');
    await chart.locator('.recharts-xAxis-tick-labels').waitFor();
    const incomplete = await chart.locator('.chart').getAttribute('data-incomplete');
    expect(incomplete).toBe(`${date(todayStart)}T${String(lastHour).padStart(2, '0')}:00:00${to.slice(19)} current`);
    await expect(chart.getByTestId('chart-incomplete-note').textContent()).resolves.toMatch(/\(so far\)$/);
    await page.screenshot({ path: join(ARTIFACTS, 'periods-today-1440.png'), fullPage: true });
    const rows = await chartTable(page, 'chart-volume');
    expect(rows).toHaveLength(lastHour + 1);
    expect(rows[rows.length - 1]).toMatch(/\(so far\)$/);
    expect(rows.slice(0, -1).every((r) => !/so far|partial/.test(r))).toBe(true);

    await page.setViewportSize({ width: 390, height: 900 });
    await chart.scrollIntoViewIfNeeded();
    await chart.screenshot({ path: join(ARTIFACTS, 'periods-today-390.png') });
    await page.close();
  });

  it('a near-empty previous period shows "n/a — too little data before", never a percentage', async () => {
    const page = await world.browser.newPage({ viewport: { width: 390, height: 900 } });
    await signIn(page, world.server.url, user.email);
    await page.waitForLoadState('networkidle');
    const answer = reportResponse(page, 'overview');
    await page.goto(`${world.server.url}/?period=7d`);
    const body = await (await answer).json();
    expect(body.current.conversations).toBe(200);
    expect(body.before.conversations).toBe(0);
    for (const id of ['conversations', 'responseRate', 'firstResponseMedian']) {
      const delta = page.getByTestId(`kpi-${id}-delta`);
      await expect(delta.textContent()).resolves.toContain('n/a — too little data before');
      await expect(delta.textContent()).resolves.not.toMatch(/%|▲|▼/);
      await expect(delta.getAttribute('class')).resolves.toContain('tone-neutral');
    }
    await page.screenshot({ path: join(ARTIFACTS, 'periods-7d-390.png'), fullPage: true });
    await page.close();
  });

  it('monthly ticks read as months with their year ("Sep 2026"), the running month marked, drawn with straight segments', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    await page.waitForLoadState('networkidle');
    const day = (ms: number) => new Date(ms + offset * HOUR).toISOString().slice(0, 10);
    const from = `${day(todayStart - 120 * DAY).slice(0, 7)}-01`;
    await page.goto(`${world.server.url}/?period=custom&from=${from}&to=${day(todayStart)}&grain=month`);
    const chart = page.getByTestId('chart-volume');
    await chart.locator('.recharts-xAxis-tick-labels').waitFor();
    await page.waitForLoadState('networkidle');
    const ticks = await chart.locator('.recharts-xAxis-tick-labels text').allTextContents();
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (const t of ticks) expect(t).toMatch(/^[A-Z][a-z]{2,3} \d{4}$/);
    const month = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(todayStart + offset * HOUR));
    expect(ticks).toContain(month);
    await expect(chart.locator('.chart').getAttribute('data-incomplete')).resolves.toMatch(/ current$/);
    // Straight segments: a linear path has no cubic Bézier commands.
    const path = await chart.locator('.recharts-area-curve').first().getAttribute('d');
    expect(path).not.toMatch(/C/);
    await page.screenshot({ path: join(ARTIFACTS, 'periods-months-1440.png'), fullPage: true });
    await page.close();
  });
});
