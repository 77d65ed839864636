/**
 * The `chatwoot` connector (issue 20) end to end on the built API: a connection, the recorded
 * bodies replayed signed as Chatwoot signs them (X-Chatwoot-Signature over "<timestamp>.<body>"),
 * refusals (unsigned, wrong, stale), redelivery, labels remembered across deliveries in either
 * order, what is ignored, isolation, the facts, and a little fuzzing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Session, addresses, createConnection, postRaw, signIn, suiteServer } from '../support/connectors';
import { ROOT, cli } from '../support/server';

jest.setTimeout(300_000);

const SECRET = 'chatwoot-webhook-secret-0123';
const SECRET_KEY = randomBytes(32).toString('base64');
const DIR = join(ROOT, 'fixtures/webhooks/chatwoot');
const file = (name: string) => readFileSync(join(DIR, name));
const json = (name: string) => JSON.parse(file(name).toString('utf8')) as Record<string, any>;

const suite = suiteServer({ PARLEY_SECRET_KEY: SECRET_KEY });
const ip = addresses('198.51.100.');
const signedIn = (label: string) => signIn(suite, ip, label);

const connect = (s: Session, body: Record<string, unknown> = {}) => createConnection(s, { kind: 'chatwoot', name: 'Acme helpdesk', secrets: { webhookSecret: SECRET } }, body);

/** Chatwoot's headers: sha256 HMAC of "<timestamp>.<body>" with the webhook's secret. */
const signed = (body: Buffer | string, secret = SECRET, ts = Math.floor(Date.now() / 1000)) => ({
  'x-chatwoot-timestamp': String(ts),
  'x-chatwoot-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex')}`,
});

async function deliver(path: string, body: Buffer | string, headers: Record<string, string> | null = signed(body), contentType = 'application/json') {
  const r = await postRaw(`${suite.server.url}${path}`, body, { 'content-type': contentType, ...headers }, 'text');
  return { status: r.status, json: r.json };
}

const eventsOf = async (workspaceId: number) =>
  (
    await suite.pg.query(
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
    expect(r.json.webhookUrl).toBe(`${suite.server.url}/api/v1/connectors/chatwoot/${r.json.id}`);
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
      signed(body, SECRET, now - 330), // well outside 5 minutes: the request takes a moment to arrive
      signed(body, SECRET, now + 330),
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
      await suite.pg.query(`SELECT channel, first_response_time, first_responder, resolution_time, rating, messages_in, messages_out FROM conversation_facts WHERE workspace_id = $1 AND conversation_id = $2`, [
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
    const { rows } = await suite.pg.query(`SELECT labels FROM chatwoot_labels WHERE workspace_id = $1`, [fresh.workspaceId]);
    expect(rows).toEqual([{ labels: ['refund'] }]);
    // Deleting the connection forgets them.
    expect((await fresh.session.fetch(`/api/v1/connections/${c.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await suite.pg.query(`SELECT count(*)::int AS n FROM chatwoot_labels WHERE workspace_id = $1`, [fresh.workspaceId])).rows).toEqual([{ n: 0 }]);
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

/**
 * A Chatwoot REST stand-in, built from Chatwoot's documented answers (swagger
 * `conversation_list`: `{data: {meta, payload}}`; messages: `{meta, payload}` in ascending order,
 * the latest page first and `before=<id>` for older ones). It pages one conversation and two
 * messages at a time so that the importer must follow both pagings.
 */
function chatwootStandIn(token: string) {
  const contact = { id: 42, name: 'Maria Souza', phone_number: '+5511987654321', email: null, identifier: null, thumbnail: '', additional_attributes: {}, custom_attributes: {} };
  const priya = { id: 7, name: 'Priya Raman', available_name: 'Priya Raman', avatar_url: '', type: 'user', availability_status: 'online', thumbnail: '' };
  const conversation = (id: number, extra: Record<string, unknown>) => ({
    id, account_id: 1, inbox_id: 3, agent_last_seen_at: 0, contact_last_seen_at: 0, unread_count: 0, additional_attributes: {}, custom_attributes: {}, messages: [],
    meta: { sender: contact, channel: 'Channel::Whatsapp', assignee: null, team: null, hmac_verified: false }, ...extra,
  });
  const message = (id: number, conversation_id: number, message_type: number, created_at: number, extra: Record<string, unknown> = {}) => ({
    id, conversation_id, account_id: 1, inbox_id: 3, message_type, created_at, content: `message ${id}`, content_type: 'text', content_attributes: {},
    private: false, status: 'sent', source_id: null, additional_attributes: {}, sender_type: null, sender_id: null, sender: null, ...extra,
  });
  const conversations = [
    conversation(131, { status: 'open', labels: [], created_at: 1772701200, timestamp: 1772701310, last_activity_at: 1772701310 }),
    conversation(128, {
      status: 'resolved', labels: ['billing', 'vip'], created_at: 1772460311, timestamp: 1772460671, last_activity_at: 1772460671,
      meta: { sender: contact, channel: 'Channel::Whatsapp', assignee: priya, team: { id: 2, name: 'Billing' }, hmac_verified: false },
    }),
  ];
  const messages: Record<number, unknown[]> = {
    128: [
      message(9001, 128, 0, 1772460311, { sender_type: 'Contact', sender_id: 42, sender: { ...contact, type: 'contact' } }),
      message(9002, 128, 1, 1772460580, { sender_type: 'User', sender_id: 7, sender: priya }),
      message(9003, 128, 1, 1772460602, { private: true, sender_type: 'User', sender_id: 7, sender: priya }),
      message(9010, 128, 2, 1772460671, { content: 'Conversation was marked resolved by Priya Raman' }),
      message(9004, 128, 3, 1772460672, {
        content_type: 'input_csat', updated_at: '2026-03-02T14:22:11.600Z',
        content_attributes: { submitted_values: { csat_survey_response: { rating: 5, feedback_message: 'Quick and friendly, thanks!' } } },
      }),
    ],
    131: [
      message(9107, 131, 1, 1772701202, { sender_type: 'User', sender_id: 7, sender: priya, additional_attributes: { template_params: { name: 'spring_sale_2026', category: 'MARKETING', language: 'en_US' } } }),
      message(9108, 131, 0, 1772701300, { sender_type: 'Contact', sender_id: 42, sender: { ...contact, type: 'contact' } }),
      message(9109, 131, 1, 1772701310, { status: 'read', updated_at: '2026-03-05T09:05:00.000Z', sender_type: 'AgentBot', sender_id: 3, sender: { id: 3, name: 'Welcome bot', type: 'agent_bot' } }),
    ],
  };
  const state = { failPage: 0, requests: [] as string[] };
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    state.requests.push(url.pathname + url.search);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.api_access_token !== token) return send(401, { error: 'Invalid Access Token' });
    let m = /^\/api\/v1\/accounts\/1\/conversations$/.exec(url.pathname);
    if (m) {
      const page = Number(url.searchParams.get('page') ?? 1);
      if (page === state.failPage) return send(500, { error: 'Internal Server Error' });
      if (url.searchParams.get('status') !== 'all') return send(400, { error: 'the importer must ask for every status' });
      return send(200, { data: { meta: { mine_count: 0, unassigned_count: 1, assigned_count: 1, all_count: 2 }, payload: conversations.slice(page - 1, page) } });
    }
    m = /^\/api\/v1\/accounts\/1\/conversations\/(\d+)\/messages$/.exec(url.pathname);
    if (m && messages[Number(m[1])]) {
      const before = url.searchParams.has('before') ? Number(url.searchParams.get('before')) : Infinity;
      const older = (messages[Number(m[1])] as { id: number }[]).filter((x) => x.id < before).sort((a, b) => a.id - b.id);
      return send(200, { meta: { labels: [], contact: {}, assignee: null }, payload: older.slice(-2) });
    }
    send(404, { error: 'Resource could not be found' });
  });
  return { server, state };
}

describe('parley import chatwoot (history through the REST API)', () => {
  let standIn: ReturnType<typeof chatwootStandIn>;
  let url: string;
  let tmp: string;
  beforeAll(async () => {
    standIn = chatwootStandIn('token-123');
    await new Promise<void>((r) => standIn.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    tmp = mkdtempSync(join(tmpdir(), 'parley-cw-import-'));
  });
  afterAll(async () => {
    await new Promise((r) => standIn.server.close(r));
    rmSync(tmp, { recursive: true, force: true });
  });

  const importArgs = (workspace: string, connection: string, extra: string[] = []) => [
    'import', 'chatwoot', '--workspace', workspace, '--connection', connection, '--url', url, '--account', '1', '--checkpoint', join(tmp, `${connection}.json`), ...extra,
  ];

  it('loads every conversation with the webhook mapping; what the webhook already brought is a duplicate; a re-run is all duplicates', async () => {
    const admin = await signedIn('cw-import');
    const conn = (await connect(admin.session)).json;
    // Live first: the webhook's message 9001 (its instant has milliseconds; first write wins).
    const live = file('message_created_incoming.json');
    expect((await deliver(`/api/v1/connectors/chatwoot/${conn.id}`, live)).json.accepted).toBe(1);

    const r = await cli([...importArgs(admin.workspace, conn.id), '--token', 'token-123'], suite.db.env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(r.stdout).toContain('imported 2 conversations: 9 events, 8 accepted, 1 duplicates, 0 rejected');
    expect(existsSync(join(tmp, `${conn.id}.json`))).toBe(false);
    // Both pagings were followed: conversation pages 1–3, messages of 128 in three pages of two.
    expect(standIn.state.requests.filter((p) => p.includes('/128/messages'))).toEqual([
      '/api/v1/accounts/1/conversations/128/messages', '/api/v1/accounts/1/conversations/128/messages?before=9004', '/api/v1/accounts/1/conversations/128/messages?before=9002',
      '/api/v1/accounts/1/conversations/128/messages?before=9001',
    ]);

    const P = `cw:${conn.id}:`;
    const row = (event_id: string, type: string, at: string, conv: number, extra: Record<string, unknown> = {}) => ({
      event_id, type, at, conversation_id: `${P}c:${conv}`, contact_id: `${conn.id}:42`, channel: 'whatsapp',
      sender_type: null, sender_id: null, campaign_id: null, message_id: null, agent_id: null, team: null, rating: null, tags: conv === 128 ? ['billing', 'vip'] : null, ...extra,
    });
    expect(await eventsOf(admin.workspaceId)).toEqual([
      row(`${P}assigned:128:history:Priya Raman|Billing`, 'conversation.assigned', '2026-03-02T14:05:11.000Z', 128, { agent_id: 'Priya Raman', team: 'Billing' }),
      row(`${P}in:9001`, 'message.received', '2026-03-02T14:05:11.482Z', 128, { sender_type: 'customer', message_id: `${conn.id}:9001`, tags: null }), // the webhook's
      row(`${P}out:9002`, 'message.sent', '2026-03-02T14:09:40.000Z', 128, { sender_type: 'agent', sender_id: 'Priya Raman', message_id: `${conn.id}:9002` }),
      row(`${P}resolved:128:history:1772460671000`, 'conversation.resolved', '2026-03-02T14:11:11.000Z', 128),
      row(`${P}csat:9004:5`, 'csat.submitted', '2026-03-02T14:22:11.600Z', 128, { rating: 5 }),
      row(`${P}out:9107`, 'message.sent', '2026-03-05T09:00:02.000Z', 131, { sender_type: 'agent', sender_id: 'Priya Raman', message_id: `${conn.id}:9107`, campaign_id: 'spring_sale_2026' }),
      row(`${P}in:9108`, 'message.received', '2026-03-05T09:01:40.000Z', 131, { sender_type: 'customer', message_id: `${conn.id}:9108` }),
      row(`${P}out:9109`, 'message.sent', '2026-03-05T09:01:50.000Z', 131, { sender_type: 'bot', sender_id: 'Welcome bot', message_id: `${conn.id}:9109` }),
      row(`${P}read:9109`, 'message.read', '2026-03-05T09:05:00.000Z', 131, { message_id: `${conn.id}:9109` }),
    ]);

    const again = await cli([...importArgs(admin.workspace, conn.id), '--token', 'token-123'], suite.db.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('imported 2 conversations: 9 events, 0 accepted, 9 duplicates, 0 rejected');
  });

  it('resumes after a failure from the page it stopped at; the token can come from CHATWOOT_API_TOKEN', async () => {
    const admin = await signedIn('cw-resume');
    const conn = (await connect(admin.session)).json;
    standIn.state.failPage = 2;
    const failed = await cli(importArgs(admin.workspace, conn.id), { ...suite.db.env, CHATWOOT_API_TOKEN: 'token-123' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`Chatwoot answered 500 for ${url}/api/v1/accounts/1/conversations 4 times; run the same command again to resume`);
    expect(JSON.parse(readFileSync(join(tmp, `${conn.id}.json`), 'utf8'))).toEqual({ connectionId: conn.id, url, account: '1', page: 2, conversations: 1 });
    expect((await eventsOf(admin.workspaceId)).map((e) => e.event_id.split(':').slice(2).join(':'))).toEqual(['out:9107', 'in:9108', 'out:9109', 'read:9109']);

    standIn.state.failPage = 0;
    standIn.state.requests = [];
    const resumed = await cli(importArgs(admin.workspace, conn.id), { ...suite.db.env, CHATWOOT_API_TOKEN: 'token-123' });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resumed after 1 conversations already imported by an earlier run');
    expect(resumed.stdout).toContain('imported 1 conversations: 5 events, 5 accepted, 0 duplicates, 0 rejected');
    expect(standIn.state.requests.some((p) => p.includes('page=1'))).toBe(false);
    expect(await eventsOf(admin.workspaceId)).toHaveLength(9);
  });

  it('refusals: a wrong token, an unknown or non-chatwoot connection, missing or bad arguments', async () => {
    const admin = await signedIn('cw-import-bad');
    const conn = (await connect(admin.session)).json;
    const wrong = await cli([...importArgs(admin.workspace, conn.id), '--token', 'nope'], suite.db.env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Chatwoot refused the token (401) for account 1');
    const unknown = await cli([...importArgs(admin.workspace, 'AAAAAAAAAAAAAAAAAAAAAA'), '--token', 'token-123'], suite.db.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--connection: this workspace has no chatwoot connection 'AAAAAAAAAAAAAAAAAAAAAA'");
    const other = await signedIn('cw-import-other');
    const foreign = await cli([...importArgs(other.workspace, conn.id), '--token', 'token-123'], suite.db.env);
    expect(foreign.code).toBe(1); // another workspace's connection is not found
    for (const [args, message] of [
      [['import', 'chatwoot', '--workspace', admin.workspace, '--url', url, '--account', '1', '--token', 't'], '--connection is required'],
      [['import', 'chatwoot', '--workspace', admin.workspace, '--connection', conn.id, '--account', '1', '--token', 't'], '--url is required'],
      [['import', 'chatwoot', '--workspace', admin.workspace, '--connection', conn.id, '--url', 'ftp://x', '--account', '1', '--token', 't'], '--url must be'],
      [['import', 'chatwoot', '--workspace', admin.workspace, '--connection', conn.id, '--url', url, '--account', 'one', '--token', 't'], '--account must be'],
      [['import', 'chatwoot', '--workspace', admin.workspace, '--connection', conn.id, '--url', url, '--account', '1'], '--token (or CHATWOOT_API_TOKEN) is required'],
    ] as const) {
      const r = await cli([...args], suite.db.env);
      expect({ code: r.code, message: r.stderr.includes(message) }).toEqual({ code: 2, message: true });
    }
    expect(await eventsOf(admin.workspaceId)).toEqual([]);
  });
});
