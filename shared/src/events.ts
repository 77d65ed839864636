import { z } from 'zod';
import { CHANNEL_PATTERN } from './report-params.js';

/** The event types of events.md, in the order the spec lists them. */
export const EVENT_TYPES = [
  'conversation.opened',
  'message.received',
  'message.sent',
  'conversation.assigned',
  'conversation.resolved',
  'conversation.reopened',
  'csat.submitted',
  'conversion',
  'message.delivered',
  'message.read',
  'message.failed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const MAX_BATCH_EVENTS = 10_000;
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_ATTRIBUTES_BYTES = 4096;
export const MAX_FUTURE_MS = 5 * 60 * 1000;
export const MIN_OCCURRED_AT_MS = Date.UTC(2000, 0, 1);

// Control characters (C0, DEL, C1): "printable" in events.md means none of these.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// An unpaired UTF-16 surrogate is no character at all, and PostgreSQL refuses it (and U+0000) in
// text and jsonb: such an event would pass here, then fail the insert of its whole batch.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL could not store the text as given (NUL, unpaired surrogate), or null. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired surrogates (invalid Unicode)';
  return null;
}

/** zod check: the string as PostgreSQL can store it (textProblem). */
export const storableText = (s: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

// JSON.parse turns a number beyond a double's range (1e400) into ±Infinity, which JSON cannot
// hold: stored, it would silently become null.
const tooLarge = (n: number) => `must be a finite number (this one overflows to ${n})`;

const MAX_JSON_PROBLEMS = 5;

/**
 * What of a free-form JSON value PostgreSQL's jsonb cannot store as sent, each named by its path
 * (`attributes.note`); at most a few, so one bad event cannot grow the answer without bound.
 */
function jsonProblems(v: unknown, path: string, out: string[] = []): string[] {
  if (out.length >= MAX_JSON_PROBLEMS) return out;
  if (typeof v === 'string') {
    const p = textProblem(v);
    if (p) out.push(`${path}: ${p}`);
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push(`${path}: ${tooLarge(v)}`);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => jsonProblems(x, `${path}.${i}`, out));
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const p = textProblem(k);
      if (p) out.push(`${path}: key ${JSON.stringify(k)} ${p}`);
      else jsonProblems(x, `${path}.${k}`, out);
    }
  }
  return out.slice(0, MAX_JSON_PROBLEMS);
}
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

const utf8 = new TextEncoder();

const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined
    ? 'is required'
    : typeof issue.input === 'number' && (issue.input === Infinity || issue.input === -Infinity)
      ? tooLarge(issue.input)
      : `must be ${expected}`;

/** 1–max printable characters (counted as Unicode code points). */
export const printable = (max: number) =>
  z
    .string({ error: typeError('a string') })
    .refine((s) => s.length > 0, 'must not be empty')
    .refine((s) => [...s].length <= max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must not contain unpaired surrogates (invalid Unicode)');

const occurredAt = z
  .string({ error: typeError('an ISO 8601 date-time string') })
  .superRefine((s, ctx) => {
    const problem = isoProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ format: 'date-time', description: 'ISO 8601 with an offset or Z', example: '2026-11-20T09:15:02.123+01:00' });

const customerSender = z.strictObject(
  { type: z.literal('customer', { error: 'must be "customer" on message.received' }) },
  { error: typeError('an object like {"type":"customer"}') },
);
const responderSender = z.strictObject(
  {
    type: z.enum(['agent', 'bot'], { error: 'must be "agent" or "bot" on message.sent' }),
    id: printable(128),
  },
  { error: typeError('an object like {"type":"agent","id":"…"}') },
);

const tags = z
  .array(z.string({ error: typeError('a string') }).min(1, 'must not be empty').refine((s) => [...s].length <= 64, 'must be at most 64 characters').superRefine(storableText), {
    error: typeError('an array of strings'),
  })
  .max(20, 'must have at most 20 tags');

// z.custom, not z.record: a record is rebuilt by assignment, which would drop a "__proto__" key.
const attributes = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: typeError('a JSON object') })
  .meta({ type: 'object', description: 'Free-form JSON object, at most 4096 bytes serialised' })
  .superRefine((o, ctx) => {
    let bytes: number;
    try {
      bytes = utf8.encode(JSON.stringify(o)).length;
    } catch {
      bytes = Infinity; // nested too deep to serialise (stack overflow): far beyond the limit
    }
    if (bytes > MAX_ATTRIBUTES_BYTES) ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON` });
    // Each message names its own path (attributes.note); describe() shows it as it is.
    else for (const problem of jsonProblems(o, 'attributes')) ctx.addIssue({ code: 'custom', message: problem, params: { named: true } });
  });

/** Every field an event may carry, with its rule. */
const FIELDS = {
  id: printable(128).meta({ description: 'Unique per workspace: the idempotency key' }),
  occurredAt,
  conversationId: printable(128),
  contactId: printable(128),
  channel: z
    .string({ error: typeError('a string') })
    .regex(CHANNEL_PATTERN, 'must be 1–32 lowercase letters, digits, "_" or "-", starting with a letter or digit')
    .meta({ examples: ['whatsapp', 'messenger', 'instagram', 'sms', 'webchat', 'telegram', 'email', 'twitter'] }),
  campaignId: printable(128),
  messageId: printable(256),
  agentId: printable(128),
  team: printable(128),
  rating: z.number({ error: typeError('an integer from 1 to 5') }).int('must be an integer from 1 to 5').min(1, 'must be an integer from 1 to 5').max(5, 'must be an integer from 1 to 5'),
  value: z.number({ error: typeError('a number') }).min(0, 'must be 0 or more'),
  currency: z.string({ error: typeError('a string') }).regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, like EUR'),
  tags,
  attributes,
} as const;

const common = {
  id: FIELDS.id,
  occurredAt: FIELDS.occurredAt,
  conversationId: FIELDS.conversationId,
  contactId: FIELDS.contactId,
  channel: FIELDS.channel,
  tags: FIELDS.tags.optional(),
  attributes: FIELDS.attributes.optional(),
};

const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);

/** One zod schema per event type: exactly the fields that type may have. */
export const EventSchemas = {
  'conversation.opened': strict({ type: z.literal('conversation.opened'), ...common }),
  'message.received': strict({
    type: z.literal('message.received'),
    ...common,
    sender: customerSender,
    messageId: FIELDS.messageId.optional(),
  }),
  'message.sent': strict({
    type: z.literal('message.sent'),
    ...common,
    sender: responderSender,
    campaignId: FIELDS.campaignId.optional(),
    messageId: FIELDS.messageId.optional(),
  }),
  'conversation.assigned': strict({
    type: z.literal('conversation.assigned'),
    ...common,
    agentId: FIELDS.agentId,
    team: FIELDS.team.optional(),
  }),
  'conversation.resolved': strict({ type: z.literal('conversation.resolved'), ...common }),
  'conversation.reopened': strict({ type: z.literal('conversation.reopened'), ...common }),
  'csat.submitted': strict({ type: z.literal('csat.submitted'), ...common, rating: FIELDS.rating }),
  conversion: strict({ type: z.literal('conversion'), ...common, value: FIELDS.value, currency: FIELDS.currency }),
  // Status types (events.md, Message status): what became of the message.sent with this messageId.
  'message.delivered': strict({ type: z.literal('message.delivered'), ...common, messageId: FIELDS.messageId }),
  'message.read': strict({ type: z.literal('message.read'), ...common, messageId: FIELDS.messageId }),
  'message.failed': strict({ type: z.literal('message.failed'), ...common, messageId: FIELDS.messageId }),
} satisfies Record<EventType, z.ZodObject>;

export const EventSchema = z
  .discriminatedUnion('type', Object.values(EventSchemas) as unknown as [z.ZodObject, ...z.ZodObject[]])
  .meta({ id: 'Event', description: 'One conversation event (events.md)' });

export type ParleyEvent = z.infer<(typeof EventSchemas)[EventType]>;

/** An event after validation, with its instant normalised to UTC microseconds. */
export type ValidEvent = ParleyEvent & {
  /** Microseconds since the Unix epoch (exact: the spec allows sub-millisecond instants). */
  occurredAtUs: number;
  /** The same instant as an ISO string in UTC with 6 fractional digits. */
  occurredAtUtc: string;
};

export type ValidationResult = { ok: true; event: ValidEvent } | { ok: false; id?: string; errors: string[] };

const KNOWN_FIELDS = new Set(['type', 'sender', ...Object.keys(FIELDS)]);

/** Parses an ISO 8601 date-time with offset to microseconds since the epoch, or null. */
export function parseInstantUs(s: string): number | null {
  const m = ISO_WITH_OFFSET.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, z, sign, oh, om] = m;
  const year = +y, month = +mo, day = +d, hour = +h, minute = +mi, second = +sec;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  let offsetMin = 0;
  if (!z) {
    if (+oh > 23 || +om > 59) return null;
    offsetMin = (sign === '-' ? -1 : 1) * (+oh * 60 + +om);
  }
  // Postgres keeps microseconds: round finer fractions here (half up) and store this exact value,
  // so the stored instant and the one facts are derived from are the same.
  const fracUs = frac ? Math.round(Number((frac + '000000000').slice(0, 9)) / 1000) : 0;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMin * 60_000;
  return ms * 1000 + fracUs;
}

/** Microseconds since the epoch → `2026-11-20T08:15:02.123000Z`. */
export function formatInstantUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2026-11-20T08:15:02.123Z
  return `${iso.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

function isoProblem(s: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}/.test(s)) return 'must be an ISO 8601 date-time like 2026-11-20T09:15:02.123+01:00';
  if (!/([Zz]|[+-]\d{2}:?\d{2})$/.test(s)) return 'must include an offset (Z or ±HH:MM)';
  if (parseInstantUs(s) === null) {
    if (/[.,]\d{10,}/.test(s)) return 'must have at most 9 fractional digits of a second';
    if (/^[^Tt]*[Tt]\d{2}:\d{2}:60/.test(s)) return 'seconds must be 00–59 (leap seconds like 23:59:60 are not accepted)';
    return 'is not a valid date-time';
  }
  return null;
}

function describe(issue: z.core.$ZodIssue, type: string | undefined): string[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const prefix = path ? `${path}.` : '';
    return issue.keys.map((k) =>
      !path && KNOWN_FIELDS.has(k) && type
        ? `${k}: is not allowed on ${type} events`
        : `${prefix}${k}: is not a known field`,
    );
  }
  if (issue.code === 'custom' && issue.params?.named) return [issue.message];
  return [`${path || 'event'}: ${issue.message}`];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates one event as events.md says, reporting every error of it by field.
 * `nowMs` is the server's clock (events may be at most 5 minutes in its future).
 */
export function validateEvent(raw: unknown, nowMs: number): ValidationResult {
  if (!isPlainObject(raw)) return { ok: false, errors: ['event: must be a JSON object'] };
  const id = typeof raw.id === 'string' ? raw.id : undefined;
  const type = raw.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    // Without a valid type we cannot tell which fields belong; still check the common ones.
    const errors = [
      type === undefined ? 'type: is required' : `type: must be one of ${EVENT_TYPES.join(', ')}`,
    ];
    const probe = z.object(common).safeParse(raw);
    if (!probe.success) for (const issue of probe.error.issues) errors.push(...describe(issue, undefined));
    for (const k of Object.keys(raw)) if (!KNOWN_FIELDS.has(k)) errors.push(`${k}: is not a known field`);
    return { ok: false, id, errors };
  }
  const parsed = EventSchemas[type as EventType].safeParse(raw);
  const errors = parsed.success ? [] : parsed.error.issues.flatMap((i) => describe(i, type));
  let occurredAtUs: number | null = null;
  if (typeof raw.occurredAt === 'string') {
    occurredAtUs = parseInstantUs(raw.occurredAt);
    if (occurredAtUs !== null) {
      if (occurredAtUs < MIN_OCCURRED_AT_MS * 1000) errors.push('occurredAt: must not be before 2000-01-01');
      else if (occurredAtUs > (nowMs + MAX_FUTURE_MS) * 1000)
        errors.push('occurredAt: must not be more than 5 minutes in the future (check the sender\'s clock)');
    }
  }
  if (errors.length || !parsed.success || occurredAtUs === null) return { ok: false, id, errors };
  return {
    ok: true,
    event: { ...(parsed.data as ParleyEvent), occurredAtUs, occurredAtUtc: formatInstantUs(occurredAtUs) },
  };
}
