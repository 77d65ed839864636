import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { meta, metaTimestampMs, parseMeta } from './meta.calculations.js';
import { type MadeEvent, type SessionConnection, sessionEvents } from './sessions.calculations.js';
import { coverWatermarks } from './watermarks.calculations.js';

/** The recorded payloads (fixtures/webhooks/meta-messenger and meta-instagram; READMEs and LICENSE files there). */
const FIXTURES = join(__dirname, '../../../fixtures/webhooks');
const raw = (file: string) => readFileSync(join(FIXTURES, file));
const payload = (file: string): unknown => JSON.parse(raw(file).toString('utf8'));

const C = 'Cn0123456789abcdefghij';
const CONN: SessionConnection = { id: C, prefix: 'meta', channel: 'messenger', sender: { type: 'agent', id: 'Support' }, sessionGapMs: 24 * 3_600_000 };
const P = `meta:${C}:`;
/** The session conversation rule, written out: connection prefix, `c:`, 22 characters of SHA-256(contact NUL first message id). */
const conv = (contact: string, first: string) => `${P}c:${createHash('sha256').update(`${contact}\u0000${first}`).digest('base64url').slice(0, 22)}`;
const at = (ms: number) => new Date(ms).toISOString();
const common = (contact: string, mid: string, ms: number, channel: string, first = mid) => ({
  occurredAt: at(ms),
  conversationId: conv(contact, first),
  contactId: contact,
  channel,
  messageId: `${C}:${mid}`,
});
const received = (mid: string, ms: number, contact: string, channel = 'messenger'): MadeEvent => ({
  id: `${P}in:${mid}`,
  type: 'message.received',
  ...common(contact, mid, ms, channel),
  sender: { type: 'customer' },
});
const sent = (mid: string, ms: number, contact: string, channel = 'messenger'): MadeEvent => ({
  id: `${P}out:${mid}`,
  type: 'message.sent',
  ...common(contact, mid, ms, channel),
  sender: { type: 'agent', id: 'Support' },
});
const status = (s: 'delivered' | 'read', mid: string, ms: number, contact: string, channel = 'messenger', first = mid): MadeEvent => ({
  id: `${P}${s}:${mid}`,
  type: `message.${s}`,
  ...common(contact, mid, ms, channel, first),
});

/** A delivery mapped as the service does, with nothing stored (watermarks then cover only the delivery's own messages). */
const map = (body: unknown) => {
  const parsed = parseMeta(body);
  const items = coverWatermarks(parsed.items, []);
  return { events: sessionEvents(CONN, items, { messages: new Map(), sent: new Map() }), ignored: parsed.ignored };
};

/** `reaction_messaging_item.json` is one messaging[] item: wrapped as its README says. */
const wrap = (item: unknown, object = 'page') => ({ object, entry: [{ id: 'PAGE_ID', time: 1458668856500, messaging: [item] }] });

const IG_AT = Date.parse('2021-09-08T06:34:04Z'); // the factories' ISO instants

const EXPECTED: Record<string, { events: MadeEvent[]; ignored: number }> = {
  'meta-messenger/text_message.json': { events: [received('mid.1480279487147:4388d3b344', 1480279487147, '1433960459967306')], ignored: 0 },
  'meta-messenger/text_message_modern_mid.json': {
    events: [received('m_bWelEDyH_VUB2asdGYWNskansOeR_J9rheTeWjyz7SOKVtTieg4N7cKiLIioB-p1jMGHO81pvH3M7g5zBOzppQ', 1574337624727, '1696785613739982')],
    ignored: 0,
  },
  // A quick reply is the customer answering: a message like any other.
  'meta-messenger/quick_reply.json': { events: [received('mid.1480279487147:4388d3b344', 1480279487147, '1433960459967306')], ignored: 0 },
  'meta-messenger/image_attachments.json': { events: [received('mid.1472672934017:db566db5104b5b5c08', 1472672934259, 'USER_ID')], ignored: 0 },
  // The page's own message: the contact is the recipient, the sender the connection's default.
  'meta-messenger/message_echo.json': { events: [sent('mid.$cAARS90328R5hrBz-Vlbete17ftIb', 1492414608982, '1244813222196986')], ignored: 0 },
  // An old-style postback has no mid: nothing a redelivery could be recognised by.
  'meta-messenger/postback.json': { events: [], ignored: 1 },
  // The listed mid is not stored: the delivery is its first evidence (sent at the watermark); the
  // receipt has no timestamp, so the status is at the entry's time (after the watermark).
  'meta-messenger/delivery.json': {
    events: [sent('mid.1458668856218:ed81099e15d3f4f233', 1458668856253, 'USER_ID'), status('delivered', 'mid.1458668856218:ed81099e15d3f4f233', 1480279487271, 'USER_ID')],
    ignored: 0,
  },
  // A read watermark with nothing stored at or before it: no event, and not ignored (it was understood).
  'meta-messenger/read.json': { events: [], ignored: 0 },
  'meta-instagram/text_message.json': { events: [received('message-id-1', IG_AT, 'Sender-id-1', 'instagram')], ignored: 0 },
  'meta-instagram/attachment_share.json': { events: [received('message-id-1', IG_AT, 'Sender-id-1', 'instagram')], ignored: 0 },
  'meta-instagram/dashboard_test_text.json': { events: [received('random_mid', 1527459824000, '12334', 'instagram')], ignored: 0 },
  // A story mention is a notification, not a message to answer; its echo neither.
  'meta-instagram/story_mention.json': { events: [], ignored: 1 },
  'meta-instagram/story_mention_echo.json': { events: [], ignored: 1 },
  // Unsend takes back an earlier message: no new one.
  'meta-instagram/unsend.json': { events: [], ignored: 1 },
  // Seen names one message: read when seen (first evidence of it here: nothing is stored).
  'meta-instagram/seen.json': { events: [sent('message-id-1', IG_AT, 'Sender-id-1', 'instagram'), status('read', 'message-id-1', IG_AT, 'Sender-id-1', 'instagram')], ignored: 0 },
};

describe('meta: every recorded payload', () => {
  const files = ['meta-messenger', 'meta-instagram'].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir))
      .filter((f) => f.endsWith('.json') && f !== 'signature_vectors.json' && f !== 'reaction_messaging_item.json')
      .map((f) => `${dir}/${f}`),
  );

  it('has an expectation for every payload file', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s', (file) => {
    expect(map(payload(file))).toEqual(EXPECTED[file]);
  });

  it('meta-messenger/reaction_messaging_item.json (wrapped): a reaction asks for no reply, ignored', () => {
    expect(map(wrap(payload('meta-messenger/reaction_messaging_item.json')))).toEqual({ events: [], ignored: 1 });
  });
});

describe('meta: the signature (the same check as WhatsApp)', () => {
  const vectors = payload('meta-messenger/signature_vectors.json') as { computed: { file: string; app_secret: string; x_hub_signature_256: string }[] };

  it("every computed vector verifies over its file's exact bytes; a wrong secret, a changed byte or no header does not", () => {
    expect(vectors.computed.length).toBe(8);
    for (const v of vectors.computed) {
      const body = raw(`meta-messenger/${v.file}`);
      expect(meta.verify(body, { 'x-hub-signature-256': v.x_hub_signature_256 }, { appSecret: v.app_secret }, 0, '')).toBe(true);
      expect(meta.verify(body, { 'x-hub-signature-256': v.x_hub_signature_256 }, { appSecret: 'another-secret' }, 0, '')).toBe(false);
      expect(meta.verify(Buffer.concat([body, Buffer.from(' ')]), { 'x-hub-signature-256': v.x_hub_signature_256 }, { appSecret: v.app_secret }, 0, '')).toBe(false);
      expect(meta.verify(body, {}, { appSecret: v.app_secret }, 0, '')).toBe(false);
      expect(meta.verify(body, { 'x-hub-signature-256': v.x_hub_signature_256 }, {}, 0, '')).toBe(false);
    }
  });
});

describe('meta: mapping rules beyond the recorded files', () => {
  const page = (messaging: unknown[], extra: Record<string, unknown> = {}) => ({ object: 'page', entry: [{ id: 'PAGE', time: 1764583260000, messaging, ...extra }] });
  const T = 1764583200000; // 2025-12-01T10:00:00Z

  it('a postback with its mid (Graph API v8+) is the customer asking: message.received', () => {
    const body = page([{ sender: { id: 'PSID1' }, recipient: { id: 'PAGE' }, timestamp: T, postback: { title: 'Get Started', payload: 'GET_STARTED', mid: 'm_POSTBACK1' } }]);
    expect(map(body)).toEqual({ events: [received('m_POSTBACK1', T, 'PSID1')], ignored: 0 });
  });

  it('a conversation: in, echo (out), delivery with mids, read watermark: one session; statuses in it', () => {
    const body = page([
      { sender: { id: 'PSID1' }, recipient: { id: 'PAGE' }, timestamp: T, message: { mid: 'm_IN1', text: 'hi' } },
      { sender: { id: 'PAGE' }, recipient: { id: 'PSID1' }, timestamp: T + 60_000, message: { mid: 'm_OUT1', is_echo: true, app_id: 1, text: 'hello' } },
      { sender: { id: 'PAGE' }, recipient: { id: 'PSID1' }, timestamp: T + 70_000, message: { mid: 'm_OUT2', is_echo: true, app_id: 1, text: 'how can I help?' } },
      { sender: { id: 'PSID1' }, recipient: { id: 'PAGE' }, delivery: { mids: ['m_OUT1'], watermark: T + 60_000 } },
      { sender: { id: 'PSID1' }, recipient: { id: 'PAGE' }, timestamp: T + 120_000, read: { watermark: T + 70_000 } },
    ]);
    const c = (e: MadeEvent) => ({ ...e, conversationId: conv('PSID1', 'm_IN1') });
    expect(map(body)).toEqual({
      events: [
        c(received('m_IN1', T, 'PSID1')),
        c(sent('m_OUT1', T + 60_000, 'PSID1')),
        // No timestamp on the delivery: the entry's time (T + 60 s), at or after the watermark. Its
        // mid and its watermark cover the same message: one status. Events come in time order.
        c(status('delivered', 'm_OUT1', 1764583260000, 'PSID1')),
        c(sent('m_OUT2', T + 70_000, 'PSID1')),
        c(status('read', 'm_OUT1', T + 120_000, 'PSID1')),
        c(status('read', 'm_OUT2', T + 120_000, 'PSID1')),
      ],
      ignored: 0,
    });
  });

  it("standby items (another app controls the thread) are the page's messages; changes and other items are ignored", () => {
    const body = {
      object: 'page',
      entry: [
        { id: 'PAGE', time: T, standby: [{ sender: { id: 'PSID2' }, recipient: { id: 'PAGE' }, timestamp: T, message: { mid: 'm_SB1', text: 'x' } }] },
        { id: 'PAGE', time: T, changes: [{ field: 'feed', value: {} }, { field: 'mention', value: {} }] },
        { id: 'PAGE', time: T },
        'not an entry',
        { id: 'PAGE', time: T, messaging: [{ sender: { id: 'PSID2' }, message_edit: { mid: 'm_SB1', text: 'y', num_edit: 1 } }, { sender: { id: 'PSID2' }, optin: { ref: 'x' } }, null] },
      ],
    };
    expect(map(body)).toEqual({ events: [received('m_SB1', T, 'PSID2')], ignored: 2 + 1 + 1 + 3 });
  });

  it('items missing what an event needs (mid, sender, an instant) are ignored; numeric ids are taken as written', () => {
    const body = page([
      { sender: { id: 'PSID3' }, timestamp: T, message: { text: 'no mid' } },
      { recipient: { id: 'PAGE' }, timestamp: T, message: { mid: 'm_NOSENDER' } },
      { sender: { id: 'PSID3' }, message: { mid: 'm_NOTIME' } },
      { sender: { id: 'PSID3' }, timestamp: 'yesterday', message: { mid: 'm_BADTIME' } },
      { sender: { id: 'PSID3' }, timestamp: T, delivery: { watermark: 'soon' } },
      { sender: { id: 12345 }, recipient: { id: 'PAGE' }, timestamp: T, message: { mid: 'm_NUMERIC' } },
    ]);
    expect(map(body)).toEqual({ events: [received('m_NUMERIC', T, '12345')], ignored: 5 });
  });

  it('bodies that are not Messenger or Instagram: one ignored', () => {
    for (const body of [null, [], 'page', {}, { object: 'whatsapp_business_account', entry: [] }, { object: 'page' }, { object: 'user', entry: [{}] }, { object: 'page', entry: [] }])
      expect(parseMeta(body)).toEqual({ items: [], ignored: 1 });
  });

  it("the connection's channel override wins over the payload's", () => {
    const body = { object: 'instagram', entry: [{ id: 'IG', time: T, messaging: [{ sender: { id: 'IGSID' }, recipient: { id: 'IG' }, timestamp: T, message: { mid: 'm_IG' } }] }] };
    const events = sessionEvents({ ...CONN, channel: 'insta-eu', channelOverride: true }, parseMeta(body).items, { messages: new Map(), sent: new Map() });
    expect(events.map((e) => e.channel)).toEqual(['insta-eu']);
    expect(sessionEvents(CONN, parseMeta(body).items, { messages: new Map(), sent: new Map() }).map((e) => e.channel)).toEqual(['instagram']);
  });
});

describe('metaTimestampMs', () => {
  it('ms integers, Unix seconds (as the dashboard sample sends), ISO-8601 text; nothing else', () => {
    expect(metaTimestampMs(1480279487147)).toBe(1480279487147);
    expect(metaTimestampMs('1480279487147')).toBe(1480279487147);
    expect(metaTimestampMs('1527459824')).toBe(1527459824000);
    expect(metaTimestampMs(1527459824)).toBe(1527459824000);
    expect(metaTimestampMs('2021-09-08T06:34:04+0000')).toBe(Date.UTC(2021, 8, 8, 6, 34, 4));
    expect(metaTimestampMs('2021-09-08T08:34:04.5+02:00')).toBe(Date.UTC(2021, 8, 8, 6, 34, 4, 500));
    for (const bad of [0, -1, 1.5, '', 'x', '2021-09-08', '2021-13-45T99:99:99Z', null, {}, [], Number.MAX_VALUE, '1e12']) expect(metaTimestampMs(bad)).toBeUndefined();
  });
});
