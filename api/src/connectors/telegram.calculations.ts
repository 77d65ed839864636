import type { IncomingHttpHeaders } from 'node:http';
import type { Connector, Item, Parsed } from './connector.js';
import { sameSecret } from './secrets.calculations.js';

/**
 * Telegram Bot API webhooks (connectors.md, kind `telegram`; docs/connectors.md has the table).
 * One `Update` per POST. Only private chats are customer conversations; a bot never receives its
 * own sends, so outbound messages are made only from what an update carries of them (a message the
 * customer replies to, the message under a pressed button, a business account's own messages).
 */

/** Message contents that are a customer writing; service messages (pins, payments, shared chats, …) are not. */
const CUSTOMER_CONTENT = ['text', 'photo', 'video', 'video_note', 'animation', 'audio', 'voice', 'document', 'sticker', 'location', 'venue', 'contact', 'poll', 'dice', 'story', 'game'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A Telegram id (chat and user ids reach 52 bits: still exact as JSON numbers). */
const tgId = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);
/** A message's `date` (Unix seconds; 0 on an inaccessible message) in ms. */
const dateMs = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v < 1e11 ? v * 1000 : undefined);

/** A message of a private chat: its chat (the contact), sender, time and id unique within the bot (chat id + message id). */
function privateMessage(m: unknown): { chatId: number; fromId: number | undefined; fromBot: boolean; atMs: number; platformId: string; content: boolean } | undefined {
  if (!isObject(m) || !isObject(m.chat) || m.chat.type !== 'private') return undefined;
  const chatId = tgId(m.chat.id);
  const messageId = tgId(m.message_id);
  const atMs = dateMs(m.date);
  if (chatId === undefined || messageId === undefined || atMs === undefined) return undefined;
  const from = isObject(m.from) ? m.from : undefined;
  return {
    chatId,
    fromId: tgId(from?.id),
    fromBot: from?.is_bot === true,
    atMs,
    // message_id is unique only within its chat.
    platformId: `${chatId}:${messageId}`,
    content: CUSTOMER_CONTENT.some((k) => m[k] !== undefined),
  };
}

/**
 * How old a quoted message may be to count: an older one would make a conversation of its own in
 * a past period, with only the bot's message (reports already read would change).
 */
export const QUOTE_WINDOW_MS = 24 * 3_600_000;

/**
 * The other side's message an update quotes in a private chat (`reply_to_message`, the message
 * under a pressed button): evidence of an outbound message, at its own date, when at most
 * QUOTE_WINDOW_MS before `refMs` (the reply's date, or the arrival for a button press). In a
 * bot's private chat only the user and the bot speak, so a message not from the user is the bot's.
 */
function quotedOutbound(m: unknown, chatId: number, refMs: number, items: Item[]): void {
  const q = privateMessage(m);
  if (q && q.chatId === chatId && q.fromId !== undefined && q.fromId !== chatId && refMs - q.atMs <= QUOTE_WINDOW_MS)
    items.push({ type: 'message', direction: 'out', platformId: q.platformId, contactId: String(chatId), atMs: q.atMs });
}

/** A Telegram `Update` → items; anything not mapped is counted as ignored. */
export function parseTelegram(body: unknown, nowMs: number): Parsed {
  const items: Item[] = [];
  if (!isObject(body) || tgId(body.update_id) === undefined) return { items, ignored: 1 };
  let ignored = 0;
  const message = body.message;
  const business = body.business_message;
  const callback = isObject(body.callback_query) ? body.callback_query : undefined;

  if (message !== undefined) {
    const m = privateMessage(message);
    // Groups, supergroups and channels are not one customer; service messages and a bot's messages are no customer writing.
    if (!m || m.fromBot || !m.content || (m.fromId !== undefined && m.fromId !== m.chatId)) ignored++;
    else {
      quotedOutbound((message as Record<string, unknown>).reply_to_message, m.chatId, m.atMs, items);
      items.push({ type: 'message', direction: 'in', platformId: m.platformId, contactId: String(m.chatId), atMs: m.atMs });
    }
  } else if (business !== undefined) {
    // A connected business account's private chats carry both sides: the customer's messages, and the account's own (or its bot's).
    const m = privateMessage(business);
    if (!m || !m.content || m.fromId === undefined) ignored++;
    else {
      quotedOutbound((business as Record<string, unknown>).reply_to_message, m.chatId, m.atMs, items);
      items.push({ type: 'message', direction: m.fromId === m.chatId ? 'in' : 'out', platformId: m.platformId, contactId: String(m.chatId), atMs: m.atMs });
    }
  } else if (callback) {
    // The button press is no message (it would open a wait no one closes): ignored; the bot's message under it is an outbound one.
    ignored++;
    const chat = isObject(callback.message) && isObject(callback.message.chat) ? tgId(callback.message.chat.id) : undefined;
    if (chat !== undefined) quotedOutbound(callback.message, chat, nowMs, items);
  } else ignored++; // edits, reactions, member changes, channel posts, inline queries, …: no message of a conversation
  return { items, ignored };
}

export const TELEGRAM_NOTE =
  "Telegram does not send a bot its own messages: this connection brings the customers' side (and the bot's messages a customer replies to). Send the replies as message.sent events through the events API, or connect the helpdesk that answers; until then these conversations count as unanswered.";

export const telegram: Connector = {
  kind: 'telegram',
  idPrefix: 'tg',
  channel: 'telegram',
  signatureHeader: 'X-Telegram-Bot-Api-Secret-Token',
  verify: (_raw: Buffer, headers: IncomingHttpHeaders, secrets: Record<string, string>) => {
    const header = headers['x-telegram-bot-api-secret-token'];
    // No secret must never mean "anyone may post".
    if (!secrets.secretToken || typeof header !== 'string') return false;
    return sameSecret(header, secrets.secretToken);
  },
  parse: parseTelegram,
  note: TELEGRAM_NOTE,
};
