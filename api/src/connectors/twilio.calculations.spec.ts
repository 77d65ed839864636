import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type MadeEvent, type SessionConnection, sessionEvents } from './sessions.calculations.js';
import { parseTwilio, twilio, twilioAddress, twilioParamString, urlVariants, verifyTwilioSignature } from './twilio.calculations.js';

/** The recorded bodies (fixtures/webhooks/twilio: botbuilder, chatwoot, twilio-python; MIT) and ours (twilio-parley). */
const FIXTURES = join(__dirname, '../../../fixtures/webhooks');
const DIR = join(FIXTURES, 'twilio');
/** A recorded file as the raw bytes Twilio posts: `.txt` files are exact form bodies, `.json` ones parameter objects (form-encoded here). */
const rawOf = (file: string): Buffer =>
  file.endsWith('.txt') ? readFileSync(join(DIR, file)) : Buffer.from(new URLSearchParams(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, string>).toString());
const ours = JSON.parse(readFileSync(join(FIXTURES, 'twilio-parley/cases.json'), 'utf8')) as Record<string, string>;
const VECTORS = JSON.parse(readFileSync(join(DIR, 'signature_vectors.json'), 'utf8'));

const CONN: SessionConnection = { id: 'Tw0123456789abcdefghij', prefix: 'tw', channel: 'sms', sender: { type: 'agent', id: 'Front desk' }, sessionGapMs: 24 * 3_600_000 };
const P = 'tw:Tw0123456789abcdefghij:';
/** Twilio payloads carry no time: every event is at the delivery's arrival. */
const NOW = Date.UTC(2025, 11, 5, 14, 30, 0);
const conv = (contact: string, first: string) => `${P}c:${createHash('sha256').update(`${contact}\u0000${first}`).digest('base64url').slice(0, 22)}`;
const common = (contact: string, sid: string, channel: string) => ({
  occurredAt: '2025-12-05T14:30:00.000Z',
  conversationId: conv(contact, sid),
  contactId: contact,
  channel,
  messageId: `Tw0123456789abcdefghij:${sid}`,
});
const received = (sid: string, contact: string, channel: string): MadeEvent => ({ id: `${P}in:${sid}`, type: 'message.received', ...common(contact, sid, channel), sender: { type: 'customer' } });
const sent = (sid: string, contact: string, channel: string): MadeEvent => ({ id: `${P}out:${sid}`, type: 'message.sent', ...common(contact, sid, channel), sender: { type: 'agent', id: 'Front desk' } });
const status = (s: 'delivered' | 'read' | 'failed', sid: string, contact: string, channel: string): MadeEvent => ({ id: `${P}${s}:${sid}`, type: `message.${s}`, ...common(contact, sid, channel) });

const map = (raw: Buffer | string, c = CONN) => {
  const parsed = parseTwilio(twilio.decode!(Buffer.from(raw)), NOW);
  return { events: sessionEvents(c, parsed.items, { messages: new Map(), sent: new Map() }), ignored: parsed.ignored };
};

const RECORDED: Record<string, { events: MadeEvent[]; ignored: number }> = {
  'sms_inbound.txt': { events: [received('SMc56324aa4a31735561b7205472192d68', '+541138050810', 'sms')], ignored: 0 },
  // `whatsapp:` addresses: channel whatsapp, the contact is the number without the prefix.
  'whatsapp_inbound_text.txt': { events: [received('SM892512e202b34d4109b10a3893fa9640', '+31612345678', 'whatsapp')], ignored: 0 },
  'whatsapp_inbound_image.txt': { events: [received('MM21151abfaadc1fb79b782f8460862a52', '+31612345678', 'whatsapp')], ignored: 0 },
  // A status callback: the customer is `To`; the first evidence of a message makes its message.sent.
  'whatsapp_status_sent.txt': { events: [sent('SM0cec4ed334e74bcbb64eb8b6684e9654', '+31612345678', 'whatsapp')], ignored: 0 },
  'whatsapp_status_delivered.txt': {
    events: [sent('SMdf55df64a2ff4920bb0748193cfbb640', '+31612345678', 'whatsapp'), status('delivered', 'SMdf55df64a2ff4920bb0748193cfbb640', '+31612345678', 'whatsapp')],
    ignored: 0,
  },
  // Trimmed upstream (no `To`): no recipient to attribute them to. With the `To` Twilio sends, below.
  'status_failed_30008.json': { events: [], ignored: 1 },
  'status_read.json': { events: [], ignored: 1 },
};

const OURS: Record<string, { events: MadeEvent[]; ignored: number }> = {
  // Not sent yet (a queued message can still be canceled).
  sms_status_queued: { events: [], ignored: 1 },
  sms_status_sent: { events: [sent('SM8f2a7e0c1d9b4e6a8c3f5b7d9e1a2c4f', '+15125550123', 'sms')], ignored: 0 },
  sms_status_delivered: {
    events: [sent('SM8f2a7e0c1d9b4e6a8c3f5b7d9e1a2c4f', '+15125550123', 'sms'), status('delivered', 'SM8f2a7e0c1d9b4e6a8c3f5b7d9e1a2c4f', '+15125550123', 'sms')],
    ignored: 0,
  },
  // `undelivered` is message.failed (connectors.md).
  sms_status_undelivered: {
    events: [sent('SM3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b', '+15125550177', 'sms'), status('failed', 'SM3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b', '+15125550177', 'sms')],
    ignored: 0,
  },
  whatsapp_status_read: {
    events: [sent('SMdf55df64a2ff4920bb0748193cfbb640', '+31612345678', 'whatsapp'), status('read', 'SMdf55df64a2ff4920bb0748193cfbb640', '+31612345678', 'whatsapp')],
    ignored: 0,
  },
  whatsapp_status_failed: {
    events: [sent('SM7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a', '+31612345679', 'whatsapp'), status('failed', 'SM7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a', '+31612345679', 'whatsapp')],
    ignored: 0,
  },
  // Not this kind's channels / not Messaging.
  messenger_inbound: { events: [], ignored: 1 },
  voice_call: { events: [], ignored: 1 },
};

describe('Twilio form bodies → events (nothing stored yet)', () => {
  it('every recorded file maps to exactly these events', () => {
    const files = readdirSync(DIR).filter((f) => /\.(txt|json)$/.test(f) && f !== 'signature_vectors.json');
    expect(files.sort()).toEqual(Object.keys(RECORDED).sort()); // no file left out
    for (const [file, want] of Object.entries(RECORDED)) expect({ file, ...map(rawOf(file)) }).toEqual({ file, ...want });
  });

  it('every case written after Twilio\'s docs maps to exactly these events', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(OURS).sort());
    for (const [name, want] of Object.entries(OURS)) expect({ name, ...map(ours[name]) }).toEqual({ name, ...want });
  });

  it('the trimmed failed status with the To Twilio sends: message.sent and message.failed', () => {
    const params = { ...(JSON.parse(readFileSync(join(DIR, 'status_failed_30008.json'), 'utf8')) as Record<string, string>), To: '+15125550100' };
    expect(map(new URLSearchParams(params).toString()).events).toEqual([
      sent('SMd560ac79e4a4d36b3ce59f1f50471986', '+15125550100', 'sms'),
      status('failed', 'SMd560ac79e4a4d36b3ce59f1f50471986', '+15125550100', 'sms'),
    ]);
  });

  it("the connection's channel, when set, wins over sms / whatsapp", () => {
    const c = { ...CONN, channel: 'twilio-eu', channelOverride: true };
    expect(map(rawOf('whatsapp_inbound_text.txt'), c).events[0].channel).toBe('twilio-eu');
    expect(map(rawOf('sms_inbound.txt'), c).events[0].channel).toBe('twilio-eu');
  });

  it('addresses', () => {
    expect(twilioAddress('+14155550100')).toEqual({ contactId: '+14155550100', channel: 'sms' });
    expect(twilioAddress('55555')).toEqual({ contactId: '55555', channel: 'sms' }); // a short code
    expect(twilioAddress('whatsapp:+14155550100')).toEqual({ contactId: '+14155550100', channel: 'whatsapp' });
    expect([twilioAddress('messenger:123'), twilioAddress('rcs:+1415'), twilioAddress(''), twilioAddress(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('what is not a Twilio Messaging webhook is ignored, never an error', () => {
  it.each([
    ['not UTF-8', Buffer.from([0xff, 0xfe, 0x41])],
    ['JSON', Buffer.from('{"MessageSid":"SM1","From":"+1"}')],
    ['empty', Buffer.alloc(0)],
    ['no From', Buffer.from('MessageSid=SM1&Body=hi')],
    ['an inbound status other than received', Buffer.from('MessageSid=SM1&From=%2B1&SmsStatus=receiving')],
    ['an unknown status', Buffer.from('MessageSid=SM1&To=%2B1&MessageStatus=partially_delivered')],
    ['a status without To', Buffer.from('MessageSid=SM1&MessageStatus=delivered')],
  ])('%s', (_, raw) => {
    const decoded = twilio.decode!(raw);
    expect(decoded === undefined ? { items: [], ignored: 1 } : parseTwilio(decoded, NOW)).toEqual({ items: [], ignored: 1 });
  });

  it('decodes the form: + is a space, %2B a plus, the first of repeated names, __proto__ is just a name', () => {
    expect({ ...(twilio.decode!(Buffer.from('Body=a+b%2Bc&Body=second&__proto__=x')) as object) }).toEqual({ Body: 'a b+c', ['__proto__']: 'x' });
  });

  it('never throws on random forms', () => {
    const names = ['MessageSid', 'SmsSid', 'From', 'To', 'MessageStatus', 'SmsStatus', 'Body', 'x'];
    const values = ['', 'whatsapp:', 'whatsapp:+1', '+1', 'sent', 'undelivered', 'received', '%', '\u0000', 'messenger:1'];
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 2000; i++) {
      const form = Array.from({ length: rnd(6) }, () => `${names[rnd(names.length)]}=${encodeURIComponent(values[rnd(values.length)])}`).join('&');
      const parsed = parseTwilio(twilio.decode!(Buffer.from(form)), NOW);
      expect(parsed.items.length + parsed.ignored).toBe(1);
    }
  });
});

describe('X-Twilio-Signature', () => {
  const pairsOf = (v: { params?: Record<string, string>; params_multi?: [string, string][] }): [string, string][] => v.params_multi ?? Object.entries(v.params ?? {});

  it.each(VECTORS.upstream.map((v: { name: string }) => [v.name, v]) as [string, any][])("twilio-python's vector: %s", (_, v: any) => {
    const raw = v.body !== undefined ? Buffer.from(v.body) : Buffer.from(new URLSearchParams(pairsOf(v)).toString());
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, v.auth_token, v.url)).toBe(true);
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, `${v.auth_token}6`, v.url)).toBe(false);
  });

  it.each(VECTORS.computed.map((v: { file: string }) => [v.file, v]) as [string, any][])('the vector computed for %s', (file, v: any) => {
    const raw = rawOf(file);
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, v.auth_token, v.url)).toBe(true);
    // Any byte of the body, the URL (another path, another query, http for https) or the token changes it.
    expect(verifyTwilioSignature(Buffer.concat([raw, Buffer.from('&X=1')]), v.x_twilio_signature, v.auth_token, v.url)).toBe(false);
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, v.auth_token, `${v.url}/`)).toBe(false);
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, v.auth_token, `${v.url}?a=1`)).toBe(false);
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, v.auth_token, v.url.replace('https:', 'http:'))).toBe(false);
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, v.auth_token.toUpperCase(), v.url)).toBe(false);
    expect(verifyTwilioSignature(raw, undefined, v.auth_token, v.url)).toBe(false);
    expect(verifyTwilioSignature(raw, v.x_twilio_signature, '', v.url)).toBe(false);
    // Parameter order in the body does not matter: they are sorted.
    const reversed = Buffer.from(new URLSearchParams([...new URLSearchParams(raw.toString())].reverse()).toString());
    expect(verifyTwilioSignature(reversed, v.x_twilio_signature, v.auth_token, v.url)).toBe(true);
  });

  it('the signed string, worked by hand', () => {
    expect(twilioParamString([['To', '+1'], ['Body', 'b'], ['From', 'x'], ['Body', 'a'], ['Body', 'a']])).toBe('BodyaBodybFromxTo+1');
    // Python sorts by code point: U+1F600 (an astral emoji) after U+FF5E, where UTF-16 order would put it before.
    expect(twilioParamString([['B', '\u{1F600}'], ['B', '\uFF5E']])).toBe('B\uFF5EB\u{1F600}');
  });

  it('URL variants: without the port, and with the default one', () => {
    expect(urlVariants('https://a.example/x?y=1')).toEqual(['https://a.example/x?y=1', 'https://a.example:443/x?y=1']);
    expect(urlVariants('http://a.example:8080/x')).toEqual(['http://a.example/x', 'http://a.example:8080/x']);
    expect(urlVariants('http://a.example/x')).toEqual(['http://a.example/x', 'http://a.example:80/x']);
  });

  it("the connector reads the header and the connection's auth token", () => {
    const v = VECTORS.computed[0];
    const raw = rawOf(v.file);
    expect(twilio.verify(raw, { 'x-twilio-signature': v.x_twilio_signature }, { authToken: v.auth_token }, 0, v.url)).toBe(true);
    expect(twilio.verify(raw, { 'x-twilio-signature': [v.x_twilio_signature] }, { authToken: v.auth_token }, 0, v.url)).toBe(false);
    expect(twilio.verify(raw, {}, { authToken: v.auth_token }, 0, v.url)).toBe(false);
    expect(twilio.verify(raw, { 'x-twilio-signature': v.x_twilio_signature }, {}, 0, v.url)).toBe(false);
  });
});
