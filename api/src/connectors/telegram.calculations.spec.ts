import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { QUOTE_WINDOW_MS, TELEGRAM_NOTE, parseTelegram, telegram } from './telegram.calculations.js';
import { type MadeEvent, type SessionConnection, sessionEvents } from './sessions.calculations.js';

/** The recorded updates (fixtures/webhooks/telegram: teloxide, bottender, chatwoot; MIT) and ours (telegram-parley). */
const FIXTURES = join(__dirname, '../../../fixtures/webhooks');
const recorded = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, 'telegram', file), 'utf8'));
const ours = JSON.parse(readFileSync(join(FIXTURES, 'telegram-parley/cases.json'), 'utf8')) as Record<string, unknown>;

const CONN: SessionConnection = { id: 'Tg0123456789abcdefghij', prefix: 'tg', channel: 'telegram', sender: { type: 'bot', id: 'shop-bot' }, sessionGapMs: 24 * 3_600_000 };
const P = 'tg:Tg0123456789abcdefghij:';
/** Session conversation: prefix, `c:`, 22 characters of SHA-256(contact NUL first message's platform id = chat:message). */
const conv = (contact: string, first: string) => `${P}c:${createHash('sha256').update(`${contact}\u0000${first}`).digest('base64url').slice(0, 22)}`;
const at = (unix: number) => new Date(unix * 1000).toISOString();
const common = (chat: string, message: number, unix: number, first: number) => ({
  occurredAt: at(unix),
  conversationId: conv(chat, `${chat}:${first}`),
  contactId: chat,
  channel: 'telegram',
  messageId: `Tg0123456789abcdefghij:${chat}:${message}`,
});
const received = (chat: string, message: number, unix: number, first = message): MadeEvent => ({
  id: `${P}in:${chat}:${message}`,
  type: 'message.received',
  ...common(chat, message, unix, first),
  sender: { type: 'customer' },
});
const sent = (chat: string, message: number, unix: number, first = message): MadeEvent => ({
  id: `${P}out:${chat}:${message}`,
  type: 'message.sent',
  ...common(chat, message, unix, first),
  sender: { type: 'bot', id: 'shop-bot' },
});

/** When the deliveries arrive (a button press has no date of its own). */
const NOW = Date.UTC(2025, 11, 5, 3, 0, 0);
const map = (body: unknown, nowMs = NOW) => {
  const parsed = parseTelegram(body, nowMs);
  return { events: sessionEvents(CONN, parsed.items, { messages: new Map(), sent: new Map() }), ignored: parsed.ignored };
};

const RECORDED: Record<string, { events: MadeEvent[]; ignored: number }> = {
  'private_text.json': { events: [received('218485655', 6557, 1569518342)], ignored: 0 },
  'photo_private.json': { events: [received('23', 1, 1631132077)], ignored: 0 },
  // Groups and supergroups are not one customer.
  'group_message.json': { events: [], ignored: 1 },
  'supergroup_command_reply.json': { events: [], ignored: 1 },
  // An edit changes an earlier message: no new one.
  'edited_message.json': { events: [], ignored: 1 },
  // The button press is ignored (it is no message); the bot's message under it is from 2017, too old to count (below).
  'callback_query_private.json': { events: [], ignored: 1 },
  // Blocking the bot, and reactions (they ask for no reply), are no messages.
  'my_chat_member_kicked.json': { events: [], ignored: 1 },
  'message_reaction.json': { events: [], ignored: 1 },
};

const OURS: Record<string, { events: MadeEvent[]; ignored: number }> = {
  private_start_command: { events: [received('777000111', 1, 1764900000)], ignored: 0 },
  // The quoted bot message (T+300) starts the conversation; the customer's reply (T+600) joins it.
  private_reply_to_bot: { events: [sent('777000111', 3, 1764900300), received('777000111', 4, 1764900600, 3)], ignored: 0 },
  private_pinned_service: { events: [], ignored: 1 },
  channel_post: { events: [], ignored: 1 },
  business_message_in: { events: [received('888000222', 20, 1764901000)], ignored: 0 },
  // The business account's own message in a customer's chat: outbound, the contact is the chat.
  business_message_out: { events: [sent('888000222', 21, 1764901120)], ignored: 0 },
  edited_business_message: { events: [], ignored: 1 },
};

describe('Telegram updates → events (nothing stored yet)', () => {
  it('every recorded file maps to exactly these events', () => {
    expect(readdirSync(join(FIXTURES, 'telegram')).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(RECORDED).sort()); // no file left out
    for (const [file, want] of Object.entries(RECORDED)) expect({ file, ...map(recorded(file)) }).toEqual({ file, ...want });
  });

  it('every case written after the Bot API reference maps to exactly these events', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(OURS).sort());
    for (const [name, want] of Object.entries(OURS)) expect({ name, ...map(ours[name]) }).toEqual({ name, ...want });
  });

  it("the bot's message under a pressed button is an outbound message when at most 24 h old at the press's arrival", () => {
    const body = recorded('callback_query_private.json');
    expect(map(body, (1499402829 + 60) * 1000)).toEqual({ events: [sent('427770117', 666, 1499402829)], ignored: 1 });
    expect(map(body, 1499402829 * 1000 + QUOTE_WINDOW_MS)).toEqual({ events: [sent('427770117', 666, 1499402829)], ignored: 1 });
    expect(map(body, 1499402829 * 1000 + QUOTE_WINDOW_MS + 1000)).toEqual({ events: [], ignored: 1 });
  });

  it('a quoted bot message more than 24 h older than the reply is not taken (it would be a lone conversation in a past period)', () => {
    const reply = ours.private_reply_to_bot as { message: { date: number; reply_to_message: { date: number } } };
    const late = { ...reply, message: { ...reply.message, date: reply.message.reply_to_message.date + 24 * 3600 + 1 } };
    expect(map(late).events.map((e) => e.id)).toEqual([`${P}in:777000111:4`]);
    const justIn = { ...reply, message: { ...reply.message, date: reply.message.reply_to_message.date + 24 * 3600 } };
    expect(map(justIn).events.map((e) => e.id)).toEqual([`${P}out:777000111:3`, `${P}in:777000111:4`]);
  });

  it('one conversation id written out by hand', () => {
    // printf '%s\0%s' 218485655 218485655:6557 | openssl dgst -sha256 -binary | base64 (URL-safe), first 22 characters.
    expect(map(recorded('private_text.json')).events[0].conversationId).toBe('tg:Tg0123456789abcdefghij:c:uUYEqrqrCtG_g5_xKGRvLy');
  });

  it('message ids are unique per chat only: the same message_id in two chats makes two messages', () => {
    const a = { update_id: 1, message: { message_id: 7, from: { id: 11, is_bot: false }, chat: { id: 11, type: 'private' }, date: 1764900000, text: 'a' } };
    const b = { update_id: 2, message: { message_id: 7, from: { id: 12, is_bot: false }, chat: { id: 12, type: 'private' }, date: 1764900000, text: 'b' } };
    const id = (body: unknown) => {
      const item = parseTelegram(body, NOW).items[0];
      return item.type === 'watermark' ? null : item.platformId;
    };
    expect([id(a), id(b)]).toEqual(['11:7', '12:7']);
  });
});

describe('what is not a private-chat message is ignored, never an error', () => {
  const privateMsg = (over: Record<string, unknown>) => ({ update_id: 9, message: { message_id: 1, from: { id: 5, is_bot: false }, chat: { id: 5, type: 'private' }, date: 1764900000, text: 'x', ...over } });
  it.each([
    ['null', null],
    ['a string', 'update'],
    ['an array', [{ update_id: 1 }]],
    ['no update_id', { message: privateMsg({}).message }],
    ['an inline query', { update_id: 1, inline_query: { id: '1', from: { id: 5 }, query: 'q', offset: '' } }],
    ['a message from a bot', privateMsg({ from: { id: 5, is_bot: true } })],
    ['a message without a date', privateMsg({ date: undefined })],
    ['a message with a date of 0', privateMsg({ date: 0 })],
    ['a message with a string chat id', privateMsg({ chat: { id: '5', type: 'private' } })],
    ['a message without chat type', privateMsg({ chat: { id: 5 } })],
    ['a private message from someone else than the chat', privateMsg({ from: { id: 6, is_bot: false } })],
    ['a business message without from', { update_id: 9, business_message: { ...privateMsg({}).message, from: undefined } }],
  ])('%s', (_, body) => {
    expect(parseTelegram(body, NOW)).toEqual({ items: [], ignored: 1 });
  });

  it('a callback on an inaccessible message (date 0) makes nothing', () => {
    expect(parseTelegram({ update_id: 1, callback_query: { id: '1', from: { id: 5 }, message: { message_id: 3, chat: { id: 5, type: 'private' }, date: 0 }, data: 'd' } }, NOW)).toEqual({ items: [], ignored: 1 });
  });

  it("a reply quoting the customer's own earlier message makes only the received one", () => {
    const body = privateMsg({ message_id: 2, reply_to_message: { message_id: 1, from: { id: 5, is_bot: false }, chat: { id: 5, type: 'private' }, date: 1764899000, text: 'y' } });
    expect(parseTelegram(body, NOW).items).toEqual([{ type: 'message', direction: 'in', platformId: '5:2', contactId: '5', atMs: 1_764_900_000_000 }]);
  });

  it('never throws on random JSON', () => {
    const values = [null, 0, -1, 1.5, 2 ** 60, '', 'x', true, [], {}, { id: 1 }, { type: 'private' }];
    let seed = 7;
    const pick = () => values[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % values.length];
    for (let i = 0; i < 2000; i++) {
      const body = { update_id: pick(), message: { message_id: pick(), from: { id: pick(), is_bot: pick() }, chat: { id: pick(), type: i % 2 ? 'private' : pick() }, date: pick(), text: pick(), reply_to_message: pick() } };
      const parsed = parseTelegram(body, NOW);
      expect(parsed.items.length + parsed.ignored).toBeGreaterThan(0);
    }
  });
});

describe('the secret token', () => {
  const secrets = { secretToken: 'Abc_def-0123456789xyz' };
  const v = (headers: Record<string, string | string[] | undefined>, s: Record<string, string> = secrets) => telegram.verify(Buffer.from('{}'), headers, s, 0, 'https://x');
  it('is the connection\'s secret exactly (constant time), in X-Telegram-Bot-Api-Secret-Token', () => {
    expect(v({ 'x-telegram-bot-api-secret-token': 'Abc_def-0123456789xyz' })).toBe(true);
    expect(v({ 'x-telegram-bot-api-secret-token': 'Abc_def-0123456789xyZ' })).toBe(false);
    expect(v({ 'x-telegram-bot-api-secret-token': 'Abc_def-0123456789xy' })).toBe(false);
    expect(v({ 'x-telegram-bot-api-secret-token': '' })).toBe(false);
    expect(v({})).toBe(false);
    expect(v({ 'x-telegram-bot-api-secret-token': ['Abc_def-0123456789xyz'] })).toBe(false);
  });
  it('a connection without a secret accepts nothing', () => {
    expect(v({ 'x-telegram-bot-api-secret-token': '' }, {})).toBe(false);
    expect(v({ 'x-telegram-bot-api-secret-token': 'undefined' }, {})).toBe(false);
  });
  it('the connection says replies come from elsewhere', () => {
    expect(telegram.note).toBe(TELEGRAM_NOTE);
    expect(TELEGRAM_NOTE).toMatch(/events API/);
  });
});
