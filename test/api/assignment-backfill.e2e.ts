import { Client } from 'pg';
import { generateEvents } from '@parley/shared/generate';
import { backfillAssignment } from '../../api/src/database/migrations/1765300000000-Assignment';
import { backfillWaiting } from '../../api/src/database/migrations/1765600000000-Waiting';
import { type Server, databaseEnv, databaseUrl, newWorkspace, post, startServer } from '../support/server';
import { factRows, rollupRows } from '../support/snapshot';

jest.setTimeout(300_000);

/**
 * Migration Assignment fills the new facts (tags, assignee, team, firstAssignedAt, assignment
 * response time) and their copies in reply_waits and conversation_hours for stored conversations
 * in SQL. They must be what ingest derives in TypeScript (facts.calculations.ts), value by value.
 */
let db: ReturnType<typeof databaseEnv>;
let server: Server;
let client: Client;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env);
  client = new Client({ connectionString: databaseUrl(db.env) });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await server?.stop();
  db?.cleanup();
});

const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 8) + s * 1000).toISOString();
const msg = (id: string, conv: string, type: string, s: number, extra: Record<string, unknown> = {}) => ({
  id,
  type,
  occurredAt: at(s),
  conversationId: conv,
  contactId: `contact-${conv}`,
  channel: 'whatsapp',
  ...(type === 'message.received' ? { sender: { type: 'customer' } } : {}),
  ...extra,
});
const agent = (id: string) => ({ sender: { type: 'agent', id } });

// The hard cases by hand, beside generated data: reassignment across teams, a latest assignment
// without a team, two assignments at one instant, tags on several events (byte order), an early
// agent reply before the assignment, a campaign message after it.
const HAND = [
  msg('h1', 'c1', 'message.received', 0, { tags: ['vip', 'Zebra'] }),
  msg('h2', 'c1', 'conversation.assigned', 10, { agentId: 'anna', team: 'Support' }),
  msg('h3', 'c1', 'message.sent', 70, { ...agent('anna'), tags: ['été'] }),
  msg('h4', 'c1', 'conversation.assigned', 100, { agentId: 'ben', team: 'Billing, EU' }),
  msg('h5', 'c2', 'message.received', 0),
  msg('h6', 'c2', 'message.sent', 5, agent('carl')),
  msg('h7', 'c2', 'conversation.assigned', 20, { agentId: 'dora', team: 'Sales' }),
  msg('h8', 'c2', 'conversation.assigned', 30, { agentId: 'ed' }),
  msg('h9', 'c2', 'message.sent', 40, { ...agent('ed'), campaignId: 'camp-1' }),
  msg('h10', 'c2', 'message.sent', 95, agent('ed')),
  msg('h11', 'c3', 'message.received', 0),
  msg('h12', 'c3', 'conversation.assigned', 50, { agentId: 'zoe', team: 'Z' }),
  msg('h13', 'c3', 'conversation.assigned', 50, { agentId: 'amy', team: 'A' }),
];

it('the SQL backfill gives the facts, reply_waits and conversation_hours that ingest derived', async () => {
  const ws = await newWorkspace(db.env, 'backfill');
  const events = [...HAND, ...generateEvents({ events: 5000, seed: 11 })];
  for (let i = 0; i < events.length; i += 1000) {
    const r = await post(server.url, ws.key, events.slice(i, i + 1000));
    expect(r.status).toBe(200);
    expect(r.json.rejected).toEqual([]);
  }
  const facts = await factRows(client, ws.name);
  const rollups = await rollupRows(client, ws.name);
  // The data has what the backfill must get right.
  const c1 = facts.find((f) => f.conversation_id === 'c1')!;
  expect([c1.team, c1.assignee, c1.tags]).toEqual(['Billing, EU', 'ben', ['Zebra', 'vip', 'été']]);
  expect(facts.find((f) => f.conversation_id === 'c2')!.assignment_response_time).toBe(75); // 95 − 20: not the campaign at 40
  expect(facts.find((f) => f.conversation_id === 'c3')!.team).toBe('A'); // one instant: 'h12' < 'h13' byte-wise, so h13 is the latest
  expect(facts.filter((f) => f.team !== null).length).toBeGreaterThan(10);
  expect(facts.filter((f) => (f.tags as string[]).length > 0).length).toBeGreaterThan(10);

  const id = (await client.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [ws.name])).rows[0].workspace_id;
  await client.query(
    `UPDATE conversation_facts SET team = NULL, assignee = NULL, tags = '{}', first_assigned_at = NULL, assignment_response_time = NULL WHERE workspace_id = $1`,
    [id],
  );
  await client.query(`UPDATE reply_waits SET team = NULL, tags = '{}' WHERE workspace_id = $1`, [id]);
  await client.query(`UPDATE conversation_hours SET team = NULL, tags = '{}' WHERE workspace_id = $1`, [id]);
  expect(await factRows(client, ws.name)).not.toEqual(facts);

  await backfillAssignment((sql) => client.query(sql));
  expect(await factRows(client, ws.name)).toEqual(facts);
  const after = await rollupRows(client, ws.name);
  expect(after.replyWaits).toEqual(rollups.replyWaits);
  expect(after.conversationHours).toEqual(rollups.conversationHours);
});

// Waits by hand: answered at the same instant as the customer wrote again; a campaign message and a
// resolution after the customer's message (still waiting); a bot answer (waiting for an agent only);
// never answered; no customer message at all.
const WAITS = [
  msg('w1', 'd1', 'message.received', 0),
  msg('w2', 'd1', 'message.sent', 5, agent('anna')),
  msg('w3', 'd1', 'message.received', 5),
  msg('w4', 'd2', 'message.received', 0),
  msg('w5', 'd2', 'message.sent', 10, agent('anna')),
  msg('w6', 'd2', 'message.received', 20),
  msg('w7', 'd2', 'message.sent', 30, { ...agent('anna'), campaignId: 'camp-2' }),
  msg('w8', 'd2', 'conversation.resolved', 40),
  msg('w9', 'd3', 'message.received', 0),
  msg('w10', 'd3', 'message.sent', 3, { sender: { type: 'bot', id: 'bot-1' } }),
  msg('w11', 'd4', 'message.received', 7),
  msg('w12', 'd4', 'message.received', 9),
  msg('w13', 'd5', 'message.sent', 1, agent('anna')),
];

it('the SQL backfill of waitingSince gives what ingest derived (migration Waiting)', async () => {
  const ws = await newWorkspace(db.env, 'waiting');
  const events = [...WAITS, ...generateEvents({ events: 5000, seed: 12 })];
  for (let i = 0; i < events.length; i += 1000) {
    const r = await post(server.url, ws.key, events.slice(i, i + 1000));
    expect(r.status).toBe(200);
    expect(r.json.rejected).toEqual([]);
  }
  const facts = await factRows(client, ws.name);
  const since = (c: string) => {
    const f = facts.find((x) => x.conversation_id === c)!;
    return [f.waiting_since, f.agent_waiting_since];
  };
  const iso = (s: number) => at(s).replace('.000Z', '+00:00'); // as to_jsonb writes a timestamptz
  expect(since('d1')).toEqual([null, null]); // w3 sorts before w2 at 5: answered
  expect(since('d2')).toEqual([iso(20), iso(20)]); // the campaign and the resolution close nothing
  expect(since('d3')).toEqual([null, iso(0)]); // a bot answered: waiting for an agent only
  expect(since('d4')).toEqual([iso(7), iso(7)]);
  expect(since('d5')).toEqual([null, null]);
  expect(facts.filter((f) => f.waiting_since !== null).length).toBeGreaterThan(10);
  expect(facts.filter((f) => f.waiting_since === null).length).toBeGreaterThan(10);

  const id = (await client.query(`SELECT workspace_id FROM workspaces WHERE name = $1`, [ws.name])).rows[0].workspace_id;
  await client.query(`UPDATE conversation_facts SET waiting_since = NULL, agent_waiting_since = NULL WHERE workspace_id = $1`, [id]);
  expect(await factRows(client, ws.name)).not.toEqual(facts);
  await backfillWaiting((sql) => client.query(sql));
  expect(await factRows(client, ws.name)).toEqual(facts);
});
