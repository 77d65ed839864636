import type { z } from 'zod';
import { BadRequest } from './errors.js';

/** A body checked against its zod schema: a 400 naming each wrong field (`name: must not be empty`). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new BadRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
  return r.data;
}
