/**
 * Drill-down and live in chromium (issue "Drill-down and live"): the Conversations page lists
 * the API's pages in its order with the list's filters and sort in the URL, walks pages with the
 * cursor and downloads the same selection as CSV; a conversation opens its timeline with the
 * waits between customer messages and responses; Live shows the API's figures and refreshes
 * itself without taking them off the screen. The data is ingested here. Screenshots go to
 * test/artifacts/.
 */
import { join } from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import type { ConversationDetail, ConversationList, LiveResponse } from '@parley/shared';
import { ingestAll } from '../support/server';
import { timelineWaits } from '../../web/src/lib/timeline';
import { ARTIFACTS, browserWorld, describeBrowser, digits, signIn, userFor } from './support';

jest.setTimeout(300_000);

/** 120 conversations over the last 9 days: some answered, some waiting, ratings on a third, a few resolved, some converted. */
function dataset(now: number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 120; i++) {
    const t0 = now - (i % 9) * 86_400_000 - (1 + (i % 11)) * 3_600_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const base = { conversationId: `conv-${String(i).padStart(3, '0')}`, contactId: `k${i % 70}`, channel: i % 2 ? 'sms' : 'whatsapp' };
    events.push({ id: `e${i}-in`, type: 'message.received', occurredAt: at(0), sender: { type: 'customer' }, ...base });
    if (i % 4 !== 3) events.push({ id: `e${i}-out`, type: 'message.sent', occurredAt: at(60 + ((i * 37) % 900)), sender: { type: 'agent', id: i % 2 ? 'ana' : 'ben' }, ...base });
    if (i % 4 !== 3) events.push({ id: `e${i}-in2`, type: 'message.received', occurredAt: at(1200), sender: { type: 'customer' }, ...base });
    if (i % 6 === 0) events.push({ id: `e${i}-out2`, type: 'message.sent', occurredAt: at(1500 + i), sender: { type: 'bot', id: 'faq' }, ...base });
    if (i % 3 === 0) events.push({ id: `e${i}-csat`, type: 'csat.submitted', occurredAt: at(1800), rating: 1 + (i % 5), ...base });
    if (i % 5 === 0) events.push({ id: `e${i}-res`, type: 'conversation.resolved', occurredAt: at(2000), ...base });
    if (i % 7 === 0) events.push({ id: `e${i}-buy`, type: 'conversion', occurredAt: at(1900), value: 20 + i, currency: 'EUR', ...base });
  }
  return events;
}

let user: { name: string; email: string };
const world = browserWorld(async ({ db, server }) => {
  const u = await userFor(db.env, 'drill', 'Europe/Berlin');
  await ingestAll(server.url, u.key, dataset(Date.now()));
  user = u;
});

const listResponse = (page: Page, test: (q: URLSearchParams) => boolean = () => true) =>
  page.waitForResponse((r: Response) => {
    const url = new URL(r.url());
    return url.pathname === '/api/v1/conversations' && r.status() === 200 && test(url.searchParams);
  });
/** At 390 px the page fits the screen (wide tables scroll inside their card); a screenshot for review. */
async function atPhoneWidth(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 1000 });
}
const rowIds = (page: Page) => page.getByTestId('conversation-row').locator('th a').allTextContents();

describeBrowser('drill-down and live in chromium', () => {
  it('Conversations: the API pages in order, sort and status in the URL, next/previous, the CSV of the selection', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    const nav = page.getByRole('navigation', { name: 'Pages' });
    const first = listResponse(page);
    await nav.getByRole('link', { name: 'Conversations', exact: true }).click();
    const page1 = (await (await first).json()) as ConversationList;
    expect(new URL(page.url()).pathname).toBe('/conversations');
    await page.getByTestId('conversation-row').first().waitFor();
    expect(page1.items).toHaveLength(50);
    expect(await rowIds(page)).toEqual(page1.items.map((i) => i.conversationId));
    await page.screenshot({ path: join(ARTIFACTS, 'conversations-1440.png'), fullPage: true });
    await atPhoneWidth(page, 'conversations');

    // Next: the API's second page, asked with the first page's cursor; Previous: the first again.
    const second = listResponse(page, (q) => q.get('cursor') === page1.nextCursor);
    await page.getByRole('button', { name: 'Next' }).click();
    const page2 = (await (await second).json()) as ConversationList;
    await page.getByTestId('conversations-page').filter({ hasText: 'Page 2' }).waitFor();
    expect(await rowIds(page)).toEqual(page2.items.map((i) => i.conversationId));
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByTestId('conversations-page').filter({ hasText: 'Page 1' }).waitFor();
    expect(await rowIds(page)).toEqual(page1.items.map((i) => i.conversationId));

    // Sort by rating (a header), then only the waiting ones: both in the URL, rows as the API answers.
    const byRating = listResponse(page, (q) => q.get('sort') === 'rating');
    await page.getByRole('button', { name: /^Rating/ }).click();
    const rated = (await (await byRating).json()) as ConversationList;
    await page.waitForURL(/sortBy=rating/);
    await page.waitForFunction((id) => document.querySelector('[data-testid="conversation-row"] th a')?.textContent === id, rated.items[0].conversationId);
    expect(await rowIds(page)).toEqual(rated.items.map((i) => i.conversationId));
    expect(rated.items[0].rating).toBe(5);
    const waiting = listResponse(page, (q) => q.get('status') === 'waiting');
    await page.getByLabel('Status').selectOption('waiting');
    const waitingList = (await (await waiting).json()) as ConversationList;
    await page.waitForURL(/status=waiting/);
    expect(waitingList.items.length).toBeGreaterThan(10);
    expect(waitingList.items.every((i) => i.waitingSince !== null)).toBe(true);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="conversation-row"]').length === n, waitingList.items.length);
    expect(await rowIds(page)).toEqual(waitingList.items.map((i) => i.conversationId));

    // The CSV: the conversations export with the same selection.
    const href = (await page.getByRole('link', { name: 'Download CSV: these conversations' }).getAttribute('href'))!;
    const q = new URL(href, world.server.url).searchParams;
    expect(q.get('status')).toBe('waiting');
    const csv = await page.evaluate(async (h) => (await fetch(h)).text(), href);
    const [header, ...lines] = csv.trim().split('\r\n');
    const id = header.split(',').indexOf('conversationId');
    // Every page of the list the page shows, walked through the API with its cursors.
    const all = await page.evaluate(async (first) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams(first);
        if (cursor) q.set('cursor', cursor);
        const body = (await (await fetch(`/api/v1/conversations?${q}`)).json()) as { items: { conversationId: string }[]; nextCursor: string | null };
        ids.push(...body.items.map((i) => i.conversationId));
        cursor = body.nextCursor;
      } while (cursor);
      return ids;
    }, new URL((await waiting).url()).search);
    expect(all.length).toBeGreaterThan(waitingList.items.length - 1);
    expect(lines.map((l) => l.split(',')[id]).sort()).toEqual(all.sort());
    await page.close();
  });

  it('a conversation: its facts and its events in order, the waits between them', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email, '/conversations?sortBy=rating');
    await page.getByTestId('conversation-row').first().waitFor();
    // The best rated conversation: answered, so it has waits to draw.
    const target = (await rowIds(page))[0];
    const detail = page.waitForResponse((r: Response) => r.url().endsWith(`/api/v1/conversations/${target}`) && r.status() === 200);
    await page.getByTestId('conversation-row').first().locator('th a').click();
    const body = (await (await detail).json()) as ConversationDetail;
    expect(new URL(page.url()).pathname).toBe(`/conversations/${target}`);
    await page.getByTestId('conversation-timeline').waitFor();
    expect(await page.getByTestId('timeline-event').count()).toBe(body.events.length);
    const closed = timelineWaits(body.events).filter((w) => w.to !== null).length;
    expect(closed).toBeGreaterThan(0);
    expect(await page.getByTestId('timeline-wait').count()).toBe(closed);
    expect(await page.getByTestId('fact-channel').textContent()).toBe(body.conversation.channel);
    expect(await page.getByTestId('fact-rating').textContent()).toBe(String(body.conversation.rating));
    await page.screenshot({ path: join(ARTIFACTS, 'conversation-1440.png'), fullPage: true });
    await atPhoneWidth(page, 'conversation');
    // Back to the list, with its filters.
    await page.getByRole('link', { name: '← All conversations' }).click();
    await page.waitForURL(/\/conversations\?sortBy=rating$/);
    // An unknown id says so.
    await page.goto(`${world.server.url}/conversations/${encodeURIComponent('no such/conversation')}`);
    await page.getByText('This workspace has no conversation “no such/conversation”.').waitFor();
    await page.close();
  });

  it('Live: the API figures, the longest waits, a refresh every 15 s that never blanks them', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    const firstLive = page.waitForResponse((r: Response) => new URL(r.url()).pathname === '/api/v1/live' && r.status() === 200);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Live', exact: true }).click();
    const live = (await (await firstLive).json()) as LiveResponse;
    await page.getByTestId('live-open').waitFor();
    expect(digits(await page.getByTestId('live-open').textContent())).toBe(live.open);
    expect(digits(await page.getByTestId('live-waiting').textContent())).toBe(live.waiting);
    expect(live.waiting).toBeGreaterThan(0);
    expect(await page.getByTestId('live-wait').locator('th a').allTextContents()).toEqual(live.longestWaits.map((w) => w.conversationId));
    // No period on a page about now.
    expect(await page.getByLabel('Period').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'live-1440.png'), fullPage: true });
    await atPhoneWidth(page, 'live');
    // The next answer comes by itself; the figures stay on screen meanwhile.
    const next = page.waitForResponse((r: Response) => new URL(r.url()).pathname === '/api/v1/live' && r.status() === 200, { timeout: 25_000 });
    let blank = 0;
    let done = false;
    void next.then(() => (done = true));
    while (!done) {
      if (!(await page.getByTestId('live-open').isVisible())) blank++;
      await page.waitForTimeout(250);
    }
    expect(blank).toBe(0);
    await page.close();
  });

  it('every figure opens what it counted: a KPI card, a chart bucket, a ranked row', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    // The response rate card: the conversations by first customer message that were answered.
    const fromCard = listResponse(page, (q) => q.get('by') === 'firstCustomerAt' && q.get('status') === 'answered');
    await page.getByRole('link', { name: 'The conversations behind Response rate' }).click();
    await fromCard;
    expect(new URL(page.url()).pathname).toBe('/conversations');
    await page.getByTestId('conversation-row').first().waitFor();

    // A bucket of the "within SLA" chart: that day, by first customer message, breached.
    await page.goto(`${world.server.url}/response-times`);
    const chart = page.getByTestId('chart-sla').locator('.recharts-wrapper').first();
    await chart.waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    const fromBucket = listResponse(page, (q) => q.get('status') === 'breached');
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
    const breached = await fromBucket;
    const q = new URL(breached.url()).searchParams;
    // One day: the API's `to` is the next day (exclusive).
    const nextDay = new Date(Date.parse(`${q.get('from')}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect([q.get('by'), q.get('to')]).toEqual(['firstCustomerAt', nextDay]);
    const url = new URL(page.url());
    expect([url.searchParams.get('period'), url.searchParams.get('from'), url.searchParams.get('status')]).toEqual(['custom', url.searchParams.get('to'), 'breached']);

    // A row of the Agents table: the conversations that agent first answered.
    await page.goto(`${world.server.url}/agents`);
    const row = page.getByTestId('chart-response-split').getByTestId('group-row').first();
    await row.waitFor();
    const agent = (await row.getAttribute('data-group'))!;
    const fromRow = listResponse(page, (p) => p.get('agent') === (agent === '(none)' ? 'none' : agent));
    await row.getByTestId('drill-link').click();
    const list = (await (await fromRow).json()) as ConversationList;
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i) => i.firstResponder === (agent === '(none)' ? null : agent))).toBe(true);
    await page.close();
  });

  it('a bucket of every kind of chart opens its conversations: first response, revenue, CSAT, a split\'s lines', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    /** Clicks the middle of a chart of the card and returns the list request it opened. */
    const clickBucket = async (path: string | null, chart: Locator, test: (q: URLSearchParams) => boolean) => {
      if (path) await page.goto(`${world.server.url}${path}`);
      await chart.waitFor();
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      const opened = listResponse(page, test);
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
      const q = new URL((await opened).url()).searchParams;
      // One day of the chart: the API's `to` is the next day (exclusive).
      expect(q.get('to')).toBe(new Date(Date.parse(`${q.get('from')}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
      expect(new URL(page.url()).pathname).toBe('/conversations');
      return q;
    };
    const firstResponse = await clickBucket('/response-times', page.getByTestId('chart-first-response').locator('.recharts-wrapper').first(), (q) => q.get('status') === 'answered');
    expect([firstResponse.get('by'), firstResponse.get('sort')]).toEqual(['firstCustomerAt', 'firstResponseTime']);
    const revenue = await clickBucket('/engagement', page.getByTestId('chart-revenue').locator('.recharts-wrapper').first(), (q) => q.get('status') === 'converted');
    expect(revenue.get('by')).toBe('startedAt');
    const csat = await clickBucket('/loyalty', page.getByTestId('chart-csat').locator('.recharts-wrapper').first(), (q) => q.get('sort') === 'rating');
    expect([csat.get('by'), csat.get('status')]).toEqual(['startedAt', null]);
    // The channel split's chart draws the top channels: its bucket lists the conversations of those channels.
    await page.goto(`${world.server.url}/engagement`);
    const split = page.getByTestId('chart-volume-by-channel');
    await split.getByTestId('group-row').first().waitFor();
    const picked = await split.locator('[data-testid="group-row"]:has(input:checked)').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')));
    expect(picked.length).toBeGreaterThan(0);
    const q = await clickBucket(null, split.getByTestId('group-chart').locator('.recharts-wrapper'), (p) => p.getAll('channel').length > 0);
    expect(q.getAll('channel').sort()).toEqual([...picked].sort());
    expect(q.get('by')).toBe('startedAt');
    await page.close();
  });

  it('Channels: a row and a bar open that channel\'s conversations', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    await page.goto(`${world.server.url}/channels`);
    const row = page.getByTestId('channel-row-sms');
    await row.waitFor();
    const fromRow = listResponse(page, (q) => q.getAll('channel').join() === 'sms');
    await row.getByTestId('drill-link').click();
    const list = (await (await fromRow).json()) as ConversationList;
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i) => i.channel === 'sms')).toBe(true);

    // The response-rate bars: a bar opens its channel's conversations by first customer message, answered.
    await page.goto(`${world.server.url}/channels`);
    const bar = page.getByTestId('channel-bars-responseRate').locator('.recharts-bar-rectangle').first();
    await bar.waitFor();
    const fromBar = listResponse(page, (q) => q.get('status') === 'answered');
    await bar.click();
    const q = new URL((await fromBar).url()).searchParams;
    expect(q.getAll('channel')).toHaveLength(1);
    expect(['sms', 'whatsapp']).toContain(q.get('channel'));
    expect(q.get('by')).toBe('firstCustomerAt');
    await page.close();
  });
});
