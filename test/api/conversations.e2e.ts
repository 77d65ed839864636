import { type Server, databaseEnv, newKey, newWorkspace, post, startServer } from '../support/server';

jest.setTimeout(120_000);

/**
 * GET /conversations/{conversationId} (api.md "Drill-down"): one conversation's facts and its
 * events in events.md's order, for ids that need percent-encoding; 404 for an unknown id and for
 * another workspace's conversation.
 */
let db: ReturnType<typeof databaseEnv>;
let server: Server;
let a: { name: string; key: string };

const ODD_ID = 'order/42#a b%2F ü';
const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 8) + s * 1000).toISOString();
const ev = (id: string, type: string, s: number, extra: Record<string, unknown> = {}) => ({
  id,
  type,
  occurredAt: at(s),
  conversationId: ODD_ID,
  contactId: 'contact/1',
  channel: 'whatsapp',
  ...(type === 'message.received' ? { sender: { type: 'customer' } } : {}),
  ...extra,
});

// Sent in an order unlike events.md's: at 10 s a received, a sent and two others tie (ids byte-wise: 'Z' < 'a').
const EVENTS = [
  ev('e-res', 'conversation.resolved', 10),
  ev('e-sent', 'message.sent', 10, { sender: { type: 'agent', id: 'anna' }, tags: ['vip'] }),
  ev('e-asg', 'conversation.assigned', 10, { agentId: 'anna', team: 'Billing, EU' }),
  ev('Z-asg', 'conversation.assigned', 10, { agentId: 'ben', team: 'Sales' }),
  ev('e-in2', 'message.received', 10, { attributes: { orderId: 'A-1' } }),
  ev('e-in1', 'message.received', 0),
  ev('e-conv', 'conversion', 20, { value: 12.5, currency: 'EUR' }),
  ev('e-in3', 'message.received', 30),
];

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env);
  a = await newWorkspace(db.env, 'conv-a');
  const r = await post(server.url, a.key, EVENTS);
  expect(r.status).toBe(200);
  expect(r.json.rejected).toEqual([]);
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

const get = async (id: string, key = a.key) => {
  const r = await fetch(`${server.url}/api/v1/conversations/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: r.status, body: await r.json() };
};
const iso = (s: number) => at(s).replace('.000Z', '.000000Z');

it('answers the facts and the events in events.md order, for an id with / # % and a space', async () => {
  const r = await get(ODD_ID);
  expect(r.status).toBe(200);
  expect(r.body.events.map((e: { id: string }) => e.id)).toEqual(['e-in1', 'e-in2', 'e-sent', 'Z-asg', 'e-asg', 'e-res', 'e-conv', 'e-in3']);
  expect(r.body.moreEvents).toBe(false);
  expect(r.body.events[1]).toEqual({
    id: 'e-in2',
    type: 'message.received',
    occurredAt: iso(10),
    conversationId: ODD_ID,
    contactId: 'contact/1',
    channel: 'whatsapp',
    sender: { type: 'customer' },
    campaignId: null,
    messageId: null,
    agentId: null,
    team: null,
    rating: null,
    value: null,
    currency: null,
    tags: null,
    attributes: { orderId: 'A-1' },
    receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
  });
  expect(r.body.events[2].sender).toEqual({ type: 'agent', id: 'anna' });
  expect(r.body.events[6]).toMatchObject({ value: '12.5', currency: 'EUR' });
  expect(r.body.conversation).toEqual({
    conversationId: ODD_ID,
    channel: 'whatsapp',
    contactId: 'contact/1',
    startedAt: iso(0),
    firstCustomerAt: iso(0),
    firstResponseAt: iso(10),
    firstResponseTime: 10,
    firstResponder: 'anna',
    agentFirstResponseAt: iso(10),
    agentFirstResponseTime: 10,
    agentFirstResponder: 'anna',
    replies: 1, // the wait e-in1 opened (e-in2 joined it) closed by e-sent
    agentReplies: 1,
    resolved: true,
    resolvedAt: iso(10),
    resolutionTime: 10,
    automated: false,
    rating: null,
    ratedAt: null,
    converted: true,
    conversions: 1,
    revenue: { EUR: '12.5' },
    team: 'Billing, EU', // the latest assignment: 'e-asg' sorts after 'Z-asg' at the same instant
    assignee: 'anna',
    tags: ['vip'],
    firstAssignedAt: iso(10),
    assignmentResponseTime: 0, // e-sent at the same instant as the first assignment
    messagesIn: 3,
    messagesOut: 1,
    events: 8,
    lastEventAt: iso(30),
    waitingSince: iso(30), // e-in3 after the last response
  });
});

it('404 naming conversationId for an unknown id and for another workspace’s conversation; 400 for an impossible id; 403 without the read scope', async () => {
  const missing = await get('no-such-conversation');
  expect(missing.status).toBe(404);
  expect(missing.body.code).toBe('CONVERSATION_NOT_FOUND');
  expect(missing.body.message).toMatch(/^conversationId: /);

  const b = await newWorkspace(db.env, 'conv-b');
  const other = await get(ODD_ID, b.key);
  expect(other.status).toBe(404);
  expect(JSON.stringify(other.body)).not.toContain('contact/1');
  // B's own conversation of the same id is B's alone.
  expect((await post(server.url, b.key, [{ ...EVENTS[5], contactId: 'contact-of-b' }])).status).toBe(200);
  const own = await get(ODD_ID, b.key);
  expect(own.status).toBe(200);
  expect(own.body.conversation.contactId).toBe('contact-of-b');
  expect(own.body.events).toHaveLength(1);
  expect((await get(ODD_ID)).body.conversation.contactId).toBe('contact/1');

  // An id ingest could never have stored is a 400 naming it.
  for (const bad of ['a\u0000b', 'tab\there', 'x'.repeat(129)]) {
    const r = await get(bad);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^conversationId: /);
  }
  expect((await get('x'.repeat(128))).status).toBe(404);

  const ingestOnly = await newKey(db.env, a.name, 'ingest');
  expect((await get(ODD_ID, ingestOnly)).status).toBe(403);
});
