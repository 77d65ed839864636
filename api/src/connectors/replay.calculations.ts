/**
 * `parley connectors replay` (docs/connectors.md "Try it before going live"): recorded payload files
 * sent to a connection's webhook URL, signed as the platform signs them. The pure parts: which
 * files, in what order, each kind's signer, and the lines printed for the answers.
 */
import type { ConnectorKind } from '@parley/shared';
import { chatwootSignature } from './chatwoot.calculations.js';
import { hubSignature256 } from './secrets.calculations.js';
import { formPairs, twilioSignature } from './twilio.calculations.js';

/** What a signer gets: the exact bytes sent, the URL they are posted to, the connection's secrets, the clock. */
export interface SignInput {
  body: Buffer;
  url: string;
  secrets: Record<string, string>;
  nowMs: number;
}

/** Each kind's signer: the headers its platform would send with this body (signature, content type). */
export type Signer = (input: SignInput) => Record<string, string>;

/**
 * The kinds the replay can sign. A new kind plugs in here with one line (its signature scheme,
 * as its connector's `verify` checks it); a kind without a signer is refused by the CLI by name.
 */
/** Meta's apps (WhatsApp Cloud API, Messenger, Instagram): X-Hub-Signature-256 with the app secret. */
const metaApp: Signer = ({ body, secrets }) => ({ 'content-type': 'application/json', 'x-hub-signature-256': hubSignature256(body, secrets.appSecret ?? '') });

/** Chatwoot: X-Chatwoot-Signature over "<timestamp>.<body>", stamped now (older than 5 minutes is refused). */
const chatwootWebhook: Signer = ({ body, secrets, nowMs }) => ({
  'content-type': 'application/json',
  ...chatwootSignature(body, secrets.webhookSecret ?? '', Math.floor(nowMs / 1000)),
});

/** Telegram: the secret token itself travels in a header. */
const telegramBot: Signer = ({ secrets }) => ({ 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.secretToken ?? '' });

/** Twilio: a form body, signed over the URL it is posted to and its sorted parameters (a file holds the form text). */
const twilioForm: Signer = ({ body, url, secrets }) => ({
  'content-type': 'application/x-www-form-urlencoded',
  'x-twilio-signature': twilioSignature(secrets.authToken ?? '', url, formPairs(body) ?? []),
});

export const SIGNERS: Partial<Record<ConnectorKind, Signer>> = {
  whatsapp: metaApp,
  meta: metaApp,
  telegram: telegramBot,
  twilio: twilioForm,
  chatwoot: chatwootWebhook,
};

/** Documentation beside the payloads (README, LICENSE, notes, dotfiles) is not sent. */
const NOT_A_PAYLOAD = /^(\.|readme|license|notice|copying)|\.(md|txt)$/i;

/**
 * The payload files of a folder in the order they are sent: by name, compared by code unit (so
 * `01-…`, `02-…`, … is delivery order whatever the locale), and the names left out.
 */
export function replayOrder(fileNames: string[]): { send: string[]; skipped: string[] } {
  const sorted = [...fileNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { send: sorted.filter((n) => !NOT_A_PAYLOAD.test(n)), skipped: sorted.filter((n) => NOT_A_PAYLOAD.test(n)) };
}

export interface DeliveryCounts {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
}

const isCounts = (v: unknown): v is DeliveryCounts =>
  typeof v === 'object' && v !== null && (['accepted', 'duplicates', 'ignored', 'rejected'] as const).every((k) => Number.isInteger((v as Record<string, unknown>)[k]));

/** One file's answer, read from the HTTP status and body: acknowledged with its counts, or refused with why. */
export type ReplayAnswer = { file: string; status: number; counts: DeliveryCounts } | { file: string; status: number; refused: string };

export function readAnswer(file: string, status: number, bodyText: string): ReplayAnswer {
  let body: unknown = null;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // a proxy's page, or nothing: the status and the text say it
  }
  if (status === 200 && isCounts(body))
    return { file, status, counts: { accepted: body.accepted, duplicates: body.duplicates, ignored: body.ignored, rejected: body.rejected } };
  const message = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : bodyText;
  const text = (Array.isArray(message) ? message.join('; ') : String(message ?? '')).replace(/\s+/g, ' ').trim().slice(0, 300);
  return { file, status, refused: text || 'no answer body' };
}

export const answerLine = (a: ReplayAnswer): string =>
  'counts' in a
    ? `${a.file}\t${a.status}\taccepted ${a.counts.accepted}, duplicates ${a.counts.duplicates}, ignored ${a.counts.ignored}, rejected ${a.counts.rejected}`
    : `${a.file}\t${a.status}\trefused: ${a.refused}`;

/** The totals line: sums of per-delivery counts (each is a count of distinct events of one delivery, so they add up). */
export function summaryLine(answers: ReplayAnswer[], url: string): string {
  const total: DeliveryCounts = { accepted: 0, duplicates: 0, ignored: 0, rejected: 0 };
  let refused = 0;
  for (const a of answers) {
    if (!('counts' in a)) {
      refused++;
      continue;
    }
    for (const k of Object.keys(total) as (keyof DeliveryCounts)[]) total[k] += a.counts[k];
  }
  return (
    `replayed ${answers.length} file${answers.length === 1 ? '' : 's'} to ${url}: ${answers.length - refused} acknowledged ` +
    `(accepted ${total.accepted}, duplicates ${total.duplicates}, ignored ${total.ignored}, rejected ${total.rejected}), ${refused} refused`
  );
}

/**
 * Where the running server listens when `--url` is not given: its own HOST and PORT, with a
 * wildcard address (0.0.0.0, ::) reached on the loopback.
 */
export function localServerUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** A `--url` as given: an http(s) origin (a path is kept, for a server behind a prefix); null when it is not one. */
export function baseUrl(given: string): string | null {
  let u: URL;
  try {
    u = new URL(given);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.search || u.hash || u.username || u.password) return null;
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}
