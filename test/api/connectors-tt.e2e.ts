/**
 * The `telegram` and `twilio` connectors (issue 20) end to end on the built API: connections,
 * recorded payloads replayed with and without their credentials, the exact events, redelivery,
 * what is ignored, Twilio's signed URL behind a proxy (PARLEY_PUBLIC_URL), and a little fuzzing.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Session, addresses, postRaw, signIn, suiteServer } from '../support/connectors';
import { ROOT, newKey } from '../support/server';

jest.setTimeout(300_000);

const FIXTURES = join(ROOT, 'fixtures/webhooks');
const AUTH_TOKEN = '96yc5z9g44vl4ks2p1suc42yb9p4lpmu';
const PUBLIC_URL = 'https://hooks.parley.example';

/** A second server on the same database, behind a proxy: PARLEY_PUBLIC_URL is the origin Twilio calls. */
const suite = suiteServer({}, { PARLEY_PUBLIC_URL: `${PUBLIC_URL}/` });
const ip = addresses('198.51.100.');
const signedIn = (label: string, base = () => suite.server.url) => signIn(suite, ip, label, { base });

const post = (url: string, body: Buffer | string, headers: Record<string, string>) => postRaw(url, body, headers);

const eventsOf = async (workspaceId: number) =>
  (
    await suite.pg.query(
      `SELECT event_id, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, conversation_id, contact_id, channel, sender_type, sender_id, campaign_id, message_id
       FROM events WHERE workspace_id = $1 ORDER BY event_id`,
      [workspaceId],
    )
  ).rows;

/** The session conversation rule, written out (docs/connectors.md): SHA-256(contact NUL first message's platform id). */
const conv = (prefix: string, connId: string, contact: string, first: string) => `${prefix}:${connId}:c:${createHash('sha256').update(`${contact}\u0000${first}`).digest('base64url').slice(0, 22)}`;

const countersOf = async (s: Session, id: string) => (await s.fetch('/api/v1/connections')).json.find((c: { id: string }) => c.id === id).counters;

// ---------------------------------------------------------------- Telegram

const tgRecorded = (): [string, string][] =>
  readdirSync(join(FIXTURES, 'telegram'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, readFileSync(join(FIXTURES, 'telegram', f), 'utf8')]);
/** Ours in the order of their names: the reply to the bot comes before the earlier /start (a late delivery). */
const tgOurs = (): [string, string][] =>
  Object.entries(JSON.parse(readFileSync(join(FIXTURES, 'telegram-parley/cases.json'), 'utf8')))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => [k, JSON.stringify(v)]);

describe('the Telegram webhook', () => {
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let conn: { id: string; secretToken: string; webhookUrl: string; note: string };
  let hook: string;
  const send = (body: Buffer | string, token: string | null = conn.secretToken, type = 'application/json') =>
    post(`${suite.server.url}${hook}`, body, { 'content-type': type, ...(token !== null && { 'x-telegram-bot-api-secret-token': token }) });

  beforeAll(async () => {
    admin = await signedIn('tg-hook');
    const r = await admin.session.post('/api/v1/connections', { kind: 'telegram', name: 'Shop bot', defaultSender: { type: 'bot', id: 'shop-bot' }, secrets: {} });
    expect(r.status).toBe(201);
    conn = r.json;
    hook = `/api/v1/connectors/telegram/${conn.id}`;
  });

  it('create: a generated secret token shown once, the webhook URL, and the note that replies come from elsewhere', async () => {
    expect(conn.secretToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(conn.webhookUrl).toBe(`${suite.server.url}${hook}`);
    expect(conn.note).toMatch(/events API/);
    const list = await admin.session.fetch('/api/v1/connections');
    const { secretToken, ...shown } = conn;
    expect(list.json).toEqual([shown]);
    expect(list.text).not.toContain(secretToken);
    const { rows } = await suite.pg.query('SELECT secrets FROM connections WHERE connection_id = $1', [conn.id]);
    expect((rows[0].secrets as Buffer).toString('latin1')).not.toContain(secretToken);

    // A token the admin chose is kept; one Telegram would refuse is a 400 naming it.
    const mine = await admin.session.post('/api/v1/connections', { kind: 'telegram', name: 'Second bot', secrets: { secretToken: 'my_own-secret-token-42' } });
    expect([mine.status, mine.json.secretToken]).toEqual([201, 'my_own-secret-token-42']);
    for (const [secrets, message] of [
      [{ secretToken: 'has spaces in it, no' }, /^secrets\.secretToken: /],
      [{ secretToken: 'short_1' }, /^secrets\.secretToken: must be at least 16/],
      [{ appSecret: 'abcdefgh12345678' }, /^secrets: .*appSecret/],
    ] as const) {
      const r = await admin.session.post('/api/v1/connections', { kind: 'telegram', name: 'Bad', secrets });
      expect(r.status).toBe(400);
      expect([r.json.message].flat().join('; ')).toMatch(message);
    }
    expect((await admin.session.fetch(`/api/v1/connections/${mine.json.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('without the secret token, or with another: 401, nothing stored, nothing counted', async () => {
    const before = await countersOf(admin.session, conn.id);
    const body = readFileSync(join(FIXTURES, 'telegram/private_text.json'));
    for (const token of [null, '', `${conn.secretToken}x`, conn.secretToken.slice(1), conn.secretToken.toUpperCase()]) expect((await send(body, token)).status).toBe(401);
    expect((await send(body, null)).json.message).toMatch(/X-Telegram-Bot-Api-Secret-Token/);
    expect(await eventsOf(admin.workspaceId)).toEqual([]);
    expect(await countersOf(admin.session, conn.id)).toEqual(before);
    // Another kind's URL for this connection is no URL at all.
    expect((await post(`${suite.server.url}/api/v1/connectors/twilio/${conn.id}`, body, { 'x-telegram-bot-api-secret-token': conn.secretToken })).status).toBe(404);
  });

  it('every recorded update, with the token: exactly the events they carry; redelivery is duplicates', async () => {
    let sums = { accepted: 0, duplicates: 0, ignored: 0, rejected: 0 };
    for (const [, body] of [...tgRecorded(), ...tgOurs()]) {
      const r = await send(body);
      expect(r.status).toBe(200);
      for (const k of Object.keys(sums) as (keyof typeof sums)[]) sums[k] += r.json[k];
    }
    // Ignored: groups (2), an edit, a reaction, a blocked bot, the button press (its bot message is from 2017: too old to
    // count); a channel post, a Business edit, a pin.
    expect(sums).toEqual({ accepted: 7, duplicates: 0, ignored: 9, rejected: 0 });

    const C = conn.id;
    const row = (what: 'in' | 'out', chat: string, message: number, at: string, first: number) => ({
      event_id: `tg:${C}:${what}:${chat}:${message}`,
      type: what === 'in' ? 'message.received' : 'message.sent',
      at,
      conversation_id: conv('tg', C, chat, `${chat}:${first}`),
      contact_id: chat,
      channel: 'telegram',
      sender_type: what === 'in' ? 'customer' : 'bot',
      sender_id: what === 'in' ? null : 'shop-bot',
      campaign_id: null,
      message_id: `${C}:${chat}:${message}`,
    });
    const stored = await eventsOf(admin.workspaceId);
    expect(stored).toEqual(
      [
        row('in', '218485655', 6557, '2019-09-26T17:19:02Z', 6557),
        row('in', '23', 1, '2021-09-08T20:14:37Z', 1),
        // Business: the customer's message and the account's answer 2 minutes later, one conversation.
        row('in', '888000222', 20, '2025-12-05T02:16:40Z', 20),
        row('out', '888000222', 21, '2025-12-05T02:18:40Z', 20),
        // The reply to the bot (delivered first) starts the conversation with the quoted bot message;
        // the /start, 5 minutes before that message but delivered after, joins what is stored.
        row('out', '777000111', 3, '2025-12-05T02:05:00Z', 3),
        row('in', '777000111', 4, '2025-12-05T02:10:00Z', 3),
        row('in', '777000111', 1, '2025-12-05T02:00:00Z', 3),
      ].sort((a, b) => (a.event_id < b.event_id ? -1 : 1)),
    );
    expect(await countersOf(admin.session, conn.id)).toMatchObject({ deliveries: 15, events: 7, duplicates: 0, ignored: 9, rejected: 0 });

    // Telegram retries what is not acknowledged: everything again is duplicates.
    let again = { accepted: 0, duplicates: 0 };
    for (const [, body] of [...tgRecorded(), ...tgOurs()]) {
      const r = await send(body);
      again = { accepted: again.accepted + r.json.accepted, duplicates: again.duplicates + r.json.duplicates };
    }
    expect(again).toEqual({ accepted: 0, duplicates: 7 });
    expect(await eventsOf(admin.workspaceId)).toEqual(stored);
  });

  it("a button pressed under a recent bot message: the press is ignored, the bot's message is a message.sent", async () => {
    const update = JSON.parse(readFileSync(join(FIXTURES, 'telegram/callback_query_private.json'), 'utf8'));
    const date = Math.floor(Date.now() / 1000) - 120;
    update.callback_query.message.date = date;
    const r = await send(JSON.stringify(update));
    expect(r.json).toEqual({ accepted: 1, duplicates: 0, ignored: 1, rejected: 0 });
    const rows = (await eventsOf(admin.workspaceId)).filter((e) => e.contact_id === '427770117');
    expect(rows).toEqual([
      {
        event_id: `tg:${conn.id}:out:427770117:666`,
        type: 'message.sent',
        at: new Date(date * 1000).toISOString().replace('.000', ''),
        conversation_id: conv('tg', conn.id, '427770117', '427770117:666'),
        contact_id: '427770117',
        channel: 'telegram',
        sender_type: 'bot',
        sender_id: 'shop-bot',
        campaign_id: null,
        message_id: `${conn.id}:427770117:666`,
      },
    ]);
    // Pressed again: the same message, a duplicate.
    expect((await send(JSON.stringify(update))).json).toEqual({ accepted: 0, duplicates: 1, ignored: 1, rejected: 0 });
  });

  it("the customer's messages wait for an answer: until replies are sent through the events API, they count as unanswered", async () => {
    const key = await newKey(suite.db.env, admin.workspace, 'read');
    const r = await fetch(`${suite.server.url}/api/v1/metrics/response-times?from=2019-09-26&to=2019-09-27&tz=UTC`, { headers: { authorization: `Bearer ${key}` } });
    expect(r.status).toBe(200);
    expect((await r.json()).totals).toMatchObject({ conversations: 1, responded: 0 });
  });

  it('signed bodies it does not map or cannot read: 200, counted ignored; fuzz never a 5xx', async () => {
    for (const [body, type] of [['not json', 'text/plain'], ['{"update_id": 1}', 'application/json'], [Buffer.from([0xff, 0x00]), 'application/octet-stream'], ['[]', 'application/json']] as const)
      expect(await send(body, conn.secretToken, type)).toMatchObject({ status: 200, json: { accepted: 0, duplicates: 0, ignored: 1, rejected: 0 } });
    const leaf = () => [null, 0, -5, 1764900000, 2 ** 60, 'private', '', '\u0000', true][Math.floor(Math.random() * 9)];
    for (let i = 0; i < 80; i++) {
      const m = { message_id: leaf(), from: { id: leaf(), is_bot: leaf() }, chat: { id: leaf(), type: i % 2 ? 'private' : leaf() }, date: leaf(), text: leaf(), reply_to_message: i % 3 ? leaf() : { message_id: leaf(), chat: { id: leaf(), type: 'private' }, from: { id: leaf() }, date: leaf() } };
      const body = i % 7 === 0 ? randomBytes(40) : JSON.stringify({ update_id: leaf(), [['message', 'business_message', 'callback_query'][i % 3]]: i % 3 === 2 ? { id: '1', message: m } : m });
      const r = await send(body, i % 5 === 0 ? 'wrong-token-000000' : conn.secretToken);
      expect(r.status === 200 || r.status === 401).toBe(true);
    }
  });
});

// ---------------------------------------------------------------- Twilio

const TW = join(FIXTURES, 'twilio');
/** Recorded bodies as Twilio posts them: `.txt` are exact form bodies; `.json` parameter objects, form-encoded. */
const twRecorded = (): [string, string][] =>
  readdirSync(TW)
    .filter((f) => /\.(txt|json)$/.test(f) && f !== 'signature_vectors.json')
    .sort()
    .map((f) => [f, f.endsWith('.txt') ? readFileSync(join(TW, f), 'utf8') : new URLSearchParams(JSON.parse(readFileSync(join(TW, f), 'utf8'))).toString()]);
/** Ours in the order of their names: an SMS's delivered callback comes before its sent one. */
const twOurs = (): [string, string][] => Object.entries(JSON.parse(readFileSync(join(FIXTURES, 'twilio-parley/cases.json'), 'utf8')) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));

/** X-Twilio-Signature as Twilio computes it (written out here, not the server's code): URL + sorted name+value pairs. */
const twilioSign = (url: string, body: string, token = AUTH_TOKEN) => {
  const pairs = [...new URLSearchParams(body)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', token).update(url + pairs.map(([k, v]) => k + v).join('')).digest('base64');
};
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('the Twilio webhook', () => {
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let conn: { id: string; webhookUrl: string };
  let hook: string;
  /** Posts a form body signed for `signedUrl` (default: the URL it is posted to, as Twilio sees this server). */
  const send = (body: Buffer | string, signature: string | null | undefined = undefined, path = hook, base = suite.server.url) =>
    post(`${base}${path}`, body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature !== null && { 'x-twilio-signature': signature ?? twilioSign(`${base}${path}`, body.toString()) }),
    });

  beforeAll(async () => {
    admin = await signedIn('tw-hook');
    const r = await admin.session.post('/api/v1/connections', { kind: 'twilio', name: 'Front desk', secrets: { authToken: AUTH_TOKEN } });
    expect(r.status).toBe(201);
    conn = r.json;
    hook = `/api/v1/connectors/twilio/${conn.id}`;
  });

  it('create: the webhook URL; the auth token never shown nor stored in clear', async () => {
    expect(conn.webhookUrl).toBe(`${suite.server.url}${hook}`);
    expect(JSON.stringify(conn)).not.toContain(AUTH_TOKEN);
    expect(conn).not.toHaveProperty('secretToken');
    expect(conn).not.toHaveProperty('note');
    const { rows } = await suite.pg.query('SELECT secrets FROM connections WHERE connection_id = $1', [conn.id]);
    expect((rows[0].secrets as Buffer).toString('latin1')).not.toContain(AUTH_TOKEN);
    const bad = await admin.session.post('/api/v1/connections', { kind: 'twilio', name: 'x', secrets: {} });
    expect([bad.status, [bad.json.message].flat().join('; ')]).toEqual([400, 'secrets.authToken: is required']);
  });

  it('unsigned, signed with another token, for another URL or over other parameters: 401, nothing stored, nothing counted', async () => {
    const before = await countersOf(admin.session, conn.id);
    const body = readFileSync(join(TW, 'sms_inbound.txt'), 'utf8');
    const url = `${suite.server.url}${hook}`;
    for (const signature of [null, '', twilioSign(url, body, `${AUTH_TOKEN}0`), twilioSign(`${url}?x=1`, body), twilioSign(url.replace('http:', 'https:'), body), twilioSign(url, `${body}&Extra=1`)])
      expect((await send(body, signature)).status).toBe(401);
    expect((await send(body, null)).json.message).toMatch(/X-Twilio-Signature/);
    expect(await eventsOf(admin.workspaceId)).toEqual([]);
    expect(await countersOf(admin.session, conn.id)).toEqual(before);
  });

  it('every recorded body, signed: exactly the events they carry, at their arrival; an empty TwiML answer; redelivery is duplicates', async () => {
    const start = Date.now() - 1000;
    let n = 0;
    for (const [, body] of [...twRecorded(), ...twOurs()]) {
      const r = await send(body);
      expect({ status: r.status, type: r.type, text: r.text }).toEqual({ status: 200, type: 'text/xml; charset=utf-8', text: TWIML });
      n++;
    }
    const end = Date.now() + 1000;
    expect(n).toBe(15);

    const C = conn.id;
    const P = `tw:${C}:`;
    const stored = await eventsOf(admin.workspaceId);
    // Twilio sends no time: each event is at its delivery's arrival (to the second).
    for (const e of stored) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Math.floor(start / 1000) * 1000);
      expect(Date.parse(e.at)).toBeLessThanOrEqual(end);
    }
    const row = (what: string, sid: string, contact: string, channel: string, first: string) => ({
      event_id: `${P}${what}:${sid}`,
      type: { in: 'message.received', out: 'message.sent', delivered: 'message.delivered', read: 'message.read', failed: 'message.failed' }[what],
      conversation_id: conv('tw', C, contact, first),
      contact_id: contact,
      channel,
      sender_type: what === 'in' ? 'customer' : what === 'out' ? 'agent' : null,
      sender_id: what === 'out' ? 'Front desk' : null,
      campaign_id: null,
      message_id: `${C}:${sid}`,
    });
    // +31612345678 writes on WhatsApp (image first: it starts the conversation) and gets answers: one conversation.
    const WA = ['+31612345678', 'whatsapp', 'MM21151abfaadc1fb79b782f8460862a52'] as const;
    expect(stored.map(({ at, ...e }) => e)).toEqual(
      [
        row('in', 'SMc56324aa4a31735561b7205472192d68', '+541138050810', 'sms', 'SMc56324aa4a31735561b7205472192d68'),
        row('in', 'MM21151abfaadc1fb79b782f8460862a52', ...WA),
        row('in', 'SM892512e202b34d4109b10a3893fa9640', ...WA),
        row('out', 'SMdf55df64a2ff4920bb0748193cfbb640', ...WA),
        row('delivered', 'SMdf55df64a2ff4920bb0748193cfbb640', ...WA),
        row('read', 'SMdf55df64a2ff4920bb0748193cfbb640', ...WA),
        row('out', 'SM0cec4ed334e74bcbb64eb8b6684e9654', ...WA),
        // SMS: delivered before sent (Twilio does not promise the order): the first evidence makes the message.sent.
        row('out', 'SM8f2a7e0c1d9b4e6a8c3f5b7d9e1a2c4f', '+15125550123', 'sms', 'SM8f2a7e0c1d9b4e6a8c3f5b7d9e1a2c4f'),
        row('delivered', 'SM8f2a7e0c1d9b4e6a8c3f5b7d9e1a2c4f', '+15125550123', 'sms', 'SM8f2a7e0c1d9b4e6a8c3f5b7d9e1a2c4f'),
        // undelivered (ErrorCode 30003) is message.failed.
        row('out', 'SM3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b', '+15125550177', 'sms', 'SM3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b'),
        row('failed', 'SM3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b', '+15125550177', 'sms', 'SM3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b'),
        row('out', 'SM7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a', '+31612345679', 'whatsapp', 'SM7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a'),
        row('failed', 'SM7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a', '+31612345679', 'whatsapp', 'SM7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a'),
      ].sort((a, b) => (a.event_id < b.event_id ? -1 : 1)),
    );
    // Ignored: the two trimmed statuses without To; queued; a Messenger address; a voice call. Duplicates: sent after delivered, read after delivered.
    expect(await countersOf(admin.session, conn.id)).toMatchObject({ deliveries: 15, events: 13, duplicates: 2, ignored: 5, rejected: 0 });

    for (const [, body] of [...twRecorded(), ...twOurs()]) expect((await send(body)).status).toBe(200);
    expect(await countersOf(admin.session, conn.id)).toMatchObject({ deliveries: 30, events: 13, duplicates: 2 + 15, ignored: 10 });
    expect(await eventsOf(admin.workspaceId)).toEqual(stored);
  });

  it('the query string Twilio was given is signed too', async () => {
    const body = 'MessageSid=SMquery0000000000000000000000000001&From=%2B14155550101&Body=hi';
    const path = `${hook}?campaign=spring&x=%2F`;
    expect((await send(body, undefined, path)).status).toBe(200);
    expect((await send(body, twilioSign(`${suite.server.url}${hook}`, body), path)).status).toBe(401);
  });

  it('signed bodies that are not its form: 200, counted ignored; fuzz never a 5xx', async () => {
    const before = await countersOf(admin.session, conn.id);
    for (const body of ['{"MessageSid":"SM1"}', 'just text', '', Buffer.from([0xc3, 0x28, 0x3d])]) {
      const url = `${suite.server.url}${hook}`;
      // A body that is not UTF-8 cannot be signed as a form: it is refused, like any wrong signature.
      const r = await send(body, twilioSign(url, Buffer.isBuffer(body) ? '' : body));
      expect(r.status).toBe(Buffer.isBuffer(body) ? 401 : 200);
    }
    expect(await countersOf(admin.session, conn.id)).toMatchObject({ deliveries: before.deliveries + 3, ignored: before.ignored + 3, events: before.events });
    const values = ['', '+1', 'whatsapp:+1', 'whatsapp:', 'sent', 'undelivered', '\u0000', '\ud800', 'x'.repeat(300), '%'];
    const names = ['MessageSid', 'SmsSid', 'From', 'To', 'MessageStatus', 'SmsStatus', 'Body'];
    for (let i = 0; i < 80; i++) {
      const form = new URLSearchParams(Array.from({ length: 1 + (i % 6) }, () => [names[Math.floor(Math.random() * names.length)], values[Math.floor(Math.random() * values.length)]])).toString();
      const r = await send(form, i % 6 === 0 ? 'AAAA' : undefined);
      expect(r.status === 200 || r.status === 401).toBe(true);
    }
  });

  it("the connection's channel override wins over sms / whatsapp", async () => {
    const other = (await admin.session.post('/api/v1/connections', { kind: 'twilio', name: 'EU', channel: 'twilio-eu', secrets: { authToken: AUTH_TOKEN } })).json;
    expect((await send(readFileSync(join(TW, 'whatsapp_inbound_text.txt')), undefined, `/api/v1/connectors/twilio/${other.id}`)).status).toBe(200);
    const { rows } = await suite.pg.query('SELECT channel, contact_id FROM events WHERE workspace_id = $1 AND event_id LIKE $2', [admin.workspaceId, `tw:${other.id}:%`]);
    expect(rows).toEqual([{ channel: 'twilio-eu', contact_id: '+31612345678' }]);
  });
});

describe('Twilio behind a proxy: the signed URL is PARLEY_PUBLIC_URL + the path, not the request\'s own', () => {
  it('signed for the public URL: 200; signed for the address the proxy forwards to: 401', async () => {
    const admin = await signedIn('tw-proxy', () => suite.second.url);
    const conn = (await admin.session.post('/api/v1/connections', { kind: 'twilio', name: 'Behind proxy', secrets: { authToken: AUTH_TOKEN } })).json;
    const path = `/api/v1/connectors/twilio/${conn.id}`;
    expect(conn.webhookUrl).toBe(`${PUBLIC_URL}${path}`);
    const body = readFileSync(join(TW, 'whatsapp_inbound_text.txt'), 'utf8');
    const at = (signed: string, extra: Record<string, string> = {}) =>
      post(`${suite.second.url}${path}`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSign(signed, body), ...extra });
    // The proxy's own view (a forwarded https and host) does not matter: the configured URL does.
    expect((await at(`${suite.second.url}${path}`)).status).toBe(401);
    expect((await at(`https://internal.example${path}`, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'internal.example' })).status).toBe(401);
    expect((await at(`${PUBLIC_URL}${path}`)).status).toBe(200);
    // Twilio may sign the URL with the default port: accepted too.
    expect((await at(`${PUBLIC_URL.replace('.example', '.example:443')}${path}`)).status).toBe(200);
    const events = await eventsOf(admin.workspaceId);
    expect(events.map((e) => [e.event_id, e.channel, e.contact_id])).toEqual([[`tw:${conn.id}:in:SM892512e202b34d4109b10a3893fa9640`, 'whatsapp', '+31612345678']]);
  });
});
