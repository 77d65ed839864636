import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ResponseTimesResponse } from '@parley/shared';
import { GroupTable, type GroupColumn } from './GroupTable';
import { groupRows, sortGroupRows } from '../lib/group-table';
import { me } from '../test/campaigns-fixture';
import { type Answer, type Call, installFakeApi, renderApp } from '../test/fake-api';
import { type ResponseGroup, responseMetrics } from '../test/response-fixture';

type G = ResponseGroup;
const DAYS = ['2026-11-01T00:00:00+01:00', '2026-11-02T00:00:00+01:00', '2026-11-03T00:00:00+01:00'];
const groups: G[] = [
  { group: 'ana', bot: false, ...responseMetrics({ conversations: 40, responded: 40, firstResponseMedian: 300, withinSla: 0.5 }) },
  { group: 'ava-bot', bot: true, ...responseMetrics({ conversations: 90, responded: 90, firstResponseMedian: 2, withinSla: 1 }) },
  { group: 'ben', bot: false, ...responseMetrics({ conversations: 5, responded: 5, firstResponseMedian: 120, withinSla: 1 }) },
  { group: 'cleo', bot: false, ...responseMetrics({ conversations: 25, responded: 25, firstResponseMedian: 900, withinSla: 0.2 }) },
  { group: 'dan', bot: false, ...responseMetrics({ conversations: 30, responded: 30, firstResponseMedian: 600, withinSla: 0.3 }) },
  { group: null, bot: false, ...responseMetrics({ conversations: 12, withinSla: 0 }) },
];
const series = groups.flatMap((g) => DAYS.map((bucket, i) => ({ bucket, ...g, bot: undefined, firstResponseMedian: g.firstResponseMedian === null ? null : g.firstResponseMedian + i })));
const COLUMNS: GroupColumn<G>[] = [
  { key: 'conversations', label: 'Conversations (n)', kind: 'count', value: (t) => t.conversations },
  { key: 'firstResponseMedian', label: 'First response (median)', kind: 'duration', value: (t) => t.firstResponseMedian, sampled: true },
];

describe('GroupTable', () => {
  const rows = sortGroupRows(groupRows(groups, series, 'firstResponseMedian', 'Unanswered'), (t) => t.conversations, 'desc');
  const renderTable = (picks: string[], onSort = jest.fn(), onToggle = jest.fn()) =>
    render(
      <GroupTable
        rows={rows}
        columns={COLUMNS}
        nameHeader="Agent"
        sample={(t) => t.conversations}
        sort="conversations"
        dir="desc"
        onSort={onSort}
        picks={picks}
        onToggle={onToggle}
        colorOf={() => '#123456'}
        sparkLabel="First response (median) per day"
        sparkKind="duration"
        caption="Agents"
      />,
    );

  it('ranks the people, then marks the bot and the unanswered apart, with n and the formatted totals', () => {
    renderTable(['ana', 'dan', 'cleo']);
    const trs = screen.getAllByTestId('group-row');
    expect(trs.map((r) => r.getAttribute('data-group'))).toEqual(['ana', 'dan', 'cleo', 'ben', 'ava-bot', '(none)']);
    expect(trs.map((r) => r.getAttribute('data-kind'))).toEqual(['main', 'main', 'main', 'main', 'bot', 'none']);
    const cells = (i: number) => within(trs[i]).getAllByRole('cell').map((c) => c.textContent);
    expect(cells(0).slice(1, 4)).toEqual(['1', '40', '5m 00s']);
    // The bot has no rank and a badge; "Unanswered" likewise.
    expect(cells(4)[1]).toBe('');
    expect(within(trs[4]).getByRole('rowheader')).toHaveTextContent('ava-botBot');
    expect(within(trs[5]).getByRole('rowheader')).toHaveTextContent('UnansweredNo responder');
    expect(trs[4]).toHaveClass('group-section-start');
    // Ben answered 5 conversations: his median is greyed as a small sample; counts never are.
    const ben = within(trs[3]).getAllByRole('cell');
    expect(ben[3]).toHaveClass('small-sample');
    expect(ben[3]).toHaveAttribute('title', 'Only 5 conversations');
    expect(ben[2]).not.toHaveClass('small-sample');
    // A sparkline per row, named by its range.
    expect(within(trs[0]).getByRole('img')).toHaveAccessibleName('First response (median) per day of ana: from 5m 00s to 5m 02s, between 5m 00s and 5m 02s');
    expect(within(trs[5]).getByRole('img')).toHaveAccessibleName('First response (median) per day of Unanswered: no values');
  });

  it('sorts by a header and ticks rows; the last pick stays and a sixth is refused', () => {
    const onSort = jest.fn();
    const onToggle = jest.fn();
    const { unmount } = renderTable(['ana'], onSort, onToggle);
    fireEvent.click(screen.getByRole('button', { name: /First response \(median\)/ }));
    expect(onSort).toHaveBeenCalledWith('firstResponseMedian');
    expect(screen.getByRole('columnheader', { name: /Conversations/ })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('checkbox', { name: 'Show ana in the chart' })).toBeDisabled();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show dan in the chart' }));
    expect(onToggle).toHaveBeenCalledWith('dan');
    unmount();
    renderTable(['ana', 'dan', 'cleo', 'ben', 'ava-bot']);
    expect(screen.getByRole('checkbox', { name: 'Show Unanswered in the chart' })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: 'Show ana in the chart' })).toBeEnabled();
  });
});

describe('Response times split by agent', () => {
  beforeAll(async () => {
    await import('../pages/ResponseTimes');
  });
  let routes: Record<string, Answer[]>;
  let calls: Call[];
  beforeEach(() => {
    ({ routes, calls } = installFakeApi());
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: me }];
    routes['GET /api/v1/metrics/channels'] = [{ status: 200, body: { channels: [] } }];
    const answer: ResponseTimesResponse = {
      period: { from: DAYS[0], to: '2026-11-04T00:00:00+01:00' },
      tz: 'Europe/Berlin',
      grain: 'day',
      totals: responseMetrics({ conversations: 202 }),
      series,
      groups,
    };
    routes['GET /api/v1/metrics/response-times'] = [{ status: 200, body: answer }];
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('shows the ranked table, charts the top 3, links the grouped CSV; sorting and picking go to the URL', async () => {
    window.history.replaceState(null, '', '/response-times?period=custom&from=2026-11-01&to=2026-11-03&groupBy=agent');
    renderApp();
    const card = await screen.findByTestId('chart-response-split', {}, { timeout: 10_000 });
    await within(card).findAllByTestId('group-row', {}, { timeout: 10_000 });
    const order = () => within(card).getAllByTestId('group-row').map((r) => r.getAttribute('data-group'));
    expect(order()).toEqual(['ana', 'dan', 'cleo', 'ben', 'ava-bot', '(none)']);
    const picked = () => within(card).getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).checked).map((c) => c.getAttribute('aria-label'));
    expect(picked()).toEqual(['Show ana in the chart', 'Show dan in the chart', 'Show cleo in the chart']);
    expect(within(card).getByTestId('group-chart').querySelector('[role="img"]')).toHaveAccessibleName(expect.stringContaining(': ana, dan, cleo'));
    expect(within(card).getByTestId('group-csv')).toHaveAttribute('href', expect.stringMatching(/^\/api\/v1\/metrics\/response-times\?.*groupBy=agent.*format=csv/));
    // The grouped request was made.
    expect(calls.some((c) => c.url.includes('groupBy=agent'))).toBe(true);

    fireEvent.click(within(card).getByRole('button', { name: /First response \(median\)/ }));
    await waitFor(() => expect(order()).toEqual(['cleo', 'dan', 'ana', 'ben', 'ava-bot', '(none)']), { timeout: 5000 });
    expect(window.location.search).toContain('groupSort=firstResponseMedian');
    fireEvent.click(within(card).getByRole('button', { name: /First response \(median\)/ }));
    await waitFor(() => expect(order()).toEqual(['ben', 'ana', 'dan', 'cleo', 'ava-bot', '(none)']), { timeout: 5000 });
    expect(window.location.search).toContain('groupDir=asc');

    fireEvent.click(within(card).getByRole('checkbox', { name: 'Show ava-bot in the chart' }));
    await waitFor(() => expect(picked()).toContain('Show ava-bot in the chart'), { timeout: 5000 });
    expect(new URLSearchParams(window.location.search).get('groups')).toBe('ben,ana,dan,ava-bot');
    // The page loads lazily with the charting library: generous on a busy machine.
  }, 30_000);
});
