/**
 * Readability of the dashboard (issue 18, items 4 and 8) in chromium, on a generated dataset of
 * the last 60 days: median and p90 on their own panels, each on its own scale; the CSAT on a 1–5
 * axis with its ratings in tooltip and table; the resolution chart's axes titled; no grain or
 * compare control where a page ignores them; compare draws the previous period on
 * Loyalty. Screenshots at 1440 and 390 px go to test/artifacts/readability-*.png.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { generateEvents } from '@parley/shared/generate';
import { ingestAll } from '../support/server';
import { ARTIFACTS, browserWorld, describeBrowser, digits, reportResponse, signIn, userFor } from './support';

jest.setTimeout(300_000);

let user: { email: string };

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
/** A duration axis tick ("45m", "1.5d") in seconds. */
const tickSeconds = (text: string) => {
  const m = /^([\d.]+)([smhd])$/.exec(text.trim());
  if (!m) throw new Error(`not a duration tick: ${text}`);
  return Number(m[1]) * UNITS[m[2]];
};
// Recharts draws tick labels apart from their axis: one group per value axis, the left one first.
const Y_LABELS = '.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value';
const yTicks = (scope: Locator, axis = 0) => scope.locator('.recharts-yAxis-tick-labels').nth(axis).locator('.recharts-cartesian-axis-tick-value').allTextContents();
const DASHED = 'path.recharts-line-curve[stroke-dasharray="5 4"]';

async function open(path: string, width = 1440): Promise<Page> {
  const page = await world.browser.newPage({ viewport: { width, height: 900 } });
  await signIn(page, world.server.url, user.email, path);
  return page;
}

const world = browserWorld(async ({ db, server }) => {
  const u = await userFor(db.env, 'readable', 'Europe/Berlin');
  await ingestAll(server.url, u.key, generateEvents({ events: 12_000, seed: 18, startMs: Date.now() - 60 * 86_400_000, days: 58 }));
  user = u;
});

describeBrowser('readability in chromium', () => {

  it('response times: median and p90 each on a panel of its own, its top tick near its own maximum', async () => {
    for (const width of [1440, 390]) {
      const page = await world.browser.newPage({ viewport: { width, height: 900 } });
      const answer = reportResponse(page, 'response-times');
      // Without the comparison, the only response-times answer is the one drawn.
      await signIn(page, world.server.url, user.email, '/response-times?compare=off');
      const series: Record<string, number | null>[] = (await (await answer).json()).series;
      for (const [card, keys] of [
        ['chart-first-response', ['firstResponseMedian', 'firstResponseP90']],
        ['chart-reply', ['replyMedian', 'replyP90']],
      ] as const) {
        const tops: number[] = [];
        for (const key of keys) {
          const panel = page.getByTestId(card).getByTestId(`panel-${key}`);
          await panel.locator(Y_LABELS).first().waitFor();
          const max = Math.max(...series.map((s) => s[key] ?? 0));
          const top = tickSeconds((await yTicks(panel)).at(-1)!);
          // Round ticks (durationTicks): the top is the first round step at or above the maximum.
          expect(top).toBeGreaterThanOrEqual(max);
          expect(top).toBeLessThanOrEqual(2 * max);
          tops.push(top);
        }
        // The median's scale is its own, not the p90's.
        expect(tops[0]).toBeLessThan(tops[1]);
      }
      // The resolution chart names both its axes.
      const resolution = page.getByTestId('chart-resolution');
      await resolution.locator('.recharts-label').first().waitFor();
      expect(await resolution.locator('.recharts-label').allTextContents()).toEqual(expect.arrayContaining(['Median time to resolve', 'Resolutions per day']));
      await page.screenshot({ path: join(ARTIFACTS, `readability-response-times-${width}.png`), fullPage: true });
      await page.close();
    }
  });

  it('loyalty: CSAT on a 1–5 axis, each day with its number of ratings in the tooltip and the table', async () => {
    for (const width of [1440, 390]) {
      const page = await world.browser.newPage({ viewport: { width, height: 900 } });
      const answer = reportResponse(page, 'loyalty');
      await signIn(page, world.server.url, user.email, '/loyalty?compare=off');
      const series: { csatResponses: number; csatAverage: number | null }[] = (await (await answer).json()).series;
      const card = page.getByTestId('chart-csat');
      await card.locator(Y_LABELS).first().waitFor();
      expect(await yTicks(card)).toEqual(['1', '2', '3', '4', '5']);
      expect(await yTicks(card, 1)).toEqual(['0%', '25%', '50%', '75%', '100%']);
      // Days with few ratings are faint dots off the line; the data has some (one to a few ratings a day).
      expect(series.some((s) => s.csatResponses > 0 && s.csatResponses < 5)).toBe(true);
      expect(await card.locator('.recharts-line-dot[fill-opacity="0.35"]').count()).toBeGreaterThan(0);
      // Hover the day with the most ratings: its tooltip names them.
      const best = series.reduce((a, s, i) => (s.csatResponses > series[a].csatResponses ? i : a), 0);
      await page.screenshot({ path: join(ARTIFACTS, `readability-loyalty-${width}.png`), fullPage: true });
      await card.locator('.recharts-cartesian-grid').scrollIntoViewIfNeeded();
      const box = (await card.locator('.recharts-cartesian-grid').boundingBox())!;
      // Lines put the first bucket at the left edge of the plot and the last at its right edge.
      await page.mouse.move(box.x + (best / (series.length - 1)) * box.width, box.y + box.height / 2, { steps: 4 });
      const note = card.locator('.chart-tooltip-note');
      await note.waitFor();
      expect(digits(await note.textContent())).toBe(series[best].csatResponses);
      expect(await note.textContent()).toMatch(/ratings?$/);
      await card.screenshot({ path: join(ARTIFACTS, `readability-csat-tooltip-${width}.png`) });
      await card.getByRole('button', { name: /View as table/ }).click();
      const headers = await card.locator('th[scope="col"]').allTextContents();
      expect(headers).toEqual(['Day', 'CSAT', 'Satisfied', 'Ratings']);
      const cells = await card.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[2]?.textContent ?? ''));
      expect(cells.map(digits)).toEqual(series.map((s) => s.csatResponses));
      // The returning and repeat rates say why they differ from the cards.
      await expect(page.getByTestId('chart-returning').textContent()).resolves.toContain('The cards above count each contact once over the whole period');
      await page.close();
    }
  });

  it('shows no grain or compare control on a page they would not change', async () => {
    for (const width of [1440, 390]) {
      for (const [path, grain, compare] of [
        ['/channels', false, false],
        ['/exports', true, false],
        ['/engagement', true, true],
      ] as const) {
        const page = await open(`${path}?compare=off&grain=week`, width);
        await page.getByRole('group', { name: 'Filters' }).waitFor();
        expect(await page.getByRole('combobox', { name: 'Grain' }).count()).toBe(grain ? 1 : 0);
        expect(await page.getByRole('checkbox', { name: 'Compare to previous period' }).count()).toBe(compare ? 1 : 0);
        if (path === '/channels') {
          await page.screenshot({ path: join(ARTIFACTS, `readability-channels-${width}.png`) });
          // Over Channels and on to Engagement, the choices made before are kept.
          await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Engagement' }).click();
          await page.waitForURL(/\/engagement/);
          expect(page.url()).toContain('compare=off');
          expect(page.url()).toContain('grain=week');
        }
        await page.close();
      }
    }
  });

  // Engagement compares its figures (the cards); its split chart draws each picked channel instead.
  it('compare draws the previous period on the loyalty charts', async () => {
    for (const [path, card] of [['/loyalty', 'chart-contacts']]) {
      const page = await open(path);
      const chart = page.getByTestId(card);
      await chart.locator(DASHED).waitFor();
      expect(await chart.locator('.recharts-legend-item-text').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Previous period/)]));
      await page.screenshot({ path: join(ARTIFACTS, `readability-compare${path.replace('/', '-')}-1440.png`), fullPage: true });
      await page.getByRole('checkbox', { name: 'Compare to previous period' }).uncheck();
      await page.waitForURL(/compare=off/);
      await chart.locator('.recharts-surface').first().waitFor();
      expect(await chart.locator(DASHED).count()).toBe(0);
      await page.close();
    }
  });
});
