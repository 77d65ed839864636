import type { Connector, Item, Parsed } from './connector.js';
import { verifyMetaDelivery } from './secrets.calculations.js';

/**
 * WhatsApp Cloud API webhooks (connectors.md, kind `whatsapp`; docs/connectors.md has the table):
 * `messages` changes carry inbound `messages` and `statuses` of outbound ones; `smb_message_echoes`
 * changes carry messages the business sent from the WhatsApp Business app.
 */

/** Inbound message types that are a customer writing (a reply is expected); others are ignored. */
const CUSTOMER_MESSAGE_TYPES = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'order', 'unsupported']);
/** Echo types that are not a new message: an edit or a deletion of an earlier one. */
const NOT_A_MESSAGE = new Set(['edit', 'revoke', 'reaction']);
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed', 'played']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** A WhatsApp timestamp (Unix seconds as a string) in ms; undefined when it is not one. */
export function waTimestampMs(v: unknown): number | undefined {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || !/^\d{1,11}$/.test(s)) return undefined;
  return Number(s) * 1000;
}

/** Printable, at most 128 characters: usable as a campaignId as it is. */
const usableName = (s: string | undefined) => (s && [...s].length <= 128 && !/[\u0000-\u001f\u007f-\u009f]/.test(s) && s.trim() === s ? s : undefined);

/**
 * The campaign of a marketing status, or undefined when the message is not marketing (utility,
 * authentication and service messages are responses). Marketing: `pricing.category` or
 * `conversation.origin.type` is `marketing` (also `marketing_lite`). Status webhooks do not carry
 * the template's name, so the campaignId is, in order: a template name where a payload carries
 * one, the `biz_opaque_callback_data` the sender attached to the send (the way to name campaigns
 * exactly), else `whatsapp-marketing-YYYY-MM-DD` (the UTC day of the status): one day's
 * broadcasts as one campaign.
 */
export function marketingCampaign(status: Record<string, unknown>, atMs: number): string | undefined {
  const pricing = isObject(status.pricing) ? status.pricing : {};
  const conversation = isObject(status.conversation) ? status.conversation : {};
  const origin = isObject(conversation.origin) ? conversation.origin : {};
  const marketing = [pricing.category, origin.type].some((c) => c === 'marketing' || c === 'marketing_lite');
  if (!marketing) return undefined;
  const template = isObject(status.template) ? str(status.template.name) : undefined;
  return usableName(template) ?? usableName(str(status.biz_opaque_callback_data)) ?? `whatsapp-marketing-${new Date(atMs).toISOString().slice(0, 10)}`;
}

/** Maps one change's value of field `messages` or `smb_message_echoes`; returns how many of its items it ignored. */
function mapValue(field: string, value: Record<string, unknown>, items: Item[]): number {
  let ignored = 0;
  const contacts = list(value.contacts).filter(isObject);
  const onlyContact = contacts.length === 1 ? str(contacts[0].wa_id) : undefined;
  if (field === 'messages') {
    for (const m of list(value.messages)) {
      const atMs = isObject(m) ? waTimestampMs(m.timestamp) : undefined;
      const id = isObject(m) ? str(m.id) : undefined;
      const from = isObject(m) ? (str(m.from) ?? onlyContact) : undefined;
      if (!isObject(m) || atMs === undefined || !id || !from || !CUSTOMER_MESSAGE_TYPES.has(String(m.type))) ignored++;
      else items.push({ type: 'message', direction: 'in', platformId: id, contactId: from, atMs });
    }
    for (const s of list(value.statuses)) {
      const atMs = isObject(s) ? waTimestampMs(s.timestamp) : undefined;
      const id = isObject(s) ? str(s.id) : undefined;
      const to = isObject(s) ? str(s.recipient_id) : undefined;
      // A group's status has no one contact: a group is not a customer conversation.
      if (!isObject(s) || atMs === undefined || !id || !to || !STATUSES.has(String(s.status)) || (s.recipient_type !== undefined && s.recipient_type !== 'individual')) {
        ignored++;
        continue;
      }
      const campaignId = marketingCampaign(s, atMs);
      items.push({ type: 'status', status: s.status as 'sent', platformId: id, contactId: to, atMs, ...(campaignId && { campaignId }) });
    }
    if (!Array.isArray(value.messages) && !Array.isArray(value.statuses)) ignored++; // e.g. only `errors`
  } else {
    for (const e of list(value.message_echoes)) {
      const atMs = isObject(e) ? waTimestampMs(e.timestamp) : undefined;
      const id = isObject(e) ? str(e.id) : undefined;
      const to = isObject(e) ? (str(e.to) ?? onlyContact) : undefined;
      if (!isObject(e) || atMs === undefined || !id || !to || NOT_A_MESSAGE.has(String(e.type))) ignored++;
      else items.push({ type: 'message', direction: 'out', platformId: id, contactId: to, atMs });
    }
    if (!Array.isArray(value.message_echoes)) ignored++;
  }
  return ignored;
}

/** A WhatsApp Cloud API webhook body → items; anything else is counted as ignored. */
export function parseWhatsApp(body: unknown): Parsed {
  const items: Item[] = [];
  if (!isObject(body) || body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) return { items, ignored: 1 };
  let ignored = 0;
  for (const entry of body.entry) {
    const changes = isObject(entry) ? list(entry.changes) : [];
    if (changes.length === 0) ignored++;
    for (const change of changes) {
      const field = isObject(change) ? change.field : undefined;
      const value = isObject(change) ? change.value : undefined;
      if ((field === 'messages' || field === 'smb_message_echoes') && isObject(value)) ignored += mapValue(field, value, items);
      else ignored++; // other fields (template status, account updates, …) are not conversation events
    }
  }
  if (items.length === 0 && ignored === 0) ignored = 1; // an empty delivery still counts once
  return { items, ignored };
}

export const whatsapp: Connector = {
  kind: 'whatsapp',
  idPrefix: 'wa',
  channel: 'whatsapp',
  signatureHeader: 'X-Hub-Signature-256',
  verify: verifyMetaDelivery,
  parse: parseWhatsApp,
};
