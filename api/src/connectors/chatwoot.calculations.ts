import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Connector, Parsed } from './connector.js';
import { connectionPrefix, eventId, idPart, messageId } from './sessions.calculations.js';

/**
 * Chatwoot webhooks (connectors.md, kind `chatwoot`; docs/connectors.md has the table) and the
 * conversations of its REST API (the history import): both map to the same records, then to
 * events. Chatwoot has conversation ids of its own, so there are no sessions here. Pure.
 */

/** How old (or how far ahead) a signed X-Chatwoot-Timestamp may be. */
export const MAX_SKEW_MS = 5 * 60_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
};
/** A Chatwoot id (integer, or a string of one) as text. */
const idOf = (v: unknown): string | undefined =>
  (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^\d{1,20}$/.test(v)) ? String(v) : undefined;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Printable, trimmed, 1–`max` characters: usable as an agent id, a team, a campaign or a tag. */
const usable = (v: unknown, max = 128): string | undefined =>
  typeof v === 'string' && v.length > 0 && [...v].length <= max && v.trim() === v && !/[\u0000-\u001f\u007f-\u009f]/.test(v) && !LONE_SURROGATE.test(v) ? v : undefined;

/**
 * `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret, "<X-Chatwoot-Timestamp>.<raw body>")>`,
 * compared in constant time; the timestamp (Unix seconds) must be within 5 minutes of now.
 */
export function verifyChatwoot(raw: Buffer, headers: IncomingHttpHeaders, secret: string | undefined, nowMs: number): boolean {
  // No secret must never mean "anyone can sign" (an HMAC with an empty key).
  if (!secret) return false;
  const ts = header(headers, 'x-chatwoot-timestamp')?.trim();
  const sig = header(headers, 'x-chatwoot-signature')?.trim();
  if (!ts || !sig || !/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(nowMs - Number(ts) * 1000) > MAX_SKEW_MS) return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(sig);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${ts}.`).update(raw).digest();
  const given = Buffer.from(m[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The headers Chatwoot would send (tests, and the replay command). */
export function chatwootSignature(raw: Buffer | string, secret: string, unixSeconds: number): Record<string, string> {
  const ts = String(unixSeconds);
  return { 'x-chatwoot-timestamp': ts, 'x-chatwoot-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.`).update(raw).digest('hex')}` };
}

/** One event of a Chatwoot conversation, before the connection's prefixes are applied. */
export interface ChatwootRecord {
  type: 'message.received' | 'message.sent' | 'message.delivered' | 'message.read' | 'message.failed' | 'conversation.resolved' | 'conversation.reopened' | 'conversation.assigned' | 'csat.submitted';
  /** What makes its event id unique within the connection: `in:<message id>`, `resolved:<conversation>:<change>`, … */
  key: [string, string];
  atMs: number;
  /** Chatwoot's message id (messages and statuses). */
  message?: string;
  /** Absent: the connection's default sender. */
  sender?: { type: 'agent' | 'bot'; id: string };
  campaignId?: string;
  agentId?: string;
  team?: string;
  rating?: number;
}

/** One conversation's part of a delivery (a webhook body is about one conversation), or a whole imported conversation. */
export interface ChatwootConversation {
  /** The conversation's display id (what Chatwoot's URLs and webhooks call `id`). */
  conversation: string;
  /** Chatwoot's contact id. */
  contact: string;
  channel: string;
  /** Its current labels as the payload shows them (absent when it shows none). */
  labels?: string[];
  /** Set by conversation_updated when its label list changed: remembered for the events to come. */
  labelUpdate?: { labels: string[]; atMs: number };
  records: ChatwootRecord[];
}

export interface ChatwootParsed extends Parsed {
  chatwoot?: ChatwootConversation;
}

/** Chatwoot's inbox channel type → our channel (connectors.md, "Channels"). */
const CHANNELS: Record<string, string> = {
  'Channel::Whatsapp': 'whatsapp',
  'Channel::FacebookPage': 'messenger',
  'Channel::Instagram': 'instagram',
  'Channel::Telegram': 'telegram',
  'Channel::Sms': 'sms',
  'Channel::TwilioSms': 'sms',
  'Channel::Email': 'email',
  'Channel::WebWidget': 'webchat',
  'Channel::Api': 'api',
  'Channel::Line': 'line',
  'Channel::Tiktok': 'tiktok',
};

/** The channel of a conversation: its inbox type; Twilio's WhatsApp numbers (`whatsapp:+…` contacts) are whatsapp; unknown → `chatwoot`. */
export function chatwootChannel(conversation: Record<string, unknown>): string {
  const meta = isObject(conversation.meta) ? conversation.meta : {};
  // Webhooks put the type at `channel`, the REST API at `meta.channel`.
  const type = typeof conversation.channel === 'string' ? conversation.channel : meta.channel;
  const inbox = isObject(conversation.contact_inbox) ? conversation.contact_inbox : {};
  if (type === 'Channel::TwilioSms' && typeof inbox.source_id === 'string' && inbox.source_id.startsWith('whatsapp:')) return 'whatsapp';
  return (typeof type === 'string' && CHANNELS[type]) || 'chatwoot';
}

/** An instant given as Unix seconds (integer or fraction) or ISO 8601 text, in ms; undefined when it is neither. */
export function instantMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1e11) return Math.round(v * 1000);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) {
    const ms = Date.parse(v);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** The labels that can be tags (1–64 printable characters), distinct, in Chatwoot's order; others are left out. */
function labelsOf(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  // At most 100 kept: a conversation's labels are few; a body with thousands is not one to store.
  return [...new Set(v.slice(0, 1000).map((l) => usable(l, 64)).filter((l): l is string => l !== undefined))].slice(0, 100);
}

/** An agent, a bot or a team as an id: its name (what people see in Chatwoot); `chatwoot-<kind>-<id>` when it has none usable. */
function nameOf(who: Record<string, unknown>, kind: string): string | undefined {
  const id = idOf(who.id);
  return usable(who.available_name) ?? usable(who.name) ?? (id ? `chatwoot-${kind}-${id}` : undefined);
}

/** Who sent an outgoing message, from its `sender` (webhook_data or push_event_data); undefined: the connection's default sender. */
function senderOf(message: Record<string, unknown>): ChatwootRecord['sender'] {
  const s = isObject(message.sender) ? message.sender : undefined;
  const type = s?.type ?? message.sender_type;
  if (!s) return undefined;
  if (type === 'user' || type === 'User') {
    const id = nameOf(s, 'user');
    return id ? { type: 'agent', id } : undefined;
  }
  if (type === 'agent_bot' || type === 'AgentBot' || type === 'captain_assistant' || type === 'Captain::Assistant') {
    const id = nameOf(s, 'bot');
    return id ? { type: 'bot', id } : undefined;
  }
  return undefined;
}

/** A marketing broadcast's campaignId: a Chatwoot campaign, or a WhatsApp template of category MARKETING (by its name). */
function campaignOf(message: Record<string, unknown>, atMs: number): string | undefined {
  const extra = isObject(message.additional_attributes) ? message.additional_attributes : {};
  const campaign = idOf(extra.campaign_id);
  if (campaign) return `chatwoot-campaign-${campaign}`;
  const template = isObject(extra.template_params) ? extra.template_params : {};
  if (typeof template.category === 'string' && template.category.toLowerCase() === 'marketing')
    return usable(template.name) ?? `chatwoot-marketing-${new Date(atMs).toISOString().slice(0, 10)}`;
  return undefined;
}

const MESSAGE_TYPES: Record<string, 'incoming' | 'outgoing' | 'activity' | 'template'> = { 0: 'incoming', 1: 'outgoing', 2: 'activity', 3: 'template' };
/** Webhooks name the type, the REST API numbers it. */
const messageType = (v: unknown) => (typeof v === 'number' ? MESSAGE_TYPES[v] : Object.values(MESSAGE_TYPES).find((t) => t === v));

/**
 * The records of one message (a message_created / message_updated body, or one message of the
 * REST API): incoming → received, outgoing → sent (private notes, activity and template
 * messages are not messages to or from the customer); an outgoing message's status `delivered`,
 * `read`, `failed` → the status event (at `statusAtMs`); a CSAT answer → csat.submitted.
 */
export function messageRecords(m: Record<string, unknown>, statusAtMs: number | undefined): ChatwootRecord[] {
  const id = idOf(m.id);
  const atMs = instantMs(m.created_at);
  if (!id || atMs === undefined || m.private === true) return [];
  const type = messageType(m.message_type);
  const out: ChatwootRecord[] = [];
  if (type === 'incoming') out.push({ type: 'message.received', key: ['in', id], atMs, message: id });
  if (type === 'outgoing') {
    const sender = senderOf(m);
    const campaignId = campaignOf(m, atMs);
    out.push({ type: 'message.sent', key: ['out', id], atMs, message: id, ...(sender && { sender }), ...(campaignId && { campaignId }) });
    if ((m.status === 'delivered' || m.status === 'read' || m.status === 'failed') && statusAtMs !== undefined)
      out.push({ type: `message.${m.status}`, key: [m.status, id], atMs: Math.max(statusAtMs, atMs), message: id });
  }
  const attrs = isObject(m.content_attributes) ? m.content_attributes : {};
  const submitted = isObject(attrs.submitted_values) ? attrs.submitted_values : {};
  const csat = isObject(submitted.csat_survey_response) ? submitted.csat_survey_response : undefined;
  if (m.content_type === 'input_csat' && csat && Number.isInteger(csat.rating) && (csat.rating as number) >= 1 && (csat.rating as number) <= 5) {
    // The rating is part of the id: a changed answer is a new (later) rating, a redelivery a duplicate.
    const rating = csat.rating as number;
    out.push({ type: 'csat.submitted', key: ['csat', `${id}:${rating}`], atMs: Math.max(statusAtMs ?? atMs, atMs), rating });
  }
  return out;
}

/** The current assignee and team of a conversation payload (`meta`), as ids. */
function assignment(conversation: Record<string, unknown>): { agentId?: string; team?: string } {
  const meta = isObject(conversation.meta) ? conversation.meta : {};
  const agentId = isObject(meta.assignee) ? nameOf(meta.assignee, 'user') : undefined;
  const team = isObject(meta.team) ? nameOf(meta.team, 'team') : undefined;
  return { ...(agentId && { agentId }), ...(team && { team }) };
}

/** `changed_attributes` as Chatwoot sends it (`[{attr: {previous_value, current_value}}]`, or `{attr: [old, new]}`), as a map. */
function changes(v: unknown): Map<string, { previous: unknown; current: unknown }> {
  const out = new Map<string, { previous: unknown; current: unknown }>();
  const add = (o: Record<string, unknown>) => {
    for (const [k, c] of Object.entries(o)) {
      if (isObject(c)) out.set(k, { previous: c.previous_value, current: c.current_value });
      else if (Array.isArray(c) && c.length === 2) out.set(k, { previous: c[0], current: c[1] });
    }
  };
  if (Array.isArray(v)) v.filter(isObject).forEach(add);
  else if (isObject(v)) add(v);
  return out;
}

/** The conversation a body is about, with its contact and channel; undefined when it names none. */
function conversationOf(c: Record<string, unknown>): Omit<ChatwootConversation, 'records'> | undefined {
  const conversation = idOf(c.id);
  const meta = isObject(c.meta) ? c.meta : {};
  const inbox = isObject(c.contact_inbox) ? c.contact_inbox : {};
  const contact = (isObject(meta.sender) ? idOf(meta.sender.id) : undefined) ?? idOf(inbox.contact_id);
  if (!conversation || !contact) return undefined;
  const labels = labelsOf(c.labels);
  return { conversation, contact, channel: chatwootChannel(c), ...(labels && { labels }) };
}

/**
 * What identifies a conversation change (its event ids): the conversation's `updated_at` (µs),
 * else the delivery id (X-Chatwoot-Delivery), else a hash of the body; a redelivery repeats each.
 */
function changeKey(body: Record<string, unknown>, deliveryId: string | undefined): string {
  const u = body.updated_at;
  if (typeof u === 'number' && Number.isFinite(u) && u > 0) return String(Math.round(u * 1e6));
  const ms = instantMs(u);
  if (typeof u === 'string' && ms !== undefined) return String(ms * 1000);
  return deliveryId ?? createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22);
}

/**
 * A webhook body → the records of its conversation. `change` names the state change a
 * conversation event is (its id, changeKey). `sentAtMs` (X-Chatwoot-Timestamp) dates what
 * the body does not: a status or a CSAT answer of a message that is not the conversation's last.
 */
export function parseChatwoot(body: unknown, delivery: { id?: string; sentAtMs?: number } = {}): ChatwootParsed {
  const ignored = { items: [], ignored: 1 };
  if (!isObject(body) || typeof body.event !== 'string') return ignored;
  const event = body.event;
  if (event === 'message_created' || event === 'message_updated') {
    const c = isObject(body.conversation) ? conversationOf(body.conversation) : undefined;
    if (!c) return ignored;
    // The conversation's last message (push_data's `messages`) carries this message's updated_at when it is the one.
    const last = list((body.conversation as Record<string, unknown>).messages).filter(isObject).find((m) => idOf(m.id) === idOf(body.id));
    const records = messageRecords(body, instantMs(last?.updated_at) ?? delivery.sentAtMs);
    // A message_created is the message; a message_updated only adds what it can (statuses, CSAT): its message is a duplicate.
    return records.length ? { items: [], ignored: 0, chatwoot: { ...c, records } } : ignored;
  }
  if (event !== 'conversation_status_changed' && event !== 'conversation_updated' && event !== 'conversation_created') return ignored;
  const c = conversationOf(body);
  if (!c) return ignored;
  const atMs = instantMs(body.updated_at) ?? instantMs(body.timestamp) ?? delivery.sentAtMs;
  if (atMs === undefined) return ignored;
  const change = changeKey(body, delivery.id);
  if (!change) return ignored;
  const changed = changes(body.changed_attributes);
  const records: ChatwootRecord[] = [];
  let labelUpdate: ChatwootConversation['labelUpdate'];
  if (event === 'conversation_status_changed') {
    const previous = changed.get('status')?.previous;
    if (body.status === 'resolved') records.push({ type: 'conversation.resolved', key: ['resolved', `${c.conversation}:${change}`], atMs });
    // Open after a resolution is a reopening; open after pending (a bot handed over) or snoozed is not.
    else if (body.status === 'open' && (previous === 'resolved' || previous === undefined))
      records.push({ type: 'conversation.reopened', key: ['reopened', `${c.conversation}:${change}`], atMs });
  } else {
    const now = assignment(body);
    const assigneeChanged = changed.has('assignee_id') || (event === 'conversation_created' && now.agentId !== undefined);
    // An assignee makes the event with the current team; a team change alone with the current assignee; no assignee, none.
    if ((assigneeChanged || changed.has('team_id')) && now.agentId)
      records.push({ type: 'conversation.assigned', key: ['assigned', `${c.conversation}:${change}`], atMs, agentId: now.agentId, ...(now.team && { team: now.team }) });
    const labels = changed.get('label_list');
    if (labels) {
      const current = labelsOf(labels.current) ?? c.labels ?? [];
      labelUpdate = { labels: current, atMs };
    }
  }
  if (!records.length && !labelUpdate) return ignored;
  return { items: [], ignored: 0, chatwoot: { ...c, ...(labelUpdate && { labelUpdate }), records } };
}

/**
 * A conversation of Chatwoot's REST API (the history import) and its messages → its records,
 * with the mapping of the webhooks: the messages as message_created makes them (their ids are
 * the webhooks' ids: history and live deliveries overlap as duplicates), CSAT answers, and what
 * the API tells only as the current state: its assignee and team (one conversation.assigned at
 * the conversation's start) and, when resolved, one conversation.resolved at its last activity.
 */
export function restConversation(conversation: unknown, messages: unknown[]): ChatwootConversation | undefined {
  if (!isObject(conversation)) return undefined;
  const c = conversationOf(conversation);
  if (!c) return undefined;
  const records: ChatwootRecord[] = [];
  for (const m of messages.filter(isObject)) records.push(...messageRecords(m, instantMs(m.updated_at) ?? instantMs(m.created_at)));
  const startMs = instantMs(conversation.created_at) ?? Math.min(...records.map((r) => r.atMs));
  const now = assignment(conversation);
  if (now.agentId && Number.isFinite(startMs))
    records.push({ type: 'conversation.assigned', key: ['assigned', `${c.conversation}:history:${now.agentId}|${now.team ?? ''}`], atMs: startMs, agentId: now.agentId, ...(now.team && { team: now.team }) });
  const lastMs = instantMs(conversation.last_activity_at) ?? instantMs(conversation.timestamp);
  if (conversation.status === 'resolved' && lastMs !== undefined)
    records.push({ type: 'conversation.resolved', key: ['resolved', `${c.conversation}:history:${lastMs}`], atMs: lastMs });
  return { ...c, records };
}

/** The connection as Chatwoot's events need it. */
export interface ChatwootConnection {
  id: string;
  /** The connection's channel override, when set. */
  channel: string | null;
  sender: { type: 'agent' | 'bot'; id: string };
}

export interface ChatwootEvent {
  id: string;
  type: ChatwootRecord['type'];
  occurredAt: string;
  conversationId: string;
  contactId: string;
  channel: string;
  sender?: { type: 'customer' } | { type: 'agent' | 'bot'; id: string };
  messageId?: string;
  campaignId?: string;
  agentId?: string;
  team?: string;
  rating?: number;
  tags?: string[];
}

const PREFIX = 'cw';
const at = (c: Pick<ChatwootConnection, 'id'>) => ({ prefix: PREFIX, id: c.id });

/** Our conversation id of a Chatwoot conversation: `cw:<connection>:c:<display id>`. */
export const chatwootConversationId = (c: Pick<ChatwootConnection, 'id'>, display: string) => `${connectionPrefix(at(c))}c:${idPart(display, 40)}`;

/** At most 20 tags (events.md): the conversation's labels, union of what the payload shows and what is remembered. */
export function tagsOf(payload: string[] | undefined, remembered: string[] | undefined): string[] {
  return [...new Set([...(payload ?? []), ...(remembered ?? [])])].sort().slice(0, 20);
}

/**
 * The events of a conversation's records. Every event carries the conversation's labels as
 * tags: those the payload shows and the latest set conversation_updated reported (remembered:
 * labels go on the next event made for the conversation, whichever delivery came first).
 */
export function chatwootEvents(c: ChatwootConnection, conv: ChatwootConversation, remembered?: string[]): ChatwootEvent[] {
  const tags = tagsOf(conv.labels, conv.labelUpdate ? [...conv.labelUpdate.labels, ...(remembered ?? [])] : remembered);
  const base = {
    conversationId: chatwootConversationId(c, conv.conversation),
    contactId: `${c.id}:${idPart(conv.contact, 100)}`,
    channel: c.channel ?? conv.channel,
  };
  return conv.records.map((r) => ({
    id: eventId(at(c), r.key[0], r.key[1]),
    type: r.type,
    occurredAt: new Date(r.atMs).toISOString(),
    ...base,
    ...(r.type === 'message.received' && { sender: { type: 'customer' as const } }),
    ...(r.type === 'message.sent' && { sender: r.sender ?? { ...c.sender } }),
    ...(r.message !== undefined && { messageId: messageId(c, r.message) }),
    ...(r.campaignId && { campaignId: r.campaignId }),
    ...(r.agentId && { agentId: r.agentId }),
    ...(r.team && { team: r.team }),
    ...(r.rating !== undefined && { rating: r.rating }),
    ...(tags.length && { tags }),
  }));
}

export const chatwoot: Connector = {
  kind: 'chatwoot',
  idPrefix: PREFIX,
  channel: 'chatwoot',
  signatureHeader: 'X-Chatwoot-Signature',
  verify: (raw, headers, secrets, nowMs) => verifyChatwoot(raw, headers, secrets.webhookSecret, nowMs),
  parse: (body, _nowMs, headers) => {
    const ts = headers ? header(headers, 'x-chatwoot-timestamp') : undefined;
    const id = headers ? usable(header(headers, 'x-chatwoot-delivery'), 64) : undefined;
    return parseChatwoot(body, { ...(id && { id }), ...(ts && /^\d{1,12}$/.test(ts) && { sentAtMs: Number(ts) * 1000 }) });
  },
};
