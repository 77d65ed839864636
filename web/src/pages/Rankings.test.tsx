import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ResponseTimesResponse } from '@parley/shared';
import { DAYS, PERIOD, me } from '../test/campaigns-fixture';
import { type Answer, type Call, installFakeApi, renderApp } from '../test/fake-api';
import { type ResponseGroup, responseMetrics } from '../test/response-fixture';

type G = ResponseGroup;
const support: G = {
  group: 'Support',
  ...responseMetrics({ conversations: 120, responded: 114, responseRate: 0.95, firstResponseMedian: 240, firstResponseP90: 1800, replyMedian: 300, withinSla: 0.55, resolutionMedian: 7200 }),
  ...{ assignedConversations: 100, assignmentResponseMedian: 420, csatAverage: 4.25, csatResponses: 40 },
};
const billing: G = {
  group: 'Billing',
  ...responseMetrics({ conversations: 30, responded: 27, responseRate: 0.9, firstResponseMedian: 600, withinSla: 0.3, assignedConversations: 30, assignmentResponseMedian: 90 }),
  ...{ csatAverage: 3.5, csatResponses: 6 },
};
const without: G = { group: null, ...responseMetrics({ conversations: 50, responded: 20, responseRate: 0.4, firstResponseMedian: 60 }), csatAverage: null, csatResponses: 0 };
const series = (groups: G[]) => groups.flatMap((g) => DAYS.map((bucket, i) => ({ ...g, bucket, firstResponseMedian: g.firstResponseMedian === null ? null : g.firstResponseMedian + i * 60 })).map(({ csatAverage: _a, csatResponses: _r, ...item }) => item));
const answer = (groups: G[]): ResponseTimesResponse => ({
  period: { from: DAYS[0], to: '2026-11-04T00:00:00+01:00' },
  tz: 'Europe/Berlin',
  grain: 'day',
  totals: responseMetrics({ conversations: 200 }),
  series: series(groups),
  groups,
});

describe('Agents, Teams and Tags pages', () => {
  beforeAll(async () => {
    // Loaded once up front: the page module comes with the charting library.
    await import('./Rankings');
  });
  let routes: Record<string, Answer[]>;
  let calls: Call[];
  beforeEach(() => {
    ({ routes, calls } = installFakeApi());
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: me }];
    routes['GET /api/v1/metrics/channels'] = [{ status: 200, body: { channels: [] } }];
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const open = async (path: string) => {
    window.history.replaceState(null, '', path);
    renderApp();
    return screen.findByTestId('chart-response-split', {}, { timeout: 10_000 });
  };
  const order = (card: HTMLElement) => within(card).getAllByTestId('group-row').map((r) => r.getAttribute('data-group'));
  const cell = (card: HTMLElement, group: string, col: string) => card.querySelector(`[data-group="${group}"] td[data-col="${col}"]`);

  it('Teams: one row per team with the API totals, "Without team" apart, CSAT with its ratings, sortable in the URL, the grouped CSV', async () => {
    routes['GET /api/v1/metrics/response-times'] = [{ status: 200, body: answer([billing, without, support]) }];
    const card = await open(`/teams?${PERIOD}`);
    await within(card).findAllByTestId('group-row', {}, { timeout: 10_000 });
    expect(screen.getByTestId('page-title')).toHaveTextContent('Teams');
    expect(screen.getByRole('navigation', { name: 'Pages' })).toHaveTextContent(/Response times.*Agents.*Teams.*Tags/);
    // Grouped by team, with the filter bar's period and the default SLA.
    const asked = calls.filter((c) => c.url.startsWith('/api/v1/metrics/response-times?')).map((c) => new URL(c.url, 'http://x').searchParams);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((q) => q.get('groupBy') === 'team' && q.get('from') === '2026-11-01' && q.get('sla') === '300')).toBe(true);

    expect(order(card)).toEqual(['Support', 'Billing', '(none)']);
    const none = card.querySelector('[data-group="(none)"]')!;
    expect(within(none as HTMLElement).getByRole('rowheader')).toHaveTextContent(/^Without team$/);
    expect(cell(card, 'Support', 'conversations')).toHaveTextContent('120');
    expect(cell(card, 'Support', 'responseRate')).toHaveTextContent('95');
    expect(cell(card, 'Support', 'firstResponseMedian')).toHaveTextContent('4m 00s');
    expect(cell(card, 'Support', 'assignmentResponseMedian')).toHaveTextContent('7m 00s');
    expect(cell(card, 'Support', 'csatAverage')).toHaveTextContent('4.25 (40 ratings)');
    // Billing's 6 ratings are a small sample: greyed, and the title says of what.
    expect(cell(card, 'Billing', 'csatAverage')).toHaveClass('small-sample');
    expect(cell(card, 'Billing', 'csatAverage')).toHaveAttribute('title', 'Only 6 ratings');
    expect(cell(card, 'Support', 'csatAverage')).not.toHaveClass('small-sample');
    expect(cell(card, '(none)', 'csatAverage')!.textContent).toBe('—');
    expect(within(card).getByTestId('group-csv')).toHaveAttribute('href', expect.stringMatching(/^\/api\/v1\/metrics\/response-times\?.*groupBy=team.*format=csv/));
    expect(within(card).queryByTestId('group-footnote')).toBeNull();
    expect(card).toHaveTextContent('Grey: fewer than 20 conversations, or ratings for CSAT, or assigned conversations for Assignment response.');

    // Fastest assignment response first is the ascending sort: the column's second click.
    fireEvent.click(within(card).getByTestId('group-sort-assignmentResponseMedian'));
    await waitFor(() => expect(window.location.search).toContain('groupSort=assignmentResponseMedian'));
    expect(order(card)).toEqual(['Support', 'Billing', '(none)']);
    fireEvent.click(within(card).getByTestId('group-sort-assignmentResponseMedian'));
    await waitFor(() => expect(order(card)).toEqual(['Billing', 'Support', '(none)']));
    expect(window.location.search).toContain('groupDir=asc');
    fireEvent.click(within(card).getByTestId('group-sort-csatAverage'));
    // Largest first (the default direction, so not written).
    await waitFor(() => expect(window.location.search).toMatch(/groupSort=csatAverage$/));
    expect(order(card)).toEqual(['Support', 'Billing', '(none)']);

    // The sparklines follow the metric picked.
    fireEvent.change(within(card).getByRole('combobox', { name: 'Metric to split' }), { target: { value: 'assignmentResponseMedian' } });
    await waitFor(() => expect(window.location.search).toContain('show=assignmentResponseMedian'));
    expect(within(card.querySelector('[data-group="Billing"]') as HTMLElement).getByRole('img')).toHaveAccessibleName(/^Assignment response \(median\) per day of Billing: from 1m 30s/);
  }, 30_000);

  it('Tags: says tag rows may add up to more than the totals; "Without tags" apart', async () => {
    const pricing = { ...support, group: 'pricing' };
    const refund = { ...billing, group: 'refund' };
    routes['GET /api/v1/metrics/response-times'] = [{ status: 200, body: answer([pricing, refund, { ...without }]) }];
    const card = await open(`/tags?${PERIOD}`);
    await within(card).findAllByTestId('group-row', {}, { timeout: 10_000 });
    expect(within(card).getByTestId('group-footnote')).toHaveTextContent('counted under each of them, so the rows may add up to more than the totals');
    expect(within(card.querySelector('[data-group="(none)"]') as HTMLElement).getByRole('rowheader')).toHaveTextContent(/^Without tags$/);
    expect(calls.some((c) => c.url.includes('groupBy=tag'))).toBe(true);
  }, 30_000);

  it('Agents: the first responders, bots and Unanswered apart, without the response rate column', async () => {
    const ana = { ...support, group: 'ana', bot: false };
    const bot = { ...billing, group: 'faq-bot', bot: true };
    routes['GET /api/v1/metrics/response-times'] = [{ status: 200, body: answer([bot, { ...without, bot: false }, ana]) }];
    const card = await open(`/agents?${PERIOD}`);
    await within(card).findAllByTestId('group-row', {}, { timeout: 10_000 });
    expect(order(card)).toEqual(['ana', 'faq-bot', '(none)']);
    expect(within(card.querySelector('[data-group="(none)"]') as HTMLElement).getByRole('rowheader')).toHaveTextContent('UnansweredNo responder');
    expect(within(card).queryByTestId('group-sort-responseRate')).toBeNull();
    expect(within(card).getByTestId('group-sort-assignmentResponseMedian')).toBeInTheDocument();
  }, 30_000);

  it('says when nobody was assigned to a team, and offers a retry after an error', async () => {
    routes['GET /api/v1/metrics/response-times'] = [
      { status: 400, body: { message: 'team: must be team names of 1–128 characters' } },
      { status: 200, body: answer([without]) },
    ];
    const card = await open(`/teams?${PERIOD}`);
    fireEvent.click(await within(card).findByRole('button', { name: 'Retry' }, { timeout: 10_000 }));
    expect(await within(card).findByText('No conversations were assigned to a team in this period.')).toBeInTheDocument();
    expect(within(card).queryAllByTestId('group-row')).toHaveLength(0);
  }, 30_000);
});
