/**
 * Connectors (issue 20) end to end on the built API: connections managed by admins, the WhatsApp
 * verify handshake, recorded payloads replayed signed (and unsigned), redelivery, what is
 * ignored, isolation between workspaces, deletion, metrics, and a little fuzzing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Session, addresses, createConnection, deliverAsMeta, signIn, suiteServer } from '../support/connectors';
import { ROOT, newKey, startServer } from '../support/server';

jest.setTimeout(300_000);

const SECRET = 'whatsapp-app-secret-0123456789';
/** The key that encrypts connection secrets: every server of this suite shares it (the database does). */
const SECRET_KEY = randomBytes(32).toString('base64');
const FIXTURES = join(ROOT, 'fixtures/webhooks');
const cases = (file: string): [string, unknown][] => Object.entries(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
const PYWA_FILES = ['callback_button.json', 'callback_selection.json', 'deleted_message.json', 'edited_message.json', 'message.json', 'message_status.json', 'outgoing_message.json', 'system.json'];

const suite = suiteServer({ PARLEY_SECRET_KEY: SECRET_KEY });
/** Each session from an address of its own (sign-in limits). */
const ip = addresses('203.0.113.');
const signedIn = (label: string, role: 'admin' | 'member' = 'admin', workspace?: string) => signIn(suite, ip, label, { role, workspace });

const sign = (body: Buffer | string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Sends a body to a webhook URL as Meta does: raw bytes, signed unless told otherwise. */
const deliver = (path: string, body: Buffer | string, signature: string | null = sign(body), contentType?: string) => deliverAsMeta(`${suite.server.url}${path}`, body, signature, contentType);

const eventsOf = async (workspaceId: number) =>
  (
    await suite.pg.query(
      `SELECT event_id, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, conversation_id, contact_id, channel, sender_type, sender_id, campaign_id, message_id
       FROM events WHERE workspace_id = $1 ORDER BY occurred_at, event_id`,
      [workspaceId],
    )
  ).rows;

const connect = (s: Session, body: Record<string, unknown> = {}) => createConnection(s, { kind: 'whatsapp', name: 'Sales line', secrets: { appSecret: SECRET } }, body);

describe('connections (admins)', () => {
  it('create: id, webhook URL and a generated verify token; secrets never shown again nor stored in clear', async () => {
    const { session, workspaceId } = await signedIn('conn-create');
    const r = await connect(session, { defaultSender: { type: 'agent', id: 'ana' } });
    expect(r.status).toBe(201);
    expect(r.json.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(r.json.webhookUrl).toBe(`${suite.server.url}/api/v1/connectors/whatsapp/${r.json.id}`);
    expect(r.json.verifyToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(r.json).toMatchObject({ kind: 'whatsapp', name: 'Sales line', channel: null, defaultSender: { type: 'agent', id: 'ana' }, sessionGapHours: 24 });
    expect(r.json.counters).toEqual({ deliveries: 0, events: 0, duplicates: 0, ignored: 0, rejected: 0, lastDeliveryAt: null, lastRejection: null });
    expect(JSON.stringify(r.json)).not.toContain(SECRET);

    const list = await session.fetch('/api/v1/connections');
    expect(list.status).toBe(200);
    expect(list.json).toEqual([{ ...r.json, verifyToken: undefined }].map(({ verifyToken, ...rest }) => rest));
    expect(list.text).not.toContain(SECRET);
    expect(list.text).not.toContain(r.json.verifyToken);

    const { rows } = await suite.pg.query('SELECT secrets FROM connections WHERE workspace_id = $1 AND connection_id = $2', [workspaceId, r.json.id]);
    expect((rows[0].secrets as Buffer).toString('latin1')).not.toContain(SECRET);
    expect((rows[0].secrets as Buffer).toString('latin1')).not.toContain(r.json.verifyToken);
  });

  it('bad bodies are 400s naming the field', async () => {
    const { session } = await signedIn('conn-bad');
    const cases: [unknown, RegExp][] = [
      [{ name: 'x', secrets: { appSecret: SECRET } }, /^kind: /],
      [{ kind: 'nope', name: 'x', secrets: { appSecret: SECRET } }, /^kind: must be one of whatsapp/],
      [{ kind: 'whatsapp', name: 'x', secrets: {} }, /^secrets\.appSecret: is required/],
      [{ kind: 'whatsapp', name: 'x', secrets: { appSecret: 'short' } }, /^secrets\.appSecret: /],
      [{ kind: 'whatsapp', name: 'x', secrets: { appSecret: SECRET, extra: 1 } }, /^secrets: .*extra/],
      [{ kind: 'whatsapp', name: '', secrets: { appSecret: SECRET } }, /^name: /],
      [{ kind: 'whatsapp', name: 'x', channel: 'Not A Channel', secrets: { appSecret: SECRET } }, /^channel: /],
      [{ kind: 'whatsapp', name: 'x', sessionGapHours: 0, secrets: { appSecret: SECRET } }, /^sessionGapHours: /],
      [{ kind: 'whatsapp', name: 'x', defaultSender: { type: 'customer', id: 'a' }, secrets: { appSecret: SECRET } }, /^defaultSender\.type: /],
      [{ kind: 'whatsapp', name: 'x', appSecret: SECRET }, /appSecret/],
    ];
    for (const [body, message] of cases) {
      const r = await session.post('/api/v1/connections', body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect([r.json.message].flat().join('; ')).toMatch(message);
    }
    expect((await session.fetch('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
  });

  it('only signed-in admins: members and API keys get 403, no one 401', async () => {
    const { session: member, workspace } = await signedIn('conn-member', 'member');
    expect((await connect(member)).status).toBe(403);
    expect((await member.fetch('/api/v1/connections')).status).toBe(403);
    const key = await newKey(suite.db.env, workspace, 'ingest,read');
    const byKey = await fetch(`${suite.server.url}/api/v1/connections`, { headers: { authorization: `Bearer ${key}` } });
    expect(byKey.status).toBe(403);
    expect((await fetch(`${suite.server.url}/api/v1/connections`)).status).toBe(401);
  });

  it('another workspace can neither see nor delete it; deleted, its webhook answers 404', async () => {
    const a = await signedIn('conn-iso-a');
    const b = await signedIn('conn-iso-b');
    const created = (await connect(a.session)).json;
    expect((await b.session.fetch('/api/v1/connections')).json).toEqual([]);
    expect((await b.session.fetch(`/api/v1/connections/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    const hook = `/api/v1/connectors/whatsapp/${created.id}`;
    expect((await deliver(hook, '{}')).status).toBe(200);

    expect((await a.session.fetch(`/api/v1/connections/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await a.session.fetch('/api/v1/connections')).json).toEqual([]);
    expect((await deliver(hook, '{}')).status).toBe(404);
    expect((await fetch(`${suite.server.url}${hook}?hub.mode=subscribe&hub.verify_token=${created.verifyToken}&hub.challenge=1`)).status).toBe(404);
    expect((await a.session.fetch(`/api/v1/connections/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    const nul = await a.session.fetch(`/api/v1/connections/${'%00'.repeat(3)}`, { method: 'DELETE' });
    expect([nul.status, nul.json.message]).toEqual([400, 'id: must not contain NUL (\\u0000)']);
  });
});

describe('the WhatsApp webhook', () => {
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let conn: { id: string; verifyToken: string };
  let hook: string;
  const counters = async () => (await admin.session.fetch('/api/v1/connections')).json.find((c: { id: string }) => c.id === conn.id).counters;

  beforeAll(async () => {
    admin = await signedIn('wa-hook');
    conn = (await connect(admin.session, { secrets: { appSecret: SECRET, verifyToken: 'my-verify-token-1' } })).json;
    hook = `/api/v1/connectors/whatsapp/${conn.id}`;
  });

  it('verify handshake: the challenge as text/plain when the token matches, else 403; unknown or other kind 404', async () => {
    expect(conn.verifyToken).toBe('my-verify-token-1');
    const ok = await fetch(`${suite.server.url}${hook}?hub.mode=subscribe&hub.verify_token=my-verify-token-1&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    for (const q of ['hub.mode=subscribe&hub.verify_token=wrong-token-00&hub.challenge=1', 'hub.mode=unsubscribe&hub.verify_token=my-verify-token-1&hub.challenge=1', 'hub.challenge=1', ''])
      expect((await fetch(`${suite.server.url}${hook}?${q}`)).status).toBe(403);
    expect((await fetch(`${suite.server.url}/api/v1/connectors/whatsapp/AAAAAAAAAAAAAAAAAAAAAA?hub.mode=subscribe&hub.verify_token=my-verify-token-1&hub.challenge=1`)).status).toBe(404);
    expect((await fetch(`${suite.server.url}/api/v1/connectors/meta/${conn.id}?hub.mode=subscribe&hub.verify_token=my-verify-token-1&hub.challenge=1`)).status).toBe(404);
    expect((await deliver(`/api/v1/connectors/telegram/${conn.id}`, '{}')).status).toBe(404);
  });

  it('unsigned or wrongly signed: 401, nothing stored, nothing counted', async () => {
    const body = JSON.stringify(cases('whatsapp/message.json')[0][1]);
    const before = await counters();
    for (const signature of [null, '', sign(body, 'another-app-secret'), sign(body + ' '), sign(body).replace('sha256=', 'sha1='), 'sha256=zz'])
      expect((await deliver(hook, body, signature)).status).toBe(401);
    expect(await eventsOf(admin.workspaceId)).toEqual([]);
    expect(await counters()).toEqual(before);
  });

  it('the recorded payloads, signed: exactly the events they carry; counters; redelivery is duplicates', async () => {
    let sums = { accepted: 0, duplicates: 0, ignored: 0, rejected: 0 };
    let n = 0;
    for (const file of PYWA_FILES)
      for (const [, payload] of cases(`whatsapp/${file}`)) {
        const body = Buffer.from(JSON.stringify(payload, null, 2));
        const r = await deliver(hook, body);
        expect(r.status).toBe(200);
        n++;
        for (const k of Object.keys(sums) as (keyof typeof sums)[]) sums[k] += r.json[k];
      }
    expect(n).toBe(42);
    // 11 distinct events; many cases reuse wamid.xyzxyz (the same event ids), and each later status
    // of the stored message repeats its message.sent: 24 duplicates.
    expect(sums).toEqual({ accepted: 11, duplicates: 24, ignored: 10, rejected: 0 });
    const P = `wa:${conn.id}:`;
    const stored = await eventsOf(admin.workspaceId);
    expect(stored.map((e) => [e.type, e.event_id]).sort()).toEqual(
      [
        ['message.received', `${P}in:wamid.xyzxyz`],
        ['message.received', `${P}in:wamid.xsidjw`],
        ['message.received', `${P}in:wamid.xsidjx`],
        ['message.received', `${P}in:wamid.zyzxyz`],
        ['message.received', `${P}in:wamid.wegrchytvwcggt=`],
        ['message.received', `${P}in:wamid.ID`],
        ['message.sent', `${P}out:wamid.xyzxyz`],
        ['message.delivered', `${P}delivered:wamid.xyzxyz`],
        ['message.read', `${P}read:wamid.xyzxyz`],
        ['message.failed', `${P}failed:wamid.xyzxyz`],
        ['message.sent', `${P}out:<WHATSAPP_MESSAGE_ID>`],
      ].sort(),
    );
    for (const e of stored) {
      expect(e.conversation_id).toMatch(new RegExp(`^wa:${conn.id}:c:[A-Za-z0-9_-]{22}$`));
      expect(e.channel).toBe('whatsapp');
      expect(e.message_id).toBe(`${conn.id}:${e.event_id.split(':').slice(3).join(':')}`);
    }
    // The first delivery of in:wamid.xyzxyz was the button reply (2023-10-25T20:45:30Z): first write wins.
    expect(stored.find((e) => e.event_id === `${P}in:wamid.xyzxyz`)).toMatchObject({ at: '2023-10-25T20:45:30Z', contact_id: '972987654321', sender_type: 'customer' });
    // The status makes the message.sent, with the connection's default sender (its name); its statuses share its conversation.
    const out = stored.find((e) => e.event_id === `${P}out:wamid.xyzxyz`);
    expect(out).toMatchObject({ at: '2023-10-25T20:49:05Z', sender_type: 'agent', sender_id: 'Sales line', campaign_id: null, contact_id: '972987654321' });
    for (const s of ['delivered', 'read', 'failed']) expect(stored.find((e) => e.event_id === `${P}${s}:wamid.xyzxyz`)!.conversation_id).toBe(out.conversation_id);

    const c = await counters();
    expect(c).toMatchObject({ deliveries: 42, events: 11, duplicates: 24, ignored: 10, rejected: 0, lastRejection: null });
    expect(Date.now() - Date.parse(c.lastDeliveryAt)).toBeLessThan(120_000);

    // A platform retry of everything: all duplicates, nothing new.
    let again = { accepted: 0, duplicates: 0 };
    for (const file of PYWA_FILES)
      for (const [, payload] of cases(`whatsapp/${file}`)) {
        const r = await deliver(hook, JSON.stringify(payload));
        again = { accepted: again.accepted + r.json.accepted, duplicates: again.duplicates + r.json.duplicates };
      }
    expect(again).toEqual({ accepted: 0, duplicates: 35 });
    expect(await eventsOf(admin.workspaceId)).toEqual(stored);
  });

  it('signed JSON it does not map, and signed bodies that are not JSON: 200, counted ignored', async () => {
    const before = await counters();
    const bodies: [Buffer | string, string][] = [
      [JSON.stringify({ hello: 'world' }), 'application/json'],
      [JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'account_update', value: {} }] }] }), 'application/json'],
      ['this is not JSON', 'text/plain'],
      ['{"truncated": ', 'application/json'],
      [Buffer.from([0xff, 0xfe, 0x00, 0x7b]), 'application/octet-stream'],
      ['', 'application/json'],
    ];
    for (const [body, type] of bodies) {
      const r = await deliver(hook, body, sign(body), type);
      expect(r).toEqual({ status: 200, json: { accepted: 0, duplicates: 0, ignored: 1, rejected: 0 } });
    }
    expect(await counters()).toMatchObject({ deliveries: before.deliveries + 6, ignored: before.ignored + 6, events: before.events });
  });

  it('a mapped event that is invalid is counted as rejected with its reason', async () => {
    const before = await counters();
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { messages: [{ from: 'x'.repeat(200), id: 'wamid.LONGCONTACT', timestamp: '1764583200', type: 'text' }] } }] }],
    });
    const r = await deliver(hook, body);
    expect(r).toEqual({ status: 200, json: { accepted: 0, duplicates: 0, ignored: 0, rejected: 1 } });
    const c = await counters();
    expect(c.rejected).toBe(before.rejected + 1);
    expect(c.lastRejection).toMatch(/^contactId: must be at most 128 characters/);
    // Text PostgreSQL cannot store, as the contact or the message id: rejected (or hashed), never a 5xx.
    for (const [from, id] of [['\\u0000', 'wamid.NUL'], ['\\ud800', 'wamid.SURROGATE'], ['4915110000001', 'wamid.\\u0000\\ud800']]) {
      const odd = `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"${from}","id":"${id}","timestamp":"1764583200","type":"text"}]}}]}]}`;
      const a = await deliver(hook, odd); // JSON escapes: the parsed strings hold NUL / a lone surrogate
      expect(a.status).toBe(200);
      expect(a.json.accepted + a.json.rejected).toBe(1);
    }
  });

  it('a body over 10 MiB is a 413', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    expect((await deliver(hook, big)).status).toBe(413);
  });

  it('fuzz: random bytes and random JSON, signed or not, never a 5xx', async () => {
    const seen = new Map<number, number>();
    const json = (depth: number): unknown => {
      const r = Math.random();
      if (depth > 3 || r < 0.3) return [null, true, 1e308, -0, 'wamid.x', '\u0000', '1697043223', ''][Math.floor(Math.random() * 8)];
      if (r < 0.6) return Array.from({ length: Math.floor(Math.random() * 3) }, () => json(depth + 1));
      const keys = ['object', 'entry', 'changes', 'field', 'value', 'messages', 'statuses', 'message_echoes', 'id', 'from', 'to', 'timestamp', 'type', 'status', 'recipient_id', 'pricing', 'category'];
      return Object.fromEntries(Array.from({ length: 1 + Math.floor(Math.random() * 4) }, () => [keys[Math.floor(Math.random() * keys.length)], json(depth + 1)]));
    };
    const wa = (v: unknown) => ({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: v }] }] });
    for (let i = 0; i < 150; i++) {
      const kind = i % 3;
      const body = kind === 0 ? randomBytes(1 + Math.floor(Math.random() * 300)) : Buffer.from(JSON.stringify(kind === 1 ? json(0) : wa(json(1))));
      const signature = i % 5 === 0 ? sign(randomBytes(8)) : sign(body);
      const r = await deliver(hook, body, signature, ['application/json', 'text/plain', 'application/x-www-form-urlencoded'][i % 3]);
      seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
      expect(r.status).toBeLessThan(500);
    }
    expect([...seen.keys()].sort()).toEqual([200, 401]);
    for (const path of ['/api/v1/connectors/whatsapp', '/api/v1/connectors/whatsapp/%ff', `/api/v1/connectors/${'x'.repeat(3000)}/y`, '/api/v1/connectors/whatsapp/a/b'])
      expect([400, 404]).toContain((await deliver(path, '{}')).status); // %ff: the router's 400 (not a URL encoding)
  });
});

describe('a recorded conversation reaches the metrics', () => {
  it('template broadcast with statuses, the customer writes, an agent replies: one conversation; response times see it', async () => {
    const admin = await signedIn('wa-metrics');
    const conn = (await connect(admin.session, { defaultSender: { type: 'agent', id: 'ana' } })).json;
    const hook = `/api/v1/connectors/whatsapp/${conn.id}`;
    for (const [, payload] of cases('whatsapp-parley/conversation.json')) expect((await deliver(hook, JSON.stringify(payload))).status).toBe(200);

    const P = `wa:${conn.id}:`;
    const B = 'wamid.HBgNNDkxNTExMDAwMDAwMRUCABEYEkJST0FEQ0FTVDAwMDAwMDAxAA==';
    const R = 'wamid.HBgNNDkxNTExMDAwMDAwMRUCABEYEkFHRU5UUkVQTFkwMDAwMDAxAA==';
    const IN = 'wamid.HBgNNDkxNTExMDAwMDAwMRUCABIYFjNFQjBDVVNUT01FUjAwMDAwMDAwMQA=';
    const stored = await eventsOf(admin.workspaceId);
    const conv = stored[0].conversation_id;
    const row = (event_id: string, type: string, at: string, extra: Record<string, unknown> = {}) => ({
      event_id, type, at, conversation_id: conv, contact_id: '4915110000001', channel: 'whatsapp',
      sender_type: null, sender_id: null, campaign_id: null, message_id: `${conn.id}:${event_id.split(':').slice(3).join(':')}`, ...extra,
    });
    expect(stored).toEqual([
      row(`${P}out:${B}`, 'message.sent', '2025-12-01T10:00:00Z', { sender_type: 'agent', sender_id: 'ana', campaign_id: 'winter-sale' }),
      row(`${P}delivered:${B}`, 'message.delivered', '2025-12-01T10:00:05Z'),
      row(`${P}read:${B}`, 'message.read', '2025-12-01T10:01:00Z'),
      row(`${P}in:${IN}`, 'message.received', '2025-12-01T10:02:00Z', { sender_type: 'customer' }),
      row(`${P}out:${R}`, 'message.sent', '2025-12-01T10:05:00Z', { sender_type: 'agent', sender_id: 'ana' }),
      row(`${P}read:${R}`, 'message.read', '2025-12-01T10:05:30Z'),
    ]);

    const key = await newKey(suite.db.env, admin.workspace, 'read');
    const r = await fetch(`${suite.server.url}/api/v1/metrics/response-times?from=2025-12-01&to=2025-12-02&tz=UTC`, { headers: { authorization: `Bearer ${key}` } });
    expect(r.status).toBe(200);
    // The customer wrote at 10:02:00, the agent answered at 10:05:00; the broadcast is no response.
    expect((await r.json()).totals).toMatchObject({ conversations: 1, responded: 1, firstResponseMedian: 180, replyMedian: 180 });
  });

  it('a gap of more than sessionGap starts a new conversation; the same contact on another connection has its own', async () => {
    const admin = await signedIn('wa-gap');
    const one = (await connect(admin.session, { sessionGapHours: 1 })).json;
    const two = (await connect(admin.session, { name: 'Support line' })).json;
    const msg = (id: string, ts: number) =>
      JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{ from: '4915110000009', id, timestamp: String(ts), type: 'text' }] } }] }] });
    const T = 1764583200;
    for (const [id, ts] of [['wamid.G1', T], ['wamid.G2', T + 3600], ['wamid.G3', T + 7201]] as const) expect((await deliver(`/api/v1/connectors/whatsapp/${one.id}`, msg(id, ts))).status).toBe(200);
    expect((await deliver(`/api/v1/connectors/whatsapp/${two.id}`, msg('wamid.G1', T + 60))).status).toBe(200);
    const stored = await eventsOf(admin.workspaceId);
    const convOf = (prefix: string, id: string) => stored.find((e) => e.event_id === `wa:${prefix}:in:${id}`)!.conversation_id;
    expect(convOf(one.id, 'wamid.G2')).toBe(convOf(one.id, 'wamid.G1')); // exactly 1 h: the same
    expect(convOf(one.id, 'wamid.G3')).not.toBe(convOf(one.id, 'wamid.G2')); // 1 h and 1 s: a new one
    expect(convOf(two.id, 'wamid.G1')).not.toBe(convOf(one.id, 'wamid.G1'));
    expect(new Set(stored.map((e) => e.conversation_id)).size).toBe(3);
  });
});

describe('the ingest limits apply to webhooks', () => {
  it('a rate limit per connection (PARLEY_INGEST_RATE, bursts of 2 s): then 429 with Retry-After', async () => {
    const admin = await signedIn('wa-rate');
    const conn = (await connect(admin.session)).json;
    const slow = await startServer(suite.db.env, { LOG_LEVEL: 'warn', PARLEY_INGEST_RATE: '1', PARLEY_SECRET_KEY: SECRET_KEY });
    try {
      const hook = `${slow.url}/api/v1/connectors/whatsapp/${conn.id}`;
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const r = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign('{}') }, body: '{}' });
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await slow.stop();
    }
  });
});

describe('the key that encrypts connection secrets, when none is configured', () => {
  it('is generated once beside the data (0600), logged by its path only, and reused after a restart', async () => {
    // On Postgres the data directory holds nothing else; on PGlite it is the database's own.
    const dataDir = suite.db.env.PARLEY_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'parley-key-e2e-'));
    const env = { ...suite.db.env, PARLEY_DATA_DIR: dataDir };
    const base = suite.server;
    let plain = await startServer(env, { LOG_LEVEL: 'info', PARLEY_INGEST_RATE: '100000', PARLEY_SECRET_KEY: '' });
    try {
      suite.server = plain; // signedIn and connect talk to `suite.server`
      const admin = await signedIn('wa-keyfile');
      const conn = (await connect(admin.session)).json;
      const keyFile = join(dataDir, 'secret.key');
      const key = readFileSync(keyFile, 'utf8').trim();
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(plain.output()).toContain(keyFile);
      expect(plain.output()).not.toContain(key);
      expect(plain.output()).not.toContain(Buffer.from(key, 'hex').toString('base64'));
      const body = JSON.stringify(cases('whatsapp/message.json')[0][1]);
      expect((await deliver(`/api/v1/connectors/whatsapp/${conn.id}`, body)).json).toMatchObject({ accepted: 1 });
      await plain.stop();
      plain = await startServer(env, { LOG_LEVEL: 'info', PARLEY_INGEST_RATE: '100000', PARLEY_SECRET_KEY: '' });
      suite.server = plain;
      // The same key opens the secrets: the signature checks, the redelivery is a duplicate.
      expect((await deliver(`/api/v1/connectors/whatsapp/${conn.id}`, body)).json).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
    } finally {
      suite.server = base;
      await plain.stop();
      if (!suite.db.env.PARLEY_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
