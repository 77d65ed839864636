/**
 * fetch for the API: same origin with the session cookie, JSON in and out, and every non-2xx
 * answer as an ApiError carrying the status (401 sends the app to sign-in, see queryClient).
 */
import type { ApiError as ApiErrorBody } from '@parley/shared';
import type { CSRF_COOKIE as SharedCsrfCookie, CSRF_HEADER as SharedCsrfHeader } from '@parley/shared';

export const API_BASE = '/api/v1';

// Copies of shared/src/auth.ts constants (a value import would bundle zod); typed to stay equal.
export const CSRF_COOKIE: typeof SharedCsrfCookie = 'parley_csrf';
export const CSRF_HEADER: typeof SharedCsrfHeader = 'x-csrf-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds to wait, from Retry-After (429). */
    readonly retryAfter: number | null = null,
    /** Each problem of a 400 as the API listed it ("mon.0.1: …"), for forms that place them by field. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isUnauthorized = (e: unknown): boolean => e instanceof ApiError && e.status === 401;

/** Query string of the parameters that are set; arrays repeat the name (channel=a&channel=b). */
export function queryString(params: Record<string, string | number | readonly string[] | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [key, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) q.append(key, item);
    else q.set(key, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

async function toError(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  let problems: string[] = [];
  try {
    const body = (await res.json()) as Partial<ApiErrorBody>;
    if (body.message) message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    if (body.message) problems = Array.isArray(body.message) ? [...body.message] : [body.message];
  } catch {
    // Not JSON (a proxy's error page): the status line says enough.
  }
  const retry = Number(res.headers.get('Retry-After'));
  return new ApiError(res.status, message, Number.isFinite(retry) && retry > 0 ? retry : null, problems);
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, options: { body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  // The session cookie is httpOnly; the CSRF token is its readable twin, echoed on writes.
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal });
export const apiPost = <T>(path: string, body?: unknown) => request<T>('POST', path, { body });
export const apiPatch = <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body });
export const apiPut = <T>(path: string, body?: unknown) => request<T>('PUT', path, { body });
export const apiDelete = <T = void>(path: string) => request<T>('DELETE', path);
