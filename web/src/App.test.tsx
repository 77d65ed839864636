import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen } from '@testing-library/react';
import type { Me } from '@parley/shared';
import { type Answer, type Call, installFakeApi, renderApp } from './test/fake-api';

const newWorkspace: Me = { user: { email: 'ana@example.com', role: 'admin' }, workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: false, firstEventAt: null, lastEventAt: null, businessHours: { set: false, recompute: null } } };

let routes: Record<string, Answer[]>;
let calls: Call[];

beforeEach(() => {
  ({ routes, calls } = installFakeApi());
  window.history.replaceState(null, '', '/loyalty?period=7d');
});
afterEach(() => {
  jest.restoreAllMocks();
});

const signIn = async (email: string, password: string) => {
  fireEvent.change(await screen.findByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
};

describe('App', () => {
  it('shows the sign-in page without a session and says when the password is wrong', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 401, body: { statusCode: 401, message: 'no session' } }];
    routes['POST /api/v1/auth/login'] = [{ status: 401, body: { statusCode: 401, message: 'bad credentials' } }];
    renderApp();
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Sign in');
    await signIn('ana@example.com', 'nope');
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent('do not match');
    const login = calls.find((c) => c.url === '/api/v1/auth/login')!;
    expect(JSON.parse(String(login.init.body))).toEqual({ email: 'ana@example.com', password: 'nope' });
    expect(login.init.credentials).toBe('same-origin');
  });

  it('says how long to wait when sign-in is rate-limited', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 401 }];
    routes['POST /api/v1/auth/login'] = [{ status: 429, headers: { 'Retry-After': '30' } }];
    renderApp();
    await signIn('ana@example.com', 'x');
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent('Wait 30 seconds');
  });

  it('after signing in, keeps the page of the URL and shows a new workspace how to send its first events', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 401 }];
    routes['POST /api/v1/auth/login'] = [{ status: 200, body: newWorkspace }];
    renderApp();
    await signIn('ana@example.com', 'secret');
    expect(await screen.findByTestId('empty-workspace')).toBeInTheDocument();
    expect(screen.getByTestId('page-title')).toHaveTextContent('Loyalty');
    expect(screen.getByTestId('curl-snippet')).toHaveTextContent('curl -s http://localhost/api/v1/events');
    expect(screen.getByText(/keys create --workspace "Acme"/)).toBeInTheDocument();
  });

  it('signs out with the CSRF token and returns to the sign-in page', async () => {
    document.cookie = 'parley_csrf=tok123';
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: newWorkspace }];
    routes['POST /api/v1/auth/logout'] = [{ status: 204 }];
    renderApp();
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    const logout = calls.find((c) => c.url === '/api/v1/auth/logout')!;
    expect((logout.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok123');
  });

  it('offers a retry when the server cannot be reached', async () => {
    const down = { status: 503, body: { message: 'Database unavailable' } };
    routes['GET /api/v1/auth/me'] = [down, down, down, { status: 200, body: newWorkspace }];
    renderApp();
    // 5xx are retried twice before the error shows.
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }, { timeout: 8000 }));
    expect(await screen.findByTestId('empty-workspace')).toBeInTheDocument();
  }, 15000);
});
