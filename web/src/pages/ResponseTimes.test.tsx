import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, within } from '@testing-library/react';
import type { ResponseTimesResponse } from '@parley/shared';
import { DAYS, PERIOD, me } from '../test/campaigns-fixture';
import { type Answer, installFakeApi, renderApp } from '../test/fake-api';
import { responseMetrics } from '../test/response-fixture';

const answer = (assigned: boolean): ResponseTimesResponse => ({
  period: { from: DAYS[0], to: '2026-11-04T00:00:00+01:00' },
  tz: 'Europe/Berlin',
  grain: 'day',
  totals: responseMetrics({ conversations: 90, assignedConversations: assigned ? 42 : 0, assignmentResponseMedian: assigned ? 150 : null, assignmentResponseP90: assigned ? 3600 : null }),
  series: DAYS.map((bucket, i) =>
    assigned
      ? { bucket, ...responseMetrics({ conversations: 30, assignedConversations: 14, assignmentResponseMedian: [120, null, 180][i], assignmentResponseP90: [1800, null, 5400][i] }) }
      : { bucket, ...responseMetrics({ conversations: 30 }) },
  ),
});

describe('Response times: assignment → first agent response', () => {
  beforeAll(async () => {
    await import('./ResponseTimes');
  });
  let routes: Record<string, Answer[]>;
  beforeEach(() => {
    ({ routes } = installFakeApi());
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: me }];
    routes['GET /api/v1/metrics/channels'] = [{ status: 200, body: { channels: [] } }];
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('shows the median and p90 per day with their figures and n = the assigned conversations', async () => {
    routes['GET /api/v1/metrics/response-times'] = [{ status: 200, body: answer(true) }];
    window.history.replaceState(null, '', `/response-times?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-assignment-response', {}, { timeout: 10_000 });
    expect(within(card).getByRole('heading')).toHaveTextContent('Assignment → first agent response');
    expect(card).toHaveTextContent('From the first assignment to the first agent reply after it');
    expect(await screen.findByTestId('kpi-assignedConversations')).toHaveTextContent('42');
    expect(screen.getByTestId('kpi-assignmentResponseMedian')).toHaveTextContent('2m 30s');
    expect(screen.getByTestId('kpi-assignmentResponseP90')).toHaveTextContent('1h');
    fireEvent.click(within(card).getByRole('button', { name: /View as table/ }));
    const table = within(card).getByRole('table');
    expect(within(table).getByRole('columnheader', { name: /Assignment response \(median\)/ })).toBeInTheDocument();
    const cells = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(cells).toEqual([
      ['2m 00s', '30m 00s'],
      ['—', '—'],
      ['3m 00s', '1h 30m'],
    ]);
  }, 30_000);

  it('says so when no conversation was assigned and answered', async () => {
    routes['GET /api/v1/metrics/response-times'] = [{ status: 200, body: answer(false) }];
    window.history.replaceState(null, '', `/response-times?${PERIOD}`);
    renderApp();
    const card = await screen.findByTestId('chart-assignment-response', {}, { timeout: 10_000 });
    expect(await within(card).findByText('No conversation was assigned and then answered by an agent in this period.')).toBeInTheDocument();
  }, 30_000);
});
