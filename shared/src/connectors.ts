import { z } from 'zod';
import { printable } from './events.js';
import { CHANNEL_PATTERN } from './report-params.js';

/**
 * Connectors (connectors.md): a connection turns one platform account's webhooks into events.
 * Kinds are added one at a time; each has its own secrets schema below.
 */
export const CONNECTOR_KINDS = ['whatsapp', 'meta', 'telegram', 'twilio', 'chatwoot'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

export const DEFAULT_SESSION_GAP_HOURS = 24;

/** A secret as pasted from a platform's console: printable, no surrounding spaces. */
const secret = (min: number, max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .min(min, `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => /^[\x21-\x7e]+$/.test(s), 'must be printable ASCII without spaces');

/** A Meta app's secrets (WhatsApp, Messenger, Instagram): the same handshake and signature. */
const metaAppSecrets = z.strictObject({
  appSecret: secret(8, 512).meta({ description: "The Meta app's App Secret (App settings → Basic): signs every delivery (X-Hub-Signature-256)" }),
  verifyToken: secret(8, 256).optional().meta({ description: "What you type as the Verify token in Meta's webhook settings; generated when omitted" }),
});

/** The platform secrets each kind needs; stored encrypted, never shown again (except a generated verify token, once). */
export const ConnectionSecretsSchemas = {
  whatsapp: metaAppSecrets,
  meta: metaAppSecrets,
  chatwoot: z.strictObject({
    webhookSecret: secret(8, 512).meta({
      description: "The secret Chatwoot shows for the webhook (Settings → Integrations → Webhooks), the API inbox or the agent bot: signs every delivery (X-Chatwoot-Signature)",
    }),
  }),
  telegram: z.strictObject({
    // Telegram allows 1–256 of A-Z a-z 0-9 _ - for setWebhook's secret_token; at least 16 here so it cannot be guessed.
    secretToken: secret(16, 256)
      .refine((s) => /^[A-Za-z0-9_-]+$/.test(s), 'must be letters, digits, "_" or "-" (what Telegram allows)')
      .optional()
      .meta({ description: "The secret_token you pass to setWebhook (Telegram sends it as X-Telegram-Bot-Api-Secret-Token); generated when omitted" }),
  }),
  twilio: z.strictObject({
    authToken: secret(8, 512).meta({ description: "The Twilio account's Auth Token (Console → Account info): signs every request (X-Twilio-Signature)" }),
  }),
} satisfies Record<ConnectorKind, z.ZodObject>;

/** The kinds whose webhook is registered with Meta's verify handshake (a verify token, generated when not given). */
export const VERIFY_TOKEN_KINDS: readonly ConnectorKind[] = ['whatsapp', 'meta'];

export const SenderSchema = z.strictObject({ type: z.enum(['agent', 'bot'], { error: 'must be "agent" or "bot"' }), id: printable(128) });

/** POST /connections. `secrets` is checked against the kind's schema (ConnectionSecretsSchemas). */
export const CreateConnectionRequestSchema = z
  .strictObject({
    kind: z.enum(CONNECTOR_KINDS, { error: `must be one of ${CONNECTOR_KINDS.join(', ')}` }),
    name: printable(128),
    channel: z
      .string({ error: 'must be a string' })
      .regex(CHANNEL_PATTERN, 'must be 1–32 lowercase letters, digits, "_" or "-", starting with a letter or digit')
      .optional()
      .meta({ description: "Overrides the kind's channel (whatsapp → whatsapp; meta → messenger or instagram by the payload; telegram → telegram; twilio → sms or whatsapp; chatwoot → the inbox's)" }),
    defaultSender: SenderSchema.optional().meta({ description: 'Who outbound messages are from when the payload names no one; default {type:"agent", id: name}' }),
    sessionGapHours: z
      .number({ error: 'must be a whole number of hours from 1 to 720' })
      .int('must be a whole number of hours from 1 to 720')
      .min(1, 'must be a whole number of hours from 1 to 720')
      .max(720, 'must be a whole number of hours from 1 to 720')
      .default(DEFAULT_SESSION_GAP_HOURS)
      .meta({ description: "A contact's messages form one conversation until a gap longer than this" }),
    secrets: z.record(z.string(), z.unknown(), { error: 'must be an object with the platform secrets' }),
  })
  .meta({ id: 'CreateConnectionRequest' });
export type CreateConnectionRequest = z.input<typeof CreateConnectionRequestSchema>;

export const ConnectionInfoSchema = z
  .object({
    id: z.string().meta({ description: 'Random and unguessable: it locates the connection in its webhook URL' }),
    kind: z.enum(CONNECTOR_KINDS),
    name: z.string(),
    channel: z.string().nullable(),
    defaultSender: SenderSchema,
    sessionGapHours: z.number().int(),
    note: z.string().optional().meta({ description: "What this kind cannot see, for the connection screen (telegram: the bot's own replies)" }),
    webhookUrl: z.string().meta({ description: 'Paste into the platform: /api/v1/connectors/{kind}/{id} on this server' }),
    createdAt: z.string(),
    counters: z.object({
      deliveries: z.number().int().meta({ description: 'Signed deliveries acknowledged' }),
      events: z.number().int().meta({ description: 'New events stored from them' }),
      duplicates: z.number().int().meta({ description: 'Events already stored (platform redeliveries)' }),
      ignored: z.number().int().meta({ description: 'Payload items not mapped to events (and signed bodies that are not JSON)' }),
      rejected: z.number().int().meta({ description: 'Mapped events that failed validation' }),
      lastDeliveryAt: z.string().nullable(),
      lastRejection: z.string().nullable().meta({ description: 'Why the last rejected event was refused' }),
    }),
  })
  .meta({ id: 'ConnectionInfo' });
export type ConnectionInfo = z.infer<typeof ConnectionInfoSchema>;

export const CreatedConnectionSchema = ConnectionInfoSchema.extend({
  verifyToken: z.string().optional().meta({ description: 'whatsapp, meta: the verify token to type into Meta; shown only in this answer' }),
  secretToken: z.string().optional().meta({ description: "telegram: the secret_token to pass to setWebhook; shown only in this answer" }),
}).meta({ id: 'CreatedConnection' });
export type CreatedConnection = z.infer<typeof CreatedConnectionSchema>;
