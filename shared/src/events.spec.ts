import {
  EVENT_TYPES,
  type EventType,
  MAX_ATTRIBUTES_BYTES,
  type ValidEvent,
  formatInstantUs,
  parseInstantUs,
  validateEvent,
} from './events.js';

// Unit tests of the "Shape" and "Types" sections of /work/shared/spec/events.md.
// The server's clock is fixed: nothing here depends on when the tests run.
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0); // 2026-11-20T12:00:00.000Z

type Raw = Record<string, unknown>;

const COMMON: Raw = {
  occurredAt: '2026-11-20T09:15:02.123+01:00',
  conversationId: 'wa-conv-4711',
  contactId: 'wa-15550001111',
  channel: 'whatsapp',
};

/** One valid event of every type (the message.received one is the example of events.md). */
const VALID: Record<EventType, Raw> = {
  'conversation.opened': { id: 'ev-opened-1', type: 'conversation.opened', ...COMMON },
  'message.received': {
    id: 'wa-msg-wamid.HBgLMTU1NTA',
    type: 'message.received',
    ...COMMON,
    sender: { type: 'customer' },
    tags: ['pricing'],
    attributes: { locale: 'de-DE' },
  },
  'message.sent': { id: 'ev-sent-1', type: 'message.sent', ...COMMON, sender: { type: 'agent', id: 'agent-7' } },
  'conversation.assigned': { id: 'ev-assigned-1', type: 'conversation.assigned', ...COMMON, agentId: 'agent-7', team: 'sales' },
  'conversation.resolved': { id: 'ev-resolved-1', type: 'conversation.resolved', ...COMMON },
  'conversation.reopened': { id: 'ev-reopened-1', type: 'conversation.reopened', ...COMMON },
  'csat.submitted': { id: 'ev-csat-1', type: 'csat.submitted', ...COMMON, rating: 5 },
  conversion: { id: 'ev-conv-1', type: 'conversion', ...COMMON, value: 49.9, currency: 'EUR' },
  'message.delivered': { id: 'ev-delivered-1', type: 'message.delivered', ...COMMON, messageId: 'wamid.HBgL' },
  'message.read': { id: 'ev-read-1', type: 'message.read', ...COMMON, messageId: 'wamid.HBgL' },
  'message.failed': { id: 'ev-failed-1', type: 'message.failed', ...COMMON, messageId: 'wamid.HBgL' },
};

/** The fields each type may carry besides the common ones, as events.md's table says. */
const TYPE_FIELDS: Record<EventType, string[]> = {
  'conversation.opened': [],
  'message.received': ['sender', 'messageId'],
  'message.sent': ['sender', 'campaignId', 'messageId'],
  'conversation.assigned': ['agentId', 'team'],
  'conversation.resolved': [],
  'conversation.reopened': [],
  'csat.submitted': ['rating'],
  conversion: ['value', 'currency'],
  'message.delivered': ['messageId'],
  'message.read': ['messageId'],
  'message.failed': ['messageId'],
};
/** A value of each type-specific field that would be fine on a type that allows it. */
const TYPE_FIELD_SAMPLES: Raw = {
  sender: { type: 'customer' },
  campaignId: 'black-friday',
  messageId: 'wamid.1',
  agentId: 'agent-7',
  team: 'sales',
  rating: 4,
  value: 10,
  currency: 'EUR',
};

const CHANNEL_MESSAGE = 'channel: must be 1–32 lowercase letters, digits, "_" or "-", starting with a letter or digit';
const TYPE_MESSAGE = `type: must be one of ${EVENT_TYPES.join(', ')}`;
const FUTURE_MESSAGE = "occurredAt: must not be more than 5 minutes in the future (check the sender's clock)";
const PAST_MESSAGE = 'occurredAt: must not be before 2000-01-01';
const INVALID_DATE_MESSAGE = 'occurredAt: is not a valid date-time';
const NO_OFFSET_MESSAGE = 'occurredAt: must include an offset (Z or ±HH:MM)';
const NOT_ISO_MESSAGE = 'occurredAt: must be an ISO 8601 date-time like 2026-11-20T09:15:02.123+01:00';

/** A valid event of `type` with `patch` applied; a patch value of `undefined` removes the field. */
function ev(type: EventType, patch: Raw = {}): Raw {
  const out: Raw = { ...VALID[type], ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete out[k];
  return out;
}

function accepted(raw: unknown, nowMs = NOW): ValidEvent {
  const r = validateEvent(raw, nowMs);
  if (!r.ok) throw new Error(`expected the event to be accepted, got: ${JSON.stringify(r.errors)}`);
  return r.event;
}

function errorsOf(raw: unknown, nowMs = NOW): string[] {
  const r = validateEvent(raw, nowMs);
  if (r.ok) throw new Error(`expected the event to be rejected, but it was accepted: ${JSON.stringify(raw)}`);
  return r.errors;
}

const iso = (ms: number) => new Date(ms).toISOString(); // …T12:05:00.000Z
const usOf = (...args: [number, number, number, number, number, number, number]) => Date.UTC(...args) * 1000;

describe('the valid event of every type', () => {
  it('knows exactly the 11 types of events.md, in its order', () => {
    expect([...EVENT_TYPES]).toEqual([
      'conversation.opened',
      'message.received',
      'message.sent',
      'conversation.assigned',
      'conversation.resolved',
      'conversation.reopened',
      'csat.submitted',
      'conversion',
      'message.delivered',
      'message.read',
      'message.failed',
    ]);
  });

  it.each(EVENT_TYPES)('accepts a valid %s event and returns it unchanged with its instant', (type) => {
    const event = accepted(VALID[type]);
    expect(event).toEqual({
      ...VALID[type],
      occurredAtUs: usOf(2026, 10, 20, 8, 15, 2, 123),
      occurredAtUtc: '2026-11-20T08:15:02.123000Z',
    });
  });

  it('accepts the example of events.md verbatim (parsed from JSON)', () => {
    const json = `{
      "id": "wa-msg-wamid.HBgLMTU1NTA",
      "type": "message.received",
      "occurredAt": "2026-11-20T09:15:02.123+01:00",
      "conversationId": "wa-conv-4711",
      "contactId": "wa-15550001111",
      "channel": "whatsapp",
      "sender": { "type": "customer" },
      "tags": ["pricing"],
      "attributes": { "locale": "de-DE" }
    }`;
    expect(validateEvent(JSON.parse(json), NOW).ok).toBe(true);
  });

  it('accepts every optional field on the types that allow it', () => {
    accepted(ev('message.received', { messageId: 'wamid.HBgL', tags: [], attributes: {} }));
    accepted(ev('message.sent', { sender: { type: 'bot', id: 'bot-1' }, campaignId: 'bf-2026', messageId: 'wamid.X', tags: ['a', 'b'], attributes: { a: [1, { b: null }] } }));
    accepted(ev('conversation.assigned', { team: undefined }));
    for (const type of EVENT_TYPES) accepted(ev(type, { tags: ['vip'], attributes: { plan: 'pro' } }));
  });

  it('accepts an event with only the required fields of its type', () => {
    const required: Record<EventType, string[]> = {
      'conversation.opened': [],
      'message.received': ['sender'],
      'message.sent': ['sender'],
      'conversation.assigned': ['agentId'],
      'conversation.resolved': [],
      'conversation.reopened': [],
      'csat.submitted': ['rating'],
      conversion: ['value', 'currency'],
      'message.delivered': ['messageId'],
      'message.read': ['messageId'],
      'message.failed': ['messageId'],
    };
    for (const type of EVENT_TYPES) {
      const minimal: Raw = { id: `min-${type}`, type, ...COMMON };
      for (const f of required[type]) minimal[f] = VALID[type][f];
      expect(accepted(minimal)).toMatchObject(minimal);
    }
  });

  it('does not modify the object it validates', () => {
    const raw = Object.freeze({ ...VALID['message.sent'], sender: Object.freeze({ type: 'bot', id: 'b' }) });
    const copy = JSON.parse(JSON.stringify(raw));
    accepted(raw);
    expect(raw).toEqual(copy);
  });
});

describe('an event that is not an object', () => {
  it.each([
    ['null', null],
    ['an array', [VALID['conversation.opened']]],
    ['a string', 'event'],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects %s', (_label, raw) => {
    expect(validateEvent(raw, NOW)).toEqual({ ok: false, errors: ['event: must be a JSON object'] });
  });
});

describe('required fields of every type', () => {
  const common = ['id', 'type', 'occurredAt', 'conversationId', 'contactId', 'channel'];
  const required: Record<EventType, string[]> = {
    'conversation.opened': [],
    'message.received': ['sender'],
    'message.sent': ['sender'],
    'conversation.assigned': ['agentId'],
    'conversation.resolved': [],
    'conversation.reopened': [],
    'csat.submitted': ['rating'],
    conversion: ['value', 'currency'],
    'message.delivered': ['messageId'],
    'message.read': ['messageId'],
    'message.failed': ['messageId'],
  };
  for (const type of EVENT_TYPES) {
    for (const field of [...common.filter((f) => f !== 'type'), ...required[type]]) {
      it(`${type} without ${field}: "${field}: is required"`, () => {
        expect(errorsOf(ev(type, { [field]: undefined }))).toEqual([`${field}: is required`]);
      });
    }
  }

  it('reports every missing field of an empty object at once', () => {
    expect(errorsOf({})).toEqual([
      'type: is required',
      'id: is required',
      'occurredAt: is required',
      'conversationId: is required',
      'contactId: is required',
      'channel: is required',
    ]);
  });

  it('reports all of a conversion without value and currency', () => {
    expect(errorsOf(ev('conversion', { value: undefined, currency: undefined }))).toEqual(['value: is required', 'currency: is required']);
  });
});

describe('type', () => {
  it.each([
    ['an unknown type', 'message.deleted'],
    ['a wrong case', 'Message.Received'],
    ['an empty string', ''],
    ['a number', 1],
    ['null', null],
    ['an array', ['message.received']],
  ])('rejects %s with the list of types', (_label, type) => {
    expect(errorsOf(ev('message.received', { type }))).toEqual([TYPE_MESSAGE]);
  });

  it('with an unknown type still checks the common fields and unknown fields', () => {
    const r = validateEvent(ev('conversation.opened', { type: 'message.deleted', id: 'x\u0001', channel: 'WhatsApp', tags: 'vip', foo: 1 }), NOW);
    expect(r).toEqual({
      ok: false,
      id: 'x\u0001',
      errors: [TYPE_MESSAGE, 'id: must not contain control characters', CHANNEL_MESSAGE, 'tags: must be an array of strings', 'foo: is not a known field'],
    });
  });

  it('with an unknown type does not call fields of other types unknown', () => {
    expect(errorsOf(ev('csat.submitted', { type: 'csat', sender: { type: 'customer' }, agentId: 'a' }))).toEqual([TYPE_MESSAGE]);
  });
});

/** The "1–N printable characters" fields, each on a type that allows it. */
const PRINTABLE: { field: string; type: EventType; max: number; required: boolean; set: (v: unknown) => Raw }[] = [
  { field: 'id', type: 'conversation.opened', max: 128, required: true, set: (id) => ev('conversation.opened', { id }) },
  { field: 'conversationId', type: 'message.received', max: 128, required: true, set: (conversationId) => ev('message.received', { conversationId }) },
  { field: 'contactId', type: 'conversion', max: 128, required: true, set: (contactId) => ev('conversion', { contactId }) },
  { field: 'sender.id', type: 'message.sent', max: 128, required: true, set: (id) => ev('message.sent', { sender: id === undefined ? { type: 'bot' } : { type: 'bot', id } }) },
  { field: 'campaignId', type: 'message.sent', max: 128, required: false, set: (campaignId) => ev('message.sent', { campaignId }) },
  { field: 'messageId', type: 'message.received', max: 256, required: false, set: (messageId) => ev('message.received', { messageId }) },
  { field: 'messageId', type: 'message.sent', max: 256, required: false, set: (messageId) => ev('message.sent', { messageId }) },
  { field: 'messageId', type: 'message.delivered', max: 256, required: true, set: (messageId) => ev('message.delivered', { messageId }) },
  { field: 'messageId', type: 'message.read', max: 256, required: true, set: (messageId) => ev('message.read', { messageId }) },
  { field: 'messageId', type: 'message.failed', max: 256, required: true, set: (messageId) => ev('message.failed', { messageId }) },
  { field: 'agentId', type: 'conversation.assigned', max: 128, required: true, set: (agentId) => ev('conversation.assigned', { agentId }) },
  { field: 'team', type: 'conversation.assigned', max: 128, required: false, set: (team) => ev('conversation.assigned', { team }) },
];

describe.each(PRINTABLE)('$field on $type (1–$max printable characters)', ({ field, max, required, set }) => {
  it('accepts 1 character', () => {
    accepted(set('x'));
  });

  it(`accepts ${max} characters and rejects ${max + 1}`, () => {
    accepted(set('a'.repeat(max)));
    expect(errorsOf(set('a'.repeat(max + 1)))).toEqual([`${field}: must be at most ${max} characters`]);
  });

  it('counts characters as code points, not UTF-16 units (emoji)', () => {
    const emoji = '😀'; // 2 UTF-16 units, 1 code point
    expect(emoji.repeat(max).length).toBe(2 * max);
    accepted(set(emoji.repeat(max)));
    accepted(set('a'.repeat(max - 1) + emoji));
    expect(errorsOf(set(emoji.repeat(max + 1)))).toEqual([`${field}: must be at most ${max} characters`]);
  });

  it('accepts printable non-ASCII text and inner spaces', () => {
    accepted(set('Zoë · 中文 ✓ ü-ß'));
  });

  it('rejects an empty string', () => {
    expect(errorsOf(set(''))).toEqual([`${field}: must not be empty`]);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['a boolean', true],
    ['an object', { value: 'x' }],
    ['an array', ['x']],
  ])('rejects %s: must be a string', (_label, value) => {
    expect(errorsOf(set(value))).toEqual([`${field}: must be a string`]);
  });

  it.each([
    ['NUL', '\u0000'],
    ['U+0001', '\u0001'],
    ['tab', '\t'],
    ['newline', '\n'],
    ['carriage return', '\r'],
    ['escape', '\u001b'],
    ['U+001F', '\u001f'],
    ['DEL', '\u007f'],
    ['C1 U+0080', '\u0080'],
    ['C1 U+0085 (next line)', '\u0085'],
    ['C1 U+009F', '\u009f'],
  ])('rejects the control character %s', (_label, c) => {
    expect(errorsOf(set(`ab${c}cd`))).toEqual([`${field}: must not contain control characters`]);
    expect(errorsOf(set(c))).toEqual([`${field}: must not contain control characters`]);
  });

  it('rejects an unpaired surrogate (not a character; PostgreSQL cannot store it)', () => {
    expect(errorsOf(set('a\ud800b'))).toEqual([`${field}: must not contain unpaired surrogates (invalid Unicode)`]);
    expect(errorsOf(set('\udc00'))).toEqual([`${field}: must not contain unpaired surrogates (invalid Unicode)`]);
  });

  it('reports both a length and a control-character error at once', () => {
    expect(errorsOf(set('\n'.repeat(max + 1)))).toEqual([
      `${field}: must be at most ${max} characters`,
      `${field}: must not contain control characters`,
    ]);
  });

  if (required) {
    it('is required', () => {
      expect(errorsOf(set(undefined))).toEqual([`${field}: is required`]);
    });
  } else {
    it('is optional', () => {
      const raw = set(undefined);
      expect(raw).not.toHaveProperty(field);
      accepted(raw);
    });
  }
});

describe('id', () => {
  it('returns the id of a rejected event so the client can match it', () => {
    const r = validateEvent(ev('message.received', { channel: 'BAD' }), NOW);
    expect(r).toEqual({ ok: false, id: 'wa-msg-wamid.HBgLMTU1NTA', errors: [CHANNEL_MESSAGE] });
  });

  it('returns no id when the id is not a string', () => {
    const r = validateEvent(ev('message.received', { id: 7 }), NOW);
    expect(r).toEqual({ ok: false, errors: ['id: must be a string'] });
  });
});

describe('channel', () => {
  it.each(['whatsapp', 'messenger', 'instagram', 'sms', 'webchat', 'telegram', 'email', 'twitter'])('accepts the well-known value %s', (channel) => {
    expect(accepted(ev('message.received', { channel })).channel).toBe(channel);
  });

  it.each(['line', 'viber', 'my-connector_2', '0', 'a', '9-lives', 'a_', 'a-', 'x'.repeat(32), 'a' + '_-0'.repeat(10) + 'z'])('accepts another value: %s', (channel) => {
    accepted(ev('message.received', { channel }));
  });

  it.each([
    ['empty', ''],
    ['capitals', 'WhatsApp'],
    ['all capitals', 'SMS'],
    ['33 characters', 'x'.repeat(33)],
    ['a leading underscore', '_chat'],
    ['a leading hyphen', '-chat'],
    ['a space', 'web chat'],
    ['a dot', 'wa.me'],
    ['a slash', 'wa/1'],
    ['a non-ASCII letter', 'tëlegram'],
    ['a trailing newline', 'whatsapp\n'],
    ['a leading space', ' whatsapp'],
  ])('rejects %s', (_label, channel) => {
    expect(errorsOf(ev('message.received', { channel }))).toEqual([CHANNEL_MESSAGE]);
  });

  it.each([
    ['a number', 1],
    ['null', null],
  ])('rejects %s: must be a string', (_label, channel) => {
    expect(errorsOf(ev('message.received', { channel }))).toEqual(['channel: must be a string']);
  });
});

describe('sender', () => {
  describe('on message.received: {"type":"customer"} without id', () => {
    it('accepts {"type":"customer"}', () => {
      expect(accepted(ev('message.received'))).toMatchObject({ sender: { type: 'customer' } });
    });

    it('rejects an id: the contact is contactId', () => {
      expect(errorsOf(ev('message.received', { sender: { type: 'customer', id: 'wa-15550001111' } }))).toEqual(['sender.id: is not a known field']);
    });

    it.each(['agent', 'bot', 'Customer', '', 'contact'])('rejects sender.type %j', (type) => {
      expect(errorsOf(ev('message.received', { sender: { type } }))).toEqual(['sender.type: must be "customer" on message.received']);
    });

    it('rejects an agent sender with an id (both problems)', () => {
      expect(errorsOf(ev('message.received', { sender: { type: 'agent', id: 'agent-7' } }))).toEqual([
        'sender.type: must be "customer" on message.received',
        'sender.id: is not a known field',
      ]);
    });

    it('rejects a sender without a type', () => {
      expect(errorsOf(ev('message.received', { sender: {} }))).toEqual(['sender.type: must be "customer" on message.received']);
    });

    it('rejects other fields in sender', () => {
      expect(errorsOf(ev('message.received', { sender: { type: 'customer', name: 'Ann' } }))).toEqual(['sender.name: is not a known field']);
    });

    it.each([
      ['a string', 'customer'],
      ['null', null],
      ['an array', [{ type: 'customer' }]],
    ])('rejects %s', (_label, sender) => {
      expect(errorsOf(ev('message.received', { sender }))).toEqual(['sender: must be an object like {"type":"customer"}']);
    });
  });

  describe('on message.sent: {"type":"agent"|"bot","id":"…"}', () => {
    it.each(['agent', 'bot'])('accepts type %s with an id', (type) => {
      expect(accepted(ev('message.sent', { sender: { type, id: `${type}-1` } }))).toMatchObject({ sender: { type, id: `${type}-1` } });
    });

    it.each(['customer', 'Agent', 'system', ''])('rejects sender.type %j', (type) => {
      expect(errorsOf(ev('message.sent', { sender: { type, id: 'agent-7' } }))).toEqual(['sender.type: must be "agent" or "bot" on message.sent']);
    });

    it('rejects a customer sender without id (both problems)', () => {
      expect(errorsOf(ev('message.sent', { sender: { type: 'customer' } }))).toEqual([
        'sender.type: must be "agent" or "bot" on message.sent',
        'sender.id: is required',
      ]);
    });

    it('rejects an agent without id', () => {
      expect(errorsOf(ev('message.sent', { sender: { type: 'agent' } }))).toEqual(['sender.id: is required']);
    });

    it('rejects other fields in sender', () => {
      expect(errorsOf(ev('message.sent', { sender: { type: 'agent', id: 'a', name: 'Ann' } }))).toEqual(['sender.name: is not a known field']);
    });

    it.each([
      ['a string', 'agent'],
      ['null', null],
      ['an array', []],
    ])('rejects %s', (_label, sender) => {
      expect(errorsOf(ev('message.sent', { sender }))).toEqual(['sender: must be an object like {"type":"agent","id":"…"}']);
    });
  });
});

describe('fields that do not belong to the type', () => {
  it('rejects rating on a message (the example of events.md)', () => {
    expect(errorsOf(ev('message.received', { rating: 5 }))).toEqual(['rating: is not allowed on message.received events']);
  });

  for (const type of EVENT_TYPES) {
    const foreign = Object.keys(TYPE_FIELD_SAMPLES).filter((f) => !TYPE_FIELDS[type].includes(f));
    it.each(foreign)(`rejects %s on ${type}`, (field) => {
      expect(errorsOf(ev(type, { [field]: TYPE_FIELD_SAMPLES[field] }))).toEqual([`${field}: is not allowed on ${type} events`]);
    });
  }

  it('rejects sender and campaignId on a status: it describes a message, it is none', () => {
    expect(errorsOf(ev('message.read', { sender: { type: 'customer' }, campaignId: 'bf' })).sort()).toEqual([
      'campaignId: is not allowed on message.read events',
      'sender: is not allowed on message.read events',
    ]);
    expect(errorsOf(ev('message.failed', { sender: { type: 'agent', id: 'ana' } }))).toEqual(['sender: is not allowed on message.failed events']);
  });

  it('rejects a status without messageId and with a foreign field, reporting both', () => {
    expect(errorsOf(ev('message.delivered', { messageId: undefined, rating: 5 })).sort()).toEqual([
      'messageId: is required',
      'rating: is not allowed on message.delivered events',
    ]);
  });

  it('rejects campaignId on message.received: only outbound messages are broadcasts', () => {
    expect(errorsOf(ev('message.received', { campaignId: 'bf' }))).toEqual(['campaignId: is not allowed on message.received events']);
  });

  it('reports every foreign field at once', () => {
    expect(errorsOf(ev('conversation.resolved', { rating: 3, agentId: 'a', value: 1 })).sort()).toEqual([
      'agentId: is not allowed on conversation.resolved events',
      'rating: is not allowed on conversation.resolved events',
      'value: is not allowed on conversation.resolved events',
    ]);
  });
});

describe('unknown fields', () => {
  it('rejects a field the contract does not know', () => {
    expect(errorsOf(ev('message.received', { foo: 'bar' }))).toEqual(['foo: is not a known field']);
  });

  it('catches typos and snake_case', () => {
    expect(errorsOf(ev('message.received', { occurredAt: undefined, occuredAt: COMMON.occurredAt })).sort()).toEqual([
      'occuredAt: is not a known field',
      'occurredAt: is required',
    ]);
    expect(errorsOf(ev('conversation.opened', { conversation_id: 'x' }))).toEqual(['conversation_id: is not a known field']);
  });

  it('reports every unknown field', () => {
    expect(errorsOf(ev('conversation.opened', { foo: 1, bar: null, Id: 'x' })).sort()).toEqual([
      'Id: is not a known field',
      'bar: is not a known field',
      'foo: is not a known field',
    ]);
  });

  it('rejects an unknown field even when its value is undefined-like', () => {
    expect(errorsOf(ev('conversation.opened', { extra: null }))).toEqual(['extra: is not a known field']);
  });

  it('rejects a "__proto__" key of the JSON body', () => {
    const raw = JSON.parse(JSON.stringify(VALID['conversation.opened']).replace('{', '{"__proto__":{"x":1},'));
    expect(errorsOf(raw)).toEqual(['__proto__: is not a known field']);
  });
});

describe('campaignId and messageId', () => {
  it('keeps campaignId on a message.sent (a broadcast)', () => {
    expect(accepted(ev('message.sent', { campaignId: 'black-friday-2026' }))).toMatchObject({ campaignId: 'black-friday-2026' });
  });

  it('allows a messageId of 256 characters but not 257', () => {
    accepted(ev('message.sent', { messageId: 'm'.repeat(256) }));
    expect(errorsOf(ev('message.sent', { messageId: 'm'.repeat(257) }))).toEqual(['messageId: must be at most 256 characters']);
    expect(errorsOf(ev('message.sent', { campaignId: 'c'.repeat(129) }))).toEqual(['campaignId: must be at most 128 characters']);
  });
});

describe('rating (csat.submitted): integer 1–5', () => {
  it.each([1, 2, 3, 4, 5, 5.0])('accepts %p', (rating) => {
    expect(accepted(ev('csat.submitted', { rating }))).toMatchObject({ rating });
  });

  it.each([0, 6, -1, 10, 2.5, 4.999, 0.5])('rejects %p', (rating) => {
    expect(errorsOf(ev('csat.submitted', { rating }))).toEqual(['rating: must be an integer from 1 to 5']);
  });

  it.each([
    ['a string', '5'],
    ['null', null],
    ['a boolean', true],
    ['NaN', NaN],
  ])('rejects %s', (_label, rating) => {
    expect(errorsOf(ev('csat.submitted', { rating }))).toEqual(['rating: must be an integer from 1 to 5']);
  });
});

describe('value and currency (conversion)', () => {
  it.each([0, 0.01, 49.9, 1, 1e9, Number.MAX_SAFE_INTEGER, 1e308])('accepts value %p', (value) => {
    expect(accepted(ev('conversion', { value }))).toMatchObject({ value });
  });

  it.each([-0.01, -1, -1e9])('rejects the negative value %p', (value) => {
    expect(errorsOf(ev('conversion', { value }))).toEqual(['value: must be 0 or more']);
  });

  it.each([
    ['Infinity (what JSON.parse makes of 1e400)', Infinity, 'value: must be a finite number (this one overflows to Infinity)'],
    ['-Infinity (-1e400)', -Infinity, 'value: must be a finite number (this one overflows to -Infinity)'],
  ])('rejects a number that overflowed a double: %s', (_label, value, message) => {
    expect(errorsOf(ev('conversion', { value }))).toEqual([message]);
  });

  it('rejects value 1e400 as it arrives in a JSON body', () => {
    expect(errorsOf(JSON.parse(JSON.stringify(ev('conversion', { value: 1 })).replace('"value":1', '"value":1e400')))).toEqual([
      'value: must be a finite number (this one overflows to Infinity)',
    ]);
  });

  it.each([
    ['NaN', NaN],
    ['a string', '49.90'],
    ['null', null],
    ['an object', { amount: 1 }],
  ])('rejects a value that is not a finite number: %s', (_label, value) => {
    expect(errorsOf(ev('conversion', { value }))).toEqual(['value: must be a number']);
  });

  it.each(['EUR', 'USD', 'JPY', 'GBP', 'CHF', 'XXX'])('accepts currency %s', (currency) => {
    expect(accepted(ev('conversion', { currency }))).toMatchObject({ currency });
  });

  it.each(['eur', 'Eur', 'EU', 'EURO', 'E1R', '', ' EUR', 'EUR\n', '€', 'ÄBC'])('rejects currency %j', (currency) => {
    expect(errorsOf(ev('conversion', { currency }))).toEqual(['currency: must be a three-letter ISO 4217 code in capitals, like EUR']);
  });

  it('rejects a currency that is not a string', () => {
    expect(errorsOf(ev('conversion', { currency: 978 }))).toEqual(['currency: must be a string']);
  });

  it('reports value and currency problems at once', () => {
    expect(errorsOf(ev('conversion', { value: -5, currency: 'usd' }))).toEqual([
      'value: must be 0 or more',
      'currency: must be a three-letter ISO 4217 code in capitals, like EUR',
    ]);
  });
});

describe('tags: at most 20 strings of 1–64 characters', () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag-${i}`);

  it('is optional and may be empty', () => {
    accepted(ev('message.received', { tags: undefined }));
    expect(accepted(ev('message.received', { tags: [] })).tags).toEqual([]);
  });

  it('accepts 20 tags and rejects 21', () => {
    expect(accepted(ev('message.received', { tags: tags(20) })).tags).toEqual(tags(20));
    expect(errorsOf(ev('message.received', { tags: tags(21) }))).toEqual(['tags: must have at most 20 tags']);
  });

  it('accepts a tag of 64 characters and rejects 65, counting code points', () => {
    accepted(ev('message.received', { tags: ['t'.repeat(64), '🏷'.repeat(64), 'Zoë ✓'] }));
    expect(errorsOf(ev('message.received', { tags: ['ok', 't'.repeat(65)] }))).toEqual(['tags.1: must be at most 64 characters']);
    expect(errorsOf(ev('message.received', { tags: ['😀'.repeat(65)] }))).toEqual(['tags.0: must be at most 64 characters']);
  });

  it('rejects an empty tag', () => {
    expect(errorsOf(ev('message.received', { tags: ['a', ''] }))).toEqual(['tags.1: must not be empty']);
  });

  it('rejects a tag that is not a string', () => {
    expect(errorsOf(ev('message.received', { tags: ['a', 1, null] }))).toEqual(['tags.1: must be a string', 'tags.2: must be a string']);
  });

  it.each([
    ['a string', 'pricing'],
    ['an object', { 0: 'pricing' }],
    ['null', null],
  ])('rejects tags that are %s', (_label, value) => {
    expect(errorsOf(ev('message.received', { tags: value }))).toEqual(['tags: must be an array of strings']);
  });

  it('rejects NUL and unpaired surrogates in a tag (PostgreSQL cannot store them)', () => {
    expect(errorsOf(ev('message.received', { tags: ['a\u0000b', 'x\ud83d'] }))).toEqual([
      'tags.0: must not contain NUL (\\u0000)',
      'tags.1: must not contain unpaired surrogates (invalid Unicode)',
    ]);
  });

  it('reports bad tags together with the other errors of the event', () => {
    expect(errorsOf(ev('message.received', { tags: ['', 'ok', 'x'.repeat(65)], channel: 'X' }))).toEqual([
      CHANNEL_MESSAGE,
      'tags.0: must not be empty',
      'tags.2: must be at most 64 characters',
    ]);
  });

  it('does not inspect the elements of an oversized array (zod 4 caps sizes before parsing elements)', () => {
    // Deliberate: a 10 MB body of one huge tags array must not produce millions of error lines.
    const many = [...tags(20), '', 'x'.repeat(65)];
    expect(errorsOf(ev('message.received', { tags: many, channel: 'X' }))).toEqual([CHANNEL_MESSAGE, 'tags: must have at most 20 tags']);
  });
});

describe(`attributes: a JSON object of at most ${MAX_ATTRIBUTES_BYTES} bytes`, () => {
  it('is optional and may be empty or nested', () => {
    accepted(ev('message.received', { attributes: undefined }));
    accepted(ev('message.received', { attributes: {} }));
    const nested = { locale: 'de-DE', cart: { items: [1, 2, { sku: 'A-1', qty: 2 }], total: 9.5 }, flag: true, none: null };
    expect(accepted(ev('message.received', { attributes: nested })).attributes).toEqual(nested);
  });

  it.each([
    ['an array', [{ locale: 'de-DE' }]],
    ['an empty array', []],
    ['null', null],
    ['a string', '{"locale":"de-DE"}'],
    ['a number', 1],
    ['a boolean', true],
  ])('rejects %s', (_label, attributes) => {
    expect(errorsOf(ev('message.received', { attributes }))).toEqual(['attributes: must be a JSON object']);
  });

  it('accepts exactly 4096 bytes of serialized JSON and rejects 4097', () => {
    const ofBytes = (n: number) => ({ a: 'x'.repeat(n - '{"a":""}'.length) });
    expect(Buffer.byteLength(JSON.stringify(ofBytes(4096)))).toBe(4096);
    accepted(ev('message.received', { attributes: ofBytes(4096) }));
    expect(errorsOf(ev('message.received', { attributes: ofBytes(4097) }))).toEqual(['attributes: must be at most 4096 bytes as JSON']);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const two = { a: 'é'.repeat(2044) }; // 2,052 characters serialized, 4,096 bytes
    expect(JSON.stringify(two).length).toBe(2052);
    expect(Buffer.byteLength(JSON.stringify(two))).toBe(4096);
    accepted(ev('message.received', { attributes: two }));
    const over = { a: 'é'.repeat(2044) + 'x' }; // 2,053 characters, 4,097 bytes
    expect(errorsOf(ev('message.received', { attributes: over }))).toEqual(['attributes: must be at most 4096 bytes as JSON']);
    const emoji = { a: '😀'.repeat(1023) }; // 4 bytes each: 8 + 4,092 = 4,100 bytes
    expect(errorsOf(ev('message.received', { attributes: emoji }))).toEqual(['attributes: must be at most 4096 bytes as JSON']);
  });

  it('counts keys as well as values', () => {
    accepted(ev('message.received', { attributes: { ['k'.repeat(4090)]: 1 } })); // {"k…":1} is 4,096 bytes
    expect(errorsOf(ev('message.received', { attributes: { ['k'.repeat(4091)]: 1 } }))).toEqual(['attributes: must be at most 4096 bytes as JSON']);
  });

  it('rejects (does not throw on) an object nested too deep to serialize', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    expect(errorsOf(ev('message.received', { attributes: deep }))).toEqual(['attributes: must be at most 4096 bytes as JSON']);
  });

  it('rejects NUL or unpaired surrogates in any key or string, naming where (PostgreSQL jsonb cannot store them)', () => {
    expect(errorsOf(ev('message.received', { attributes: { note: 'x\u0000' } }))).toEqual(['attributes.note: must not contain NUL (\\u0000)']);
    expect(errorsOf(ev('message.received', { attributes: { ok: 1, ['k\u0000']: 1 } }))).toEqual(['attributes: key "k\\u0000" must not contain NUL (\\u0000)']);
    expect(errorsOf(ev('message.received', { attributes: { a: [{ b: ['ok', '\udc00'] }] } }))).toEqual([
      'attributes.a.0.b.1: must not contain unpaired surrogates (invalid Unicode)',
    ]);
    expect(errorsOf(ev('message.received', { attributes: { ['\ud800']: { x: '\u0000' } } }))).toEqual([
      'attributes: key "\\ud800" must not contain unpaired surrogates (invalid Unicode)',
    ]);
    // Other control characters are fine in free-form attributes, and so are paired surrogates.
    accepted(ev('message.received', { attributes: { note: 'line 1\nline 2\t✓ 😀', raw: '\\u0000' } }));
  });

  it('rejects a number that overflowed a double (1e400 parses to Infinity, which JSON would store as null)', () => {
    const raw = JSON.parse('{"attributes":{"big":1e400,"list":[1,-1e400],"small":1e-400,"max":1.7976931348623157e308}}');
    expect(errorsOf(ev('message.received', raw))).toEqual([
      'attributes.big: must be a finite number (this one overflows to Infinity)',
      'attributes.list.1: must be a finite number (this one overflows to -Infinity)',
    ]);
    // Underflow to 0 and the largest double are ordinary numbers.
    accepted(ev('message.received', { attributes: { small: 1e-400, max: Number.MAX_VALUE } }));
  });

  it('reports at most 5 such problems of one event', () => {
    const attributes = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, '\u0000']));
    expect(errorsOf(ev('message.received', { attributes }))).toEqual([0, 1, 2, 3, 4].map((i) => `attributes.k${i}: must not contain NUL (\\u0000)`));
  });
});

describe('occurredAt', () => {
  const at = (occurredAt: unknown, nowMs = NOW) => validateEvent(ev('message.received', { occurredAt }), nowMs);
  const errorsAt = (occurredAt: unknown, nowMs = NOW) => errorsOf(ev('message.received', { occurredAt }), nowMs);
  const instantOf = (occurredAt: string, nowMs = NOW) => accepted(ev('message.received', { occurredAt }), nowMs);

  describe('must have an offset or Z', () => {
    it.each([
      '2026-11-20T09:15:02Z',
      '2026-11-20T09:15:02z',
      '2026-11-20t09:15:02Z',
      '2026-11-20T09:15:02+00:00',
      '2026-11-20T09:15:02-00:00',
      '2026-11-20T10:15:02+01:00',
      '2026-11-20T10:15:02+0100',
      '2026-11-20T03:45:02-05:30',
      '2026-11-20T23:15:02+14:00',
      '2026-11-19T21:15:02-12:00',
      '2026-11-20T09:15:02.5Z',
      '2026-11-20T09:15:02,5Z',
      '2026-11-20T09:15:02.123456789Z',
    ])('accepts %s', (s) => {
      expect(at(s).ok).toBe(true);
    });

    it.each(['2026-11-20T09:15:02', '2026-11-20T09:15:02.123', '2026-11-20T09:15:02.123456'])('rejects %s without offset', (s) => {
      expect(errorsAt(s)).toEqual([NO_OFFSET_MESSAGE]);
    });

    it('says "must include an offset" as events.md shows', () => {
      expect(errorsAt('2026-11-20T09:15:02')[0]).toMatch(/^occurredAt: must include an offset/);
    });
  });

  describe('must be an ISO 8601 date-time', () => {
    it.each([
      '',
      'yesterday',
      '20 Nov 2026 09:15:02 GMT',
      'Fri, 20 Nov 2026 09:15:02 +0100',
      '2026-11-20',
      '2026-11-20 09:15:02Z',
      '1795162502',
      '20261120T091502Z',
      '2026/11/20T09:15:02Z',
      ' 2026-11-20T09:15:02Z',
    ])('rejects %j', (s) => {
      expect(errorsAt(s)).toEqual([NOT_ISO_MESSAGE]);
    });

    it.each([
      ['a number (epoch ms)', Date.UTC(2026, 10, 20)],
      ['null', null],
      ['an object', { iso: '2026-11-20T09:15:02Z' }],
    ])('rejects %s: must be a string', (_label, value) => {
      expect(errorsAt(value)).toEqual(['occurredAt: must be an ISO 8601 date-time string']);
    });
  });

  describe('must be a real date and time', () => {
    it.each([
      ['30 February', '2026-02-30T10:00:00Z'],
      ['29 February of a common year', '2026-02-29T10:00:00Z'],
      ['29 February 2100 (not leap)', '2100-02-29T10:00:00Z'],
      ['31 April', '2026-04-31T10:00:00Z'],
      ['month 13', '2026-13-01T10:00:00Z'],
      ['month 00', '2026-00-10T10:00:00Z'],
      ['day 00', '2026-11-00T10:00:00Z'],
      ['day 32', '2026-01-32T10:00:00Z'],
      ['hour 25', '2026-11-20T25:00:00Z'],
      ['hour 24', '2026-11-20T24:00:00Z'],
      ['minute 60', '2026-11-20T10:60:00Z'],
      ['offset +24:00', '2026-11-20T10:00:00+24:00'],
      ['offset minutes 60', '2026-11-20T10:00:00+01:60'],
      ['no seconds', '2026-11-20T10:00Z'],
      ['an empty fraction', '2026-11-20T10:00:00.Z'],
    ])('rejects %s (%s)', (_label, s) => {
      expect(errorsAt(s)).toEqual([INVALID_DATE_MESSAGE]);
    });

    it.each(['2026-11-20T10:00:00.1234567890Z', '2026-11-20T10:00:00,12345678901234567890+01:00'])('rejects more than 9 fractional digits: %s', (s) => {
      expect(errorsAt(s)).toEqual(['occurredAt: must have at most 9 fractional digits of a second']);
    });

    it.each(['2016-12-31T23:59:60Z', '2026-11-20T10:00:60Z', '2016-12-31T23:59:60.5+00:00'])('rejects second 60 (a leap second): %s', (s) => {
      expect(errorsAt(s)).toEqual(['occurredAt: seconds must be 00–59 (leap seconds like 23:59:60 are not accepted)']);
    });

    it.each(['275760-09-13T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '+002026-11-20T10:00:00Z'])('rejects a year that is not 4 digits: %s', (s) => {
      expect(errorsAt(s)).toEqual([NOT_ISO_MESSAGE]);
    });

    it.each([
      ['an hours-only offset', '2026-11-20T10:00:00+01'],
      ['trailing text', '2026-11-20T10:00:00Z '],
      ['a named zone', '2026-11-20T10:00:00 CET'],
    ])('rejects %s (%s) as lacking a proper offset', (_label, s) => {
      expect(errorsAt(s)).toEqual([NO_OFFSET_MESSAGE]);
    });

    it('accepts 29 February of a leap year', () => {
      expect(instantOf('2024-02-29T10:00:00Z').occurredAtUtc).toBe('2024-02-29T10:00:00.000000Z');
      expect(instantOf('2000-02-29T10:00:00Z').occurredAtUtc).toBe('2000-02-29T10:00:00.000000Z');
    });
  });

  describe('not before 2000-01-01', () => {
    it('accepts 2000-01-01T00:00:00Z exactly', () => {
      expect(instantOf('2000-01-01T00:00:00Z').occurredAtUs).toBe(usOf(2000, 0, 1, 0, 0, 0, 0));
    });

    it.each(['1999-12-31T23:59:59.999999Z', '1999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '1900-06-15T12:00:00Z', '0001-01-01T00:00:00Z'])(
      'rejects %s',
      (s) => {
        expect(errorsAt(s)).toEqual([PAST_MESSAGE]);
      },
    );

    it('compares instants, whatever the offset', () => {
      // 2000-01-01T00:30:00+01:00 is 1999-12-31T23:30:00Z.
      expect(errorsAt('2000-01-01T00:30:00+01:00')).toEqual([PAST_MESSAGE]);
      // 1999-12-31T23:30:00-01:00 is 2000-01-01T00:30:00Z.
      expect(instantOf('1999-12-31T23:30:00-01:00').occurredAtUtc).toBe('2000-01-01T00:30:00.000000Z');
    });
  });

  describe('not more than 5 minutes after the server clock (nowMs)', () => {
    const FIVE_MIN = 5 * 60 * 1000;

    it('accepts exactly 5 minutes ahead', () => {
      expect(iso(NOW + FIVE_MIN)).toBe('2026-11-20T12:05:00.000Z');
      expect(at('2026-11-20T12:05:00Z').ok).toBe(true);
      expect(at('2026-11-20T12:05:00.000000Z').ok).toBe(true);
      expect(at('2026-11-20T13:05:00+01:00').ok).toBe(true);
    });

    it('rejects 5 minutes and 1 ms ahead', () => {
      expect(errorsAt('2026-11-20T12:05:00.001Z')).toEqual([FUTURE_MESSAGE]);
      expect(errorsAt('2026-11-20T07:05:00.001-05:00')).toEqual([FUTURE_MESSAGE]);
    });

    it('rejects 5 minutes and 1 µs ahead', () => {
      expect(errorsAt('2026-11-20T12:05:00.000001Z')).toEqual([FUTURE_MESSAGE]);
    });

    it('compares the instant as stored (rounded to microseconds)', () => {
      expect(at('2026-11-20T12:05:00.0000004Z').ok).toBe(true); // stored as 12:05:00.000000
      expect(errorsAt('2026-11-20T12:05:00.0000006Z')).toEqual([FUTURE_MESSAGE]); // stored as 12:05:00.000001
    });

    it('accepts the present, the recent past and a few minutes ahead', () => {
      expect(at(iso(NOW)).ok).toBe(true);
      expect(at(iso(NOW + FIVE_MIN - 1)).ok).toBe(true);
      expect(at('2026-11-20T12:04:59.999999Z').ok).toBe(true);
      expect(at('2010-06-01T00:00:00Z').ok).toBe(true);
    });

    it('rejects far-future instants', () => {
      expect(errorsAt('2026-11-20T12:06:00Z')).toEqual([FUTURE_MESSAGE]);
      expect(errorsAt('9999-12-31T23:59:59Z')).toEqual([FUTURE_MESSAGE]);
    });

    it('uses the nowMs it is given, not the machine clock', () => {
      const later = Date.UTC(2031, 0, 1);
      expect(errorsAt('2030-12-31T23:00:00Z')).toEqual([FUTURE_MESSAGE]);
      expect(at('2030-12-31T23:00:00Z', later).ok).toBe(true);
      expect(errorsAt('2031-01-01T00:05:00.001Z', later)).toEqual([FUTURE_MESSAGE]);
      expect(at('2031-01-01T00:05:00Z', later).ok).toBe(true);
    });
  });

  describe('normalised instant of an accepted event', () => {
    it.each([
      ['2026-11-20T09:15:02.123+01:00', '2026-11-20T08:15:02.123000Z'],
      ['2026-11-20T08:15:02.123Z', '2026-11-20T08:15:02.123000Z'],
      ['2026-11-20T03:45:02.123-04:30', '2026-11-20T08:15:02.123000Z'],
      ['2026-11-20T08:15:02.123456Z', '2026-11-20T08:15:02.123456Z'],
      ['2026-11-20T08:15:02.1234564Z', '2026-11-20T08:15:02.123456Z'],
      ['2026-11-20T08:15:02.1234566Z', '2026-11-20T08:15:02.123457Z'],
      ['2026-11-20T08:15:02Z', '2026-11-20T08:15:02.000000Z'],
      ['2026-11-20T00:30:00+01:00', '2026-11-19T23:30:00.000000Z'],
      ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000000Z'],
      ['2025-12-31T23:59:59.9999996Z', '2026-01-01T00:00:00.000000Z'],
    ])('%s is stored as %s', (s, utc) => {
      const event = instantOf(s);
      expect(event.occurredAtUtc).toBe(utc);
      expect(event.occurredAtUs).toBe(parseInstantUs(utc));
      expect(event.occurredAt).toBe(s); // the original string is kept as sent
    });
  });
});

describe('parseInstantUs', () => {
  it('parses to microseconds since the epoch, applying the offset', () => {
    expect(parseInstantUs('2026-11-20T09:15:02.123+01:00')).toBe(usOf(2026, 10, 20, 8, 15, 2, 123));
    expect(parseInstantUs('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseInstantUs('1970-01-01T00:00:00.000001Z')).toBe(1);
    expect(parseInstantUs('2000-01-01T00:00:00Z')).toBe(946_684_800_000_000);
  });

  it('gives the same instant for every way of writing it', () => {
    const us = usOf(2026, 10, 20, 8, 15, 2, 0) + 123_456;
    for (const s of [
      '2026-11-20T08:15:02.123456Z',
      '2026-11-20t08:15:02.123456z',
      '2026-11-20T08:15:02,123456Z',
      '2026-11-20T08:15:02.123456+00:00',
      '2026-11-20T08:15:02.123456-00:00',
      '2026-11-20T08:15:02.123456000Z',
      '2026-11-20T09:15:02.123456+01:00',
      '2026-11-20T09:15:02.123456+0100',
      '2026-11-20T13:45:02.123456+05:30',
      '2026-11-19T22:15:02.123456-10:00',
      '2026-11-20T08:15:02.1234564Z',
      '2026-11-20T08:15:02.1234555Z',
    ]) {
      expect([s, parseInstantUs(s)]).toEqual([s, us]);
    }
  });

  it('keeps 1 to 6 fractional digits exactly', () => {
    const base = usOf(2026, 0, 1, 0, 0, 0, 0);
    expect(parseInstantUs('2026-01-01T00:00:00.1Z')).toBe(base + 100_000);
    expect(parseInstantUs('2026-01-01T00:00:00.12Z')).toBe(base + 120_000);
    expect(parseInstantUs('2026-01-01T00:00:00.123Z')).toBe(base + 123_000);
    expect(parseInstantUs('2026-01-01T00:00:00.000001Z')).toBe(base + 1);
    expect(parseInstantUs('2026-01-01T00:00:00.999999Z')).toBe(base + 999_999);
  });

  it('rounds 7 to 9 fractional digits to the nearest microsecond', () => {
    const base = usOf(2026, 0, 1, 0, 0, 0, 0);
    expect(parseInstantUs('2026-01-01T00:00:00.0000004Z')).toBe(base);
    expect(parseInstantUs('2026-01-01T00:00:00.0000006Z')).toBe(base + 1);
    expect(parseInstantUs('2026-01-01T00:00:00.00000049Z')).toBe(base);
    expect(parseInstantUs('2026-01-01T00:00:00.000000501Z')).toBe(base + 1);
    expect(parseInstantUs('2026-01-01T00:00:00.123456789Z')).toBe(base + 123_457);
    expect(parseInstantUs('2026-01-01T00:00:00.999999499Z')).toBe(base + 999_999);
  });

  it('carries a rounding into the next second, day and year', () => {
    expect(parseInstantUs('2026-12-31T23:59:59.9999996Z')).toBe(usOf(2027, 0, 1, 0, 0, 0, 0));
    expect(parseInstantUs('2026-03-01T00:59:59.99999999+01:00')).toBe(usOf(2026, 2, 1, 0, 0, 0, 0));
  });

  it('crosses day, month and year boundaries with offsets', () => {
    expect(parseInstantUs('2026-01-01T00:30:00+01:00')).toBe(usOf(2025, 11, 31, 23, 30, 0, 0));
    expect(parseInstantUs('2025-12-31T20:00:00-04:00')).toBe(usOf(2026, 0, 1, 0, 0, 0, 0));
    expect(parseInstantUs('2024-03-01T00:00:00+00:01')).toBe(usOf(2024, 1, 29, 23, 59, 0, 0));
  });

  it.each([
    '2026-11-20T09:15:02',
    '2026-11-20 09:15:02Z',
    '2026-11-20T09:15Z',
    '2026-02-30T00:00:00Z',
    '2026-11-20T25:00:00Z',
    '2026-11-20T23:60:00Z',
    '2026-11-20T23:59:60Z',
    '2026-11-20T10:00:00+24:00',
    '2026-11-20T10:00:00+01:60',
    '2026-11-20T10:00:00.1234567890Z',
    'not a date',
    '',
  ])('returns null for %j', (s) => {
    expect(parseInstantUs(s)).toBeNull();
  });
});

describe('formatInstantUs', () => {
  it('formats in UTC with 6 fractional digits', () => {
    expect(formatInstantUs(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(formatInstantUs(1)).toBe('1970-01-01T00:00:00.000001Z');
    expect(formatInstantUs(999)).toBe('1970-01-01T00:00:00.000999Z');
    expect(formatInstantUs(1000)).toBe('1970-01-01T00:00:00.001000Z');
    expect(formatInstantUs(usOf(2026, 10, 20, 8, 15, 2, 123) + 456)).toBe('2026-11-20T08:15:02.123456Z');
    expect(formatInstantUs(usOf(2000, 0, 1, 0, 0, 0, 0))).toBe('2000-01-01T00:00:00.000000Z');
    // Exact while microseconds stay below 2^53 (until the year 2255); occurredAt is never that late.
    expect(formatInstantUs(usOf(2199, 11, 31, 23, 59, 59, 999) + 999)).toBe('2199-12-31T23:59:59.999999Z');
  });

  it('round-trips with parseInstantUs', () => {
    for (const s of ['2000-01-01T00:00:00.000000Z', '2026-11-20T08:15:02.123456Z', '2026-12-31T23:59:59.999999Z', '2024-02-29T12:00:00.000001Z']) {
      expect(formatInstantUs(parseInstantUs(s)!)).toBe(s);
    }
    for (const us of [1, 946_684_800_000_000, 1_795_162_502_123_456, 1_798_761_599_999_999]) {
      expect(parseInstantUs(formatInstantUs(us))).toBe(us);
    }
  });
});

describe('every error of one event, at once, each starting with its field', () => {
  it('reports every problem of a badly broken event', () => {
    const raw = {
      id: '',
      type: 'message.sent',
      occurredAt: '2026-11-20T09:15:02',
      conversationId: 'c'.repeat(129),
      contactId: 'k\u0007',
      channel: 'Web Chat',
      sender: { type: 'customer' },
      campaignId: 42,
      messageId: '',
      rating: 5,
      tags: ['', 'ok'],
      attributes: [],
      colour: 'red',
    };
    const r = validateEvent(raw, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.id).toBe('');
    expect([...r.errors].sort()).toEqual(
      [
        'id: must not be empty',
        NO_OFFSET_MESSAGE,
        'conversationId: must be at most 128 characters',
        'contactId: must not contain control characters',
        CHANNEL_MESSAGE,
        'sender.type: must be "agent" or "bot" on message.sent',
        'sender.id: is required',
        'campaignId: must be a string',
        'messageId: must not be empty',
        'rating: is not allowed on message.sent events',
        'tags.0: must not be empty',
        'attributes: must be a JSON object',
        'colour: is not a known field',
      ].sort(),
    );
  });

  it('reports a schema error and a time-range error together', () => {
    expect(errorsOf(ev('csat.submitted', { occurredAt: '1999-01-01T00:00:00Z', rating: 9 })).sort()).toEqual([
      PAST_MESSAGE,
      'rating: must be an integer from 1 to 5',
    ]);
    expect(errorsOf(ev('conversion', { occurredAt: '2026-11-20T12:10:00Z', currency: 'eur', foo: 1 })).sort()).toEqual([
      'currency: must be a three-letter ISO 4217 code in capitals, like EUR',
      'foo: is not a known field',
      FUTURE_MESSAGE,
    ]);
  });

  const FIELD_NAMES = ['id', 'type', 'occurredAt', 'conversationId', 'contactId', 'channel', 'sender', 'campaignId', 'messageId', 'agentId', 'team', 'rating', 'value', 'currency', 'tags', 'attributes'];
  const BROKEN: Raw[] = [
    {},
    ev('message.received', { id: 1, type: 'message.sent', occurredAt: 5, conversationId: null, contactId: [], channel: '' }),
    ev('message.received', { sender: { type: 'bot', id: 'b', x: 1 }, campaignId: 'c', agentId: 'a', tags: [1], attributes: null }),
    ev('message.sent', { sender: null, messageId: 'm'.repeat(300), value: -1, currency: 'x' }),
    ev('conversation.assigned', { agentId: '', team: '\u0000', rating: 0, zzz: 1 }),
    ev('conversion', { value: '1', currency: undefined, occurredAt: '2026-02-30T00:00:00Z', tags: Array(30).fill('t') }),
    ev('csat.submitted', { rating: undefined, type: 'csat', sender: 1 }),
  ];

  it.each(BROKEN.map((raw, i) => [i, raw] as const))('case %i: every error is "<field>: <problem>"', (_i, raw) => {
    const errors = errorsOf(raw);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*): (\S.*)$/.exec(error);
      expect([error, m !== null]).toEqual([error, true]);
      const field = m![1];
      // Either a field of events.md, or an unknown field the event carries.
      if (!FIELD_NAMES.includes(field)) expect(errors).toContain(`${field}: is not a known field`);
      else if (m![2]) expect(['sender', 'tags']).toContain(field); // nested: sender.type, sender.id, tags.N
    }
    // No error is reported twice.
    expect(new Set(errors).size).toBe(errors.length);
  });
});

describe('attributes keep every key as sent', () => {
  it('a "__proto__" key inside attributes is stored, not dropped, and counts toward the size limit', () => {
    const raw = JSON.parse(JSON.stringify(ev('conversation.opened')).replace(/}$/, ',"attributes":{"__proto__":{"x":1},"a":2}}'));
    const event = accepted(raw);
    expect(JSON.stringify(event.attributes)).toBe('{"__proto__":{"x":1},"a":2}');
    const big = JSON.parse(JSON.stringify(ev('conversation.opened')).replace(/}$/, `,"attributes":{"__proto__":"${'x'.repeat(4100)}"}}`));
    expect(errorsOf(big)).toEqual(['attributes: must be at most 4096 bytes as JSON']);
  });
});
