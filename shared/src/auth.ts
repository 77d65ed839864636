import { z } from 'zod';
import { storableText } from './events.js';

/** A string PostgreSQL can store as sent: no NUL, no unpaired surrogate (a 400, not a 500). */
const text = () => z.string().superRefine(storableText);

export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Cookie names: the httpOnly session, and the CSRF token the web app echoes in X-CSRF-Token. */
export const SESSION_COOKIE = 'parley_session';
export const CSRF_COOKIE = 'parley_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const LoginRequestSchema = z
  .strictObject({
    email: text().min(3).max(254).meta({ example: 'admin@demo.parley.local' }),
    password: text().min(1).max(1024),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const MeSchema = z
  .object({
    user: z.object({ email: z.string(), role: z.enum(ROLES) }).nullable().meta({ description: 'null when signed in with an API key' }),
    workspace: z.object({
      name: z.string(),
      timeZone: z.string(),
      hasEvents: z.boolean().meta({ description: 'false for a new workspace that has not sent any event yet' }),
      firstEventAt: z
        .string()
        .nullable()
        .meta({ description: "occurredAt of the workspace's earliest event, local time with offset in the workspace's zone; null without events", example: '2019-03-04T09:15:02.123+01:00' }),
      lastEventAt: z.string().nullable().meta({ description: "occurredAt of the workspace's latest event (as firstEventAt); null without events", example: '2020-12-20T18:02:11+01:00' }),
      businessHours: z
        .object({
          set: z.boolean().meta({ description: 'The workspace has a business-hours schedule (hours=business is possible)' }),
          recompute: z
            .object({ done: z.number().int(), total: z.number().int() })
            .nullable()
            .meta({ description: 'While business-time figures are recomputed after a schedule change: conversations done of total; null otherwise' }),
        })
        .meta({ description: 'Business hours (metrics.md): whether a schedule is set and the progress of recomputing after a change' }),
    }),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

export const ApiKeyInfoSchema = z
  .object({
    prefix: z.string().meta({ description: 'The first characters of the key (prly_ + 8), enough to tell keys apart' }),
    name: z.string(),
    scopes: z.array(z.enum(['ingest', 'read'])),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKeyInfo' });
export type ApiKeyInfo = z.infer<typeof ApiKeyInfoSchema>;

export const CreateKeyRequestSchema = z
  .strictObject({
    name: text().max(100).default(''),
    scopes: z.array(z.enum(['ingest', 'read'])).min(1, 'choose at least one scope'),
  })
  .meta({ id: 'CreateKeyRequest' });
export type CreateKeyRequest = z.input<typeof CreateKeyRequestSchema>;

export const CreatedKeySchema = ApiKeyInfoSchema.extend({ key: z.string().meta({ description: 'The whole key: shown only in this answer' }) }).meta({ id: 'CreatedKey' });
export type CreatedKey = z.infer<typeof CreatedKeySchema>;

export const UserInfoSchema = z.object({ email: z.string(), role: z.enum(ROLES), createdAt: z.string() }).meta({ id: 'UserInfo' });
export type UserInfo = z.infer<typeof UserInfoSchema>;

export const CreateUserRequestSchema = z
  .strictObject({ email: text().min(3).max(254), password: text().min(10, 'must be at least 10 characters').max(1024), role: z.enum(ROLES) })
  .meta({ id: 'CreateUserRequest' });
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z.strictObject({ role: z.enum(ROLES) }).meta({ id: 'UpdateUserRequest' });

/** The fewest characters of a password (users create, a password change, a reset). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * A workspace's name, as `workspace create` and PATCH /workspace take it: trimmed, then 1–100
 * characters (code points), no control characters.
 */
export const WorkspaceNameSchema = text()
  .trim()
  .refine((s) => s.length > 0 && [...s].length <= 100 && !/[\u0000-\u001f\u007f]/.test(s), 'must be 1–100 printable characters');

export const UpdateWorkspaceRequestSchema = z
  .strictObject({
    name: WorkspaceNameSchema.optional().meta({ example: 'Acme support' }),
    timeZone: text().max(64).optional().meta({ description: 'An IANA time zone (Europe/Berlin): the default zone of the dashboard and its reports', example: 'Europe/Berlin' }),
  })
  .refine((b) => b.name !== undefined || b.timeZone !== undefined, 'send name, timeZone or both')
  .meta({ id: 'UpdateWorkspaceRequest' });
export type UpdateWorkspaceRequest = z.input<typeof UpdateWorkspaceRequestSchema>;

export const WorkspaceSettingsSchema = z.object({ name: z.string(), timeZone: z.string() }).meta({ id: 'WorkspaceSettings' });
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const ChangePasswordRequestSchema = z
  .strictObject({
    currentPassword: text().min(1, 'enter your current password').max(1024),
    newPassword: text().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  })
  .refine((b) => b.currentPassword !== b.newPassword, { path: ['newPassword'], message: 'must differ from the current password' })
  .meta({ id: 'ChangePasswordRequest' });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;
