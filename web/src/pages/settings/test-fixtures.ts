/** What the Settings tests share: the people, keys and users the fake API answers with, and the page to start on. */
import { afterEach, beforeAll, beforeEach, jest } from '@jest/globals';
import type { ApiKeyInfo, BusinessHours, ConnectionInfo, Me, UserInfo } from '@parley/shared';
import { type Answer, type Call, installFakeApi } from '../../test/fake-api';

export const admin: Me = { user: { email: 'ana@example.com', role: 'admin' }, workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: true, firstEventAt: '2026-08-01T09:00:00+02:00', lastEventAt: '2026-11-20T10:00:00+01:00', businessHours: { set: false, recompute: null } } };
export const member: Me = { ...admin, user: { email: 'bo@example.com', role: 'member' } };

export const liveKey: ApiKeyInfo = {
  prefix: 'prly_AbCd1234',
  name: 'Helpdesk',
  scopes: ['ingest'],
  createdAt: '2026-11-01T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};
export const usedKey: ApiKeyInfo = { ...liveKey, prefix: 'prly_Used0000', name: 'BI', scopes: ['read'], lastUsedAt: '2026-11-19T12:00:00.000Z' };
export const secret = 'prly_NewK9999-the-rest-of-the-secret-0123456789abcdef';
export const newKey: ApiKeyInfo = { ...liveKey, prefix: 'prly_NewK9999', name: 'CRM', scopes: ['ingest', 'read'], createdAt: '2026-11-20T10:00:00.000Z' };

export const users: UserInfo[] = [
  { email: 'ana@example.com', role: 'admin', createdAt: '2026-10-01T08:00:00.000Z' },
  { email: 'bo+ops@example.com', role: 'member', createdAt: '2026-10-02T08:00:00.000Z' },
];

export const salesLine: ConnectionInfo = {
  id: 'AbCdEfGhIjKlMnOpQrStUv',
  kind: 'whatsapp',
  name: 'Sales line',
  channel: null,
  defaultSender: { type: 'agent', id: 'Sales line' },
  sessionGapHours: 24,
  webhookUrl: 'https://parley.example.com/api/v1/connectors/whatsapp/AbCdEfGhIjKlMnOpQrStUv',
  createdAt: '2026-11-02T09:00:00.000Z',
  counters: { deliveries: 1234, events: 2001, duplicates: 17, ignored: 5, rejected: 2, lastDeliveryAt: '2026-11-20T10:00:00.000Z', lastRejection: 'contactId: must be at most 128 characters' },
};

// The fake API of the running test (live bindings: reassigned before each test).
export let routes: Record<string, Answer[]>;
export let calls: Call[];

/** Each test of the calling file starts on /settings with a CSRF cookie and a fresh fake API (`routes`, `calls`). */
export function onSettingsPage() {
  // The page is lazily loaded, with shared's connector schemas (zod): load it once up front, so the
  // first test's findBy waits are not spent compiling it on a busy machine.
  beforeAll(async () => {
    await import('../Settings');
  });
  beforeEach(() => {
    document.cookie = 'parley_csrf=tok123';
    ({ routes, calls } = installFakeApi());
    // No business-hours schedule unless a test sets one (Settings asks for it, admins and members alike).
    routes['GET /api/v1/settings/business-hours'] = [noBusinessHours];
    window.history.replaceState(null, '', '/settings?period=7d');
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
}

export const asAdmin = (keys: ApiKeyInfo[] = [liveKey, usedKey], connections: ConnectionInfo[] = []) => {
  routes['GET /api/v1/auth/me'] = [{ status: 200, body: admin }];
  routes['GET /api/v1/admin/keys'] = [{ status: 200, body: keys }];
  routes['GET /api/v1/admin/users'] = [{ status: 200, body: users }];
  routes['GET /api/v1/connections'] = [{ status: 200, body: connections }];
};
export const writes = (method: string, url: string) => calls.filter((c) => c.method === method && c.url === url);
export const csrf = (c: { init: RequestInit }) => (c.init.headers as Record<string, string>)['x-csrf-token'];

/** The API's answer when the workspace has no business-hours schedule. */
export const noBusinessHours: Answer = {
  status: 404,
  body: { statusCode: 404, error: 'Not Found', code: 'BUSINESS_HOURS_NOT_FOUND', message: 'business-hours: this workspace has no business-hours schedule' },
};

/** A stored schedule: lunch off on Monday, Friday open to midnight, one holiday. */
export const storedHours: BusinessHours = {
  timeZone: 'Europe/Berlin',
  mon: [
    ['09:00', '12:00'],
    ['13:00', '17:30'],
  ],
  tue: [['09:00', '17:30']],
  wed: [],
  thu: [],
  fri: [['09:00', '24:00']],
  sat: [],
  sun: [],
  holidays: ['2026-12-25'],
};
