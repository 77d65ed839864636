import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ApiKeyInfo, Me, UserInfo } from '@parley/shared';
import { type Answer, type Call, installFakeApi, renderApp } from '../test/fake-api';

const admin: Me = { user: { email: 'ana@example.com', role: 'admin' }, workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: true } };
const member: Me = { ...admin, user: { email: 'bo@example.com', role: 'member' } };

const liveKey: ApiKeyInfo = {
  prefix: 'prly_AbCd1234',
  name: 'Helpdesk',
  scopes: ['ingest'],
  createdAt: '2026-11-01T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};
const usedKey: ApiKeyInfo = { ...liveKey, prefix: 'prly_Used0000', name: 'BI', scopes: ['read'], lastUsedAt: '2026-11-19T12:00:00.000Z' };
const secret = 'prly_NewK9999-the-rest-of-the-secret-0123456789abcdef';
const newKey: ApiKeyInfo = { ...liveKey, prefix: 'prly_NewK9999', name: 'CRM', scopes: ['ingest', 'read'], createdAt: '2026-11-20T10:00:00.000Z' };

const users: UserInfo[] = [
  { email: 'ana@example.com', role: 'admin', createdAt: '2026-10-01T08:00:00.000Z' },
  { email: 'bo+ops@example.com', role: 'member', createdAt: '2026-10-02T08:00:00.000Z' },
];

let routes: Record<string, Answer[]>;
let calls: Call[];

beforeEach(() => {
  document.cookie = 'parley_csrf=tok123';
  ({ routes, calls } = installFakeApi());
  window.history.replaceState(null, '', '/settings?period=7d');
});
afterEach(() => {
  jest.restoreAllMocks();
});

const asAdmin = (keys: ApiKeyInfo[] = [liveKey, usedKey]) => {
  routes['GET /api/v1/auth/me'] = [{ status: 200, body: admin }];
  routes['GET /api/v1/admin/keys'] = [{ status: 200, body: keys }];
  routes['GET /api/v1/admin/users'] = [{ status: 200, body: users }];
};
const writes = (method: string, url: string) => calls.filter((c) => c.method === method && c.url === url);
const csrf = (c: { init: RequestInit }) => (c.init.headers as Record<string, string>)['x-csrf-token'];

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

  it('shows a new key once, with the warning, and only its prefix after Done', async () => {
    asAdmin([liveKey]);
    routes['POST /api/v1/admin/keys'] = [{ status: 201, body: { ...newKey, key: secret } }];
    renderApp();
    await screen.findByTestId('key-row-prly_AbCd1234');
    const section = screen.getByTestId('settings-keys');
    fireEvent.change(within(section).getByLabelText('Name'), { target: { value: ' CRM ' } });
    fireEvent.click(within(section).getByLabelText(/read/));
    // The list reloads after the creation, now with the new key.
    routes['GET /api/v1/admin/keys'] = [{ status: 200, body: [liveKey, newKey] }];
    fireEvent.click(within(section).getByRole('button', { name: 'Create key' }));

    const box = await screen.findByTestId('new-key');
    expect(within(box).getByLabelText('The new API key')).toHaveValue(secret);
    expect(within(box).getByLabelText('The new API key')).toHaveAttribute('readonly');
    expect(box).toHaveTextContent('Copy it now, it will not be shown again.');
    const [post] = writes('POST', '/api/v1/admin/keys');
    expect(JSON.parse(String(post.init.body))).toEqual({ name: 'CRM', scopes: ['ingest', 'read'] });
    expect(csrf(post)).toBe('tok123');
    expect(await screen.findByTestId('key-row-prly_NewK9999')).toHaveTextContent('prly_NewK9999…');
    // The table never holds the secret.
    expect(screen.getByTestId('key-row-prly_NewK9999')).not.toHaveTextContent(secret);

    fireEvent.click(within(box).getByRole('button', { name: 'Done, hide the key' }));
    expect(screen.queryByTestId('new-key')).toBeNull();
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.getByTestId('key-row-prly_NewK9999')).toBeInTheDocument();
  });

  it('copies the new key to the clipboard', async () => {
    asAdmin([]);
    routes['POST /api/v1/admin/keys'] = [{ status: 201, body: { ...newKey, key: secret } }];
    const writeText = jest.fn(async (_: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp();
    expect(await screen.findByText(/No API keys yet/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const box = await screen.findByTestId('new-key');
    expect(within(box).getByLabelText('The new API key')).toHaveFocus();
    fireEvent.click(within(box).getByRole('button', { name: 'Copy key' }));
    expect(await within(box).findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(secret);
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('asks for a scope, and shows the API error when a key is refused', async () => {
    asAdmin();
    routes['POST /api/v1/admin/keys'] = [{ status: 400, body: { statusCode: 400, error: 'Bad Request', code: 'BAD_REQUEST', message: ['name: Too big: expected string to have <=100 characters'] } }];
    renderApp();
    const section = await screen.findByTestId('settings-keys');
    fireEvent.click(within(section).getByLabelText(/ingest/));
    fireEvent.click(within(section).getByRole('button', { name: 'Create key' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('Choose at least one scope.');
    expect(writes('POST', '/api/v1/admin/keys')).toHaveLength(0);

    fireEvent.click(within(section).getByLabelText(/ingest/));
    fireEvent.click(within(section).getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('key-error')).toHaveTextContent('The key was not created: name: Too big: expected string to have <=100 characters');
    expect(screen.queryByTestId('new-key')).toBeNull();
  });

  it('revokes a key only after the confirmation, and can cancel', async () => {
    asAdmin();
    routes['DELETE /api/v1/admin/keys/prly_AbCd1234'] = [{ status: 204 }];
    renderApp();
    const row = await screen.findByTestId('key-row-prly_AbCd1234');
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke the key Helpdesk' }));
    expect(within(row).getByRole('button', { name: 'Revoke key' })).toHaveFocus();
    fireEvent.keyDown(within(row).getByRole('button', { name: 'Revoke key' }), { key: 'Escape' });
    expect(within(row).getByRole('button', { name: 'Revoke the key Helpdesk' })).toHaveFocus();
    expect(writes('DELETE', '/api/v1/admin/keys/prly_AbCd1234')).toHaveLength(0);

    routes['GET /api/v1/admin/keys'] = [{ status: 200, body: [{ ...liveKey, revokedAt: '2026-11-20T10:00:00.000Z' }, usedKey] }];
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke the key Helpdesk' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.getByTestId('key-row-prly_AbCd1234')).toHaveTextContent('Revoked'));
    const [del] = writes('DELETE', '/api/v1/admin/keys/prly_AbCd1234');
    expect(csrf(del)).toBe('tok123');
    expect(within(screen.getByTestId('key-row-prly_AbCd1234')).queryByRole('button')).toBeNull();
  });

  it('adds a user, and shows why the API refused one', async () => {
    asAdmin();
    routes['POST /api/v1/admin/users'] = [
      { status: 409, body: { statusCode: 409, error: 'Conflict', code: 'USER_EXISTS', message: 'email: cy@example.com already has an account' } },
      { status: 201, body: { email: 'cy@example.com', role: 'admin', createdAt: '2026-11-20T10:00:00.000Z' } },
    ];
    renderApp();
    const section = await screen.findByTestId('settings-users');
    await within(section).findByTestId('user-row-ana@example.com');
    fireEvent.change(within(section).getByLabelText('Email'), { target: { value: 'cy@example.com' } });
    fireEvent.change(within(section).getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.submit(within(section).getByRole('form', { name: 'Add a user' }));
    expect(await screen.findByTestId('user-error')).toHaveTextContent('at least 10 characters');
    expect(writes('POST', '/api/v1/admin/users')).toHaveLength(0);

    fireEvent.change(within(section).getByLabelText('Password'), { target: { value: 'long enough secret' } });
    fireEvent.change(within(section).getByLabelText('Role'), { target: { value: 'admin' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add user' }));
    expect(await screen.findByTestId('user-error')).toHaveTextContent('The user was not added: email: cy@example.com already has an account');
    expect(JSON.parse(String(writes('POST', '/api/v1/admin/users')[0].init.body))).toEqual({ email: 'cy@example.com', password: 'long enough secret', role: 'admin' });

    routes['GET /api/v1/admin/users'] = [{ status: 200, body: [...users, { email: 'cy@example.com', role: 'admin', createdAt: '2026-11-20T10:00:00.000Z' }] }];
    fireEvent.click(within(section).getByRole('button', { name: 'Add user' }));
    expect(await screen.findByTestId('user-row-cy@example.com')).toBeInTheDocument();
    expect(within(section).getByRole('status')).toHaveTextContent('Added cy@example.com as an admin.');
    expect(within(section).getByLabelText('Password')).toHaveValue('');
    expect(screen.queryByTestId('user-error')).toBeNull();
  });

  it('changes a role, and shows the API message when that would leave no admin', async () => {
    asAdmin();
    routes['PATCH /api/v1/admin/users/bo%2Bops%40example.com'] = [{ status: 204 }];
    renderApp();
    const select = await screen.findByLabelText('Role of bo+ops@example.com');
    routes['GET /api/v1/admin/users'] = [{ status: 200, body: [users[0], { ...users[1], role: 'admin' }] }];
    fireEvent.change(select, { target: { value: 'admin' } });
    await waitFor(() => expect(screen.getByLabelText('Role of bo+ops@example.com')).toHaveValue('admin'));
    const [patch] = writes('PATCH', '/api/v1/admin/users/bo%2Bops%40example.com');
    expect(JSON.parse(String(patch.init.body))).toEqual({ role: 'admin' });
    expect(csrf(patch)).toBe('tok123');

    // Demoting oneself asks first; the server still refuses to leave the workspace without an admin.
    routes['PATCH /api/v1/admin/users/ana%40example.com'] = [
      { status: 409, body: { statusCode: 409, error: 'Conflict', code: 'LAST_ADMIN', message: 'email: ana@example.com is the last admin; make another admin first' } },
    ];
    fireEvent.change(screen.getByLabelText('Role of ana@example.com'), { target: { value: 'member' } });
    expect(writes('PATCH', '/api/v1/admin/users/ana%40example.com')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Make me a member' }));
    expect(await screen.findByTestId('role-error')).toHaveTextContent('is the last admin; make another admin first');
    expect(screen.getByLabelText('Role of ana@example.com')).toHaveValue('admin');
  });

  it('an admin who makes themselves a member loses the Settings tab', async () => {
    asAdmin();
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: admin }, { status: 200, body: { ...admin, user: { ...admin.user, role: 'member' } } }];
    routes['PATCH /api/v1/admin/users/ana%40example.com'] = [{ status: 204 }];
    renderApp();
    fireEvent.change(await screen.findByLabelText('Role of ana@example.com'), { target: { value: 'member' } });
    fireEvent.click(screen.getByRole('button', { name: 'Make me a member' }));
    expect(await screen.findByTestId('settings-forbidden')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Pages' })).not.toHaveTextContent('Settings');
    expect(calls.filter((c) => c.url === '/api/v1/admin/users')).toHaveLength(1);
  });

  it('removes a user after the confirmation', async () => {
    asAdmin();
    routes['DELETE /api/v1/admin/users/bo%2Bops%40example.com'] = [{ status: 204 }];
    renderApp();
    const row = await screen.findByTestId('user-row-bo+ops@example.com');
    routes['GET /api/v1/admin/users'] = [{ status: 200, body: [users[0]] }];
    fireEvent.click(within(row).getByRole('button', { name: 'Remove bo+ops@example.com' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove user' }));
    await waitFor(() => expect(screen.queryByTestId('user-row-bo+ops@example.com')).toBeNull());
    expect(writes('DELETE', '/api/v1/admin/users/bo%2Bops%40example.com')).toHaveLength(1);
    expect(within(screen.getByTestId('settings-users')).getByRole('status')).toHaveTextContent('Removed bo+ops@example.com.');
  });

  it('shows an error panel with Retry when the list cannot be read', async () => {
    asAdmin();
    routes['GET /api/v1/admin/keys'] = [{ status: 403, body: { statusCode: 403, message: 'role: only admins of the workspace can do this' } }];
    renderApp();
    const section = await screen.findByTestId('settings-keys');
    expect(await within(section).findByRole('alert')).toHaveTextContent('role: only admins of the workspace can do this');
    expect(within(section).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('opens from the first-events steps of a new workspace, which has no filters yet', async () => {
    asAdmin();
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: { ...admin, workspace: { ...admin.workspace, hasEvents: false } } }];
    window.history.replaceState(null, '', '/');
    renderApp();
    fireEvent.click(within(await screen.findByTestId('empty-workspace')).getByRole('link', { name: 'Settings' }));
    expect(await screen.findByTestId('settings-keys')).toBeInTheDocument();
    expect(window.location.pathname).toBe('/settings');
    expect(screen.queryByTestId('empty-workspace')).toBeNull();
  });

  it('tells a member that only admins change settings, without asking the admin API', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: member }];
    renderApp();
    expect(await screen.findByTestId('settings-forbidden')).toHaveTextContent('Only admins can change settings');
    expect(screen.getByRole('navigation', { name: 'Pages' })).not.toHaveTextContent('Settings');
    expect(calls.some((c) => c.url.includes('/admin/'))).toBe(false);
  });
});
