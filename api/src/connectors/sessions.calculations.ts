import { createHash } from 'node:crypto';
import type { Item } from './connector.js';

/**
 * Conversations where the platform has none (connectors.md, "Mapping rules"), shared by the
 * session kinds: a contact's messages on one connection form one conversation until a gap longer
 * than the connection's sessionGap. Pure: the service reads what is stored, this decides.
 */

export interface SessionConnection {
  /** The connection's id (random, URL-safe). */
  id: string;
  /** The kind's id prefix (`wa`). */
  prefix: string;
  channel: string;
  /** The connection overrides the channel: items' own channels (Item.channel) do not count. */
  fixedChannel?: boolean;
  sender: { type: 'agent' | 'bot'; id: string };
  sessionGapMs: number;
}

/** A stored message (received or sent) of a contact on this connection. */
export interface StoredMessage {
  atMs: number;
  conversationId: string;
}

export interface StoredState {
  /** Per contact, its stored messages on this connection around the delivery's instants (any order). */
  messages: Map<string, StoredMessage[]>;
  /** Outbound messages already stored, by the platform's message id: their conversation. */
  sent: Map<string, string>;
}

/** The event types a connector makes (events.md). */
export interface MadeEvent {
  id: string;
  type: 'message.received' | 'message.sent' | 'message.delivered' | 'message.read' | 'message.failed';
  occurredAt: string;
  conversationId: string;
  contactId: string;
  channel: string;
  sender?: { type: 'customer' } | { type: 'agent' | 'bot'; id: string };
  messageId: string;
  campaignId?: string;
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url');
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/;
// An unpaired surrogate is no character: PostgreSQL and the event schema refuse it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A platform id as a part of our ids: as it is when printable and short enough, else `#` and 22
 * characters of its SHA-256 (still one id per platform id, and the id stays within its limit).
 */
export function idPart(platformId: string, room: number): string {
  return platformId.length <= room && PRINTABLE.test(platformId) && !LONE_SURROGATE.test(platformId) ? platformId : `#${hash(platformId).slice(0, 22)}`;
}

/** Every id of a connection's events and conversations starts with this. */
export const connectionPrefix = (c: Pick<SessionConnection, 'prefix' | 'id'>) => `${c.prefix}:${c.id}:`;

/** Event ids (at most 128): `wa:<connection>:in:<wamid>`, `…:out:<wamid>`, `…:delivered:<wamid>`. */
export function eventId(c: Pick<SessionConnection, 'prefix' | 'id'>, what: string, platformId: string): string {
  const head = `${connectionPrefix(c)}${what}:`;
  return head + idPart(platformId, 128 - head.length);
}

/** The message id of events (at most 256): the platform's, prefixed with the connection. */
export const messageId = (c: Pick<SessionConnection, 'id'>, platformId: string) => `${c.id}:${idPart(platformId, 256 - c.id.length - 1)}`;

/** A session conversation's id: from the connection, the contact and the message that started it. */
export const conversationId = (c: Pick<SessionConnection, 'prefix' | 'id'>, contactId: string, firstPlatformId: string) =>
  `${connectionPrefix(c)}c:${hash(contactId, firstPlatformId).slice(0, 22)}`;

/** Which stored messages to read per contact: the delivery's instants widened by the gap on each side. */
export function windows(items: Item[], gapMs: number): Map<string, { fromMs: number; toMs: number }> {
  const out = new Map<string, { fromMs: number; toMs: number }>();
  for (const i of items) {
    // A contact id no event can have (NUL, unpaired surrogates) has nothing stored; its events are rejected.
    if (i.contactId.includes('\u0000') || LONE_SURROGATE.test(i.contactId)) continue;
    const w = out.get(i.contactId);
    out.set(i.contactId, { fromMs: Math.min(w?.fromMs ?? Infinity, i.atMs - gapMs), toMs: Math.max(w?.toMs ?? -Infinity, i.atMs + gapMs) });
  }
  return out;
}

/** The outbound messages a delivery's statuses refer to, as their message.sent event ids (to read what is stored). */
export const statusMessages = (c: SessionConnection, items: Item[]) =>
  [...new Set(items.filter((i) => i.type === 'status').map((i) => i.platformId))].map((platformId) => ({ platformId, eventId: eventId(c, 'out', platformId) }));

/**
 * The conversation of a message of `contact` at `atMs`: the one of the latest message at or before
 * it when within the gap, else the one of the earliest after it when within the gap (a late
 * delivery joins what is stored), else a new one started by this message.
 */
function sessionOf(known: StoredMessage[], atMs: number, gapMs: number, start: () => string): string {
  let before: StoredMessage | undefined;
  let after: StoredMessage | undefined;
  for (const m of known) {
    if (m.atMs <= atMs) {
      if (!before || m.atMs >= before.atMs) before = m;
    } else if (!after || m.atMs < after.atMs) after = m;
  }
  if (before && atMs - before.atMs <= gapMs) return before.conversationId;
  if (after && after.atMs - atMs <= gapMs) return after.conversationId;
  return start();
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The events of a delivery's items given what is stored. Items are taken in time order (a
 * platform's batch is not always sorted); each message joins or starts its contact's session.
 * The first evidence of an outbound message (an echo, or a status of any kind) makes its one
 * message.sent (later evidence repeats it: a duplicate); delivered/read/failed statuses make
 * status events in the conversation of their message.
 */
export function sessionEvents(c: SessionConnection, items: Item[], stored: StoredState): MadeEvent[] {
  const known = new Map<string, StoredMessage[]>([...stored.messages].map(([k, v]) => [k, [...v]]));
  const sent = new Map(stored.sent);
  const events: MadeEvent[] = [];
  const order = items.map((item, n) => ({ item, n })).sort((a, b) => a.item.atMs - b.item.atMs || a.n - b.n);

  const place = (contactId: string, atMs: number, platformId: string) => {
    const mine = known.get(contactId) ?? [];
    const conv = sessionOf(mine, atMs, c.sessionGapMs, () => conversationId(c, contactId, platformId));
    mine.push({ atMs, conversationId: conv });
    known.set(contactId, mine);
    return conv;
  };
  const base = (contactId: string, atMs: number, conv: string, platformId: string, channel?: string) => ({
    occurredAt: iso(atMs),
    conversationId: conv,
    contactId,
    channel: (!c.fixedChannel && channel) || c.channel,
    messageId: messageId(c, platformId),
  });
  const madeHere = new Set<string>();
  /**
   * The outbound message's conversation. Its first evidence makes its message.sent; evidence of a
   * message already stored repeats it (same id), which ingest counts as a duplicate, so a
   * platform's redelivery of any status is duplicates. Within one delivery it is made once.
   */
  const outbound = (contactId: string, atMs: number, platformId: string, campaignId?: string, channel?: string) => {
    if (madeHere.has(platformId)) return sent.get(platformId)!;
    const stored = sent.get(platformId);
    const conv = stored ?? place(contactId, atMs, platformId);
    sent.set(platformId, conv);
    madeHere.add(platformId);
    events.push({ id: eventId(c, 'out', platformId), type: 'message.sent', ...base(contactId, atMs, conv, platformId, channel), sender: { ...c.sender }, ...(campaignId && { campaignId }) });
    return conv;
  };

  for (const { item } of order) {
    if (item.type === 'message' && item.direction === 'in') {
      const conv = place(item.contactId, item.atMs, item.platformId);
      events.push({ id: eventId(c, 'in', item.platformId), type: 'message.received', ...base(item.contactId, item.atMs, conv, item.platformId, item.channel), sender: { type: 'customer' } });
    } else if (item.type === 'message') {
      outbound(item.contactId, item.atMs, item.platformId, undefined, item.channel);
    } else {
      const conv = outbound(item.contactId, item.atMs, item.platformId, item.campaignId, item.channel);
      if (item.status === 'delivered' || item.status === 'read' || item.status === 'failed')
        events.push({ id: eventId(c, item.status, item.platformId), type: `message.${item.status}`, ...base(item.contactId, item.atMs, conv, item.platformId, item.channel) });
    }
  }
  return events;
}
