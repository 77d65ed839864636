import type { Connector, Item, Parsed } from './connector.js';
import { verifyMetaDelivery } from './secrets.calculations.js';

/**
 * Messenger and Instagram messaging webhooks (connectors.md, kind `meta`; docs/connectors.md has
 * the table): `{object: "page" | "instagram", entry: [{id, time, messaging: [...]}]}`. Each
 * `messaging[]` item is one thing: a message (or its echo), a delivery or read receipt, a
 * reaction, a postback, …
 */

const CHANNELS: Record<string, string> = { page: 'messenger', instagram: 'instagram' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
/** Meta ids are strings; a numeric id (JSON numbers in some samples) is taken as written. */
const id = (v: unknown): string | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : str(v));
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A Meta instant in ms: Meta sends integers in ms; the App Dashboard's test sample sends Unix
 * seconds as a string; recorded samples carry ISO-8601 text. A whole number below 10^11 is seconds
 * (10^11 ms is 1973, 10^11 s is the year 5138). Anything else: undefined.
 */
export function metaTimestampMs(v: unknown): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) n = v;
  else if (typeof v === 'string' && /^\d{1,15}$/.test(v)) n = Number(v);
  else if (typeof v === 'string' && ISO.test(v)) {
    const ms = Date.parse(v);
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
  }
  if (n === undefined || n <= 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
}

/** A story mention (someone mentioned the account in their story) arrives as a message of only such attachments. */
const onlyStoryMentions = (message: Record<string, unknown>) => {
  const attachments = list(message.attachments);
  return attachments.length > 0 && attachments.every((a) => isObject(a) && a.type === 'story_mention');
};

/**
 * One `messaging[]` item to items (pushed), or false when it is not mapped. `entryTimeMs` is the
 * entry's `time` (when Meta sent the update): a delivery receipt has no timestamp of its own.
 */
function mapItem(m: unknown, channel: string, entryTimeMs: number | undefined, items: Item[]): boolean {
  if (!isObject(m)) return false;
  const sender = isObject(m.sender) ? id(m.sender.id) : undefined;
  const recipient = isObject(m.recipient) ? id(m.recipient.id) : undefined;
  const atMs = metaTimestampMs(m.timestamp);

  if (isObject(m.message)) {
    const message = m.message;
    const mid = str(message.mid);
    const echo = message.is_echo === true;
    // The page's own message is echoed with sender = the page: the contact is the recipient.
    const contact = echo ? recipient : sender;
    // Unsend (is_deleted) takes back an earlier message; a story mention is a notification, not a message to answer.
    if (!mid || !contact || atMs === undefined || message.is_deleted === true || onlyStoryMentions(message)) return false;
    items.push({ type: 'message', direction: echo ? 'out' : 'in', platformId: mid, contactId: contact, atMs, channel });
    return true;
  }
  if (isObject(m.postback)) {
    // A button tapped (Get Started, a menu, a template's button): the customer asks, like a quick reply.
    // Only with its `mid` (Graph API v8+): older postbacks have no id a redelivery could be recognised by.
    const mid = str(m.postback.mid);
    if (!mid || !sender || atMs === undefined) return false;
    items.push({ type: 'message', direction: 'in', platformId: mid, contactId: sender, atMs, channel });
    return true;
  }
  const receipt = isObject(m.delivery) ? { status: 'delivered' as const, body: m.delivery } : isObject(m.read) ? { status: 'read' as const, body: m.read } : undefined;
  if (receipt && sender) {
    const mids = [...new Set([...list(receipt.body.mids), receipt.body.mid].map(str).filter((x): x is string => x !== undefined))];
    // Instagram's seen names the message seen and has no watermark: it was seen when the event happened,
    // so everything sent before then is read.
    const watermarkMs = metaTimestampMs(receipt.body.watermark) ?? (receipt.status === 'read' && mids.length ? atMs : undefined);
    const when = atMs ?? entryTimeMs ?? watermarkMs;
    if (when === undefined || (watermarkMs === undefined && mids.length === 0)) return false;
    // A status is never before the messages it covers (all at or before the watermark).
    const statusAtMs = Math.max(when, watermarkMs ?? when);
    for (const mid of mids)
      items.push({ type: 'status', status: receipt.status, platformId: mid, contactId: sender, atMs: statusAtMs, ...(watermarkMs !== undefined && { sentAtMs: watermarkMs }), channel });
    if (watermarkMs !== undefined) items.push({ type: 'watermark', status: receipt.status, contactId: sender, watermarkMs, atMs: statusAtMs, channel });
    return true;
  }
  return false; // reactions, edits, referrals, opt-ins, handover, policy notices, …
}

/** A Messenger or Instagram webhook body → items; anything else is counted as ignored. */
export function parseMeta(body: unknown): Parsed {
  const items: Item[] = [];
  const channel = isObject(body) && typeof body.object === 'string' && Object.hasOwn(CHANNELS, body.object) ? CHANNELS[body.object] : undefined;
  if (!isObject(body) || !channel || !Array.isArray(body.entry)) return { items, ignored: 1 };
  let ignored = 0;
  for (const entry of body.entry) {
    if (!isObject(entry)) {
      ignored++;
      continue;
    }
    // `standby`: the thread is controlled by another app (handover protocol); its messages are the page's all the same.
    const messaging = [...list(entry.messaging), ...list(entry.standby)];
    const changes = list(entry.changes); // comments, mentions, … (not messaging)
    if (messaging.length === 0 && changes.length === 0) ignored++;
    ignored += changes.length;
    const entryTimeMs = metaTimestampMs(entry.time);
    for (const m of messaging) if (!mapItem(m, channel, entryTimeMs, items)) ignored++;
  }
  if (items.length === 0 && ignored === 0) ignored = 1; // an empty delivery still counts once
  return { items, ignored };
}

export const meta: Connector = {
  kind: 'meta',
  idPrefix: 'meta',
  channel: 'messenger',
  signatureHeader: 'X-Hub-Signature-256',
  verify: verifyMetaDelivery,
  parse: parseMeta,
};
