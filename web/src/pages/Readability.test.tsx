/**
 * Readability of the dashboard (issue 18, items 4 and 8) in jsdom: controls a page ignores are not
 * shown (and carried over it), compare draws the previous period on Engagement and Loyalty, the
 * CSAT's sample is in its table, and the per-bucket rates say why they differ from the cards.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DAYS, PERIOD, me } from '../test/campaigns-fixture';
import { type Answer, installFakeApi, renderApp } from '../test/fake-api';

const period = { from: DAYS[0], to: '2026-11-04T00:00:00+01:00' };
const head = { period, tz: 'Europe/Berlin', grain: 'day' };
const engagementItem = (conversations: number) => ({ conversations, messagesIn: 10, messagesOut: 10, activeContacts: 3, messagesPerConversation: 4, automationRate: 0.5, conversionRate: 0.2, revenue: {} });
const engagement = (values: number[]) => ({ ...head, totals: engagementItem(15), series: DAYS.map((bucket, i) => ({ bucket, ...engagementItem(values[i]) })) });
const loyaltyItem = (active: number, ratings: number) => ({
  activeContacts: active,
  newContacts: 1,
  returningContacts: active - 1,
  returningRate: (active - 1) / active,
  repeatContactRate: 0.1,
  csatAverage: ratings ? 4 : null,
  csatSatisfiedRate: ratings ? 0.75 : null,
  csatResponses: ratings,
});
const loyalty = (active: number[], ratings: number[]) => ({ ...head, totals: loyaltyItem(20, 13), series: DAYS.map((bucket, i) => ({ bucket, ...loyaltyItem(active[i], ratings[i]) })) });
const overview = { period, previous: { from: '2026-10-29T00:00:00+01:00', to: DAYS[0] }, tz: 'Europe/Berlin', current: { conversations: 15, revenue: {} }, before: { conversations: 12, revenue: {} } };

// Many renders per test: room for a loaded machine.
jest.setTimeout(20_000);

// The previous period of 1–3 Nov starts on 29 Oct: its requests get their own answers.
const PREVIOUS_FROM = '2026-10-29';
let previousAnswers: Record<string, unknown>;

beforeAll(async () => {
  await Promise.all([import('./Overview'), import('./Engagement'), import('./Loyalty'), import('./Channels'), import('./Exports'), import('./ResponseTimes')]);
});
beforeEach(() => {
  const { routes } = installFakeApi();
  const ok = (body: unknown): Answer[] => [{ status: 200, body }];
  routes['GET /api/v1/auth/me'] = ok(me);
  routes['GET /api/v1/metrics/channels'] = ok({ channels: [] });
  routes['GET /api/v1/metrics/overview'] = ok(overview);
  routes['GET /api/v1/metrics/engagement'] = ok(engagement([5, 7, 3]));
  routes['GET /api/v1/metrics/heatmap'] = ok({ period, tz: 'Europe/Berlin', cells: [] });
  routes['GET /api/v1/metrics/campaigns'] = ok({ campaigns: [], totals: null });
  routes['GET /api/v1/metrics/loyalty'] = ok(loyalty([10, 12, 8], [12, 2, 0]));
  routes['GET /api/v1/metrics/cohorts'] = ok({ tz: 'Europe/Berlin', grain: 'week', cohorts: [] });
  previousAnswers = { engagement: engagement([4, 6, 9]), loyalty: loyalty([11, 9, 14], [5, 5, 5]) };
  const fake = global.fetch;
  global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const u = new URL(String(url), 'http://x');
    const report = u.pathname.replace('/api/v1/metrics/', '');
    if (u.searchParams.get('from') === PREVIOUS_FROM && report in previousAnswers)
      return { ok: true, status: 200, statusText: '', headers: { get: () => null }, json: async () => previousAnswers[report] } as unknown as Response;
    return fake(url, init);
  }) as typeof fetch;
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** The card's table view (switched to once): its headers and a column's cells. */
const tableOf = (card: HTMLElement) => {
  const toggle = within(card).getByRole('button', { name: /View as table/ });
  if (toggle.getAttribute('aria-pressed') !== 'true') fireEvent.click(toggle);
  const headers = within(card).getAllByRole('columnheader').map((h) => h.textContent);
  const rows = within(card)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
  return { headers, column: (name: string) => rows.map((r) => r[headers.indexOf(name) - 1]) };
};

describe('filters a page uses', () => {
  it.each([
    ['/channels', false, false],
    ['/exports', true, false],
    ['/campaigns', true, false],
    ['/engagement', true, true],
    ['/loyalty', true, true],
  ])('%s: grain %s, compare %s', async (path, grain, compare) => {
    window.history.replaceState(null, '', `${path}?${PERIOD}`);
    renderApp();
    await screen.findByRole('group', { name: 'Filters' });
    expect(screen.queryByRole('combobox', { name: 'Grain' }) !== null).toBe(grain);
    expect(screen.queryByRole('checkbox', { name: 'Compare to previous period' }) !== null).toBe(compare);
  });

  it('keeps the grain and comparison chosen on one page over a page that ignores them', async () => {
    window.history.replaceState(null, '', `/engagement?${PERIOD}&compare=off`);
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Pages' });
    fireEvent.click(within(nav).getByRole('link', { name: 'Channels' }));
    await waitFor(() => expect(window.location.pathname).toBe('/channels'));
    expect(window.location.search).not.toContain('compare');
    fireEvent.click(within(nav).getByRole('link', { name: 'Loyalty' }));
    await waitFor(() => expect(window.location.pathname).toBe('/loyalty'));
    expect(window.location.search).toContain('compare=off');
    expect(await screen.findByRole('checkbox', { name: 'Compare to previous period' })).not.toBeChecked();
  });
});

describe('compare on the loyalty charts', () => {
  it('lays the previous period active contacts over the loyalty bars, and not when comparing is off', async () => {
    window.history.replaceState(null, '', `/loyalty?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-contacts');
    await within(card).findByRole('img');
    await waitFor(() => expect(tableOf(card).column('Previous period (all active)')).toEqual(['11', '9', '14']));
    expect(tableOf(card).column('Active contacts')).toEqual(['10', '12', '8']);
    fireEvent.click(within(card).getByRole('button', { name: /View as table/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare to previous period' }));
    await waitFor(() => expect(within(card).getByRole('img')).toHaveAttribute('aria-label', 'Active contacts per day, new and returning'));
  });
});

describe('loyalty readability', () => {
  it('shows the ratings behind each day of CSAT and says which days are too few to read', async () => {
    window.history.replaceState(null, '', `/loyalty?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-csat');
    await within(card).findByRole('img');
    expect(card).toHaveTextContent('Faint points: fewer than 5 ratings');
    const table = tableOf(card);
    expect(table.headers).toEqual(['Day', 'CSAT', 'Satisfied', 'Ratings']);
    expect(table.column('Ratings')).toEqual(['12', '2', '0']);
    expect(table.column('CSAT')).toEqual(['4.00', '4.00', '—']);
  });

  it('explains why the per-day returning and repeat rates differ from the cards', async () => {
    window.history.replaceState(null, '', `/loyalty?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-returning');
    expect(card).toHaveTextContent('a contact counts in every day they write');
    expect(card).toHaveTextContent('The cards above count each contact once over the whole period');
  });
});
