import { type GeneratedEvent, generateEvents } from '@parley/shared/generate';
import { Oracle, type OracleListParams, type OracleParams } from '../support/oracle';
import { type Server, databaseEnv, ingestAll, newWorkspace, post, startServer } from '../support/server';

jest.setTimeout(600_000);

/**
 * GET /conversations (api.md "Drill-down"): every page walked gives exactly the conversations an
 * independent reading of the spec selects (test/support/oracle.ts), in its order — by each
 * instant, each status, agent, the filters, every sort in both orders (ties by id, nulls last);
 * the items are the conversation's facts in the request's responder; bad parameters and cursors
 * are 400s naming them; and paging while events arrive lists every untouched conversation once.
 */
const EVENTS = generateEvents({ events: 6_000, seed: 31, startMs: Date.UTC(2026, 8, 1), days: 30 });
// Another workspace, made of the same generator: same ids, other facts. It never shows.
const OTHER = generateEvents({ events: 2_000, seed: 32, startMs: Date.UTC(2026, 8, 1), days: 30 });
const oracle = new Oracle(EVENTS);

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let a: { name: string; key: string };

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env);
  a = await newWorkspace(db.env, 'list-a');
  const b = await newWorkspace(db.env, 'list-b');
  await ingestAll(server.url, a.key, EVENTS, 2_000);
  await ingestAll(server.url, b.key, OTHER, 2_000);
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

type Query = Record<string, string | string[]>;
async function get(path: string, query: Query, key = a.key) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of [v].flat()) params.append(k, x);
  const r = await fetch(`${server.url}/api/v1/${path}?${params}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: r.status, body: await r.json() };
}

/** Every page of a list: the items in order and how many pages it took. */
async function walk(query: Query, key = a.key) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await get('conversations', { ...query, ...(cursor && { cursor }) }, key);
    expect(r.status).toBe(200);
    pages++;
    const limit = Number(query.limit ?? 50);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    // Only the last page may be short, and a page with a next one is full.
    if (r.body.nextCursor !== null) expect(r.body.items.length).toBe(limit);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (pages > 1000) throw new Error('too many pages');
  } while (cursor !== null);
  return { items, pages };
}

const FRAME = { from: '2026-09-05', to: '2026-09-25', tz: 'UTC' };
const BASE: OracleParams & OracleListParams = {
  fromMs: Date.UTC(2026, 8, 5),
  toMs: Date.UTC(2026, 8, 25),
  tz: 'UTC',
  grain: 'day',
  channels: null,
  teams: null,
  tags: null,
  groupBy: null,
  responder: 'any',
  sla: 300,
  by: 'startedAt',
  status: null,
  agent: null,
  sort: 'startedAt',
  order: 'desc',
};

/** The agent who first answered most conversations (for agent=). */
const TOP_AGENT = (() => {
  const counts = new Map<string, number>();
  for (const e of EVENTS) if (e.type === 'message.sent' && e.sender && 'id' in e.sender && e.sender.type === 'agent') counts.set(e.sender.id, (counts.get(e.sender.id) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1])[0][0];
})();

const CASES: [string, Query, Partial<OracleParams & OracleListParams>][] = [
  ['the defaults: by and sorted by startedAt, newest first', { limit: '37' }, {}],
  ['oldest first', { order: 'asc', limit: '200' }, { order: 'asc' }],
  ['by rating, best first: ties by id, unrated last', { sort: 'rating', limit: '13' }, { sort: 'rating' }],
  ['by rating, worst first: unrated still last', { sort: 'rating', order: 'asc', limit: '29' }, { sort: 'rating', order: 'asc' }],
  ['answered by an agent, fastest first', { responder: 'agent', status: 'answered', sort: 'firstResponseTime', order: 'asc', limit: '41' }, { responder: 'agent', status: 'answered', sort: 'firstResponseTime', order: 'asc' }],
  ['every conversation by first response time: the unanswered last', { sort: 'firstResponseTime', limit: '50' }, { sort: 'firstResponseTime' }],
  ['resolved in the period, slowest resolution first', { by: 'resolvedAt', sort: 'resolutionTime', limit: '23' }, { by: 'resolvedAt', sort: 'resolutionTime' }],
  ['waiting, longest first', { status: 'waiting', sort: 'waitingSince', order: 'asc', limit: '7' }, { status: 'waiting', sort: 'waitingSince', order: 'asc' }],
  ['waiting for an agent (bots do not end the wait)', { status: 'waiting', responder: 'agent', sort: 'waitingSince', limit: '19' }, { status: 'waiting', responder: 'agent', sort: 'waitingSince' }],
  ['the "within SLA" complement of a day: breached by firstCustomerAt, sla 60', { by: 'firstCustomerAt', status: 'breached', sla: '60', limit: '31' }, { by: 'firstCustomerAt', status: 'breached', sla: 60 }],
  ['unanswered by firstCustomerAt', { by: 'firstCustomerAt', status: 'unanswered', limit: '11' }, { by: 'firstCustomerAt', status: 'unanswered' }],
  ['assigned in the period, team support', { by: 'firstAssignedAt', team: 'support', limit: '17' }, { by: 'firstAssignedAt', teams: ['support'] }],
  ['without a team or tags, on two channels', { team: 'none', tag: 'none', channel: 'whatsapp,sms', limit: '43' }, { teams: ['none'], tags: ['none'], channels: ['sms', 'whatsapp'] }],
  ['converted', { status: 'converted', limit: '9' }, { status: 'converted' }],
  ['automated', { status: 'automated', limit: '9' }, { status: 'automated' }],
  ['open, by rating', { status: 'open', sort: 'rating', limit: '50' }, { status: 'open', sort: 'rating' }],
  ['resolved', { status: 'resolved', limit: '200' }, { status: 'resolved' }],
  ['first answered by one agent', { agent: TOP_AGENT, limit: '21' }, { agent: TOP_AGENT }],
  ['with no first responder', { agent: 'none', limit: '21' }, { agent: 'none' }],
  // Each sort's order read in parts (values by their index, then the nulls by id; a rating value by value): pages across the seams.
  ['by resolution time, fastest first: the open ones last', { sort: 'resolutionTime', order: 'asc', limit: '47' }, { sort: 'resolutionTime', order: 'asc' }],
  ['resolved, fastest resolution first (no nulls to read)', { status: 'resolved', sort: 'resolutionTime', order: 'asc', limit: '13' }, { status: 'resolved', sort: 'resolutionTime', order: 'asc' }],
  ['answered, slowest first response first (no nulls to read)', { status: 'answered', sort: 'firstResponseTime', limit: '33' }, { status: 'answered', sort: 'firstResponseTime' }],
  ['by waiting since, newest wait first: those not waiting last', { sort: 'waitingSince', limit: '61' }, { sort: 'waitingSince' }],
  ['team support by rating, worst first, small pages', { sort: 'rating', order: 'asc', team: 'support', limit: '3' }, { sort: 'rating', order: 'asc', teams: ['support'] }],
];

describe('every page walked gives the oracle\'s conversations in its order', () => {
  it.each(CASES)('%s', async (_name, query, params) => {
    const expected = oracle.conversationList({ ...BASE, ...params });
    // Each case selects something, and less than everything where it filters.
    expect(expected.length).toBeGreaterThan(3);
    const { items, pages } = await walk({ ...FRAME, ...query });
    expect(items.map((i) => i.conversationId)).toEqual(expected);
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / Number(query.limit))));
  });
});

it('a case with nothing to list answers one empty page', async () => {
  const r = await get('conversations', { ...FRAME, team: 'no such team' });
  expect(r).toEqual({ status: 200, body: { items: [], nextCursor: null } });
});

it("an item is the conversation's facts, in the request's responder", async () => {
  const any = (await get('conversations', { ...FRAME, status: 'answered', limit: '20' })).body.items;
  const agent = (await get('conversations', { ...FRAME, status: 'answered', responder: 'agent', limit: '20' })).body.items;
  for (const item of any) {
    const detail = await get(`conversations/${encodeURIComponent(item.conversationId)}`, {});
    expect(item).toEqual(detail.body.conversation);
  }
  let differ = 0;
  for (const item of agent) {
    const detail = (await get(`conversations/${encodeURIComponent(item.conversationId)}`, {})).body.conversation;
    expect(item.firstResponseAt).toBe(detail.agentFirstResponseAt);
    expect(item.firstResponseTime).toBe(detail.agentFirstResponseTime);
    expect(item.firstResponder).toBe(detail.agentFirstResponder);
    expect({ ...item, firstResponseAt: null, firstResponseTime: null, firstResponder: null, waitingSince: null }).toEqual({
      ...detail,
      firstResponseAt: null,
      firstResponseTime: null,
      firstResponder: null,
      waitingSince: null,
    });
    if (detail.firstResponder !== detail.agentFirstResponder) differ++;
  }
  // Bots answered first in some: the responder made a difference.
  expect(differ).toBeGreaterThan(0);
});

describe('bad parameters are 400s naming them', () => {
  it.each([
    [{ by: 'createdAt' }, /^by: must be one of startedAt, firstCustomerAt, resolvedAt, firstAssignedAt, got 'createdAt'/],
    [{ status: 'pending' }, /^status: must be one of answered, /],
    [{ sort: 'contactId' }, /^sort: must be one of startedAt, /],
    [{ order: 'up' }, /^order: must be desc or asc, got 'up'/],
    [{ limit: '0' }, /^limit: must be a whole number from 1 to 200, got '0'/],
    [{ limit: '201' }, /^limit: /],
    [{ limit: '5.5' }, /^limit: /],
    [{ agent: 'a'.repeat(129) }, /^agent: must be an agent id of 1–128 characters/],
    [{ agent: '' }, /^agent: /],
    [{ grain: 'day' }, /^grain: unknown parameter/],
    [{ cursor: 'not a cursor!' }, /^cursor: not a cursor of this list/],
    [{ cursor: Buffer.from('[1,"startedAt","desc",null,"x"]').toString('base64url') }, /^cursor: not a cursor of this list/],
    [{ hours: 'business' }, /^hours: business needs the workspace's business-hours schedule/],
    [{ from: '2026-09-25', to: '2026-09-05' }, /^from: must be before to/],
  ] as [Query, RegExp][])('%j', async (query, message) => {
    const r = await get('conversations', { ...FRAME, ...query });
    expect(r.status).toBe(400);
    expect([r.body.message].flat().join('\n')).toMatch(message);
  });

  it("refuses a cursor of another sort or order, and a repeated parameter", async () => {
    const page = await get('conversations', { ...FRAME, sort: 'rating', limit: '5' });
    const cursor = page.body.nextCursor as string;
    const other = await get('conversations', { ...FRAME, sort: 'rating', order: 'asc', cursor });
    expect(other.status).toBe(400);
    expect(other.body.message).toBe('cursor: it continues a list sorted by rating desc, not rating asc; start again without cursor');
    const twice = await get('conversations', { ...FRAME, sort: ['rating', 'startedAt'] });
    expect(twice.status).toBe(400);
    expect([twice.body.message].flat().join()).toMatch(/^sort: give it once/);
  });
});

it('an ingest-only key may not list', async () => {
  const ingestOnly = await newWorkspace(db.env, 'list-ingest', 'ingest');
  expect((await get('conversations', FRAME, ingestOnly.key)).status).toBe(403);
});

it('paging while events arrive: every conversation they do not touch is listed exactly once', async () => {
  const ws = await newWorkspace(db.env, 'list-live');
  await ingestAll(server.url, ws.key, EVENTS, 3_000);
  const ids = [...new Set(EVENTS.map((e) => e.conversationId))];
  const base = new Map(EVENTS.map((e) => [e.conversationId, e]));
  const touched = new Set<string>();
  // Ratings move conversations within the rating order; new conversations start inside the period.
  const batches: GeneratedEvent[][] = [];
  for (let i = 0; i < 12; i++) {
    const batch: GeneratedEvent[] = [];
    for (let j = 0; j < 15; j++) {
      const id = ids[(i * 97 + j * 31) % ids.length];
      const e = base.get(id)!;
      touched.add(id);
      batch.push({ id: `live-rate-${i}-${j}`, type: 'csat.submitted', occurredAt: '2026-09-29T12:00:00.000Z', conversationId: id, contactId: e.contactId, channel: e.channel, rating: 1 + ((i + j) % 5) } as GeneratedEvent);
      const fresh = `live-new-${i}-${j}`;
      touched.add(fresh);
      batch.push({ id: `${fresh}-m`, type: 'message.received', occurredAt: new Date(Date.UTC(2026, 8, 10 + (j % 10), i)).toISOString(), conversationId: fresh, contactId: `k-${fresh}`, channel: 'webchat', sender: { type: 'customer' } } as GeneratedEvent);
      batch.push({ id: `${fresh}-r`, type: 'csat.submitted', occurredAt: new Date(Date.UTC(2026, 8, 10 + (j % 10), i, 5)).toISOString(), conversationId: fresh, contactId: `k-${fresh}`, channel: 'webchat', rating: 1 + (j % 5) } as GeneratedEvent);
    }
    batches.push(batch);
  }
  const before = oracle.conversationList({ ...BASE, sort: 'rating' });
  let ingesting = true;
  const ingest = (async () => {
    for (const batch of batches) {
      const r = await post(server.url, ws.key, batch);
      expect(r.status).toBe(200);
      expect(r.json.rejected).toEqual([]);
    }
    ingesting = false;
  })();
  const seen: string[] = [];
  let cursor: string | null = null;
  let pagesWhileIngesting = 0;
  do {
    const r = await get('conversations', { ...FRAME, sort: 'rating', limit: '20', ...(cursor && { cursor }) }, ws.key);
    expect(r.status).toBe(200);
    if (ingesting) pagesWhileIngesting++;
    seen.push(...r.body.items.map((i: { conversationId: string }) => i.conversationId));
    cursor = r.body.nextCursor;
  } while (cursor !== null);
  await ingest;
  // The walk and the ingest overlapped.
  expect(pagesWhileIngesting).toBeGreaterThan(2);
  const count = new Map<string, number>();
  for (const id of seen) count.set(id, (count.get(id) ?? 0) + 1);
  const untouched = before.filter((id) => !touched.has(id));
  expect(untouched.length).toBeGreaterThan(100);
  expect(untouched.filter((id) => count.get(id) !== 1)).toEqual([]);
  // Nothing else: whatever was listed is of the workspace and selected before or after.
  expect([...count.keys()].filter((id) => !before.includes(id) && !touched.has(id))).toEqual([]);
});

it('the conversations export gives the same selection as CSV, in the order of its instant', async () => {
  const query = { ...FRAME, by: 'firstCustomerAt', status: 'breached', sla: '60', responder: 'agent' };
  const expected = oracle.conversationList({ ...BASE, by: 'firstCustomerAt', status: 'breached', sla: 60, responder: 'agent' });
  expect(expected.length).toBeGreaterThan(20);
  const r = await fetch(`${server.url}/api/v1/exports/conversations.csv?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${a.key}` } });
  expect(r.status).toBe(200);
  const lines = (await r.text()).trim().split('\r\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const id = header.indexOf('conversationId');
  const firstCustomerAt = header.indexOf('firstCustomerAt');
  expect(rows.map((c) => c[id]).sort()).toEqual([...expected].sort());
  const instants = rows.map((c) => c[firstCustomerAt]);
  expect(instants).toEqual([...instants].sort());
  // Another selection parameter the export does not take is still a 400 naming it.
  const bad = await fetch(`${server.url}/api/v1/exports/conversations.csv?${new URLSearchParams({ ...FRAME, sort: 'rating' })}`, { headers: { authorization: `Bearer ${a.key}` } });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(await bad.json())).toMatch(/sort: unknown parameter/);
});
