import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, screen, waitFor } from '@testing-library/react';
import type { Me } from '@parley/shared';
import { type Answer, type Call, installFakeApi, renderApp } from '../test/fake-api';
import { RECOMPUTE_POLL_MS } from './BusinessHoursNotice';

const meWith = (recompute: { done: number; total: number } | null): Me => ({
  user: { email: 'ana@example.com', role: 'admin' },
  workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: true, firstEventAt: '2026-08-01T09:00:00+02:00', lastEventAt: '2026-11-20T10:00:00+01:00', businessHours: { set: true, recompute } },
});
const REPORTS = ['overview', 'response-times', 'engagement', 'loyalty', 'heatmap', 'cohorts', 'channels', 'campaigns'];

let routes: Record<string, Answer[]>;
let calls: Call[];

beforeEach(() => {
  ({ routes, calls } = installFakeApi());
  // The figures are not this test's business: every report answers a 400 (not retried).
  for (const r of REPORTS) routes[`GET /api/v1/metrics/${r}`] = [{ status: 400, body: { code: 'BAD_REQUEST', message: 'not here' } }];
  jest.spyOn(console, 'error').mockImplementation(() => {});
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

const gets = (path: string) => calls.filter((c) => c.url.split('?')[0].endsWith(path)).length;
const tick = () =>
  act(async () => {
    await jest.advanceTimersByTimeAsync(RECOMPUTE_POLL_MS);
  });

describe('the business-hours recompute notice', () => {
  it('shows the progress, polls it while it runs, and refetches the reports when it finishes', async () => {
    window.history.replaceState(null, '', '/');
    routes['GET /api/v1/auth/me'] = [
      { status: 200, body: meWith({ done: 12_000, total: 26_000 }) },
      { status: 200, body: meWith({ done: 25_990, total: 26_000 }) },
      { status: 200, body: meWith(null) },
    ];
    renderApp();
    const notice = await screen.findByTestId('business-hours-recompute');
    expect(notice).toHaveAttribute('role', 'status');
    expect(notice.textContent).toBe(
      'Recomputing business-hours figures after a schedule change: 46% (12,000 of 26,000 conversations). Figures in business hours may be out of date until it finishes.',
    );

    await tick();
    expect(gets('/auth/me')).toBe(2);
    // Whole percent down: 99.96% is not yet 100%.
    await waitFor(() => expect(screen.getByTestId('business-hours-recompute').textContent).toMatch(/: 99% \(25,990 of 26,000 conversations\)\./));

    const overviewCalls = gets('/metrics/overview');
    expect(overviewCalls).toBeGreaterThan(0);
    await tick();
    expect(gets('/auth/me')).toBe(3);
    await waitFor(() => expect(screen.queryByTestId('business-hours-recompute')).toBeNull());
    // Finished: the reports are asked again, and /auth/me no longer.
    await waitFor(() => expect(gets('/metrics/overview')).toBe(overviewCalls + 1));
    await tick();
    await tick();
    expect(gets('/auth/me')).toBe(3);
  }, 20_000);

  it('is not shown, and nothing is polled, when no recomputation runs', async () => {
    window.history.replaceState(null, '', '/');
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: meWith(null) }];
    renderApp();
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Overview');
    await tick();
    await tick();
    expect(screen.queryByTestId('business-hours-recompute')).toBeNull();
    expect(gets('/auth/me')).toBe(1);
  });
});
