/**
 * A fake API for the dashboard's jsdom tests: `routes` maps "METHOD /path" to queued answers
 * (the last one repeats), `calls` records every request.
 */
import { jest } from '@jest/globals';
import { render } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../api/query-client';
import { App } from '../App';

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
export type Call = { url: string; method: string; init: RequestInit };

const answer = ({ status, body, headers = {} }: Answer) => ({
  ok: status >= 200 && status < 300,
  status,
  statusText: '',
  headers: { get: (name: string) => headers[name] ?? null },
  json: async () => body,
});

export function installFakeApi(): { routes: Record<string, Answer[]>; calls: Call[] } {
  const routes: Record<string, Answer[]> = {};
  const calls: Call[] = [];
  // Every signed-in page lists the user's saved views (top bar): none, unless a test says otherwise.
  routes['GET /api/v1/views'] = [{ status: 200, body: [] }];
  global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const path = String(url);
    const method = init?.method ?? 'GET';
    calls.push({ url: path, method, init: init ?? {} });
    const key = `${method} ${path.split('?')[0]}`;
    const queue = routes[key];
    if (!queue?.length) throw new Error(`unexpected request ${key}`);
    return answer(queue.length > 1 ? queue.shift()! : queue[0]) as unknown as Response;
  }) as typeof fetch;
  return { routes, calls };
}

export const renderApp = () =>
  render(
    <QueryClientProvider client={createQueryClient()}>
      <App />
    </QueryClientProvider>,
  );
