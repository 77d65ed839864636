/**
 * Business time end to end (metrics.md "Business hours"; docs/metrics-decisions.md): a small
 * hand-worked dataset in Europe/Berlin around the 2026 DST nights, measured with hours=business
 * on overview, response-times and channels after the schedule is set (recomputed in the
 * background) or before ingest (computed on ingest), after a change of schedule and after a
 * rebuild; hours=calendar stays as it was; other workspaces are untouched. On Postgres and PGlite.
 */
import { Client } from 'pg';
import { type Server, apiCall, cli, databaseEnv, databaseUrl, ingestAll, newWorkspace, realPostgres, sessionHeaders, startServer } from '../support/server';

jest.setTimeout(300_000);

const PATH = '/settings/business-hours';
const H = 3600;

// Weekdays 09:00–17:00, a Sunday night shift 01:00–04:00 (2 real hours on 29 March 2026, 4 on
// 25 October), and Monday 26 October a holiday.
const OFFICE = {
  timeZone: 'Europe/Berlin',
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
  sun: [['01:00', '04:00']],
  holidays: ['2026-10-26'],
};
const DAY = [['00:00', '24:00']];
// Always open: business time is then the calendar time, clock changes included.
const ALWAYS = { timeZone: 'Europe/Berlin', mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY, sun: DAY };

let n = 0;
const ev = (conversationId: string, type: string, occurredAt: string, extra: object = {}) => ({
  id: `${conversationId}-${++n}`,
  type,
  occurredAt,
  conversationId,
  contactId: `k-${conversationId}`,
  channel: 'whatsapp',
  ...extra,
});
const customer = (c: string, at: string) => ev(c, 'message.received', at, { sender: { type: 'customer' } });
const agent = (c: string, at: string) => ev(c, 'message.sent', at, { sender: { type: 'agent', id: 'a1' } });
const assigned = (c: string, at: string) => ev(c, 'conversation.assigned', at, { agentId: 'a1' });
const resolved = (c: string, at: string) => ev(c, 'conversation.resolved', at);

/*
 * Calendar → business seconds under OFFICE (worked by hand):
 * A, spring night. Customer Sun 29 Mar 00:30 CET, agent 03:30 CEST: 2 h → 01:00 CET–03:30 CEST 1.5 h.
 *   Assigned 00:45 CET: 1.75 h → 1.5 h. Resolved Mon 30 Mar 10:00 CEST from 00:30: 32.5 h → 2 h + 1 h.
 * B, autumn night. Customer Sun 25 Oct 01:30 CEST, agent 04:30 CET: 4 h → 01:30 CEST–04:00 CET 3.5 h.
 *   Resolved Tue 27 Oct 09:30 CET (Monday a holiday): 57 h → 3.5 h + 0.5 h.
 * C, Friday evening. Customer Fri 19 Jun 18:30 CEST, agent Mon 09:30: 63 h → Sun 3 h + Mon 0.5 h.
 *   Assigned Sun 03:00: 30.5 h → 1 h + 0.5 h. Second wait Mon 16:50 → Tue 09:10: 16 h 20 min → 20 min.
 * D, overnight to the µs. Customer Wed 24 Jun 16:59:59.9995 CEST, agent Thu 09:00:00.00025:
 *   57,600.00075 s → 0.0005 s + 0.00025 s.
 */
const EVENTS = [
  customer('A', '2026-03-29T00:30:00+01:00'),
  assigned('A', '2026-03-29T00:45:00+01:00'),
  agent('A', '2026-03-29T03:30:00+02:00'),
  resolved('A', '2026-03-30T10:00:00+02:00'),
  customer('B', '2026-10-25T01:30:00+02:00'),
  agent('B', '2026-10-25T04:30:00+01:00'),
  resolved('B', '2026-10-27T09:30:00+01:00'),
  customer('C', '2026-06-19T18:30:00+02:00'),
  assigned('C', '2026-06-21T03:00:00+02:00'),
  agent('C', '2026-06-22T09:30:00+02:00'),
  customer('C', '2026-06-22T16:50:00+02:00'),
  agent('C', '2026-06-23T09:10:00+02:00'),
  customer('D', '2026-06-24T16:59:59.999500+02:00'),
  agent('D', '2026-06-25T09:00:00.000250+02:00'),
  // More conversations than one recompute page, before the period (they hold no durations).
  ...Array.from({ length: 2300 }, (_, i) => customer(`filler-${String(i).padStart(4, '0')}`, '2025-01-15T10:00:00Z')),
];

const CALENDAR = {
  firstResponseMedian: (14400 + 57600.00075) / 2, // of 7200, 14400, 57600.00075, 226800
  replyMedian: 57600.00075, // of 7200, 14400, 57600.00075, 58800, 226800
  resolutionMedian: (117000 + 205200) / 2,
  assignmentResponseMedian: (6300 + 109800) / 2,
  withinSla: 0, // sla 6000: none
};
const BUSINESS = {
  firstResponseMedian: (5400 + 12600) / 2, // of 0.00075, 5400, 12600, 12600
  replyMedian: 5400, // of 0.00075, 1200, 5400, 12600, 12600
  resolutionMedian: (3 * H + 4 * H) / 2,
  assignmentResponseMedian: 5400, // of 5400, 5400
  withinSla: 0.5, // D and A of 4
};

const QUERY = 'from=2026-03-01&to=2026-11-01&tz=Europe/Berlin';

describe.each(realPostgres ? [['Postgres', false], ['PGlite', true]] : [['PGlite', true]])('business time on %s', (_name, embedded) => {
  let db: ReturnType<typeof databaseEnv>;
  let server: Server;
  let sessions = 0;

  beforeAll(async () => {
    db = databaseEnv(embedded as boolean);
    server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server?.stop();
    db?.cleanup();
  });

  async function workspace(label: string) {
    const ws = await newWorkspace(db.env, label, 'ingest,read', 'Europe/Berlin');
    const headers = await sessionHeaders(server.url, db.env, ws.name, 'admin', `198.51.100.${++sessions}`);
    const call = (method: string, path: string, body?: unknown) => apiCall(server.url, method, path, body, headers);
    return { ...ws, call };
  }
  type Workspace = Awaited<ReturnType<typeof workspace>>;

  /** Polls /auth/me until no recomputation is reported; returns the progress values seen. */
  async function recomputed(ws: Workspace): Promise<{ done: number; total: number }[]> {
    const seen: { done: number; total: number }[] = [];
    for (const started = Date.now(); Date.now() - started < 60_000; ) {
      const me = await ws.call('GET', '/auth/me');
      expect(me.status).toBe(200);
      const r = me.json.workspace.businessHours.recompute;
      if (r === null) return seen;
      seen.push(r);
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error('the recomputation did not finish within 60 s');
  }

  /** Facts and reply_waits rows whose biz_ twin is null where the calendar value is not, or the other way round. */
  async function mismatchedTwins(ws: Workspace): Promise<number> {
    const client = new Client({ connectionString: databaseUrl(db.env) });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM conversation_facts f
                  WHERE f.workspace_id = w.workspace_id
                    AND ((first_response_time IS NULL) <> (biz_first_response_time IS NULL)
                      OR (agent_first_response_time IS NULL) <> (biz_agent_first_response_time IS NULL)
                      OR (resolution_time IS NULL) <> (biz_resolution_time IS NULL)
                      OR (assignment_response_time IS NULL) <> (biz_assignment_response_time IS NULL)))
              + (SELECT count(*) FROM reply_waits r WHERE r.workspace_id = w.workspace_id AND r.biz_seconds IS NULL) AS n
           FROM workspaces w WHERE w.name = $1`,
        [ws.name],
      );
      return Number(rows[0].n);
    } finally {
      await client.end();
    }
  }

  /** The five durations as overview, response-times and channels answer them (they must agree). */
  async function figures(ws: Workspace, hours: string) {
    const get = async (report: string) => {
      const r = await ws.call('GET', `/metrics/${report}?${QUERY}&hours=${hours}${report === 'response-times' ? '&grain=month&sla=6000' : ''}`);
      expect(r.status).toBe(200);
      return r.json;
    };
    const [overview, times, channels] = [await get('overview'), await get('response-times'), await get('channels')];
    const whatsapp = channels.channels.find((c: { channel: string }) => c.channel === 'whatsapp');
    expect(overview.current.firstResponseMedian).toBe(times.totals.firstResponseMedian);
    expect(whatsapp.firstResponseMedian).toBe(times.totals.firstResponseMedian);
    expect(whatsapp.replyMedian).toBe(times.totals.replyMedian);
    const t = times.totals;
    return {
      firstResponseMedian: t.firstResponseMedian,
      replyMedian: t.replyMedian,
      resolutionMedian: t.resolutionMedian,
      assignmentResponseMedian: t.assignmentResponseMedian,
      withinSla: t.withinSla,
    };
  }

  it('measures durations in business time after the schedule is set, and again after it changes', async () => {
    const ws = await workspace('biz-time');
    await ingestAll(server.url, ws.key, EVENTS);
    expect(await mismatchedTwins(ws)).toBeGreaterThan(0); // no schedule: every twin is null
    const noSchedule = await ws.call('GET', `/metrics/response-times?${QUERY}&hours=business`);
    expect(noSchedule.status).toBe(400);
    expect(noSchedule.json.message).toMatch(/^hours: /);
    expect(await figures(ws, 'calendar')).toEqual(CALENDAR);

    expect((await ws.call('PUT', PATH, OFFICE)).status).toBe(200);
    const progress = await recomputed(ws);
    for (const p of progress) {
      expect(p.total).toBe(2304);
      expect(p.done).toBeGreaterThanOrEqual(0);
      expect(p.done).toBeLessThanOrEqual(p.total);
    }
    expect(await figures(ws, 'business')).toEqual(BUSINESS);
    expect(await figures(ws, 'calendar')).toEqual(CALENDAR);
    expect(await mismatchedTwins(ws)).toBe(0);

    // The same schedule again changes nothing and starts no recomputation.
    expect((await ws.call('PUT', PATH, OFFICE)).status).toBe(200);
    expect((await ws.call('GET', '/auth/me')).json.workspace.businessHours).toEqual({ set: true, recompute: null });

    // Always open: business time is the calendar time.
    expect((await ws.call('PUT', PATH, ALWAYS)).status).toBe(200);
    await recomputed(ws);
    expect(await figures(ws, 'business')).toEqual({ ...CALENDAR });

    // A rebuild writes the same business values as the recomputation.
    expect((await ws.call('PUT', PATH, OFFICE)).status).toBe(200);
    await recomputed(ws);
    expect((await cli(['facts', 'rebuild', '--workspace', ws.name], db.env)).code).toBe(0);
    expect(await figures(ws, 'business')).toEqual(BUSINESS);

    // Without a schedule hours=business is a 400 again; calendar figures are unchanged.
    expect((await ws.call('DELETE', PATH)).status).toBe(204);
    expect((await ws.call('GET', '/auth/me')).json.workspace.businessHours).toEqual({ set: false, recompute: null });
    const gone = await ws.call('GET', `/metrics/overview?${QUERY}&hours=business`);
    expect(gone.status).toBe(400);
    expect(gone.json.message).toMatch(/^hours: /);
    expect(await figures(ws, 'calendar')).toEqual(CALENDAR);
  });

  it('computes business time on ingest when the schedule is already set; other workspaces are untouched', async () => {
    const a = await workspace('biz-ingest-a');
    const b = await workspace('biz-ingest-b');
    expect((await a.call('PUT', PATH, OFFICE)).status).toBe(200);
    expect(await recomputed(a)).toEqual([]); // no conversations yet: nothing to recompute
    await ingestAll(server.url, a.key, EVENTS.map((e) => ({ ...e, id: `a-${e.id}` })));
    expect(await figures(a, 'business')).toEqual(BUSINESS);

    // B has its own data and schedule; changing B's schedule does not touch A's figures.
    await ingestAll(server.url, b.key, EVENTS.slice(0, 14).map((e) => ({ ...e, id: `b-${e.id}` })));
    expect((await b.call('PUT', PATH, ALWAYS)).status).toBe(200);
    expect((await a.call('GET', '/auth/me')).json.workspace.businessHours).toEqual({ set: true, recompute: null });
    await recomputed(b);
    expect(await figures(b, 'business')).toEqual(CALENDAR);
    expect(await figures(a, 'business')).toEqual(BUSINESS);
    expect((await b.call('DELETE', PATH)).status).toBe(204);
    expect(await figures(a, 'business')).toEqual(BUSINESS);
  });
});
