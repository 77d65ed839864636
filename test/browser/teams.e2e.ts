/**
 * Agents, Teams and Tags in chromium (issue "Teams, tags, business hours"): each page is a ranked
 * table of response times by that group with the API's per-group totals, sortable with the order
 * in the URL, and the server's grouped CSV; Response times shows assignment → first agent
 * response. The data is ingested here (teams, tags, assignments, bots, unanswered, CSAT) so the
 * suite does not depend on what the demo generator holds. Screenshots at 1440 and 390 px go to
 * test/artifacts/.
 */
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { ingestAll } from '../support/server';
import { formatDuration, formatScore } from '../../web/src/lib/format';
import { ARTIFACTS, browserWorld, describeBrowser, digits, signIn, userFor } from './support';
import { type Group as BaseGroup, expectNoOverflow, expectedOrder, groupedResponse as grouped, cellTexts as cells, keyOf, rowGroups as rows, until } from './group-table';

jest.setTimeout(300_000);

type Group = BaseGroup & { csatAverage?: number | null; csatResponses?: number };

const CARD = 'chart-response-split';
// Every page here shows one table, Response times' split card.
const groupedResponse = (page: Page, by: string) => grouped(page, 'response-times', by);
const rowGroups = (page: Page) => rows(page, CARD);
const cellTexts = (page: Page, col: string) => cells(page, CARD, col);
const TEAMS = ['Support', 'Support', 'Billing', null, 'Sales'] as const;
const AGENTS = ['ana', 'ben', 'cleo'];

/**
 * 120 conversations over the last 9 days: teams Support (2 in 5), Billing, Sales or none; 0–2
 * tags (one in five untagged); a first response by an agent after the assignment, by a bot first
 * (one in eight), or none (one in ten); CSAT on one in three; resolved one in two.
 */
function dataset(now: number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 120; i++) {
    const t0 = now - (1 + (i % 9)) * 86_400_000 - (i % 11) * 3_600_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const base = { conversationId: `c${i}`, contactId: `k${i % 70}`, channel: i % 2 ? 'sms' : 'whatsapp' };
    const tags = i % 5 === 0 ? [] : i % 3 === 0 ? ['pricing', 'refund'] : [i % 2 ? 'pricing' : 'delivery'];
    events.push({ id: `e${i}-in`, type: 'message.received', occurredAt: at(0), sender: { type: 'customer' }, ...base, ...(tags.length ? { tags } : {}) });
    const team = TEAMS[i % TEAMS.length];
    const agent = AGENTS[i % AGENTS.length];
    events.push({ id: `e${i}-as`, type: 'conversation.assigned', occurredAt: at(30 + (i % 4) * 20), agentId: agent, ...(team ? { team } : {}), ...base });
    if (i % 8 === 7) events.push({ id: `e${i}-bot`, type: 'message.sent', occurredAt: at(5), sender: { type: 'bot', id: 'faq-bot' }, ...base });
    if (i % 10 !== 9) events.push({ id: `e${i}-out`, type: 'message.sent', occurredAt: at(120 + ((i * 37) % 900)), sender: { type: 'agent', id: agent }, ...base });
    if (i % 3 === 0) events.push({ id: `e${i}-csat`, type: 'csat.submitted', occurredAt: at(3000), rating: 1 + (i % 5), ...base });
    if (i % 2 === 0) events.push({ id: `e${i}-res`, type: 'conversation.resolved', occurredAt: at(3600 + i * 60), ...base });
  }
  return events;
}

let user: { name: string; email: string };
const world = browserWorld(async ({ db, server }) => {
  const u = await userFor(db.env, 'teams', 'Europe/Berlin');
  await ingestAll(server.url, u.key, dataset(Date.now()));
  user = u;
});

/** Opens a ranking page (by `go`: a nav click keeps the URL's state) and returns the grouped answer it showed, once its rows are drawn. */
async function openRanking(page: Page, by: string, go: () => Promise<unknown>): Promise<{ groups: Group[]; series: unknown[]; totals: Group }> {
  const answer = groupedResponse(page, by);
  await go();
  const body = (await (await answer).json()) as { groups: Group[]; series: unknown[]; totals: Group };
  await page.getByTestId(CARD).getByTestId('group-row').first().waitFor();
  return body;
}

describeBrowser('agents, teams and tags in chromium', () => {
  it('Teams: the API totals per team, sorted in the URL, the grouped CSV; Tags and Agents likewise; the assignment panel on Response times', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, world.server.url, user.email);

    // In the nav, after Response times.
    const nav = page.getByRole('navigation', { name: 'Pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Response times', 'Agents', 'Teams', 'Tags']));
    const teams = await openRanking(page, 'team', () => nav.getByRole('link', { name: 'Teams', exact: true }).click());
    expect(new URL(page.url()).pathname).toBe('/teams');
    expect(teams.groups.map((g) => g.group).sort()).toEqual(['Billing', 'Sales', 'Support', null].sort());
    const byConversations = expectedOrder(teams.groups, (g) => g.conversations, -1, 'Without team');
    expect(byConversations[0]).toBe('Support');
    expect(await rowGroups(page)).toEqual(byConversations);
    const team = (k: string) => teams.groups.find((g) => keyOf(g) === k)!;
    expect((await cellTexts(page, 'conversations')).map(digits)).toEqual(byConversations.map((k) => team(k).conversations));
    expect(await cellTexts(page, 'firstResponseMedian')).toEqual(byConversations.map((k) => formatDuration(team(k).firstResponseMedian as number | null)));
    expect(await cellTexts(page, 'assignmentResponseMedian')).toEqual(byConversations.map((k) => formatDuration(team(k).assignmentResponseMedian as number | null)));
    // CSAT with its ratings beside it.
    const csat = await cellTexts(page, 'csatAverage');
    byConversations.forEach((k, i) => {
      const g = team(k);
      expect(csat[i]).toBe(g.csatAverage === null || g.csatAverage === undefined ? '—' : `${formatScore(g.csatAverage)} (${g.csatResponses} ratings)`);
    });
    expect(await page.getByTestId(CARD).locator('[data-group="(none)"] th').textContent()).toBe('Without team');
    await page.screenshot({ path: join(ARTIFACTS, 'teams-1440.png'), fullPage: true });

    // Sort by the assignment response median: largest first, then ascending; both in the URL.
    await page.getByTestId(CARD).getByTestId('group-sort-assignmentResponseMedian').click();
    await page.waitForURL(/groupSort=assignmentResponseMedian/);
    await until(() => rowGroups(page), expectedOrder(teams.groups, (g) => g.assignmentResponseMedian as number | null, -1, 'Without team'));
    await page.getByTestId(CARD).getByTestId('group-sort-assignmentResponseMedian').click();
    await page.waitForURL(/groupDir=asc/);
    await until(() => rowGroups(page), expectedOrder(teams.groups, (g) => g.assignmentResponseMedian as number | null, 1, 'Without team'));

    // The CSV link is the same grouped request as CSV: one line per series item.
    const link = page.getByTestId(CARD).getByTestId('group-csv');
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/v1\/metrics\/response-times\?/);
    const q = new URL(href, world.server.url).searchParams;
    expect(q.get('groupBy')).toBe('team');
    expect(q.get('format')).toBe('csv');
    const csv = await page.evaluate(async (h) => (await fetch(h)).text(), href);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0].startsWith('bucket,group,')).toBe(true);
    expect(lines[0]).toContain('assignmentResponseMedian');
    expect(lines.length - 1).toBe(teams.series.length);

    // Tags: a conversation under each of its tags, said under the table.
    const tags = await openRanking(page, 'tag', () => nav.getByRole('link', { name: 'Tags', exact: true }).click());
    expect(tags.groups.map((g) => g.group).sort()).toEqual(['delivery', 'pricing', 'refund', null].sort());
    const tagOrder = expectedOrder(tags.groups, (g) => g.conversations, -1, 'Without tags');
    // The sort chosen on Teams goes along.
    expect(page.url()).toContain('groupSort=assignmentResponseMedian');
    await until(() => rowGroups(page), expectedOrder(tags.groups, (g) => g.assignmentResponseMedian as number | null, 1, 'Without tags'));
    expect(tags.groups.reduce((n, g) => n + g.conversations, 0)).toBeGreaterThan(tags.totals.conversations);
    await expect(page.getByTestId(CARD).getByTestId('group-footnote').textContent()).resolves.toContain('may add up to more than the totals');
    await page.getByTestId(CARD).getByTestId('group-sort-conversations').click();
    await until(() => rowGroups(page), tagOrder);
    const tag = (k: string) => tags.groups.find((g) => keyOf(g) === k)!;
    expect((await cellTexts(page, 'conversations')).map(digits)).toEqual(tagOrder.map((k) => tag(k).conversations));
    await page.screenshot({ path: join(ARTIFACTS, 'tags-1440.png'), fullPage: true });

    // Agents: the first responders, the bot and "Unanswered" ranked apart.
    const agents = await openRanking(page, 'agent', () => nav.getByRole('link', { name: 'Agents', exact: true }).click());
    expect(agents.groups.some((g) => g.bot)).toBe(true);
    expect(agents.groups.some((g) => g.group === null)).toBe(true);
    const agentOrder = expectedOrder(agents.groups, (g) => g.conversations, -1, 'Unanswered');
    await until(() => rowGroups(page), agentOrder);
    const agent = (k: string) => agents.groups.find((g) => keyOf(g) === k)!;
    expect((await cellTexts(page, 'conversations')).map(digits)).toEqual(agentOrder.map((k) => agent(k).conversations));
    expect(await page.getByTestId(CARD).locator('[data-kind="bot"] .group-kind').first().textContent()).toBe('Bot');
    await page.screenshot({ path: join(ARTIFACTS, 'agents-1440.png'), fullPage: true });

    // Response times: the assignment panel and its figures, n = the assigned conversations.
    // Two ungrouped answers (the period and the one compared with): the period's is the later `from`.
    const answers: Response[] = [];
    const collect = (r: Response) => {
      if (r.url().includes('/api/v1/metrics/response-times?') && !r.url().includes('groupBy=') && !r.url().includes('format=csv') && r.status() === 200) answers.push(r);
    };
    page.on('response', collect);
    await nav.getByRole('link', { name: 'Response times', exact: true }).click();
    const panel = page.getByTestId('chart-assignment-response');
    await panel.waitFor();
    await until(async () => answers.length >= 2, true);
    page.off('response', collect);
    const fromOf = (r: Response) => new URL(r.url()).searchParams.get('from')!;
    const current = answers.reduce((a, b) => (fromOf(b) > fromOf(a) ? b : a));
    const totals = ((await current.json()) as { totals: Group }).totals;
    await expect(panel.textContent()).resolves.toContain('From the first assignment to the first agent reply after it');
    expect(digits(await page.getByTestId('kpi-assignedConversations').textContent())).toBe(totals.assignedConversations);
    expect(totals.assignedConversations).toBe(120);
    expect(await page.getByTestId('kpi-assignmentResponseMedian').textContent()).toBe(formatDuration(totals.assignmentResponseMedian as number));
    await panel.locator('.recharts-line').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'response-times-assignment-1440.png'), fullPage: true });

    // The split offers team and tag, with the assignment response and CSAT columns.
    await page.getByLabel('Split by').selectOption('team');
    await page.getByTestId(CARD).getByTestId('group-row').first().waitFor();
    await page.getByTestId(CARD).getByTestId('group-sort-csatAverage').waitFor();
    await page.getByTestId(CARD).getByTestId('group-sort-assignmentResponseMedian').waitFor();
    await page.close();
  });

  it('at 390 px the Teams table scrolls inside its card', async () => {
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await signIn(page, world.server.url, user.email);
    await openRanking(page, 'team', () => page.goto(`${world.server.url}/teams`));
    await page.waitForLoadState('networkidle');
    await expectNoOverflow(page, CARD);
    await page.screenshot({ path: join(ARTIFACTS, 'teams-390.png'), fullPage: true });
    await page.getByTestId(CARD).screenshot({ path: join(ARTIFACTS, 'teams-390-card.png') });
    await page.goto(`${world.server.url}/response-times`);
    await page.getByTestId('chart-assignment-response').waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByTestId('chart-assignment-response').screenshot({ path: join(ARTIFACTS, 'response-times-assignment-390-card.png') });
    await page.close();
  });
});
