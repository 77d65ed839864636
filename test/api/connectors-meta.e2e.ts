/**
 * The `meta` connector (Messenger and Instagram, issue 20) end to end on the built API: the verify
 * handshake, the recorded payloads replayed signed (with the upstream test vectors' own headers)
 * and unsigned, exactly the events they make, delivery/read watermarks over what is stored,
 * redelivery, what is ignored or rejected, the channel override, and a little fuzzing.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addresses, createConnection, deliverAsMeta, signIn, suiteServer } from '../support/connectors';
import { ROOT } from '../support/server';

jest.setTimeout(300_000);

/** The app secret the computed vectors of meta-messenger/signature_vectors.json were made with. */
const SECRET = 'test-app-secret';
const FIXTURES = join(ROOT, 'fixtures/webhooks');
const file = (name: string) => readFileSync(join(FIXTURES, name));
const VECTORS: { file: string; x_hub_signature_256: string }[] = JSON.parse(file('meta-messenger/signature_vectors.json').toString('utf8')).computed;

const suite = suiteServer({ PARLEY_SECRET_KEY: randomBytes(32).toString('base64') });
const ip = addresses('203.0.113.', 100);
const admin = async (label: string) => {
  const { session, workspaceId } = await signIn(suite, ip, label);
  return { session, workspaceId };
};

let shared: Awaited<ReturnType<typeof admin>> | undefined;
/** A meta connection (of one workspace the suite shares: workspaces are slow to make): its hook path, counters and its own events. */
async function metaConnection(label: string, body: Record<string, unknown> = {}) {
  const a = (shared ??= await admin(label));
  const r = await createConnection(a.session, { kind: 'meta', name: 'Shop page', secrets: { appSecret: SECRET } }, body);
  expect(r.status).toBe(201);
  const id: string = r.json.id;
  return {
    ...a,
    created: r.json,
    id,
    hook: `/api/v1/connectors/meta/${id}`,
    P: `meta:${id}:`,
    counters: async () => (await a.session.fetch('/api/v1/connections')).json.find((c: { id: string }) => c.id === id).counters,
    events: async () =>
      (
        await suite.pg.query(
          `SELECT event_id, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, conversation_id, contact_id, channel, sender_type, sender_id, message_id
             FROM events WHERE workspace_id = $1 AND left(event_id, length($2)) = $2 ORDER BY occurred_at, event_id`,
          [a.workspaceId, `meta:${id}:`],
        )
      ).rows,
    /** The session conversation rule, written out: SHA-256(contact NUL first message id), 22 characters. */
    conv: (contact: string, firstMid: string) => `meta:${id}:c:${createHash('sha256').update(`${contact}\u0000${firstMid}`).digest('base64url').slice(0, 22)}`,
  };
}

const sign = (body: Buffer | string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const deliver = (path: string, body: Buffer | string, signature: string | null = sign(body), contentType?: string) => deliverAsMeta(`${suite.server.url}${path}`, body, signature, contentType);

/** One stored event row as eventsOf returns it. */
const row = (event_id: string, type: string, at: string, conversation_id: string, contact_id: string, channel: string, sender?: [string, string | null]) => ({
  event_id,
  type,
  at,
  conversation_id,
  contact_id,
  channel,
  sender_type: sender?.[0] ?? null,
  sender_id: sender?.[1] ?? null,
  message_id: `${event_id.split(':')[1]}:${event_id.split(':').slice(3).join(':')}`,
});

describe('a meta connection', () => {
  it('is created like any other (verify token generated, shown once) and answers the verify handshake', async () => {
    const c = await metaConnection('meta-create');
    expect(c.created).toMatchObject({ kind: 'meta', name: 'Shop page', channel: null, defaultSender: { type: 'agent', id: 'Shop page' }, sessionGapHours: 24 });
    expect(c.created.webhookUrl).toBe(`${suite.server.url}/api/v1/connectors/meta/${c.id}`);
    expect(c.created.verifyToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const ok = await fetch(`${suite.server.url}${c.hook}?hub.mode=subscribe&hub.verify_token=${c.created.verifyToken}&hub.challenge=424242`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('424242');
    expect((await fetch(`${suite.server.url}${c.hook}?hub.mode=subscribe&hub.verify_token=not-the-token-0&hub.challenge=1`)).status).toBe(403);
    // Another kind's URL for this connection: 404.
    expect((await fetch(`${suite.server.url}/api/v1/connectors/whatsapp/${c.id}?hub.mode=subscribe&hub.verify_token=${c.created.verifyToken}&hub.challenge=1`)).status).toBe(404);
    expect((await deliver(`/api/v1/connectors/whatsapp/${c.id}`, '{}')).status).toBe(404);
    // Its secrets are the Meta app's: nothing else, the app secret required.
    const bad = await c.session.post('/api/v1/connections', { kind: 'meta', name: 'x', secrets: { verifyToken: 'abcdefgh' } });
    expect([bad.status, [bad.json.message].flat()]).toEqual([400, ['secrets.appSecret: is required']]);
  });
});

describe('the Messenger payloads replayed', () => {
  it('unsigned or wrongly signed: 401 for every file, nothing stored, nothing counted', async () => {
    const c = await metaConnection('meta-401');
    for (const v of VECTORS) {
      const body = file(`meta-messenger/${v.file}`);
      for (const signature of [null, '', sign(body, 'another-app-secret'), v.x_hub_signature_256.replace('sha256=', 'sha1='), 'sha256=00'])
        expect((await deliver(c.hook, body, signature)).status).toBe(401);
      // The right signature of other bytes.
      expect((await deliver(c.hook, Buffer.concat([body, Buffer.from(' ')]), v.x_hub_signature_256)).status).toBe(401);
    }
    expect(await c.events()).toEqual([]);
    expect(await c.counters()).toMatchObject({ deliveries: 0, events: 0, duplicates: 0, ignored: 0, rejected: 0, lastDeliveryAt: null });
  });

  it("signed with the vectors' own headers: exactly the events they carry; the read watermark covers the delivered message; redelivery is duplicates", async () => {
    const c = await metaConnection('meta-messenger');
    const results: Record<string, unknown> = {};
    for (const name of ['text_message.json', 'text_message_modern_mid.json', 'quick_reply.json', 'image_attachments.json', 'message_echo.json', 'postback.json', 'delivery.json', 'read.json']) {
      const signature = VECTORS.find((v) => v.file === name)!.x_hub_signature_256;
      const r = await deliver(c.hook, file(`meta-messenger/${name}`), signature);
      expect(r.status).toBe(200);
      results[name] = r.json;
    }
    const reaction = JSON.stringify({ object: 'page', entry: [{ id: 'PAGE_ID', time: 1458668856500, messaging: [JSON.parse(file('meta-messenger/reaction_messaging_item.json').toString('utf8'))] }] });
    results['reaction'] = (await deliver(c.hook, reaction)).json;
    const r = (accepted: number, duplicates: number, ignored: number) => ({ accepted, duplicates, ignored, rejected: 0 });
    expect(results).toEqual({
      'text_message.json': r(1, 0, 0),
      'text_message_modern_mid.json': r(1, 0, 0),
      'quick_reply.json': r(0, 1, 0), // the same mid as text_message.json upstream: the same event
      'image_attachments.json': r(1, 0, 0),
      'message_echo.json': r(1, 0, 0),
      'postback.json': r(0, 0, 1), // no mid
      'delivery.json': r(2, 0, 0), // its mid's message.sent (first evidence) and message.delivered
      'read.json': r(1, 1, 0), // the watermark covers that stored message: its read; its message.sent repeated
      reaction: r(0, 0, 1),
    });

    const P = c.P;
    const D = 'mid.1458668856218:ed81099e15d3f4f233';
    const page: [string, string] = ['agent', 'Shop page'];
    expect(await c.events()).toEqual([
      row(`${P}out:${D}`, 'message.sent', '2016-03-22T17:47:36.253Z', c.conv('USER_ID', D), 'USER_ID', 'messenger', page),
      row(`${P}read:${D}`, 'message.read', '2016-03-22T17:47:36.463Z', c.conv('USER_ID', D), 'USER_ID', 'messenger'),
      row(`${P}in:mid.1472672934017:db566db5104b5b5c08`, 'message.received', '2016-08-31T19:48:54.259Z', c.conv('USER_ID', 'mid.1472672934017:db566db5104b5b5c08'), 'USER_ID', 'messenger', ['customer', null]),
      row(`${P}in:mid.1480279487147:4388d3b344`, 'message.received', '2016-11-27T20:44:47.147Z', c.conv('1433960459967306', 'mid.1480279487147:4388d3b344'), '1433960459967306', 'messenger', ['customer', null]),
      // No timestamp on a delivery receipt: the entry's time.
      row(`${P}delivered:${D}`, 'message.delivered', '2016-11-27T20:44:47.271Z', c.conv('USER_ID', D), 'USER_ID', 'messenger'),
      row(`${P}out:mid.$cAARS90328R5hrBz-Vlbete17ftIb`, 'message.sent', '2017-04-17T07:36:48.982Z', c.conv('1244813222196986', 'mid.$cAARS90328R5hrBz-Vlbete17ftIb'), '1244813222196986', 'messenger', page),
      row(
        `${P}in:m_bWelEDyH_VUB2asdGYWNskansOeR_J9rheTeWjyz7SOKVtTieg4N7cKiLIioB-p1jMGHO81pvH3M7g5zBOzppQ`,
        'message.received',
        '2019-11-21T12:00:24.727Z',
        c.conv('1696785613739982', 'm_bWelEDyH_VUB2asdGYWNskansOeR_J9rheTeWjyz7SOKVtTieg4N7cKiLIioB-p1jMGHO81pvH3M7g5zBOzppQ'),
        '1696785613739982',
        'messenger',
        ['customer', null],
      ),
    ]);
    expect(await c.counters()).toMatchObject({ deliveries: 9, events: 7, duplicates: 2, ignored: 2, rejected: 0, lastRejection: null });

    // A platform retry of everything: duplicates only (the watermark's included), nothing new.
    const before = await c.events();
    let again = { accepted: 0, duplicates: 0, ignored: 0 };
    for (const v of VECTORS) {
      const res = (await deliver(c.hook, file(`meta-messenger/${v.file}`), v.x_hub_signature_256)).json;
      again = { accepted: again.accepted + res.accepted, duplicates: again.duplicates + res.duplicates, ignored: again.ignored + res.ignored };
    }
    // text, modern, quick reply, image, echo: 1 each; delivery: sent + delivered; read: sent + read.
    expect(again).toEqual({ accepted: 0, duplicates: 9, ignored: 1 });
    expect(await c.events()).toEqual(before);
  });
});

describe('the Instagram payloads replayed', () => {
  it('signed: channel instagram; story mentions, unsend ignored; seen reads the message it names', async () => {
    const c = await metaConnection('meta-instagram');
    const unsigned = await deliver(c.hook, file('meta-instagram/text_message.json'), null);
    expect(unsigned.status).toBe(401);
    const results: Record<string, unknown> = {};
    for (const name of ['text_message.json', 'attachment_share.json', 'dashboard_test_text.json', 'story_mention.json', 'story_mention_echo.json', 'unsend.json', 'seen.json']) {
      const body = file(`meta-instagram/${name}`);
      const r = await deliver(c.hook, body);
      expect(r.status).toBe(200);
      results[name] = r.json;
    }
    const r = (accepted: number, duplicates: number, ignored: number) => ({ accepted, duplicates, ignored, rejected: 0 });
    expect(results).toEqual({
      'text_message.json': r(1, 0, 0),
      'attachment_share.json': r(0, 1, 0), // the factories' placeholder mid again
      'dashboard_test_text.json': r(1, 0, 0),
      'story_mention.json': r(0, 0, 1),
      'story_mention_echo.json': r(0, 0, 1),
      'unsend.json': r(0, 0, 1),
      'seen.json': r(2, 0, 0), // the message it names was not stored as sent: its message.sent and its read
    });
    const P = c.P;
    const conv = c.conv('Sender-id-1', 'message-id-1');
    expect(await c.events()).toEqual([
      row(`${P}in:random_mid`, 'message.received', '2018-05-27T22:23:44.000Z', c.conv('12334', 'random_mid'), '12334', 'instagram', ['customer', null]),
      row(`${P}in:message-id-1`, 'message.received', '2021-09-08T06:34:04.000Z', conv, 'Sender-id-1', 'instagram', ['customer', null]),
      row(`${P}out:message-id-1`, 'message.sent', '2021-09-08T06:34:04.000Z', conv, 'Sender-id-1', 'instagram', ['agent', 'Shop page']),
      row(`${P}read:message-id-1`, 'message.read', '2021-09-08T06:34:04.000Z', conv, 'Sender-id-1', 'instagram'),
    ]);
    expect(await c.counters()).toMatchObject({ deliveries: 7, events: 4, duplicates: 1, ignored: 3, rejected: 0 });
  });
});

describe('watermarks over what is stored', () => {
  const T = Date.UTC(2025, 11, 1, 10, 0, 0);
  const iso = (ms: number) => new Date(ms).toISOString();
  const page = (time: number, messaging: unknown[]) => JSON.stringify({ object: 'page', entry: [{ id: 'PAGE1', time, messaging }] });
  const echo = (to: string, mid: string, at: number) => ({ sender: { id: 'PAGE1' }, recipient: { id: to }, timestamp: at, message: { mid, is_echo: true, app_id: 42, text: 'from the page' } });
  const inbound = (from: string, mid: string, at: number) => ({ sender: { id: from }, recipient: { id: 'PAGE1' }, timestamp: at, message: { mid, text: 'hi' } });

  it('before any stored message, covering two of three, redelivered, a later one, a read over all; other contacts untouched', async () => {
    const c = await metaConnection('meta-watermarks');
    const ok = (accepted: number, duplicates: number, ignored = 0) => ({ status: 200, json: { accepted, duplicates, ignored, rejected: 0 } });

    // A read watermark before anything is stored: understood, covers nothing.
    expect(await deliver(c.hook, page(T, [{ sender: { id: 'PSID_W' }, recipient: { id: 'PAGE1' }, timestamp: T, read: { watermark: T } }]))).toEqual(ok(0, 0));
    expect(await c.events()).toEqual([]);

    // The customer writes; the page answers three times; another contact gets one too.
    expect(await deliver(c.hook, page(T, [inbound('PSID_W', 'm_in', T)]))).toEqual(ok(1, 0));
    expect(await deliver(c.hook, page(T + 180_000, [echo('PSID_W', 'm_o1', T + 60_000), echo('PSID_W', 'm_o2', T + 120_000), echo('PSID_W', 'm_o3', T + 180_000), echo('PSID_X', 'm_x1', T + 60_000)]))).toEqual(ok(4, 0));

    // Delivered up to o2 (no mids, no timestamp: at the entry's time): o1 and o2, not o3, not PSID_X's.
    const delivery = page(T + 125_000, [{ sender: { id: 'PSID_W' }, recipient: { id: 'PAGE1' }, delivery: { watermark: T + 120_000, seq: 1 } }]);
    expect(await deliver(c.hook, delivery)).toEqual(ok(2, 2)); // the covered messages' message.sent repeat: duplicates
    // Redelivered: the same statuses, duplicates.
    expect(await deliver(c.hook, delivery)).toEqual(ok(0, 4));

    // A later delivery watermark: o3 only (o1 and o2 were delivered earlier: not read again).
    expect(await deliver(c.hook, page(T + 190_000, [{ sender: { id: 'PSID_W' }, recipient: { id: 'PAGE1' }, delivery: { watermark: T + 180_000 } }]))).toEqual(ok(1, 1));
    // Read up to o3, at T + 200 s: all three read.
    expect(await deliver(c.hook, page(T + 200_000, [{ sender: { id: 'PSID_W' }, recipient: { id: 'PAGE1' }, timestamp: T + 200_000, read: { watermark: T + 180_000 } }]))).toEqual(ok(3, 3));

    const P = c.P;
    const W = c.conv('PSID_W', 'm_in');
    const X = c.conv('PSID_X', 'm_x1');
    const sender: [string, string] = ['agent', 'Shop page'];
    expect(await c.events()).toEqual([
      row(`${P}in:m_in`, 'message.received', iso(T), W, 'PSID_W', 'messenger', ['customer', null]),
      row(`${P}out:m_o1`, 'message.sent', iso(T + 60_000), W, 'PSID_W', 'messenger', sender),
      row(`${P}out:m_x1`, 'message.sent', iso(T + 60_000), X, 'PSID_X', 'messenger', sender),
      row(`${P}out:m_o2`, 'message.sent', iso(T + 120_000), W, 'PSID_W', 'messenger', sender),
      row(`${P}delivered:m_o1`, 'message.delivered', iso(T + 125_000), W, 'PSID_W', 'messenger'),
      row(`${P}delivered:m_o2`, 'message.delivered', iso(T + 125_000), W, 'PSID_W', 'messenger'),
      row(`${P}out:m_o3`, 'message.sent', iso(T + 180_000), W, 'PSID_W', 'messenger', sender),
      row(`${P}delivered:m_o3`, 'message.delivered', iso(T + 190_000), W, 'PSID_W', 'messenger'),
      row(`${P}read:m_o1`, 'message.read', iso(T + 200_000), W, 'PSID_W', 'messenger'),
      row(`${P}read:m_o2`, 'message.read', iso(T + 200_000), W, 'PSID_W', 'messenger'),
      row(`${P}read:m_o3`, 'message.read', iso(T + 200_000), W, 'PSID_W', 'messenger'),
    ]);
    expect(await c.counters()).toMatchObject({ deliveries: 7, events: 11, duplicates: 10, ignored: 0, rejected: 0 });
  });

  it("an echo and a read in one delivery: the read covers the delivery's own message; delivery mids mark exactly them", async () => {
    const c = await metaConnection('meta-wm-batch');
    const body = page(T + 30_000, [
      echo('PSID_B', 'm_b1', T),
      { sender: { id: 'PSID_B' }, recipient: { id: 'PAGE1' }, delivery: { mids: ['m_b1', 'm_b0'], watermark: T } },
      { sender: { id: 'PSID_B' }, recipient: { id: 'PAGE1' }, timestamp: T + 20_000, read: { watermark: T } },
    ]);
    // m_b1: sent, delivered, read; m_b0 (listed, never echoed): its message.sent (at the watermark) and delivered.
    expect(await deliver(c.hook, body)).toEqual({ status: 200, json: { accepted: 5, duplicates: 0, ignored: 0, rejected: 0 } });
    const stored = await c.events();
    expect(stored.map((e) => [e.type, e.event_id.slice(c.P.length), e.at])).toEqual([
      ['message.sent', 'out:m_b0', iso(T)],
      ['message.sent', 'out:m_b1', iso(T)],
      ['message.read', 'read:m_b1', iso(T + 20_000)],
      ['message.delivered', 'delivered:m_b0', iso(T + 30_000)],
      ['message.delivered', 'delivered:m_b1', iso(T + 30_000)],
    ]);
    // One conversation, started by the echo (m_b0's message.sent joins it at the same instant).
    expect(new Set(stored.map((e) => e.conversation_id))).toEqual(new Set([c.conv('PSID_B', 'm_b1')]));
  });
});

describe('refusals, ignored, rejected, the channel override', () => {
  it('signed JSON it does not map and signed bodies that are not JSON: 200, one ignored each', async () => {
    const c = await metaConnection('meta-ignored');
    const bodies: [string | Buffer, string][] = [
      [JSON.stringify({ object: 'whatsapp_business_account', entry: [] }), 'application/json'],
      [JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, changes: [{ field: 'feed', value: {} }] }] }), 'application/json'],
      [JSON.stringify({ object: 'instagram', entry: [{ id: '1', time: 1, messaging: [{ sender: { id: 'u' }, reaction: { mid: 'x', action: 'react' } }] }] }), 'application/json'],
      ['not JSON', 'text/plain'],
      [Buffer.from([0xff, 0xfe]), 'application/octet-stream'],
      ['', 'application/json'],
    ];
    for (const [body, type] of bodies) expect(await deliver(c.hook, body, sign(body), type)).toEqual({ status: 200, json: { accepted: 0, duplicates: 0, ignored: 1, rejected: 0 } });
    expect(await c.counters()).toMatchObject({ deliveries: 6, ignored: 6, events: 0 });
  });

  it('a mapped event that is invalid is rejected with its reason; text PostgreSQL cannot store never a 5xx', async () => {
    const c = await metaConnection('meta-rejected');
    const body = JSON.stringify({ object: 'page', entry: [{ id: 'P', time: 1764583200000, messaging: [{ sender: { id: 'u'.repeat(200) }, timestamp: 1764583200000, message: { mid: 'm_long', text: 'x' } }] }] });
    expect((await deliver(c.hook, body)).json).toEqual({ accepted: 0, duplicates: 0, ignored: 0, rejected: 1 });
    expect((await c.counters()).lastRejection).toMatch(/^contactId: must be at most 128 characters/);
    for (const [from, mid] of [['\\u0000', 'm_nul'], ['\\ud800', 'm_sur'], ['psid1', 'm_\\u0000\\ud800']]) {
      const odd = `{"object":"page","entry":[{"id":"P","time":1764583200000,"messaging":[{"sender":{"id":"${from}"},"timestamp":1764583200000,"message":{"mid":"${mid}"}},{"sender":{"id":"${from}"},"delivery":{"watermark":1764583200000}}]}]}`;
      const r = await deliver(c.hook, odd);
      expect(r.status).toBe(200);
      expect(r.json.accepted + r.json.rejected).toBe(1);
    }
  });

  it("the connection's channel wins over messenger / instagram", async () => {
    const c = await metaConnection('meta-channel', { channel: 'ig-shop' });
    const body = JSON.stringify({ object: 'instagram', entry: [{ id: 'IG', time: 1764583200000, messaging: [{ sender: { id: 'igsid' }, recipient: { id: 'IG' }, timestamp: 1764583200000, message: { mid: 'm_ig' } }] }] });
    expect((await deliver(c.hook, body)).json).toMatchObject({ accepted: 1 });
    expect((await c.events()).map((e) => e.channel)).toEqual(['ig-shop']);
  });

  it('fuzz: random bytes and Messenger-shaped JSON, signed or not, never a 5xx', async () => {
    const c = await metaConnection('meta-fuzz');
    const seen = new Set<number>();
    const json = (depth: number): unknown => {
      const r = Math.random();
      if (depth > 4 || r < 0.3) return [null, true, 1e308, -0, 'm_x', '\u0000', '1764583200000', '', 1764583200000, '2021-09-08T06:34:04+0000'][Math.floor(Math.random() * 10)];
      if (r < 0.55) return Array.from({ length: Math.floor(Math.random() * 3) }, () => json(depth + 1));
      const keys = ['object', 'entry', 'messaging', 'standby', 'changes', 'sender', 'recipient', 'id', 'time', 'timestamp', 'message', 'mid', 'mids', 'is_echo', 'is_deleted', 'attachments', 'type', 'delivery', 'read', 'watermark', 'postback', 'reaction'];
      return Object.fromEntries(Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => [keys[Math.floor(Math.random() * keys.length)], json(depth + 1)]));
    };
    for (let i = 0; i < 150; i++) {
      const kind = i % 3;
      const shaped = { object: i % 2 ? 'page' : 'instagram', entry: [{ id: 'P', time: 1764583200000, messaging: [json(2), json(2)] }] };
      const body = kind === 0 ? randomBytes(1 + Math.floor(Math.random() * 200)) : Buffer.from(JSON.stringify(kind === 1 ? json(0) : shaped));
      const r = await deliver(c.hook, body, i % 5 === 0 ? sign(randomBytes(8)) : sign(body));
      seen.add(r.status);
      expect(r.status).toBeLessThan(500);
    }
    expect([...seen].sort()).toEqual([200, 401]);
  });
});
