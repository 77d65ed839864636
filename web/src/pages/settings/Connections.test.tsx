import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { ConnectionInfo, CreatedConnection } from '@parley/shared';
import { CONNECTIONS_POLL_MS } from '../../api/hooks';
import { CONNECTOR_KINDS } from './connections-logic';
import { renderApp } from '../../test/fake-api';
import { asAdmin, calls, csrf, liveKey, member, onSettingsPage, routes, salesLine, writes } from './test-fixtures';

onSettingsPage();

const created: CreatedConnection = {
  ...salesLine,
  id: 'NewNewNewNewNewNewNew01',
  name: 'Support line',
  channel: 'wa-support',
  defaultSender: { type: 'bot', id: 'faq-bot' },
  sessionGapHours: 12,
  webhookUrl: 'https://parley.example.com/api/v1/connectors/whatsapp/NewNewNewNewNewNewNew01',
  counters: { deliveries: 0, events: 0, duplicates: 0, ignored: 0, rejected: 0, lastDeliveryAt: null, lastRejection: null },
  verifyToken: 'vt_generated_0123456789abcdef',
};
const { verifyToken: _token, ...listed } = created;
const getsOfConnections = () => calls.filter((c) => c.method === 'GET' && c.url === '/api/v1/connections').length;

describe('Settings: Connections', () => {
  it('lists each connection with its kind, channel, webhook URL (copyable) and counters, the last rejection with them', async () => {
    asAdmin([liveKey], [salesLine]);
    const writeText = jest.fn(async (_: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp();
    const row = await screen.findByTestId('connection-row-AbCdEfGhIjKlMnOpQrStUv');
    const cell = (label: string) => row.querySelector(`[data-label="${label}"]`);
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Sales line');
    expect(cell('Kind')).toHaveTextContent('WhatsApp Cloud APIchannel default');
    expect(cell('Webhook URL')).toHaveTextContent(salesLine.webhookUrl);
    expect(cell('Deliveries')).toHaveTextContent('1,234');
    expect(cell('Events')).toHaveTextContent('2,001');
    expect(cell('Duplicates')).toHaveTextContent('17');
    expect(cell('Ignored')).toHaveTextContent('5');
    expect(cell('Rejected')).toHaveTextContent('2last: contactId: must be at most 128 characters');
    expect(cell('Last delivery')!.querySelector('time')).toHaveAttribute('datetime', '2026-11-20T10:00:00.000Z');

    fireEvent.click(within(row).getByRole('button', { name: 'Copy the webhook URL of Sales line' }));
    expect(await within(row).findByText('Copied')).toBe(within(row).getByRole('button', { name: 'Copy the webhook URL of Sales line' }));
    expect(writeText).toHaveBeenCalledWith(salesLine.webhookUrl);
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('polls the counters every few seconds while the screen is open', async () => {
    jest.useFakeTimers();
    try {
      asAdmin([liveKey], [salesLine]);
      const later: ConnectionInfo = { ...salesLine, counters: { ...salesLine.counters, deliveries: 1240, events: 2009 } };
      routes['GET /api/v1/connections'] = [
        { status: 200, body: [salesLine] },
        { status: 200, body: [later] },
      ];
      renderApp();
      const row = await screen.findByTestId('connection-row-AbCdEfGhIjKlMnOpQrStUv');
      expect(row.querySelector('[data-label="Deliveries"]')).toHaveTextContent('1,234');
      const before = getsOfConnections();
      await act(async () => {
        await jest.advanceTimersByTimeAsync(CONNECTIONS_POLL_MS);
      });
      expect(getsOfConnections()).toBe(before + 1);
      expect(screen.getByTestId('connection-row-AbCdEfGhIjKlMnOpQrStUv').querySelector('[data-label="Deliveries"]')).toHaveTextContent('1,240');
      expect(screen.getByTestId('connection-row-AbCdEfGhIjKlMnOpQrStUv').querySelector('[data-label="Events"]')).toHaveTextContent('2,009');
    } finally {
      jest.useRealTimers();
    }
  });

  it('offers the kinds and secrets the schemas list, checks the form as the API does, and says where the URL goes', async () => {
    asAdmin([liveKey], []);
    renderApp();
    const section = await screen.findByTestId('settings-connections');
    expect(await within(section).findByText(/No connections yet/)).toBeInTheDocument();
    const kind = within(section).getByLabelText('Kind') as HTMLSelectElement;
    expect([...kind.options].map((o) => o.value)).toEqual([...CONNECTOR_KINDS]);
    expect([...kind.options].map((o) => o.text)).toEqual(expect.arrayContaining(['WhatsApp Cloud API']));
    expect(within(section).getByLabelText('App secret')).toHaveAttribute('type', 'password');
    expect(within(section).getByLabelText(/Verify token/)).toBeInTheDocument();
    expect(section).toHaveTextContent("The Meta app's App Secret (App settings → Basic)");
    expect(screen.getByTestId('connection-help')).toHaveTextContent('Paste the webhook URL as the Callback URL and the verify token as the Verify token');
    // Another kind brings its own help (and its schema's secrets).
    fireEvent.change(kind, { target: { value: 'meta' } });
    expect(screen.getByTestId('connection-help')).toHaveTextContent('your app → Messenger (or Instagram) → Webhooks');
    expect(within(section).getByLabelText('App secret')).toHaveValue('');
    fireEvent.change(kind, { target: { value: 'whatsapp' } });

    fireEvent.change(within(section).getByLabelText('App secret'), { target: { value: 'has space' } });
    fireEvent.change(within(section).getByLabelText('Session gap (hours)'), { target: { value: '0' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Create connection' }));
    const error = await screen.findByTestId('connection-error');
    expect([...error.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'name: must not be empty',
      'sessionGapHours: must be a whole number of hours from 1 to 720',
      'secrets.appSecret: must be printable ASCII without spaces',
    ]);
    expect(writes('POST', '/api/v1/connections')).toHaveLength(0);
  });

  it('creates a connection, shows its webhook URL and verify token once, then only the list', async () => {
    asAdmin([liveKey], [salesLine]);
    routes['POST /api/v1/connections'] = [{ status: 201, body: created }];
    const writeText = jest.fn(async (_: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp();
    const section = await screen.findByTestId('settings-connections');
    await screen.findByTestId('connection-row-AbCdEfGhIjKlMnOpQrStUv');
    fireEvent.change(within(section).getByLabelText('Name'), { target: { value: ' Support line ' } });
    fireEvent.change(within(section).getByLabelText('App secret'), { target: { value: 'meta-app-secret-42' } });
    fireEvent.change(within(section).getByLabelText(/Channel/), { target: { value: 'wa-support' } });
    fireEvent.change(within(section).getByLabelText('Default sender type'), { target: { value: 'bot' } });
    fireEvent.change(within(section).getByLabelText('Default sender id'), { target: { value: 'faq-bot' } });
    fireEvent.change(within(section).getByLabelText('Session gap (hours)'), { target: { value: '12' } });
    routes['GET /api/v1/connections'] = [{ status: 200, body: [salesLine, listed] }];
    fireEvent.click(within(section).getByRole('button', { name: 'Create connection' }));

    const box = await screen.findByTestId('new-connection');
    const [post] = writes('POST', '/api/v1/connections');
    expect(JSON.parse(String(post.init.body))).toEqual({
      kind: 'whatsapp',
      name: 'Support line',
      secrets: { appSecret: 'meta-app-secret-42' },
      channel: 'wa-support',
      defaultSender: { type: 'bot', id: 'faq-bot' },
      sessionGapHours: 12,
    });
    expect(csrf(post)).toBe('tok123');
    expect(box).toHaveTextContent('New connection: Support line');
    expect(box).toHaveTextContent('Copy the verify token now: secrets are not shown again.');
    expect(within(box).getByLabelText('Webhook URL')).toHaveValue(created.webhookUrl);
    expect(within(box).getByLabelText('Verify token')).toHaveValue('vt_generated_0123456789abcdef');
    fireEvent.click(within(box).getByRole('button', { name: 'Copy the verify token' }));
    expect(await within(box).findByText('The verify token is on your clipboard.')).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith('vt_generated_0123456789abcdef');
    // The typed secret left the form with the request.
    expect(within(section).getByLabelText('App secret')).toHaveValue('');

    const row = await screen.findByTestId('connection-row-NewNewNewNewNewNewNew01');
    expect(row).not.toHaveTextContent('vt_generated');
    fireEvent.click(within(box).getByRole('button', { name: 'Done, hide the secrets' }));
    expect(screen.queryByTestId('new-connection')).toBeNull();
    expect(document.body.innerHTML).not.toContain('vt_generated_0123456789abcdef');
    expect(document.body.innerHTML).not.toContain('meta-app-secret-42');
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it("shows the API's refusal", async () => {
    asAdmin([liveKey], []);
    routes['POST /api/v1/connections'] = [{ status: 400, body: { statusCode: 400, error: 'Bad Request', code: 'BAD_REQUEST', message: ['channel: must be 1–32 lowercase letters'] } }];
    renderApp();
    const section = await screen.findByTestId('settings-connections');
    fireEvent.change(within(section).getByLabelText('Name'), { target: { value: 'x' } });
    fireEvent.change(within(section).getByLabelText('App secret'), { target: { value: 'meta-app-secret-42' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Create connection' }));
    expect(await screen.findByTestId('connection-error')).toHaveTextContent('The connection was not created: channel: must be 1–32 lowercase letters');
    expect(screen.queryByTestId('new-connection')).toBeNull();
  });

  it('deletes a connection only after the confirmation', async () => {
    asAdmin([liveKey], [salesLine]);
    routes['DELETE /api/v1/connections/AbCdEfGhIjKlMnOpQrStUv'] = [{ status: 204 }];
    renderApp();
    const row = await screen.findByTestId('connection-row-AbCdEfGhIjKlMnOpQrStUv');
    fireEvent.click(within(row).getByRole('button', { name: 'Delete the connection Sales line' }));
    expect(writes('DELETE', '/api/v1/connections/AbCdEfGhIjKlMnOpQrStUv')).toHaveLength(0);
    routes['GET /api/v1/connections'] = [{ status: 200, body: [] }];
    fireEvent.click(within(row).getByRole('button', { name: 'Delete connection' }));
    expect(await screen.findByText(/Deleted the connection Sales line\. Its webhook URL answers 404/)).toBeInTheDocument();
    expect(writes('DELETE', '/api/v1/connections/AbCdEfGhIjKlMnOpQrStUv')).toHaveLength(1);
    expect(screen.queryByTestId('connection-row-AbCdEfGhIjKlMnOpQrStUv')).toBeNull();
  });

  it('tells a member that connections are for admins, without asking for them (the API answers 403)', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: member }];
    renderApp();
    expect(await screen.findByTestId('settings-forbidden')).toHaveTextContent('connections and their counters are for admins only');
    expect(calls.some((c) => c.url.includes('/connections'))).toBe(false);
  });
});
