import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DAYS, PERIOD, answer, me } from '../test/campaigns-fixture';
import { type Answer, type Call, installFakeApi, renderApp } from '../test/fake-api';

// Engagement per day: conversations 5, 7, 3 (the same answer for every engagement request).
const engagement = {
  period: { from: DAYS[0], to: '2026-11-04T00:00:00+01:00' },
  tz: 'Europe/Berlin',
  grain: 'day',
  totals: { conversations: 15, messagesIn: 30, messagesOut: 30, activeContacts: 9, messagesPerConversation: 4, automationRate: 0.5, conversionRate: 0.2, revenue: {} },
  series: DAYS.map((bucket, i) => ({ bucket, conversations: [5, 7, 3][i], messagesIn: 10, messagesOut: 10, activeContacts: 3, messagesPerConversation: 4, automationRate: 0.5, conversionRate: 0.2, revenue: {} })),
  // What the by-channel split ranks (the API sends it with groupBy only).
  groups: [{ group: 'whatsapp', conversations: 15, messagesIn: 30, messagesOut: 30, activeContacts: 9, messagesPerConversation: 4, automationRate: 0.5, conversionRate: 0.2, revenue: {} }],
};
const overview = {
  period: engagement.period,
  previous: { from: '2026-10-29T00:00:00+01:00', to: DAYS[0] },
  tz: 'Europe/Berlin',
  current: { conversations: 15, revenue: {} },
  before: { conversations: 12, revenue: {} },
};

beforeAll(async () => {
  await Promise.all([import('./Overview'), import('./Engagement')]);
});

let routes: Record<string, Answer[]>;
let calls: Call[];
beforeEach(() => {
  ({ routes, calls } = installFakeApi());
  routes['GET /api/v1/auth/me'] = [{ status: 200, body: me }];
  routes['GET /api/v1/metrics/channels'] = [{ status: 200, body: { channels: [] } }];
  routes['GET /api/v1/metrics/overview'] = [{ status: 200, body: overview }];
  routes['GET /api/v1/metrics/engagement'] = [{ status: 200, body: engagement }];
  routes['GET /api/v1/metrics/heatmap'] = [{ status: 200, body: { period: engagement.period, tz: 'Europe/Berlin', cells: [] } }];
  routes['GET /api/v1/metrics/campaigns'] = [{ status: 200, body: answer() }];
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('campaign markers', () => {
  it('marks the overview chart at the day of each first send, campaigns of one day on one marker', async () => {
    window.history.replaceState(null, '', `/?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-volume');
    const markers = await within(card).findAllByTestId('chart-marker');
    // spring (10:00) and summer (18:00) started on 1 Nov, autumn on 2 Nov.
    expect(markers.map((m) => m.textContent)).toEqual([expect.stringMatching(/^(Nov 1|1 Nov) spring, summer$/), expect.stringMatching(/^(Nov 2|2 Nov) autumn$/)]);
    // Named for screen readers and on hover: the campaign and its first send in the view's zone.
    const chart = within(card).getByRole('img');
    expect(chart.getAttribute('aria-label')).toMatch(/campaigns started: spring \(first send [^)]*10:00[^)]*\), summer \(first send [^)]*(18:00|6:00\sPM)[^)]*\); autumn/);
    // The campaigns report was asked for the page's period, zone and grain.
    const q = new URL(calls.find((c) => c.url.startsWith('/api/v1/metrics/campaigns'))!.url, 'http://x').searchParams;
    expect([q.get('from'), q.get('to'), q.get('tz'), q.get('grain')]).toEqual(['2026-11-01', '2026-11-04', 'Europe/Berlin', 'day']);
    // The table view names them per day too.
    fireEvent.click(within(card).getByRole('button', { name: /View as table/ }));
    const rows = within(card).getAllByRole('row').map((r) => within(r).queryAllByRole('cell').map((c) => c.textContent));
    expect(within(card).getAllByRole('columnheader').at(-1)).toHaveTextContent('Campaigns started');
    expect(rows.slice(1).map((r) => r.at(-1))).toEqual(['spring, summer', 'autumn', '']);
  });

  it('keeps the charts without markers when the campaigns request fails', async () => {
    routes['GET /api/v1/metrics/campaigns'] = [{ status: 400, body: { message: 'campaigns: not available' } }];
    window.history.replaceState(null, '', `/?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-volume');
    await within(card).findByRole('img');
    await waitFor(() => expect(calls.some((c) => c.url.startsWith('/api/v1/metrics/campaigns'))).toBe(true));
    // Let the failed answer arrive, then check nothing changed.
    await new Promise((r) => setTimeout(r, 50));
    expect(within(card).getByRole('img').getAttribute('aria-label')).not.toContain('campaigns');
    expect(screen.queryByTestId('chart-markers')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('marks every time chart of the engagement page', async () => {
    window.history.replaceState(null, '', `/engagement?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-volume-by-channel');
    await within(card).findAllByTestId('chart-marker');
    // Volume by channel, messages per conversation, automation and conversion (revenue is empty: no marker list).
    await waitFor(() => expect(screen.getAllByTestId('chart-markers')).toHaveLength(3));
    for (const list of screen.getAllByTestId('chart-markers')) expect(within(list).getAllByTestId('chart-marker')).toHaveLength(2);
  });
});
