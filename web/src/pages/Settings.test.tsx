import { describe, expect, it } from '@jest/globals';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderApp } from '../test/fake-api';
import { admin, asAdmin, calls, member, onSettingsPage, routes } from './settings/test-fixtures';

onSettingsPage();

describe('Settings', () => {
  it('lists the keys by prefix with their last use, and the users, under a Settings tab admins see', async () => {
    asAdmin();
    renderApp();
    const row = await screen.findByTestId('key-row-prly_AbCd1234');
    expect(screen.getByTestId('page-title')).toHaveTextContent('Settings');
    expect(screen.getByRole('navigation', { name: 'Pages' })).toHaveTextContent('Settings');
    expect(row).toHaveTextContent('Helpdesk');
    expect(row).toHaveTextContent('prly_AbCd1234…');
    expect(row).toHaveTextContent('never');
    expect(row).toHaveTextContent('Active');
    expect(screen.getByTestId('key-row-prly_Used0000')).not.toHaveTextContent('never');
    // Settings has no filters.
    expect(screen.queryByTestId('period-summary')).toBeNull();
    const users = await screen.findByTestId('settings-users');
    expect(within(users).getByLabelText('Role of bo+ops@example.com')).toHaveValue('member');
    // One's own row cannot be removed here.
    expect(within(screen.getByTestId('user-row-ana@example.com')).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(within(screen.getByTestId('user-row-bo+ops@example.com')).getByRole('button', { name: 'Remove bo+ops@example.com' })).toBeInTheDocument();
  });

  it('opens from the first-events steps of a new workspace, which has no filters yet', async () => {
    asAdmin();
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: { ...admin, workspace: { ...admin.workspace, hasEvents: false, firstEventAt: null, lastEventAt: null } } }];
    window.history.replaceState(null, '', '/');
    renderApp();
    fireEvent.click(within(await screen.findByTestId('empty-workspace')).getByRole('link', { name: 'Settings' }));
    expect(await screen.findByTestId('settings-keys')).toBeInTheDocument();
    expect(window.location.pathname).toBe('/settings');
    expect(screen.queryByTestId('empty-workspace')).toBeNull();
  });

  it('gives a member their account only, and says the rest is for admins, without asking the admin API', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: member }];
    renderApp();
    expect(await screen.findByTestId('settings-forbidden')).toHaveTextContent('Only admins change the workspace');
    expect(screen.getByTestId('settings-account')).toBeInTheDocument();
    for (const admins of ['settings-workspace', 'settings-keys', 'settings-users', 'settings-connections']) expect(screen.queryByTestId(admins)).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Pages' })).toHaveTextContent('Settings');
    expect(calls.some((c) => c.url.includes('/admin/') || c.url.includes('/connections'))).toBe(false);
  });

  it('an API-key session has no account: only the note', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: { ...member, user: null } }];
    renderApp();
    expect(await screen.findByTestId('settings-forbidden')).toHaveTextContent('Only admins can change settings');
    expect(screen.queryByTestId('settings-account')).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Pages' })).not.toHaveTextContent('Settings');
  });
});
