/**
 * Splits in chromium (issue 18, item 2): Response times by agent and Engagement by channel show a
 * ranked table of the groups with the API's per-group totals, sortable with the order in the URL,
 * a chart of only the picked groups (default: the top 3), and the grouped CSV of the server.
 * Screenshots at 1440 px and 390 px go to test/artifacts/; at 390 px the table scrolls inside its card.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateEvents } from '@parley/shared/generate';
import { ingestAll } from '../support/server';
import { ARTIFACTS, browserWorld, describeBrowser, digits, signIn, userFor } from './support';
import { type Group, cellTexts, chartLines, checked, expectNoOverflow, expectedOrder, groupedResponse, keyOf, kindOf, rowGroups, rowKinds, until } from './group-table';

jest.setTimeout(300_000);

let user: { name: string; email: string };

async function downloadText(page: Page, card: string): Promise<{ text: string; href: string }> {
  const link = page.getByTestId(card).getByTestId('group-csv');
  const href = (await link.getAttribute('href'))!;
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { text: readFileSync((await download.path())!, 'utf8'), href };
}

const world = browserWorld(async ({ db, server }) => {
  const u = await userFor(db.env, 'splits', 'Europe/Berlin');
  const now = Date.now();
  await ingestAll(server.url, u.key, generateEvents({ events: 12_000, seed: 18, startMs: now - 45 * 86_400_000, days: 44 }));
  user = u;
});

describeBrowser('splits in chromium', () => {

  it('Response times by agent: a ranked table of the API totals, sortable in the URL, a chart of the picked agents, the grouped CSV', async () => {
    const card = 'chart-response-split';
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    const answer = groupedResponse(page, 'response-times', 'agent');
    await page.goto(`${world.server.url}/response-times?groupBy=agent`);
    const body = (await (await answer).json()) as { groups: Group[]; series: unknown[] };
    await page.getByTestId(card).getByTestId('group-row').first().waitFor();

    // One row per group of the answer, each with the API's own totals; bots and "Unanswered" apart.
    const groups = body.groups;
    expect(groups.some((g) => g.bot)).toBe(true);
    expect(groups.some((g) => g.group === null)).toBe(true);
    const byConversations = expectedOrder(groups, (g) => g.conversations, -1);
    expect(await rowGroups(page, card)).toEqual(byConversations);
    expect(await rowKinds(page, card)).toEqual(byConversations.map((k) => kindOf(groups.find((g) => keyOf(g) === k)!)));
    const conversations = (await cellTexts(page, card, 'conversations')).map(digits);
    expect(conversations).toEqual(byConversations.map((k) => groups.find((g) => keyOf(g) === k)!.conversations));
    await expect(page.getByTestId(card).locator('[data-kind="bot"] .group-kind').first().textContent()).resolves.toBe('Bot');
    await expect(page.getByTestId(card).locator('[data-kind="none"] th').textContent()).resolves.toContain('Unanswered');

    // The chart shows the top 3 people only.
    const top3 = byConversations.slice(0, 3);
    expect(await checked(page, card)).toEqual(top3);
    expect(await chartLines(page, card)).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, 'splits-agent-1440.png'), fullPage: true });

    // Sorting by the median first response: largest first, in the URL; the default picks follow the ranking.
    await page.getByTestId(card).getByTestId('group-sort-firstResponseMedian').click();
    await page.waitForURL(/groupSort=firstResponseMedian/);
    const byMedian = expectedOrder(groups, (g) => g.firstResponseMedian as number | null, -1);
    await until(() => rowGroups(page, card), byMedian);
    await page.getByTestId(card).getByTestId('group-sort-firstResponseMedian').click();
    await page.waitForURL(/groupDir=asc/);
    const byMedianAsc = expectedOrder(groups, (g) => g.firstResponseMedian as number | null, 1);
    await until(() => rowGroups(page, card), byMedianAsc);
    expect(await checked(page, card)).toEqual(byMedianAsc.slice(0, 3));

    // Picking a fourth agent adds its line and puts the picks in the URL.
    const fourth = byMedianAsc[3];
    await page.getByTestId(card).locator(`[data-testid="group-row"][data-group="${fourth}"] input[type="checkbox"]`).check();
    await until(() => chartLines(page, card), 4);
    expect(new URL(page.url()).searchParams.get('groups')?.split(',')).toEqual(byMedianAsc.slice(0, 4));

    // The link of the same grouped request as CSV: every series item of the answer.
    const { text, href } = await downloadText(page, card);
    expect(href).toContain('groupBy=agent');
    expect(href).toContain('format=csv');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0].startsWith('bucket,group,')).toBe(true);
    expect(lines.length - 1).toBe(body.series.length);

    // A reload keeps sort and picks.
    await page.reload();
    await page.getByTestId(card).getByTestId('group-row').first().waitFor();
    await until(() => checked(page, card), byMedianAsc.slice(0, 4));
    await page.close();
  });

  it('Engagement by channel: the same table, sort, picks and CSV', async () => {
    const card = 'chart-volume-by-channel';
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);
    const answer = groupedResponse(page, 'engagement', 'channel');
    await page.goto(`${world.server.url}/engagement`);
    const body = (await (await answer).json()) as { groups: Group[]; series: unknown[] };
    await page.getByTestId(card).getByTestId('group-row').first().waitFor();
    const groups = body.groups;
    expect(groups.length).toBeGreaterThanOrEqual(4);
    const byConversations = expectedOrder(groups, (g) => g.conversations, -1);
    expect(await rowGroups(page, card)).toEqual(byConversations);
    expect((await cellTexts(page, card, 'messagesIn')).map(digits)).toEqual(byConversations.map((k) => groups.find((g) => g.group === k)!.messagesIn));
    expect((await cellTexts(page, card, 'activeContacts')).map(digits)).toEqual(byConversations.map((k) => groups.find((g) => g.group === k)!.activeContacts));
    expect(await checked(page, card)).toEqual(byConversations.slice(0, 3));
    expect(await chartLines(page, card)).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, 'splits-engagement-1440.png'), fullPage: true });

    await page.getByTestId(card).getByTestId('group-sort-messagesIn').click();
    await page.waitForURL(/groupSort=messagesIn/);
    const byIn = expectedOrder(groups, (g) => g.messagesIn as number, -1);
    await until(() => rowGroups(page, card), byIn);
    await page.getByTestId(card).getByTestId('group-sort-group').click();
    await page.waitForURL(/groupSort=group/);
    const byName = [...groups.map((g) => g.group as string)].sort();
    await until(() => rowGroups(page, card), byName);

    const extra = byName[byName.length - 1];
    await page.getByTestId(card).locator(`[data-testid="group-row"][data-group="${extra}"] input[type="checkbox"]`).check();
    await until(() => chartLines(page, card), 4);
    expect(new URL(page.url()).searchParams.get('groups')?.split(',')).toEqual([...byName.slice(0, 3), extra]);

    const { text, href } = await downloadText(page, card);
    expect(href).toContain('groupBy=channel');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0].startsWith('bucket,group,')).toBe(true);
    expect(lines.length - 1).toBe(body.series.length);
    await page.close();
  });

  it('at 390 px the tables scroll inside their cards', async () => {
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await signIn(page, world.server.url, user.email);
    await page.goto(`${world.server.url}/response-times?groupBy=agent`);
    await page.getByTestId('chart-response-split').getByTestId('group-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoOverflow(page, 'chart-response-split');
    await page.screenshot({ path: join(ARTIFACTS, 'splits-agent-390.png'), fullPage: true });
    await page.getByTestId('chart-response-split').screenshot({ path: join(ARTIFACTS, 'splits-agent-390-card.png') });
    await page.goto(`${world.server.url}/engagement`);
    await page.getByTestId('chart-volume-by-channel').getByTestId('group-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoOverflow(page, 'chart-volume-by-channel');
    await page.screenshot({ path: join(ARTIFACTS, 'splits-engagement-390.png'), fullPage: true });
    await page.getByTestId('chart-volume-by-channel').screenshot({ path: join(ARTIFACTS, 'splits-engagement-390-card.png') });
    await page.close();
  });
});
