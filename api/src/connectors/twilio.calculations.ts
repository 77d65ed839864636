import { isUtf8 } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Connector, Item, Parsed } from './connector.js';
import { sameSecret } from './secrets.calculations.js';

/**
 * Twilio Messaging webhooks (connectors.md, kind `twilio`; docs/connectors.md has the table): an
 * `application/x-www-form-urlencoded` POST per inbound message and per status callback, SMS and
 * WhatsApp alike. The payloads carry no time: events take the delivery's arrival.
 */

/** Python's sort order (code points), as Twilio's reference validator sorts; JS sorts UTF-16 units. */
const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

/** The signed string's parameter part: names sorted, each name's distinct values sorted, name + value concatenated. */
export function twilioParamString(params: [string, string][]): string {
  const byName = new Map<string, Set<string>>();
  for (const [k, v] of params) byName.set(k, (byName.get(k) ?? new Set()).add(v));
  return [...byName.keys()]
    .sort(byCodePoint)
    .map((k) => [...byName.get(k)!].sort(byCodePoint).map((v) => k + v).join(''))
    .join('');
}

export const twilioSignature = (authToken: string, url: string, params: [string, string][]) =>
  createHmac('sha1', authToken).update(url + twilioParamString(params), 'utf8').digest('base64');

/**
 * The URL as Twilio may have signed it: without a port, and with the scheme's default port when
 * it has none (Twilio's own validators try both: its back end is not consistent about ports).
 */
export function urlVariants(url: string): string[] {
  const m = /^(https?:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, netloc, rest] = m;
  const port = /:(\d*)$/.exec(netloc);
  const without = port ? netloc.slice(0, port.index) : netloc;
  const withPort = port ? netloc : `${netloc}:${scheme.toLowerCase() === 'https://' ? 443 : 80}`;
  return [...new Set([scheme + without + rest, scheme + withPort + rest])];
}

/** A form body's pairs (undefined when the bytes are not UTF-8 text). */
export function formPairs(raw: Buffer): [string, string][] | undefined {
  if (!isUtf8(raw)) return undefined;
  return [...new URLSearchParams(raw.toString('utf8'))];
}

/**
 * `X-Twilio-Signature`: base64 HMAC-SHA1 with the auth token of the full URL followed by the
 * sorted form parameters. A JSON body is signed differently: the URL carries `bodySHA256` (hex
 * SHA-256 of the body) and only the URL is signed. Constant-time comparison.
 */
export function verifyTwilioSignature(raw: Buffer, header: string | undefined, authToken: string, url: string): boolean {
  if (typeof header !== 'string' || !authToken) return false;
  const query = url.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1).split('#')[0]) : undefined;
  const bodyHash = query?.get('bodySHA256');
  let params: [string, string][];
  if (bodyHash != null) {
    if (!sameSecret(createHash('sha256').update(raw).digest('hex'), bodyHash.toLowerCase())) return false;
    params = [];
  } else {
    const pairs = formPairs(raw);
    if (!pairs) return false;
    params = pairs;
  }
  const given = header.trim();
  return urlVariants(url)
    .map((u) => sameSecret(twilioSignature(authToken, u, params), given))
    .reduce((a, b) => a || b, false); // both compared: the time does not say which variant matched
}

/** Statuses that are evidence of a sent message, as the item's status; `undelivered` is a failure (connectors.md). */
const STATUSES: Record<string, 'sent' | 'delivered' | 'read' | 'failed'> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed', undelivered: 'failed' };

/**
 * A Twilio address → the contact and the channel: `whatsapp:+31…` is WhatsApp, a bare number (or
 * short code) is SMS, and the contact is the number without the prefix (one person, one contact
 * whatever the channel). Other prefixes (`messenger:`, `rcs:`, …) are not the channels of this
 * kind: undefined.
 */
export function twilioAddress(v: string | undefined): { contactId: string; channel: 'sms' | 'whatsapp' } | undefined {
  if (!v) return undefined;
  const m = /^whatsapp:(.+)$/i.exec(v);
  if (m) return { contactId: m[1], channel: 'whatsapp' };
  return v.includes(':') ? undefined : { contactId: v, channel: 'sms' };
}

const isForm = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** A decoded Twilio form (decode below) → items; the arrival (nowMs) is every item's time. */
export function parseTwilio(body: unknown, nowMs: number): Parsed {
  const items: Item[] = [];
  if (!isForm(body)) return { items, ignored: 1 };
  const sid = str(body.MessageSid) ?? str(body.SmsMessageSid) ?? str(body.SmsSid);
  if (!sid) return { items, ignored: 1 }; // not a Messaging webhook (a voice call, a form from elsewhere)
  if (body.MessageStatus !== undefined) {
    // A status callback of a message the account sent: the customer is `To`.
    const status = STATUSES[String(body.MessageStatus).toLowerCase()];
    const to = twilioAddress(str(body.To));
    // queued, accepted, scheduled, sending, canceled: not yet (or never) sent; no `To`: no one to attribute it to.
    if (!status || !to) return { items, ignored: 1 };
    items.push({ type: 'status', status, platformId: sid, contactId: to.contactId, atMs: nowMs, channel: to.channel });
    return { items, ignored: 0 };
  }
  const from = twilioAddress(str(body.From));
  const smsStatus = body.SmsStatus;
  if (!from || (smsStatus !== undefined && smsStatus !== 'received')) return { items, ignored: 1 };
  items.push({ type: 'message', direction: 'in', platformId: sid, contactId: from.contactId, atMs: nowMs, channel: from.channel });
  return { items, ignored: 0 };
}

export const twilio: Connector = {
  kind: 'twilio',
  idPrefix: 'tw',
  channel: 'sms',
  signatureHeader: 'X-Twilio-Signature',
  verify: (raw: Buffer, headers: IncomingHttpHeaders, secrets: Record<string, string>, _nowMs: number, url: string) => {
    const header = headers['x-twilio-signature'];
    return verifyTwilioSignature(raw, Array.isArray(header) ? undefined : header, secrets.authToken, url);
  },
  // The form's parameters, the first value of a repeated name (Messaging repeats none).
  decode: (raw: Buffer) => {
    const pairs = formPairs(raw);
    if (!pairs) return undefined;
    const out: Record<string, string> = Object.create(null);
    for (const [k, v] of pairs) if (!Object.hasOwn(out, k)) out[k] = v;
    return out;
  },
  parse: parseTwilio,
  // Twilio reads the answer to an inbound message as TwiML (JSON is a debugger error): an empty Response sends no reply.
  answer: { contentType: 'text/xml; charset=utf-8', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' },
};
