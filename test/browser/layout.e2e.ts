/**
 * Layout and money in a real browser (issue 18, items 3 and 9): at 1440 px the channels table
 * fits with its Revenue column, every money figure lists every currency and no chart mixes two;
 * at 390 px no page scrolls sideways, the channel popover stays on screen, the Settings tab can
 * be reached, the heatmap's last hour label is not clipped. And the first chart of a warm page.
 * Screenshots go to test/artifacts/layout-*.png.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { generateEvents } from '@parley/shared/generate';
import { ingestAll } from '../support/server';
import { ARTIFACTS, browserWorld, describeBrowser, reportResponse, signIn, userFor } from './support';

jest.setTimeout(300_000);

let user: { name: string; email: string };

type Box = { x: number; y: number; width: number; height: number };
const inside = (inner: Box, outer: Box, slack = 0.5) =>
  inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
const box = async (l: Locator): Promise<Box> => {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
};

/** Conversions in both currencies on two channels, a day ago, besides the generated data. */
function twoCurrencies(now: number): unknown[] {
  const at = new Date(now - 86_400_000).toISOString();
  const events: unknown[] = [];
  for (const [channel, amounts] of [
    ['whatsapp', [['EUR', 6198.05], ['USD', 1869.9]]],
    ['sms', [['EUR', 12.5], ['USD', 40]]],
  ] as const) {
    const base = { conversationId: `layout-${channel}`, contactId: `layout-contact-${channel}`, channel };
    events.push({ ...base, id: `layout-${channel}-in`, type: 'message.received', occurredAt: at, sender: { type: 'customer' } });
    for (const [currency, value] of amounts) events.push({ ...base, id: `layout-${channel}-${currency}`, type: 'conversion', occurredAt: at, value, currency });
  }
  return events;
}

async function openPage(width: number, path = '/'): Promise<Page> {
  const page = await world.browser.newPage({ viewport: { width, height: width < 500 ? 844 : 900 } });
  await signIn(page, world.server.url, user.email, path);
  await page.getByTestId('page-title').waitFor();
  return page;
}

const world = browserWorld(async ({ db, server }) => {
  const u = await userFor(db.env, 'layout', 'Europe/Berlin');
  const now = Date.now();
  await ingestAll(server.url, u.key, [...generateEvents({ events: 12_000, seed: 18, startMs: now - 60 * 86_400_000, days: 58 }), ...twoCurrencies(now)]);
  user = u;
});

describeBrowser('layout and money in chromium', () => {

  it('at 1440 px the channels table fits, Revenue included, and every money figure lists EUR and USD', async () => {
    const page = await openPage(1440);
    await page.waitForLoadState('networkidle');
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/metrics/channels') && r.status() === 200);
    await page.goto(`${world.server.url}/channels`);
    const channels = (await (await answer).json()).channels as { channel: string; revenue: Record<string, number> }[];
    for (const c of channels) await page.getByTestId(`channel-row-${c.channel}`).waitFor();

    // Fits: no sideways scroll inside the card, and the Revenue column is on screen.
    const region = page.getByRole('region', { name: 'Channels table' });
    const { scrollWidth, clientWidth } = await region.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const revenueHeader = region.getByRole('columnheader', { name: /Revenue/ });
    await expect(revenueHeader.isVisible()).resolves.toBe(true);
    expect(inside(await box(revenueHeader), await box(region))).toBe(true);
    expect(inside(await box(revenueHeader), { x: 0, y: 0, width: 1440, height: 10_000 })).toBe(true);

    // The table: each channel's revenue cell names every currency it has, in both signs.
    const both = channels.filter((c) => (c.revenue.EUR ?? 0) > 0 && (c.revenue.USD ?? 0) > 0);
    expect(both.map((c) => c.channel)).toEqual(expect.arrayContaining(['whatsapp', 'sms']));
    for (const c of both) {
      const cell = (await page.getByTestId(`channel-row-${c.channel}`).getByRole('cell').last().textContent()) ?? '';
      expect(cell).toMatch(/€[\d,.]+/);
      expect(cell).toMatch(/\$[\d,.]+/);
    }
    const whatsapp = (await page.getByTestId('channel-row-whatsapp').getByRole('cell').last().textContent()) ?? '';
    expect(whatsapp).toContain(`€${channels.find((c) => c.channel === 'whatsapp')!.revenue.EUR.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);

    // The chart: one panel per currency, each with its own bars (no axis shared by two currencies).
    const card = page.getByTestId('channel-bars-revenue');
    for (const currency of ['EUR', 'USD']) {
      const panel = card.getByTestId(`channel-revenue-${currency}`);
      await panel.locator('.recharts-surface').waitFor();
      const withIt = channels.filter((c) => (c.revenue[currency] ?? 0) > 0);
      await expect(panel.locator('.recharts-bar-rectangle').count()).resolves.toBe(withIt.length);
      const label = (await panel.locator('.chart[role=img]').getAttribute('aria-label')) ?? '';
      expect(label).toContain(`Revenue in ${currency}`);
      expect(label).not.toContain(currency === 'EUR' ? '$' : '€');
    }
    await page.screenshot({ path: join(ARTIFACTS, 'layout-channels-1440.png'), fullPage: true });
    await page.close();
  });

  it('the other money figures list both currencies: overview cards, engagement charts one per currency', async () => {
    const page = await openPage(1440);
    await page.getByTestId('kpi-revenue-EUR').waitFor();
    await expect(page.getByTestId('kpi-revenue-EUR').textContent()).resolves.toMatch(/€/);
    await expect(page.getByTestId('kpi-revenue-USD').textContent()).resolves.toMatch(/\$/);

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Engagement' }).click();
    const chart = page.getByTestId('chart-revenue');
    for (const [currency, sign] of [
      ['EUR', '€'],
      ['USD', '$'],
    ]) {
      const panel = chart.getByTestId(`revenue-panel-${currency}`);
      await panel.locator('.recharts-surface').waitFor();
      // Its axis is in its currency, and in that one only.
      const ticks = (await panel.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).join(' ');
      expect(ticks).toContain(sign);
      expect(ticks).not.toContain(sign === '€' ? '$' : '€');
    }
    await chart.screenshot({ path: join(ARTIFACTS, 'layout-engagement-revenue-1440.png') });
    await page.close();
  });

  it('at 390 px no page scrolls sideways', async () => {
    const page = await openPage(390);
    for (const path of ['/', '/response-times', '/agents', '/teams', '/tags', '/engagement', '/campaigns', '/loyalty', '/channels', '/exports', '/settings']) {
      await page.goto(world.server.url + path);
      await page.getByTestId('page-title').waitFor();
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      // What sticks out, named in the failure.
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > 391 && !el.closest('.table-scroll, .tabs'))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
      );
      expect({ path, width, wide }).toEqual({ path, width: 390, wide: [] });
      await page.screenshot({ path: join(ARTIFACTS, `layout${path === '/' ? '-overview' : path.replace('/', '-')}-390.png`), fullPage: true });
    }
    await page.close();
  });

  it('at 390 px the channel popover stays inside the window', async () => {
    const page = await openPage(390, '/channels');
    await page.getByRole('button', { name: /^Channels:/ }).click();
    const panel = page.getByRole('dialog', { name: /^Channels:/ });
    await panel.getByRole('checkbox').first().waitFor();
    expect(inside(await box(panel), { x: 0, y: 0, width: 390, height: 10_000 })).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'layout-popover-390.png') });
    await page.close();
  });

  it('at 390 px the tab strip shows there is more, and Settings can be reached and opened', async () => {
    const page = await openPage(390);
    const nav = page.getByRole('navigation', { name: 'Pages' });
    const settings = nav.getByRole('link', { name: 'Settings' });
    const strip = await box(nav);
    // Off the strip at first; the arrow says there is more.
    expect(inside(await box(settings), strip)).toBe(false);
    const more = page.getByTestId('tabs-more');
    await expect(more.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'layout-tabs-390.png'), clip: { x: 0, y: 0, width: 390, height: 200 } });
    for (let i = 0; i < 6 && !inside(await box(settings), strip); i++) {
      await more.click();
      await page.waitForTimeout(400);
    }
    expect(inside(await box(settings), strip)).toBe(true);
    await settings.click();
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe('Settings');
    // The current tab is scrolled into view on its page.
    expect(inside(await box(nav.getByRole('link', { name: 'Settings' })), await box(nav))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'layout-tabs-settings-390.png'), clip: { x: 0, y: 0, width: 390, height: 200 } });
    await page.close();
  });

  it('at 390 px the heatmap fits and its last hour label is not clipped', async () => {
    const page = await openPage(390, '/engagement');
    const heatmap = page.getByTestId('chart-heatmap').locator('.heatmap');
    await heatmap.waitFor();
    const wrap = page.getByTestId('chart-heatmap').locator('.heatmap-wrap');
    const { scrollWidth, clientWidth } = await wrap.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const hours = heatmap.getByTestId('heatmap-hour');
    await expect(hours.count()).resolves.toBe(8);
    // The text itself (not only its grid cell) lies inside the heatmap.
    const last = hours.last().locator('.hour-short');
    await expect(last.textContent()).resolves.toBe('21');
    expect(inside(await box(last), await box(heatmap))).toBe(true);
    expect(inside(await box(heatmap), await box(wrap))).toBe(true);
    await wrap.screenshot({ path: join(ARTIFACTS, 'layout-heatmap-390.png') });
    await page.close();
  });

  it('a warm page asks for its figures as soon as the session is known, and logs the time to its first chart', async () => {
    const page = await openPage(1440);
    await page.locator('[data-testid="chart-volume"] .recharts-surface').last().waitFor();
    await page.waitForLoadState('networkidle');
    const runs: { total: number; wait: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = reportResponse(page, 'engagement');
      await page.reload();
      await answer;
      await page.waitForFunction(() => document.querySelector('[data-testid="chart-volume"] .recharts-surface .recharts-layer path'));
      runs.push(
        await page.evaluate(() => {
          const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const me = res.find((e) => e.name.includes('/api/v1/auth/me'))!;
          // The overview's own reports (the channel picker's list is not the page's).
          const first = Math.min(...res.filter((e) => /\/api\/v1\/metrics\/(overview|engagement)\?/.test(e.name)).map((e) => e.startTime));
          return { total: performance.now(), wait: first - me.responseEnd };
        }),
      );
      await page.waitForLoadState('networkidle');
    }
    const median = (k: 'total' | 'wait') => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
    console.log(`browser: warm reload to first chart ${runs.map((r) => Math.round(r.total)).join(', ')} ms (median ${Math.round(median('total'))}); session known to first report asked ${runs.map((r) => Math.round(r.wait)).join(', ')} ms`);
    // The page's module is here by then: no Suspense fallback holding the queries back ~300 ms.
    expect(median('wait')).toBeLessThan(200);
    await page.close();
  });
});
