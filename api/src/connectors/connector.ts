import type { IncomingHttpHeaders } from 'node:http';
import type { ConnectorKind } from '@parley/shared';

/**
 * What a platform's payload says, before conversations are decided (sessions.calculations.ts):
 * a message in or out, or a status of an outbound message. Ids are the platform's own.
 */
export type Item = (
  | { type: 'message'; direction: 'in' | 'out'; platformId: string; contactId: string; atMs: number }
  | {
      type: 'status';
      /** `sent` and `played` are evidence of the message only; the others also make status events. */
      status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
      platformId: string;
      contactId: string;
      atMs: number;
      /** Set when the message is a marketing broadcast: its message.sent gets this campaignId. */
      campaignId?: string;
      /** When the message was sent, when the status says so better than atMs (a Messenger watermark). */
      sentAtMs?: number;
    }
  | {
      /**
       * Messenger/Instagram `delivery`/`read`: every outbound message of the contact's thread sent at
       * or before `watermarkMs` has the status (at atMs). Resolved against what is stored into status
       * items before sessions (watermarks.calculations.ts).
       */
      type: 'watermark';
      status: 'delivered' | 'read';
      contactId: string;
      watermarkMs: number;
      atMs: number;
    }
) & {
  /** The channel when the payload decides it (meta: messenger or instagram; twilio: sms or whatsapp); else the kind's. The connection's override wins. */
  channel?: string;
};

export interface Parsed {
  items: Item[];
  /** Payload items (messages, statuses, changes, whole bodies) the connector does not map. */
  ignored: number;
}

/**
 * One platform kind. Every kind checks authenticity on the raw bytes before anything is parsed,
 * then maps a parsed body to items; the session kinds share the rest (sessions.calculations.ts).
 */
export interface Connector {
  kind: ConnectorKind;
  /** Short prefix of the ids this kind makes (events, conversations). */
  idPrefix: string;
  /** The channel of its events unless the connection overrides it. */
  channel: string;
  /** The header that carries the signature, named in a 401. */
  signatureHeader: string;
  /** `url`: the delivery's full public URL (PARLEY_PUBLIC_URL, else the request's origin, + path and query): Twilio signs it. */
  verify(rawBody: Buffer, headers: IncomingHttpHeaders, secrets: Record<string, string>, nowMs: number, url: string): boolean;
  /** The verified raw body as `parse` takes it (undefined: not the platform's format, ignored); default UTF-8 JSON. */
  decode?(rawBody: Buffer): unknown;
  /**
   * Maps a decoded body (any value: platforms and attackers send anything) to items. `nowMs`:
   * the arrival, for platforms whose payloads carry no time (Twilio); `headers` for kinds that
   * need them (chatwoot).
   */
  parse(body: unknown, nowMs: number, headers?: IncomingHttpHeaders): Parsed;
  /** What this kind cannot see, shown with the connection (telegram: the bot's own replies). */
  note?: string;
  /** The answer to an acknowledged delivery when the platform wants its own (twilio: empty TwiML); default the JSON counts. */
  answer?: { contentType: string; body: string };
}
