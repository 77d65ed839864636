import { describe, expect, it } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../../test/fake-api';
import { admin, asAdmin, csrf, onSettingsPage, routes, usedKey, writes } from './test-fixtures';

onSettingsPage();

/** The key's "last used" time (12:00 UTC), as the table shows it. */
const lastUsed = () => document.querySelector(`time[datetime="${usedKey.lastUsedAt}"]`)!;
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('Settings: workspace', () => {
  it('renames the workspace and changes its zone: the top bar and the times follow', async () => {
    asAdmin();
    renderApp();
    const section = await screen.findByTestId('settings-workspace');
    const name = within(section).getByLabelText('Name');
    const zone = within(section).getByLabelText('Time zone');
    expect(name).toHaveValue('Acme');
    expect(zone).toHaveValue('Europe/Berlin');
    expect(within(section).getByTestId('workspace-zone')).toHaveTextContent(/^Europe\/Berlin \(GMT\+0[12]:00\)$/);
    // The key last used at 12:00 UTC shows at 13:00, Berlin's time (the fixture is in November).
    await screen.findByTestId('key-row-prly_Used0000');
    expect(plain(lastUsed().textContent)).toMatch(/13:00|1:00 PM/);
    expect(lastUsed()).toHaveAttribute('title', `${usedKey.lastUsedAt} (shown in Europe/Berlin)`);
    expect(screen.getByTestId('settings-zone-note')).toHaveTextContent('Times on this page are in Europe/Berlin');

    routes['PATCH /api/v1/workspace'] = [{ status: 200, body: { name: 'Acme Support', timeZone: 'Asia/Tokyo' } }];
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: { ...admin, workspace: { ...admin.workspace, name: 'Acme Support', timeZone: 'Asia/Tokyo' } } }];
    fireEvent.change(name, { target: { value: '  Acme Support ' } });
    fireEvent.change(zone, { target: { value: 'Asia/Tokyo' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Save' }));
    expect(await within(section).findByRole('status')).toHaveTextContent('Saved. Reports now use Asia/Tokyo unless a link names another zone.');
    const [patch] = writes('PATCH', '/api/v1/workspace');
    expect(JSON.parse(String(patch.init.body))).toEqual({ name: 'Acme Support', timeZone: 'Asia/Tokyo' });
    expect(csrf(patch)).toBe('tok123');
    await waitFor(() => expect(document.querySelector('.workspace-name')).toHaveTextContent('Acme Support'));
    // 12:00 UTC is 21:00 in Tokyo.
    await waitFor(() => expect(plain(lastUsed().textContent)).toMatch(/21:00|9:00 PM/));
    expect(screen.getByTestId('settings-zone-note')).toHaveTextContent('Asia/Tokyo (GMT+09:00)');
  });

  it('sends only what changed, checks the name first and shows the API refusal with the field as labelled', async () => {
    asAdmin();
    routes['PATCH /api/v1/workspace'] = [
      { status: 409, body: { statusCode: 409, error: 'Conflict', code: 'WORKSPACE_EXISTS', message: "name: a workspace named 'Globex' already exists" } },
      { status: 200, body: { name: 'Acme', timeZone: 'UTC' } },
    ];
    renderApp();
    const section = await screen.findByTestId('settings-workspace');
    const form = within(section).getByRole('form', { name: 'Workspace details' });
    fireEvent.change(within(section).getByLabelText('Name'), { target: { value: '   ' } });
    fireEvent.submit(form);
    expect(await within(section).findByTestId('workspace-error')).toHaveTextContent('Enter a name for the workspace.');
    fireEvent.change(within(section).getByLabelText('Name'), { target: { value: 'Globex' } });
    fireEvent.submit(form);
    expect(await within(section).findByTestId('workspace-error')).toHaveTextContent("Not saved: Name: a workspace named 'Globex' already exists");
    expect(JSON.parse(String(writes('PATCH', '/api/v1/workspace')[0].init.body))).toEqual({ name: 'Globex' });
    fireEvent.change(within(section).getByLabelText('Name'), { target: { value: 'Acme' } });
    fireEvent.change(within(section).getByLabelText('Time zone'), { target: { value: 'UTC' } });
    fireEvent.submit(form);
    await waitFor(() => expect(writes('PATCH', '/api/v1/workspace')).toHaveLength(2));
    expect(JSON.parse(String(writes('PATCH', '/api/v1/workspace')[1].init.body))).toEqual({ timeZone: 'UTC' });
  });
});
