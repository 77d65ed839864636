/**
 * Saved views and the dark theme in chromium (issue 18, item 13): a view saved with filters opens
 * from the top bar with its URL and its figures, is renamed and deleted; the theme follows the
 * system's, a Light or Dark choice wins and is remembered. Screenshots of the dark theme (overview
 * and a chart page, 1440 px and 390 px) go to test/artifacts/views-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateEvents } from '@parley/shared/generate';
import { ingestAll } from '../support/server';
import { ARTIFACTS, browserWorld, describeBrowser, digits, reportResponse, signIn, userFor } from './support';

jest.setTimeout(300_000);

let user: { name: string; email: string };

/** Relative luminance (0 black … 1 white) of a computed colour `rgb(r, g, b)`. */
const luminanceOf = (rgb: string) => {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
/** The page's background (the root's, which paints the canvas) and the body's text colour. */
const colours = (page: Page) =>
  page.evaluate(() => ({ background: getComputedStyle(document.documentElement).backgroundColor, text: getComputedStyle(document.body).color }));

const kpi = (page: Page, n: number) =>
  page.waitForFunction((v) => document.querySelector('[data-testid="kpi-conversations"]')?.textContent?.replace(/[^\d]/g, '') === String(v), n);

const world = browserWorld(async ({ db, server }) => {
  user = await userFor(db.env, 'views', 'Europe/Berlin');
  await ingestAll(server.url, (user as { key: string } & typeof user).key, generateEvents({ events: 6_000, seed: 18, startMs: Date.now() - 40 * 86_400_000, days: 39 }));
});

describeBrowser('saved views and the dark theme in chromium', () => {

  it('saves the view with its filters, opens it from the top bar elsewhere, renames and deletes it', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const first = reportResponse(page, 'overview');
    await signIn(page, world.server.url, user.email, '/?period=7d&channel=whatsapp&metric=messagesIn');
    const saved = await (await first).json();
    await kpi(page, saved.current.conversations);
    const savedUrl = new URL(page.url());

    await page.getByRole('button', { name: 'Save this view' }).click();
    await page.getByLabel('View name').fill('WhatsApp this week');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/views') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await created).status()).toBe(201);
    // The page is the view: the menu's button says so.
    await page.getByRole('button', { name: 'Saved views (showing WhatsApp this week)' }).waitFor();

    // Elsewhere: another page, another period, every channel.
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Loyalty' }).click();
    await page.getByTestId('page-title').filter({ hasText: 'Loyalty' }).waitFor();
    await page.locator('select[aria-label="Period"]').selectOption('30d');
    await page.getByRole('button', { name: 'Saved views' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/loyalty');

    await page.getByRole('button', { name: 'Saved views' }).click();
    await page.getByRole('link', { name: 'WhatsApp this week' }).click();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/');
    expect([...url.searchParams].sort()).toEqual([...savedUrl.searchParams].sort());
    // The saved view's figures (from the cache or asked again: the same answer).
    await kpi(page, saved.current.conversations);
    expect(digits(await page.getByTestId('kpi-messagesIn').textContent())).toBe(saved.current.messagesIn);
    expect(await page.getByTestId('chart-volume').textContent()).toContain('Messages in');
    expect(await page.locator('select[aria-label="Period"]').inputValue()).toBe('7d');
    await page.getByRole('button', { name: 'Saved views (showing WhatsApp this week)' }).waitFor();

    await page.getByRole('button', { name: 'Saved views (showing WhatsApp this week)' }).click();
    await page.getByRole('button', { name: 'Rename the view WhatsApp this week' }).click();
    await page.getByLabel('View name').fill('WA week');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByRole('link', { name: /^WA week/ }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'views-menu.png') });

    await page.getByRole('button', { name: 'Delete the view WA week' }).click();
    await page.getByRole('button', { name: 'Delete view' }).click();
    await page.getByText('No saved views yet').waitFor();
    await page.close();
  });

  it('follows a dark system theme; a Light choice wins and is remembered, System follows again', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const scripts: number[] = [];
    page.on('response', (r) => r.url().endsWith('/theme.js') && scripts.push(r.status()));
    await signIn(page, world.server.url, user.email);
    await page.locator('.recharts-surface').first().waitFor();
    let c = await colours(page);
    expect(luminanceOf(c.background)).toBeLessThan(0.05);
    expect(luminanceOf(c.text)).toBeGreaterThan(0.6);
    // The main series is drawn in the dark theme's colour (a CSS variable in an SVG attribute).
    const stroke = await page.getByTestId('chart-volume').locator('.recharts-area-curve').first().evaluate((el) => getComputedStyle(el).stroke);
    expect(stroke).toBe('rgb(129, 140, 248)');
    await page.screenshot({ path: join(ARTIFACTS, 'views-dark-overview-1440.png'), fullPage: true });

    await page.getByRole('combobox', { name: 'Colour theme' }).selectOption('light');
    c = await colours(page);
    expect(luminanceOf(c.background)).toBeGreaterThan(0.8);
    expect(luminanceOf(c.text)).toBeLessThan(0.1);
    await page.reload();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(luminanceOf((await colours(page)).background)).toBeGreaterThan(0.8);
    expect(await page.getByRole('combobox', { name: 'Colour theme' }).inputValue()).toBe('light');

    await page.getByRole('combobox', { name: 'Colour theme' }).selectOption('system');
    expect(luminanceOf((await colours(page)).background)).toBeLessThan(0.05);
    // theme.js (which applies the choice before the first paint) was served, not refused.
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((s) => s === 200 || s === 304)).toBe(true);
    await context.close();
  });

  it('a Dark choice wins over a light system; chart pages read on dark at 1440 and 390 px', async () => {
    for (const width of [1440, 390]) {
      const context = await world.browser.newContext({ viewport: { width, height: 900 }, colorScheme: 'light' });
      const page = await context.newPage();
      await signIn(page, world.server.url, user.email);
      await page.getByRole('combobox', { name: 'Colour theme' }).selectOption('dark');
      expect(luminanceOf((await colours(page)).background)).toBeLessThan(0.05);
      await page.locator('.recharts-surface').first().waitFor();
      if (width === 390) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
        await page.screenshot({ path: join(ARTIFACTS, 'views-dark-overview-390.png'), fullPage: true });
      }
      const answer = reportResponse(page, 'response-times');
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Response times' }).click();
      await answer;
      await page.locator('.recharts-surface').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(ARTIFACTS, `views-dark-response-times-${width}.png`), fullPage: true });
      await context.close();
    }
  });
});
