import { describe, expect, it } from '@jest/globals';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderApp } from '../../test/fake-api';
import { asAdmin, calls, csrf, member, onSettingsPage, routes, writes } from './test-fixtures';

onSettingsPage();

const fill = (section: HTMLElement, current: string, next: string, repeated = next) => {
  fireEvent.change(within(section).getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(within(section).getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(within(section).getByLabelText('Repeat the new password'), { target: { value: repeated } });
};

describe('Settings: your account', () => {
  it('a member changes their password; wrong current password and mistakes are explained', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: member }];
    routes['POST /api/v1/auth/password'] = [
      { status: 400, body: { statusCode: 400, error: 'Bad Request', code: 'BAD_REQUEST', message: 'currentPassword: is not your current password' } },
      { status: 204 },
    ];
    renderApp();
    const section = await screen.findByTestId('settings-account');
    expect(section).toHaveTextContent('Signed in as bo@example.com');
    const form = within(section).getByRole('form', { name: 'Change your password' });

    fill(section, 'old password 1', 'short');
    fireEvent.submit(form);
    expect(await within(section).findByTestId('password-error')).toHaveTextContent('The new password must be at least 10 characters.');
    fill(section, 'old password 1', 'a new long password', 'a new long passw0rd');
    fireEvent.submit(form);
    expect(within(section).getByTestId('password-error')).toHaveTextContent('The new passwords do not match.');
    expect(writes('POST', '/api/v1/auth/password')).toHaveLength(0);

    fill(section, 'wrong password', 'a new long password');
    fireEvent.click(within(section).getByRole('button', { name: 'Change password' }));
    expect(await within(section).findByText('Your password was not changed: the current password is wrong.')).toBeInTheDocument();
    const [first] = writes('POST', '/api/v1/auth/password');
    expect(JSON.parse(String(first.init.body))).toEqual({ currentPassword: 'wrong password', newPassword: 'a new long password' });
    expect(csrf(first)).toBe('tok123');

    fill(section, 'old password 1', 'a new long password');
    fireEvent.submit(form);
    expect(await within(section).findByTestId('password-notice')).toHaveTextContent('Your password was changed. Other browsers and devices signed in as you were signed out.');
    expect(screen.queryByTestId('password-error')).toBeNull();
    for (const label of ['Current password', 'New password', 'Repeat the new password']) expect(within(section).getByLabelText(label)).toHaveValue('');
    // Still signed in, and a member never asked the admin API.
    expect(screen.getByTestId('page-title')).toHaveTextContent('Settings');
    expect(calls.some((c) => c.url.includes('/admin/') || c.url.includes('/connections'))).toBe(false);
  });

  it('admins have it too, beside the workspace sections', async () => {
    asAdmin();
    renderApp();
    expect(await screen.findByTestId('settings-account')).toHaveTextContent('Signed in as ana@example.com');
    expect(screen.getByTestId('settings-workspace')).toBeInTheDocument();
  });
});
