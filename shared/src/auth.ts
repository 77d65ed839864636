import { z } from 'zod';

export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Cookie names: the httpOnly session, and the CSRF token the web app echoes in X-CSRF-Token. */
export const SESSION_COOKIE = 'parley_session';
export const CSRF_COOKIE = 'parley_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const LoginRequestSchema = z
  .strictObject({
    email: z.string().min(3).max(254).meta({ example: 'admin@demo.parley.local' }),
    password: z.string().min(1).max(1024),
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
    }),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;
