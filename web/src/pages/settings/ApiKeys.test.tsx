import { describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../../test/fake-api';
import { asAdmin, csrf, liveKey, newKey, onSettingsPage, routes, secret, usedKey, writes } from './test-fixtures';

onSettingsPage();

describe('Settings: API keys', () => {
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

  it('shows an error panel with Retry when the list cannot be read', async () => {
    asAdmin();
    routes['GET /api/v1/admin/keys'] = [{ status: 403, body: { statusCode: 403, message: 'role: only admins of the workspace can do this' } }];
    renderApp();
    const section = await screen.findByTestId('settings-keys');
    expect(await within(section).findByRole('alert')).toHaveTextContent('role: only admins of the workspace can do this');
    expect(within(section).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
