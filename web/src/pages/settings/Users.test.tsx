import { describe, expect, it } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../../test/fake-api';
import { admin, asAdmin, calls, csrf, onSettingsPage, routes, users, writes } from './test-fixtures';

onSettingsPage();

describe('Settings: users', () => {
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

  it('an admin who makes themselves a member loses the admin sections of Settings, keeping their account', async () => {
    asAdmin();
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: admin }, { status: 200, body: { ...admin, user: { ...admin.user, role: 'member' } } }];
    routes['PATCH /api/v1/admin/users/ana%40example.com'] = [{ status: 204 }];
    renderApp();
    fireEvent.change(await screen.findByLabelText('Role of ana@example.com'), { target: { value: 'member' } });
    fireEvent.click(screen.getByRole('button', { name: 'Make me a member' }));
    expect(await screen.findByTestId('settings-forbidden')).toBeInTheDocument();
    expect(screen.queryByTestId('settings-users')).toBeNull();
    expect(screen.getByTestId('settings-account')).toBeInTheDocument();
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
});
