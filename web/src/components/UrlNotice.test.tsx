import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Me } from '@parley/shared';
import { type Answer, installFakeApi, renderApp } from '../test/fake-api';

// A workspace whose data is all in 2020 (an import), in Berlin.
const me: Me = {
  user: { email: 'ana@example.com', role: 'admin' },
  workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: true, firstEventAt: '2020-03-02T09:00:00+01:00', lastEventAt: '2020-09-17T18:30:00+02:00', businessHours: { set: false, recompute: null } },
};

let routes: Record<string, Answer[]>;

beforeEach(() => {
  ({ routes } = installFakeApi());
  routes['GET /api/v1/auth/me'] = [{ status: 200, body: me }];
  // The reports are not this test's business: they fail, and their error panels are enough.
  jest.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('a bad URL', () => {
  it('says what was wrong and what is shown, replaces the URL by the canonical one, and can be dismissed', async () => {
    window.history.replaceState(null, '', '/nowhere?tz=Mars%2FBase&period=7d');
    const entries = window.history.length;
    renderApp();
    const notice = await screen.findByTestId('url-notice');
    expect(notice).toHaveAttribute('role', 'alert');
    expect([...notice.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'page: /nowhere does not exist; showing the overview.',
      "tz: 'Mars/Base' is not a time zone; showing Europe/Berlin (the workspace's).",
    ]);
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe('/?period=7d'));
    // Replaced, not pushed: back does not return to the bad URL.
    expect(window.history.length).toBe(entries);
    expect(screen.getByTestId('page-title')).toHaveTextContent('Overview');
    fireEvent.click(screen.getByRole('button', { name: /dismiss/i }));
    expect(screen.queryByTestId('url-notice')).toBeNull();
  });

  it('shows no notice for a good URL', async () => {
    window.history.replaceState(null, '', '/engagement?period=90d&grain=week');
    renderApp();
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Engagement');
    expect(screen.queryByTestId('url-notice')).toBeNull();
    expect(window.location.search).toBe('?period=90d&grain=week');
  });
});

describe('data outside the period', () => {
  it("says where the workspace's data is, and shows its range on a click", async () => {
    window.history.replaceState(null, '', '/');
    renderApp();
    const hint = await screen.findByTestId('data-range-hint');
    expect(hint.textContent).toMatch(/^No data in .+\. This workspace has data from .*2020 to .*2020\./);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Show / })));
    expect(window.location.search).toBe('?period=custom&from=2020-03-02&to=2020-09-17');
    expect(screen.queryByTestId('data-range-hint')).toBeNull();
  });

  it('says nothing when the period holds data', async () => {
    window.history.replaceState(null, '', '/?period=custom&from=2020-09-01&to=2020-09-30');
    renderApp();
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Overview');
    await screen.findByLabelText('First day');
    expect(screen.queryByTestId('data-range-hint')).toBeNull();
  });
});

describe('a typed custom range', () => {
  it('that is reversed or too long says so next to the inputs and changes nothing; a good one applies', async () => {
    const url = '/?period=custom&from=2020-09-01&to=2020-09-14';
    window.history.replaceState(null, '', url);
    renderApp();
    const last = await screen.findByLabelText('Last day');
    fireEvent.change(last, { target: { value: '2020-08-20' } });
    const error = screen.getByTestId('range-error');
    expect(error).toHaveTextContent('The last day is before the first. Still showing');
    expect(last).toHaveValue('2020-08-20');
    expect(last).toHaveAttribute('aria-invalid', 'true');
    expect(window.location.pathname + window.location.search).toBe(url);

    fireEvent.change(last, { target: { value: '2020-09-14' } });
    expect(screen.queryByTestId('range-error')).toBeNull();
    fireEvent.change(screen.getByLabelText('First day'), { target: { value: '2017-01-01' } });
    expect(screen.getByTestId('range-error')).toHaveTextContent(/at most 731 days; this one has 1,353\./);
    expect(window.location.pathname + window.location.search).toBe(url);

    await act(async () => fireEvent.change(screen.getByLabelText('First day'), { target: { value: '2020-09-07' } }));
    expect(screen.queryByTestId('range-error')).toBeNull();
    expect(window.location.search).toBe('?period=custom&from=2020-09-07&to=2020-09-14');
  });
});
