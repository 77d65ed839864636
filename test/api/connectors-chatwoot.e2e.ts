/**
 * The `chatwoot` connector (issue 20) end to end on the built API: a connection, the recorded
 * bodies replayed signed as Chatwoot signs them (X-Chatwoot-Signature over "<timestamp>.<body>"),
 * refusals (unsigned, wrong, stale), redelivery, labels remembered across deliveries in either
 * order, what is ignored, isolation, the facts, and a little fuzzing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT, type Server, cli, databaseEnv, databaseUrl, newWorkspace, startServer } from '../support/server';

jest.setTimeout(300_000);

const SECRET = 'chatwoot-webhook-secret-0123';
const SECRET_KEY = randomBytes(32).toString('base64');
const DIR = join(ROOT, 'fixtures/webhooks/chatwoot');
const file = (name: string) => readFileSync(join(DIR, name));
const json = (name: string) => JSON.parse(file(name).toString('utf8')) as Record<string, any>;

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let pg: Client;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1', PARLEY_SECRET_KEY: SECRET_KEY, PARLEY_INGEST_RATE: '100000' });
  pg = new Client({ connectionString: databaseUrl(db.env) });
  await pg.connect();
});
afterAll(async () => {
  await pg?.end();
  await server?.stop();
  db?.cleanup();
});

let ips = 0;
/** A signed-in user (a small copy of connectors.e2e.ts's). */
class Session {
  cookies = new Map<string, string>();
  readonly ip = `198.51.100.${++ips}`;
  async fetch(path: string, init: RequestInit = {}): Promise<{ status: number; json: any }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (this.cookies.has('parley_csrf')) headers.set('x-csrf-token', this.cookies.get('parley_csrf')!);
    headers.set('x-forwarded-for', this.ip);
    const r = await fetch(`${server.url}${path}`, { ...init, headers });
    for (const c of r.headers.getSetCookie()) {
      const [k, v] = c.split(';')[0].split('=');
      this.cookies.set(k, v);
    }
    const text = await r.text();
    try {
      return { status: r.status, json: JSON.parse(text) };
    } catch {
      return { status: r.status, json: text };
    }
  }
  post(path: string, body: unknown) {
    return this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

async function signedIn(label: string) {
  const ws = (await newWorkspace(db.env, label)).name;
  const email = `${label}-${randomBytes(3).toString('hex')}@example.com`;
  expect((await cli(['users', 'create', '--workspace', ws, '--email', email, '--role', 'admin', '--password', 'correct horse battery'], db.env)).code).toBe(0);
  const s = new Session();
  expect((await s.post('/api/v1/auth/login', { email, password: 'correct horse battery' })).status).toBe(200);
  const { rows } = await pg.query('SELECT workspace_id FROM workspaces WHERE name = $1', [ws]);
  return { session: s, workspace: ws, workspaceId: rows[0].workspace_id as number };
}

const connect = (s: Session, body: Record<string, unknown> = {}) => s.post('/api/v1/connections', { kind: 'chatwoot', name: 'Acme helpdesk', secrets: { webhookSecret: SECRET }, ...body });

/** Chatwoot's headers: sha256 HMAC of "<timestamp>.<body>" with the webhook's secret. */
const signed = (body: Buffer | string, secret = SECRET, ts = Math.floor(Date.now() / 1000)) => ({
  'x-chatwoot-timestamp': String(ts),
  'x-chatwoot-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex')}`,
});

async function deliver(path: string, body: Buffer | string, headers: Record<string, string> | null = signed(body), contentType = 'application/json') {
  const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: body as BodyInit });
  const text = await r.text();
  try {
    return { status: r.status, json: JSON.parse(text) };
  } catch {
    return { status: r.status, json: text as any };
  }
}

const eventsOf = async (workspaceId: number) =>
  (
    await pg.query(
      `SELECT event_id, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, conversation_id, contact_id, channel,
              sender_type, sender_id, campaign_id, message_id, agent_id, team, rating, tags
       FROM events WHERE workspace_id = $1 ORDER BY occurred_at, event_id`,
      [workspaceId],
    )
  ).rows;

describe('chatwoot connections', () => {
  it('create: the webhook URL, no verify token; the secret is required and never shown', async () => {
    const { session } = await signedIn('cw-create');
    const r = await connect(session);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'chatwoot', name: 'Acme helpdesk', channel: null, defaultSender: { type: 'agent', id: 'Acme helpdesk' } });
    expect(r.json.webhookUrl).toBe(`${server.url}/api/v1/connectors/chatwoot/${r.json.id}`);
    expect(r.json.verifyToken).toBeUndefined();
    expect(JSON.stringify(r.json)).not.toContain(SECRET);
    for (const [secrets, message] of [
      [{}, /^secrets\.webhookSecret: is required/],
      [{ webhookSecret: 'short' }, /^secrets\.webhookSecret: must be at least 8/],
      [{ appSecret: SECRET }, /^secrets/],
    ] as const) {
      const bad = await connect(session, { secrets });
      expect(bad.status).toBe(400);
      expect([bad.json.message].flat().join('; ')).toMatch(message);
    }
  });
});

describe('the Chatwoot webhook', () => {
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let conn: { id: string };
  let hook: string;
  const counters = async () => (await admin.session.fetch('/api/v1/connections')).json.find((c: { id: string }) => c.id === conn.id).counters;

  beforeAll(async () => {
    admin = await signedIn('cw-hook');
    conn = (await connect(admin.session, { defaultSender: { type: 'bot', id: 'automation' } })).json;
    hook = `/api/v1/connectors/chatwoot/${conn.id}`;
  });

  it('unsigned, wrongly signed, body-only signed, stale or future: 401, nothing stored, nothing counted', async () => {
    const body = file('message_created_incoming.json');
    const now = Math.floor(Date.now() / 1000);
    const bodyOnly = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const before = await counters();
    for (const headers of [
      null,
      { 'x-chatwoot-timestamp': String(now) },
      { ...signed(body), 'x-chatwoot-signature': bodyOnly },
      signed(body, 'another-webhook-secret'),
      signed(Buffer.concat([body, Buffer.from(' ')])),
      signed(body, SECRET, now - 301),
      signed(body, SECRET, now + 301),
      { ...signed(body), 'x-chatwoot-timestamp': String(now - 1) },
      { ...signed(body), 'x-chatwoot-signature': 'sha256=zz' },
    ]) {
      const r = await deliver(hook, body, headers);
      expect(r.status).toBe(401);
      expect(r.json.message).toMatch(/^X-Chatwoot-Signature: /);
    }
    // The vector of the data set: right for its instant, stale now.
    const vector = json('signature_vector.json');
    const v = await deliver(hook, file(vector.file), { 'x-chatwoot-timestamp': vector.headers['X-Chatwoot-Timestamp'], 'x-chatwoot-signature': vector.headers['X-Chatwoot-Signature'] });
    expect(v.status).toBe(401);
    expect(await eventsOf(admin.workspaceId)).toEqual([]);
    expect(await counters()).toEqual(before);
  });

  it('the recorded bodies, signed, in the order Chatwoot sent them: exactly their events; labels go on the events after them', async () => {
    const order = [
      'conversation_created.json', // nothing (unassigned)
      'message_created_incoming.json',
      'conversation_updated_assignee.json',
      'message_created_outgoing_agent.json',
      'message_created_private_note.json', // ignored
      'conversation_updated_labels.json', // remembered, no event
      'conversation_status_changed_resolved.json',
      'message_updated_csat.json',
      'message_created_outgoing_template.json', // conversation 131
    ];
    const answers = [];
    for (const name of order) {
      const r = await deliver(hook, file(name), { ...signed(file(name)), 'x-chatwoot-delivery': `delivery-${name}` });
      expect(r.status).toBe(200);
      answers.push(r.json);
    }
    expect(answers.map((a) => [a.accepted, a.duplicates, a.ignored, a.rejected])).toEqual([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    const P = `cw:${conn.id}:`;
    const row = (event_id: string, type: string, at: string, extra: Record<string, unknown> = {}) => ({
      event_id, type, at, conversation_id: `${P}c:128`, contact_id: `${conn.id}:42`, channel: 'whatsapp',
      sender_type: null, sender_id: null, campaign_id: null, message_id: null, agent_id: null, team: null, rating: null, tags: null, ...extra,
    });
    expect(await eventsOf(admin.workspaceId)).toEqual([
      row(`${P}in:9001`, 'message.received', '2026-03-02T14:05:11.482Z', { sender_type: 'customer', message_id: `${conn.id}:9001` }),
      row(`${P}assigned:128:1772460429904552`, 'conversation.assigned', '2026-03-02T14:07:09.905Z', { agent_id: 'Priya Raman' }),
      row(`${P}out:9002`, 'message.sent', '2026-03-02T14:09:40.117Z', { sender_type: 'agent', sender_id: 'Priya Raman', message_id: `${conn.id}:9002` }),
      row(`${P}resolved:128:1772460671200000`, 'conversation.resolved', '2026-03-02T14:11:11.200Z', { tags: ['billing', 'vip'] }),
      row(`${P}csat:9004:5`, 'csat.submitted', '2026-03-02T14:22:11.600Z', { rating: 5, tags: ['billing', 'vip'] }),
      row(`${P}out:9107`, 'message.sent', '2026-03-05T09:00:02.310Z', {
        conversation_id: `${P}c:131`, sender_type: 'agent', sender_id: 'Priya Raman', message_id: `${conn.id}:9107`, campaign_id: 'spring_sale_2026',
      }),
    ]);
    expect(await counters()).toMatchObject({ deliveries: 9, events: 6, duplicates: 0, ignored: 2, rejected: 0, lastRejection: null });

    // The facts: one WhatsApp conversation, answered by Priya after 268.635 s, assigned, resolved, rated 5.
    const facts = (
      await pg.query(`SELECT channel, first_response_time, first_responder, resolution_time, rating, messages_in, messages_out FROM conversation_facts WHERE workspace_id = $1 AND conversation_id = $2`, [
        admin.workspaceId,
        `${P}c:128`,
      ])
    ).rows;
    expect(facts).toEqual([{ channel: 'whatsapp', first_response_time: 268.635, first_responder: 'Priya Raman', resolution_time: 359.718, rating: 5, messages_in: 1, messages_out: 1 }]);

    // Chatwoot retries a job with the same body and X-Chatwoot-Delivery (a new timestamp): duplicates, nothing new.
    let again = { accepted: 0, duplicates: 0 };
    for (const name of order) {
      const r = await deliver(hook, file(name), { ...signed(file(name)), 'x-chatwoot-delivery': `delivery-${name}` });
      again = { accepted: again.accepted + r.json.accepted, duplicates: again.duplicates + r.json.duplicates };
    }
    expect(again).toEqual({ accepted: 0, duplicates: 6 });
    expect((await eventsOf(admin.workspaceId)).length).toBe(6);
  });

  it('labels reported before or after: a later message whose payload shows none still gets the remembered ones; a newer report wins', async () => {
    const fresh = await signedIn('cw-labels');
    const c = (await connect(fresh.session)).json;
    const h = `/api/v1/connectors/chatwoot/${c.id}`;
    const labels = json('conversation_updated_labels.json');
    const incoming = json('message_created_incoming.json'); // its conversation shows labels []
    const later = (id: number, iso: string) => JSON.stringify({ ...incoming, id, created_at: iso });
    const send = async (b: string) => expect((await deliver(h, b)).json.rejected).toBe(0);
    await send(later(9101, '2026-03-02T14:30:00.000Z')); // before any report: no tags
    await send(JSON.stringify(labels)); // billing, vip as of 14:10:16.771
    await send(later(9102, '2026-03-02T14:31:00.000Z'));
    // An older report (delivered late) does not replace the newer one; a newer one does.
    const report = (set: string[], updatedAt: number) =>
      JSON.stringify({ ...labels, labels: set, updated_at: updatedAt, changed_attributes: [{ label_list: { previous_value: [], current_value: set } }] });
    await send(report(['stale'], 1772460000.5));
    await send(later(9103, '2026-03-02T14:32:00.000Z'));
    await send(report(['refund'], 1772461000.5));
    await send(later(9104, '2026-03-02T14:33:00.000Z'));
    const tags = Object.fromEntries((await eventsOf(fresh.workspaceId)).map((e) => [e.event_id.split(':').pop(), e.tags]));
    expect(tags).toEqual({ '9101': null, '9102': ['billing', 'vip'], '9103': ['billing', 'vip'], '9104': ['refund'] });
    const { rows } = await pg.query(`SELECT labels FROM chatwoot_labels WHERE workspace_id = $1`, [fresh.workspaceId]);
    expect(rows).toEqual([{ labels: ['refund'] }]);
    // Deleting the connection forgets them.
    expect((await fresh.session.fetch(`/api/v1/connections/${c.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await pg.query(`SELECT count(*)::int AS n FROM chatwoot_labels WHERE workspace_id = $1`, [fresh.workspaceId])).rows).toEqual([{ n: 0 }]);
    expect((await deliver(h, later(9105, '2026-03-02T14:34:00.000Z'))).status).toBe(404);
  });

  it('signed bodies it does not map, or not JSON: 200, counted ignored; a mapped invalid event is rejected with its reason', async () => {
    const before = await counters();
    const bodies: [Buffer | string, string][] = [
      [JSON.stringify({ event: 'contact_created', id: 1 }), 'application/json'],
      [JSON.stringify({ event: 'conversation_typing_on' }), 'application/json'],
      [JSON.stringify({ ...json('conversation_status_changed_resolved.json'), status: 'snoozed' }), 'application/json'],
      ['not JSON', 'text/plain'],
      [Buffer.from([0xff, 0xfe, 0x00]), 'application/octet-stream'],
      ['', 'application/json'],
    ];
    for (const [b, type] of bodies) expect(await deliver(hook, b, signed(b), type)).toEqual({ status: 200, json: { accepted: 0, duplicates: 0, ignored: 1, rejected: 0 } });
    expect(await counters()).toMatchObject({ deliveries: before.deliveries + 6, ignored: before.ignored + 6, events: before.events });

    // A message dated in the future (more than 5 minutes ahead) is an invalid event: rejected, reason kept.
    const future = JSON.stringify({ ...json('message_created_incoming.json'), id: 9999, created_at: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await deliver(hook, future)).json).toEqual({ accepted: 0, duplicates: 0, ignored: 0, rejected: 1 });
    expect((await counters()).lastRejection).toMatch(/^occurredAt: /);
  });

  it("another connection's secret does not open this one; the whatsapp URL of a chatwoot connection is 404", async () => {
    const other = (await connect(admin.session, { name: 'Other', secrets: { webhookSecret: 'the-other-secret-99' } })).json;
    const b = file('message_created_incoming.json');
    expect((await deliver(hook, b, signed(b, 'the-other-secret-99'))).status).toBe(401);
    expect((await deliver(`/api/v1/connectors/chatwoot/${other.id}`, b, signed(b))).status).toBe(401);
    expect((await deliver(`/api/v1/connectors/whatsapp/${conn.id}`, b, signed(b))).status).toBe(404);
    // The same Chatwoot message on the other connection is another event (ids carry the connection).
    expect((await deliver(`/api/v1/connectors/chatwoot/${other.id}`, b, signed(b, 'the-other-secret-99'))).json.accepted).toBe(1);
  });

  it('fuzz: random bytes and random Chatwoot-shaped JSON, signed or not, never a 5xx', async () => {
    const seen = new Map<number, number>();
    const keys = ['event', 'id', 'conversation', 'meta', 'sender', 'assignee', 'team', 'message_type', 'created_at', 'updated_at', 'status', 'private', 'labels', 'changed_attributes', 'content_type', 'content_attributes', 'channel', 'contact_inbox', 'contact_id', 'additional_attributes', 'campaign_id'];
    const values = [null, true, 1e308, -1, 0, 42, 'message_created', 'conversation_updated', 'conversation_status_changed', 'message_updated', 'resolved', 'open', 'outgoing', 'incoming', 'input_csat', '\u0000', '\ud800', '2026-03-02T14:05:11.482Z', 1772460311.5, ''];
    const random = (depth: number): unknown => {
      const r = Math.random();
      if (depth > 3 || r < 0.35) return values[Math.floor(Math.random() * values.length)];
      if (r < 0.55) return Array.from({ length: Math.floor(Math.random() * 3) }, () => random(depth + 1));
      return Object.fromEntries(Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => [keys[Math.floor(Math.random() * keys.length)], random(depth + 1)]));
    };
    const base = [json('message_created_incoming.json'), json('conversation_updated_assignee.json'), json('message_updated_csat.json')];
    for (let i = 0; i < 150; i++) {
      const kind = i % 3;
      let b: Buffer;
      if (kind === 0) b = randomBytes(1 + Math.floor(Math.random() * 200));
      else if (kind === 1) b = Buffer.from(JSON.stringify(random(0)));
      else {
        const mutated = { ...base[i % base.length] } as Record<string, unknown>;
        for (let k = 0; k < 3; k++) mutated[keys[Math.floor(Math.random() * keys.length)]] = random(1);
        b = Buffer.from(JSON.stringify(mutated));
      }
      const r = await deliver(hook, b, i % 5 === 0 ? signed(randomBytes(4)) : signed(b));
      seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
      expect(r.status).toBeLessThan(500);
    }
    expect([...seen.keys()].sort()).toEqual([200, 401]);
  });
});
