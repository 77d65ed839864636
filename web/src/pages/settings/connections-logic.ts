/**
 * The Connections form, driven by shared's schemas (shared/src/connectors.ts): the kinds offered
 * are CONNECTOR_KINDS, each kind's secret fields come from its secrets schema (names, required or
 * not, descriptions), and the form checks a request with the very schemas the API uses, so a new
 * kind appears here without a change. A value import of zod, unlike the rest of the dashboard:
 * it lands in the lazily loaded Settings chunk only, which admins alone open.
 */
import {
  CONNECTOR_KINDS,
  ConnectionInfoSchema,
  ConnectionSecretsSchemas,
  type ConnectorKind,
  CreateConnectionRequestSchema,
  type CreateConnectionRequest,
  type CreatedConnection,
  DEFAULT_SESSION_GAP_HOURS,
  SenderSchema,
} from '@parley/shared/connectors';

export { CONNECTOR_KINDS, DEFAULT_SESSION_GAP_HOURS, type ConnectorKind };

/** "appSecret" → "App secret": a schema key as a field label. */
export const fieldLabel = (key: string): string => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export interface SecretField {
  key: string;
  label: string;
  required: boolean;
  description: string;
}

const description = (schema: { meta(): Record<string, unknown> | undefined }): string => {
  const d = schema.meta()?.description;
  return typeof d === 'string' ? d : '';
};

/** The secrets a kind asks for, in its schema's order. */
export function secretFields(kind: ConnectorKind): SecretField[] {
  return Object.entries(ConnectionSecretsSchemas[kind].shape).map(([key, schema]) => ({
    key,
    label: fieldLabel(key),
    required: !schema.isOptional(),
    description: description(schema),
  }));
}

export const SENDER_TYPES = SenderSchema.shape.type.options;
export type SenderType = (typeof SENDER_TYPES)[number];

/** The schema's descriptions of the common fields, as hints under them. */
export const HINTS = {
  channel: description(CreateConnectionRequestSchema.shape.channel),
  defaultSender: description(CreateConnectionRequestSchema.shape.defaultSender),
  sessionGapHours: description(CreateConnectionRequestSchema.shape.sessionGapHours),
};

/** What the form holds: text as typed. */
export interface ConnectionDraft {
  kind: ConnectorKind;
  name: string;
  secrets: Record<string, string>;
  channel: string;
  senderType: SenderType;
  senderId: string;
  sessionGapHours: string;
}

export const emptyDraft = (kind: ConnectorKind = CONNECTOR_KINDS[0]): ConnectionDraft => ({
  kind,
  name: '',
  secrets: {},
  channel: '',
  senderType: 'agent',
  senderId: '',
  sessionGapHours: String(DEFAULT_SESSION_GAP_HOURS),
});

/**
 * The request for a draft, or the problems, worded as the API words them ("secrets.appSecret: is
 * required"). Empty optional fields are left out (the server's defaults apply); only the chosen
 * kind's secrets are sent. The name is trimmed; secrets are sent as typed (the schema refuses spaces).
 */
export function toRequest(d: ConnectionDraft): { request: CreateConnectionRequest } | { problems: string[] } {
  const secrets: Record<string, string> = {};
  for (const f of secretFields(d.kind)) if (d.secrets[f.key]) secrets[f.key] = d.secrets[f.key];
  const gap = d.sessionGapHours.trim();
  const request: CreateConnectionRequest = {
    kind: d.kind,
    name: d.name.trim(),
    secrets,
    ...(d.channel.trim() && { channel: d.channel.trim() }),
    ...(d.senderId.trim() && { defaultSender: { type: d.senderType, id: d.senderId.trim() } }),
    ...(gap && { sessionGapHours: /^\d+$/.test(gap) ? Number(gap) : (gap as unknown as number) }),
  };
  const problems: string[] = [];
  const where = (path: PropertyKey[]) => path.map(String).join('.') || 'body';
  const r = CreateConnectionRequestSchema.safeParse(request);
  if (!r.success) problems.push(...r.error.issues.map((i) => `${where(i.path)}: ${i.message}`));
  const s = ConnectionSecretsSchemas[d.kind].safeParse(secrets);
  if (!s.success) problems.push(...s.error.issues.map((i) => `${where(['secrets', ...i.path])}: ${i.message}`));
  return problems.length ? { problems } : { request };
}

/**
 * What a create answer carries beyond the listed connection: the secrets shown this once
 * (whatsapp's verify token; whatever a kind adds), as label and value.
 */
export function oneTimeValues(created: CreatedConnection): { key: string; label: string; value: string }[] {
  const listed = new Set(Object.keys(ConnectionInfoSchema.shape));
  return Object.entries(created as Record<string, unknown>)
    .filter((e): e is [string, string] => !listed.has(e[0]) && typeof e[1] === 'string' && e[1] !== '')
    .map(([key, value]) => ({ key, label: fieldLabel(key), value }));
}

/**
 * Where each platform takes the webhook URL (and what else to know), for the kinds connectors.md
 * names; a kind without an entry gets the general sentence.
 */
const KIND_HELP: Record<string, { platform: string; where: string }> = {
  whatsapp: {
    platform: 'WhatsApp Cloud API',
    where:
      'In Meta for Developers: your app → WhatsApp → Configuration → Webhook → Edit. Paste the webhook URL as the Callback URL and the verify token as the Verify token, then subscribe to the "messages" field.',
  },
  meta: {
    platform: 'Messenger and Instagram',
    where:
      'In Meta for Developers: your app → Messenger (or Instagram) → Webhooks. Paste the webhook URL as the Callback URL and the verify token as the Verify token, then subscribe the page or account to messages, message_echoes, message_deliveries, message_reads (messaging_seen on Instagram) and messaging_postbacks.',
  },
  telegram: {
    platform: 'Telegram Bot API',
    where:
      "Register the webhook URL with the Bot API's setWebhook, with the connection's secret token. Bots do not receive their own messages: replies come from the events API or a helpdesk; until then the channel's conversations count as unanswered.",
  },
  twilio: {
    platform: 'Twilio Messaging',
    where: 'In the Twilio console: your number (or Messaging Service) → "A message comes in" and the status callback URL: paste the webhook URL in both.',
  },
  chatwoot: {
    platform: 'Chatwoot',
    where: 'In Chatwoot: Settings → Integrations → Webhooks → Add new webhook. Paste the webhook URL and tick the conversation and message events.',
  },
};

export const kindPlatform = (kind: string): string => KIND_HELP[kind]?.platform ?? kind;
export const kindHelp = (kind: string): string =>
  KIND_HELP[kind]?.where ?? "Paste the webhook URL into the platform's webhook settings; it accepts only deliveries signed with the secrets given here.";
