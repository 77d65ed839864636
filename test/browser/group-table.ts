/**
 * Reading a ranked group table (web/src/components/GroupTable.tsx) in chromium, and the order it
 * must show, for the split and the Agents/Teams/Tags suites.
 */
import type { Page, Response } from 'playwright-core';

export type Group = { group: string | null; bot?: boolean; conversations: number } & Record<string, unknown>;

/** The next answer of a grouped report (`groupBy=…` in its URL, not CSV). */
export const groupedResponse = (page: Page, report: string, by: string) =>
  page.waitForResponse((r: Response) => r.url().includes(`/api/v1/metrics/${report}?`) && r.url().includes(`groupBy=${by}`) && !r.url().includes('format=csv') && r.status() === 200);

export const rowGroups = (page: Page, card: string) => page.getByTestId(card).getByTestId('group-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')));
export const rowKinds = (page: Page, card: string) => page.getByTestId(card).getByTestId('group-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
export const cellTexts = (page: Page, card: string, col: string) =>
  page.getByTestId(card).locator(`[data-testid="group-row"] td[data-col="${col}"]`).evaluateAll((cells) => cells.map((c) => c.textContent));
export const checked = (page: Page, card: string) =>
  page
    .getByTestId(card)
    .locator('[data-testid="group-row"]')
    .evaluateAll((rows) => rows.filter((r) => (r.querySelector('input[type="checkbox"]') as HTMLInputElement).checked).map((r) => r.getAttribute('data-group')));
// One line per picked group: the dashed piece over a running day (TimeChart's incomplete bucket) is part of its group's line.
export const chartLines = (page: Page, card: string) => page.getByTestId(card).getByTestId('group-chart').locator('.recharts-line:not(:has(path[stroke-dasharray]))').count();

/** Waits until `read` gives `expected` (the page re-renders after a click), else fails with the last value. */
export async function until<T>(read: () => Promise<T>, expected: T, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  let last = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  expect(last).toEqual(expected);
}

const SECTION = { main: 0, bot: 1, none: 2 } as const;
export const kindOf = (g: Group) => (g.group === null ? 'none' : g.bot ? 'bot' : 'main');
export const keyOf = (g: Group) => g.group ?? '(none)';
/** The order the table must show: people (or channels, teams, tags), then bots, then the null group; each by the value, nulls last, ties by name. */
export function expectedOrder(groups: Group[], value: (g: Group) => number | null, dir: 1 | -1, noneLabel = 'Unanswered'): string[] {
  const label = (g: Group) => g.group ?? noneLabel;
  return [...groups]
    .sort((a, b) => {
      const s = SECTION[kindOf(a)] - SECTION[kindOf(b)];
      if (s) return s;
      const va = value(a);
      const vb = value(b);
      const byName = label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0;
      if (va === null && vb === null) return byName;
      if (va === null) return 1;
      if (vb === null) return -1;
      return dir * (va - vb) || byName;
    })
    .map(keyOf);
}

/** At 390 px the card stays within the page; the table scrolls sideways inside it. */
export async function expectNoOverflow(page: Page, card: string): Promise<void> {
  const m = await page.getByTestId(card).evaluate((el) => {
    const scroll = el.querySelector('.table-scroll') as HTMLElement;
    return { card: el.getBoundingClientRect().right, viewport: document.documentElement.clientWidth, page: document.documentElement.scrollWidth, inner: scroll.scrollWidth, box: scroll.clientWidth };
  });
  expect(m.card).toBeLessThanOrEqual(m.viewport);
  expect(m.page).toBeLessThanOrEqual(m.viewport);
  expect(m.inner).toBeGreaterThan(m.box);
}
