import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Me, WorkspaceDimensions } from '@parley/shared';
import { type Answer, type Call, installFakeApi, renderApp } from '../test/fake-api';
import { listedNames, MAX_SHOWN_NAMES, nameSummary } from './NamePicker';

const me = (businessHours: boolean): Me => ({
  user: { email: 'ana@example.com', role: 'admin' },
  workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: true, firstEventAt: '2026-01-01T09:00:00+01:00', lastEventAt: null, businessHours: { set: businessHours, recompute: null } },
});
const DIMENSIONS: WorkspaceDimensions = {
  teams: [
    { name: 'Sales', conversations: 1200 },
    { name: 'Billing, EU', conversations: 45 },
  ],
  tags: [{ name: 'vip', conversations: 7 }],
  withoutTeam: 300,
  withoutTags: 1500,
  truncated: { teams: false, tags: false },
};
const CHANNELS = { period: { from: '2026-01-01T00:00:00+01:00', to: '2026-01-08T00:00:00+01:00' }, tz: 'Europe/Berlin', channels: [] };

beforeAll(async () => {
  await import('../pages/Channels');
  await import('../pages/Exports');
});

let routes: Record<string, Answer[]>;
let calls: Call[];
beforeEach(() => {
  ({ routes, calls } = installFakeApi());
  routes['GET /api/v1/auth/me'] = [{ status: 200, body: me(false) }];
  routes['GET /api/v1/metrics/channels'] = [{ status: 200, body: CHANNELS }];
  routes['GET /api/v1/workspace/dimensions'] = [{ status: 200, body: DIMENSIONS }];
  // Reports without a route (loyalty here) fail; their error panels are not this test's business.
  jest.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  jest.restoreAllMocks();
});

const paramsOf = (report: string) => calls.filter((c) => c.url.startsWith(`/api/v1/metrics/${report}`)).map((c) => new URL(c.url, 'http://x').searchParams);
const dimensionCalls = () => calls.filter((c) => c.url === '/api/v1/workspace/dimensions').length;

describe('the team and tag pickers', () => {
  it('ask for the names only once opened, list them with counts, search, and put the choice in the URL and the requests', async () => {
    window.history.replaceState(null, '', '/channels?period=7d');
    renderApp();
    const button = await screen.findByRole('button', { name: 'Teams: All teams' });
    expect(dimensionCalls()).toBe(0);
    fireEvent.click(button);
    const list = await screen.findByTestId('team-list');
    await within(list).findByText('Billing, EU');
    expect(dimensionCalls()).toBe(1);
    const rows = within(list).getAllByRole('checkbox').map((c) => c.closest('label')!.textContent);
    expect(rows).toEqual(['Without team300', 'Sales1,200', 'Billing, EU45']);
    // The search box has the focus, and narrows the list.
    const search = within(list).getByRole('searchbox', { name: 'Search teams' });
    expect(search).toHaveFocus();
    fireEvent.change(search, { target: { value: 'bill' } });
    expect(within(list).queryByText('Sales')).toBeNull();

    await act(async () => fireEvent.click(within(list).getByRole('checkbox', { name: /Billing, EU/ })));
    // Repeated, the comma kept inside the name.
    expect(new URLSearchParams(window.location.search).getAll('team')).toEqual(['Billing, EU']);
    expect(window.location.search).toBe('?period=7d&team=Billing%2C+EU');
    await waitFor(() => expect(paramsOf('channels').some((p) => p.getAll('team').join('|') === 'Billing, EU')).toBe(true));

    await act(async () => fireEvent.click(within(screen.getByTestId('team-list')).getByRole('checkbox', { name: /Without team/ })));
    expect(new URLSearchParams(window.location.search).getAll('team')).toEqual(['Billing, EU', 'none']);
    expect(screen.getByRole('button', { name: 'Teams: Billing, EU, Without team' })).toBeInTheDocument();

    // The tag picker reads the same answer: no second request.
    // A click elsewhere (pointerdown outside) closes the open picker.
    const tags = screen.getByRole('button', { name: 'Tags: All tags' });
    fireEvent.pointerDown(tags);
    fireEvent.click(tags);
    expect(screen.queryByTestId('team-list')).toBeNull();
    await within(await screen.findByTestId('tag-list')).findByText('vip');
    expect(dimensionCalls()).toBe(1);
    await act(async () => fireEvent.click(within(screen.getByTestId('tag-list')).getByRole('checkbox', { name: /vip/ })));
    expect(window.location.search).toBe('?period=7d&team=Billing%2C+EU&team=none&tag=vip');

    const teams = screen.getByRole('button', { name: 'Teams: Billing, EU, Without team' });
    fireEvent.pointerDown(teams);
    fireEvent.click(teams);
    await act(async () => fireEvent.click(within(await screen.findByTestId('team-list')).getByRole('button', { name: 'All teams' })));
    expect(window.location.search).toBe('?period=7d&tag=vip');
  }, 20_000);

  it('keep a name from a link that the workspace list lacks, and close with Escape back to the button', async () => {
    window.history.replaceState(null, '', '/channels?period=7d&team=Gone%20team');
    renderApp();
    const button = await screen.findByRole('button', { name: 'Teams: Gone team' });
    fireEvent.click(button);
    const list = await screen.findByTestId('team-list');
    await within(list).findByText('Sales');
    expect(within(list).getByRole('checkbox', { name: /Gone team/ })).toBeChecked();
    fireEvent.keyDown(within(list).getByRole('searchbox'), { key: 'Escape' });
    expect(screen.queryByTestId('team-list')).toBeNull();
    expect(button).toHaveFocus();
  });

  it('are not offered on Loyalty; a carried choice is not sent there, and a note says it does not apply', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: me(true) }];
    window.history.replaceState(null, '', '/channels?period=7d&team=Sales&tag=none&hours=business');
    renderApp();
    await screen.findByRole('button', { name: 'Teams: Sales' });
    await act(async () => fireEvent.click(screen.getByRole('link', { name: 'Loyalty' })));
    await screen.findByTestId('ignored-filters');
    expect(window.location.pathname + window.location.search).toBe('/loyalty?period=7d');
    expect(screen.getByTestId('ignored-filters')).toHaveTextContent(
      'The team and tag filters do not apply to this page: loyalty is about contacts, not conversations. They stay set for the other pages. This page measures no durations, so business hours change nothing here',
    );
    expect(screen.queryByRole('button', { name: /^Teams:/ })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Hours' })).toBeNull();
    await waitFor(() => expect(paramsOf('loyalty').length).toBeGreaterThan(0));
    for (const p of [...paramsOf('loyalty'), ...paramsOf('cohorts')]) {
      expect(p.has('team') || p.has('tag') || p.has('hours')).toBe(false);
    }
    // Back on a page that takes them, they apply again.
    await act(async () => fireEvent.click(screen.getByRole('link', { name: 'Response times' })));
    expect(window.location.search).toBe('?period=7d&team=Sales&tag=none&hours=business');
  });
});

describe('exports with a team and a tag', () => {
  it('the raw exports and the report CSVs that take them carry them; loyalty and cohorts say they do not', async () => {
    window.history.replaceState(null, '', '/exports?period=7d&team=Billing%2C+EU&tag=none');
    renderApp();
    const conversations = await screen.findByTestId('export-conversations');
    const q = new URL(conversations.getAttribute('href')!, 'http://x').searchParams;
    expect(q.getAll('team')).toEqual(['Billing, EU']);
    expect(q.getAll('tag')).toEqual(['none']);
    const item = (label: string) => screen.getAllByRole('listitem').find((li) => li.querySelector('a')?.textContent === label)!;
    expect(item('Loyalty')).toHaveTextContent('Loyalty (without the team and tag filter)');
    expect(new URL(item('Loyalty').querySelector('a')!.getAttribute('href')!, 'http://x').searchParams.has('team')).toBe(false);
    expect(item('Engagement')).toHaveTextContent(/^Engagement$/);
    expect(new URL(item('Engagement').querySelector('a')!.getAttribute('href')!, 'http://x').searchParams.getAll('team')).toEqual(['Billing, EU']);
    expect(screen.getByText(/teams: Billing, EU, tags: Without tags/)).toBeInTheDocument();
  });
});

describe('the hours switch', () => {
  it('without a schedule: Business hours is disabled, and says where to set one', async () => {
    window.history.replaceState(null, '', '/channels?period=7d');
    renderApp();
    const business = await screen.findByRole('button', { name: 'Business hours' });
    expect(business).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Calendar' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('hours-hint')).toHaveTextContent("Business hours need the workspace’s schedule. Set it in Settings");
    expect(screen.getByRole('group', { name: 'Hours' })).toHaveAccessibleDescription(/need the workspace’s schedule/);
    await act(async () => fireEvent.click(screen.getByRole('link', { name: 'Set it in Settings' })));
    expect(window.location.pathname).toBe('/settings');
  });

  it('with a schedule: switches to business hours in the URL and in the requests that take it', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: me(true) }];
    window.history.replaceState(null, '', '/channels?period=7d');
    renderApp();
    const business = await screen.findByRole('button', { name: 'Business hours' });
    expect(business).toBeEnabled();
    expect(screen.queryByTestId('hours-hint')).toBeNull();
    await act(async () => fireEvent.click(business));
    expect(window.location.search).toBe('?period=7d&hours=business');
    expect(business).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(paramsOf('channels').some((p) => p.get('hours') === 'business')).toBe(true));
    // Engagement takes no hours: no switch there, and its link leaves hours out.
    expect(screen.getByRole('link', { name: 'Engagement' })).toHaveAttribute('href', '/engagement?period=7d');
    expect(screen.getByRole('link', { name: 'Overview' })).toHaveAttribute('href', '/?period=7d&hours=business');
  });

  it('says how far the business-time figures are recomputed after a schedule change', async () => {
    const recomputing = me(true);
    recomputing.workspace.businessHours.recompute = { done: 1200, total: 4800 };
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: recomputing }];
    window.history.replaceState(null, '', '/channels?period=7d&hours=business');
    renderApp();
    expect(await screen.findByTestId('hours-recompute')).toHaveTextContent('Recomputing business-time figures: 1,200 of 4,800 conversations.');
    expect(screen.getByRole('group', { name: 'Hours' })).toHaveAccessibleDescription(/Recomputing/);
  });

  it('reports hours=business from a link when the workspace has no schedule, and shows calendar hours', async () => {
    window.history.replaceState(null, '', '/channels?period=7d&hours=business');
    renderApp();
    expect(await screen.findByTestId('url-notice')).toHaveTextContent("hours: business hours need the workspace's schedule");
    await waitFor(() => expect(window.location.search).toBe('?period=7d'));
    expect(paramsOf('channels').every((p) => !p.has('hours'))).toBe(true);
  });
});

describe('listedNames and nameSummary', () => {
  it('lists chosen names the workspace lacks first, then by conversations, at most MAX_SHOWN_NAMES', () => {
    const many: WorkspaceDimensions = { ...DIMENSIONS, teams: Array.from({ length: 150 }, (_, i) => ({ name: `t${i}`, conversations: 150 - i })) };
    const { shown, hidden } = listedNames(many, 'team', ['none', 'old'], '');
    expect(shown.slice(0, 3)).toEqual(['old', 't0', 't1']);
    expect(shown).toHaveLength(MAX_SHOWN_NAMES);
    expect(hidden).toBe(151 - MAX_SHOWN_NAMES);
    expect(listedNames(many, 'team', [], ' T14').shown).toEqual(['t14', 't140', 't141', 't142', 't143', 't144', 't145', 't146', 't147', 't148', 't149']);
    expect(listedNames(undefined, 'tag', ['vip'], '')).toEqual({ shown: ['vip'], hidden: 0 });
  });

  it('says all, the names (none as without), or how many', () => {
    expect(nameSummary('team', [])).toBe('All teams');
    expect(nameSummary('tag', ['none', 'vip'])).toBe('Without tags, vip');
    expect(nameSummary('team', ['a', 'b', 'c'])).toBe('3 teams');
  });
});
