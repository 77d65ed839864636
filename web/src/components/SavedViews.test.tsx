import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { Me, SavedView } from '@parley/shared';
import { createQueryClient } from '../api/query-client';
import { DashboardProvider } from '../state';
import { type Answer, type Call, installFakeApi } from '../test/fake-api';
import { SavedViews } from './SavedViews';

const me: Me = { user: { email: 'ana@example.com', role: 'member' }, workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: true, firstEventAt: null, lastEventAt: null, businessHours: { set: false, recompute: null } } };
const view = (id: string, name: string, path: SavedView['path'], query: string): SavedView => ({ id, name, path, query, createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z' });
const weekly = view('11111111-1111-4111-8111-111111111111', 'WhatsApp weekly', '/', 'period=7d&channel=whatsapp');
const agents = view('22222222-2222-4222-8222-222222222222', 'Agents', '/response-times', 'groupBy=agent');

let routes: Record<string, Answer[]>;
let calls: Call[];
beforeEach(() => {
  ({ routes, calls } = installFakeApi());
  routes['GET /api/v1/views'] = [{ status: 200, body: [agents, weekly] }];
  window.history.replaceState(null, '', '/?period=30d&channel=sms');
});
afterEach(() => window.history.replaceState(null, '', '/'));

const renderViews = () =>
  render(
    <QueryClientProvider client={createQueryClient()}>
      <DashboardProvider me={me}>
        <SavedViews email="ana@example.com" />
      </DashboardProvider>
    </QueryClientProvider>,
  );
const bodyOf = (c: Call) => JSON.parse(String(c.init.body));

describe('the saved views menu', () => {
  it('lists the views and opens one: the URL becomes the view, which is then marked as shown', async () => {
    renderViews();
    fireEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    const panel = await screen.findByRole('dialog', { name: 'Saved views' });
    const link = await within(panel).findByRole('link', { name: 'WhatsApp weekly' });
    expect(link).toHaveAttribute('href', '/?period=7d&channel=whatsapp');
    expect(within(panel).getByRole('link', { name: 'Agents' })).toHaveAttribute('href', '/response-times?groupBy=agent');
    fireEvent.click(link);
    expect(window.location.pathname + window.location.search).toBe('/?period=7d&channel=whatsapp');
    // The menu closed; its button now names the view the page shows.
    expect(screen.queryByRole('dialog')).toBeNull();
    const button = await screen.findByRole('button', { name: 'Saved views (showing WhatsApp weekly)' });
    expect(button).toHaveTextContent('View: WhatsApp weekly');
    fireEvent.click(button);
    expect(within(screen.getByRole('dialog')).getByRole('link', { name: /WhatsApp weekly/ })).toHaveAttribute('aria-current', 'true');
  });

  it('says so when there are none, and shows an error with a retry', async () => {
    // A 4xx is not retried by itself (query-client.ts): the panel offers it.
    routes['GET /api/v1/views'] = [{ status: 403, body: { message: 'Authorization: this belongs to a signed-in user' } }, { status: 200, body: [] }];
    renderViews();
    fireEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    const retry = await screen.findByRole('button', { name: /retry/i });
    fireEvent.click(retry);
    expect(await screen.findByText(/No saved views yet/)).toBeInTheDocument();
  });

  it('renames a view (checking the name first) and deletes one after asking', async () => {
    const renamed = { ...weekly, name: 'WA 7 days' };
    // What the list is after each change (asked again after each).
    routes['GET /api/v1/views'] = [{ status: 200, body: [agents, weekly] }, { status: 200, body: [agents, renamed] }, { status: 200, body: [renamed] }];
    routes[`PATCH /api/v1/views/${weekly.id}`] = [{ status: 200, body: renamed }];
    routes[`DELETE /api/v1/views/${agents.id}`] = [{ status: 204 }];
    renderViews();
    fireEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(await within(panel).findByRole('button', { name: 'Rename the view WhatsApp weekly' }));
    const input = within(panel).getByLabelText('View name');
    fireEvent.change(input, { target: { value: 'agents' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Rename' }));
    expect(within(panel).getByRole('alert')).toHaveTextContent('You already have a view named “Agents”.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(calls.filter((c) => c.method === 'PATCH')).toEqual([]);
    fireEvent.change(input, { target: { value: ' WA 7 days ' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Rename' }));
    expect(await within(panel).findByRole('link', { name: 'WA 7 days' })).toBeInTheDocument();
    expect(bodyOf(calls.find((c) => c.method === 'PATCH')!)).toEqual({ name: 'WA 7 days' });

    fireEvent.click(within(panel).getByRole('button', { name: 'Delete the view Agents' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Delete view' }));
    await waitFor(() => expect(within(panel).queryByRole('link', { name: 'Agents' })).toBeNull());
    expect(calls.some((c) => c.method === 'DELETE' && c.url.endsWith(agents.id))).toBe(true);
  });
});

describe('the save view dialog', () => {
  it("saves the page's path and query under a trimmed name; names are checked before asking", async () => {
    routes['POST /api/v1/views'] = [{ status: 201, body: view('33333333-3333-4333-8333-333333333333', 'SMS month', '/', 'period=30d&channel=sms') }];
    renderViews();
    fireEvent.click(screen.getByRole('button', { name: 'Save this view' }));
    const dialog = screen.getByRole('dialog', { name: 'Save this view' });
    const input = within(dialog).getByLabelText('View name');
    expect(input).toHaveFocus();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The name must not be empty.');
    fireEvent.change(input, { target: { value: 'x'.repeat(81) } });
    fireEvent.submit(input);
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The name must be at most 80 characters.');
    fireEvent.change(input, { target: { value: '  SMS month ' } });
    // Typing clears the message.
    expect(within(dialog).queryByRole('alert')).toBeNull();
    fireEvent.submit(input);
    await act(async () => {});
    expect(bodyOf(calls.find((c) => c.method === 'POST')!)).toEqual({ name: 'SMS month', path: '/', query: 'channel=sms' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("shows the API's refusal (a name taken in another tab, the limit)", async () => {
    routes['POST /api/v1/views'] = [{ status: 409, body: { statusCode: 409, code: 'VIEW_LIMIT', message: 'name: you have 100 saved views, the most one user can keep; delete one first' } }];
    renderViews();
    fireEvent.click(screen.getByRole('button', { name: 'Save this view' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('View name'), { target: { value: 'One more' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('you have 100 saved views');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('is not offered on Settings, which holds no view of the figures', async () => {
    window.history.replaceState(null, '', '/settings');
    renderViews();
    expect(screen.getByRole('button', { name: 'Saved views' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save this view' })).toBeNull();
  });
});
