/**
 * The business-hours schedule (docs/api.md, "Business hours"): GET/PUT/DELETE
 * /settings/business-hours on Postgres and on the embedded PGlite. 404 before one is set, the
 * normalised answer, 400s naming the key, who may read and write, and isolation between workspaces.
 */
import { type Server, apiCall, databaseEnv, newKey, newWorkspace, realPostgres, sessionHeaders, startServer } from '../support/server';

jest.setTimeout(300_000);

const PATH = '/settings/business-hours';

describe.each(realPostgres ? [['Postgres', false], ['PGlite', true]] : [['PGlite', true]])('business hours on %s', (_name, embedded) => {
  let db: ReturnType<typeof databaseEnv>;
  let server: Server;
  let sessions = 0;

  beforeAll(async () => {
    db = databaseEnv(embedded as boolean);
    // Each session signs in from an address of its own: the sign-in limits count per address.
    server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server?.stop();
    db?.cleanup();
  });

  type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>;

  /** A signed-in user's calls: the session cookie, the CSRF header on writes (unless `csrf` is false). */
  async function signedIn(workspace: string, role: 'admin' | 'member', csrf = true): Promise<Call> {
    const headers = await sessionHeaders(server.url, db.env, workspace, role, `198.51.100.${++sessions}`, csrf);
    return (method, path, body) => send(method, path, body, headers);
  }

  function withKey(key: string): Call {
    return (method, path, body) => send(method, path, body, { authorization: `Bearer ${key}` });
  }

  const send = (method: string, path: string, body: unknown, headers: Record<string, string>) => apiCall(server.url, method, path, body, headers);

  const SCHEDULE = {
    timeZone: 'Europe/Berlin',
    mon: [['13:00', '17:30'], ['09:00', '12:00']],
    tue: [['09:00', '12:00'], ['12:00', '17:30']],
    fri: [['09:00', '24:00']],
    sun: [],
    holidays: ['2026-12-26', '2026-12-25', '2026-12-25'],
  };
  const NORMALISED = {
    timeZone: 'Europe/Berlin',
    mon: [['09:00', '12:00'], ['13:00', '17:30']],
    tue: [['09:00', '12:00'], ['12:00', '17:30']],
    wed: [],
    thu: [],
    fri: [['09:00', '24:00']],
    sat: [],
    sun: [],
    holidays: ['2026-12-25', '2026-12-26'],
  };

  it('is 404 until set, then answers the schedule normalised to admins, members and read keys; DELETE removes it', async () => {
    const ws = await newWorkspace(db.env, 'hours');
    const admin = await signedIn(ws.name, 'admin');
    const member = await signedIn(ws.name, 'member');
    const reader = withKey(await newKey(db.env, ws.name, 'read'));

    const none = await admin('GET', PATH);
    expect(none.status).toBe(404);
    expect(none.json.code).toBe('BUSINESS_HOURS_NOT_FOUND');
    expect((await admin('DELETE', PATH)).status).toBe(404);

    expect(await admin('PUT', PATH, SCHEDULE)).toEqual({ status: 200, json: NORMALISED });
    expect(await admin('GET', PATH)).toEqual({ status: 200, json: NORMALISED });
    expect(await member('GET', PATH)).toEqual({ status: 200, json: NORMALISED });
    expect(await reader('GET', PATH)).toEqual({ status: 200, json: NORMALISED });

    // A second PUT replaces the whole schedule.
    const next = { timeZone: 'America/New_York', wed: [['08:00', '16:00']] };
    expect((await admin('PUT', PATH, next)).status).toBe(200);
    expect((await reader('GET', PATH)).json).toEqual({ timeZone: 'America/New_York', mon: [], tue: [], wed: [['08:00', '16:00']], thu: [], fri: [], sat: [], sun: [], holidays: [] });

    expect(await admin('DELETE', PATH)).toEqual({ status: 204, json: null });
    expect((await reader('GET', PATH)).status).toBe(404);
    expect((await admin('DELETE', PATH)).status).toBe(404);
  });

  it('refuses bad schedules with a 400 naming the key', async () => {
    const ws = await newWorkspace(db.env, 'hours-bad');
    const admin = await signedIn(ws.name, 'admin');
    const cases: [unknown, RegExp][] = [
      [{ timeZone: 'Mars/Olympus' }, /^timeZone: /],
      [{ mon: [] }, /^timeZone: /],
      [{ timeZone: 'UTC', monday: [] }, /^monday: unknown key/],
      [{ timeZone: 'UTC', mon: [['11:00', '13:00'], ['09:00', '12:00']] }, /^mon: intervals 09:00–12:00 and 11:00–13:00 overlap$/],
      [{ timeZone: 'UTC', tue: [['24:00', '24:00']] }, /^tue\.0\.0: start "24:00"/],
      [{ timeZone: 'UTC', wed: [['17:00', '09:00']] }, /^wed\.0: interval 17:00–09:00: start must be before end$/],
      [{ timeZone: 'UTC', sun: '09:00-17:00' }, /^sun: /],
      [{ timeZone: 'UTC', holidays: ['2026-02-30'] }, /^holidays\.0: must be a date/],
      [[], /^body: /],
    ];
    for (const [body, message] of cases) {
      const r = await admin('PUT', PATH, body);
      expect(r.status).toBe(400);
      expect(r.json.code).toBe('BAD_REQUEST');
      expect(r.json.message).toEqual([expect.stringMatching(message)]);
    }
    const broken = await admin('PUT', PATH, '{"timeZone": ');
    expect(broken.status).toBe(400);
    expect((await admin('GET', PATH)).status).toBe(404);
  });

  it('lets only signed-in admins write, with the CSRF token', async () => {
    const ws = await newWorkspace(db.env, 'hours-access');
    const member = await signedIn(ws.name, 'member');
    const noCsrf = await signedIn(ws.name, 'admin', false);
    const key = withKey(ws.key); // ingest,read
    const admins = withKey(await newKey(db.env, ws.name, 'ingest,read'));
    expect((await member('PUT', PATH, SCHEDULE)).status).toBe(403);
    expect((await member('DELETE', PATH)).status).toBe(403);
    expect((await key('PUT', PATH, SCHEDULE)).status).toBe(403);
    expect((await admins('DELETE', PATH)).status).toBe(403);
    const csrf = await noCsrf('PUT', PATH, SCHEDULE);
    expect(csrf.status).toBe(403);
    expect(csrf.json.code).toBe('CSRF');
    expect((await key('GET', PATH)).status).toBe(404);
    expect((await send('GET', PATH, undefined, {})).status).toBe(401);
    const ingestOnly = withKey(await newKey(db.env, ws.name, 'ingest'));
    expect((await ingestOnly('GET', PATH)).status).toBe(403);
  });

  it('keeps each workspace to its own schedule', async () => {
    const a = await newWorkspace(db.env, 'hours-a');
    const b = await newWorkspace(db.env, 'hours-b');
    const adminA = await signedIn(a.name, 'admin');
    const adminB = await signedIn(b.name, 'admin');
    expect((await adminA('PUT', PATH, SCHEDULE)).status).toBe(200);
    expect((await adminB('GET', PATH)).status).toBe(404);
    expect((await withKey(b.key)('GET', PATH)).status).toBe(404);
    expect((await adminB('DELETE', PATH)).status).toBe(404);
    expect((await adminA('GET', PATH)).json).toEqual(NORMALISED);
    // B's own schedule does not touch A's.
    expect((await adminB('PUT', PATH, { timeZone: 'Asia/Kolkata' })).status).toBe(200);
    expect((await adminA('GET', PATH)).json).toEqual(NORMALISED);
    expect((await adminB('DELETE', PATH)).status).toBe(204);
    expect((await adminA('GET', PATH)).json).toEqual(NORMALISED);
  });
});
