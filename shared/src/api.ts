import { z } from 'zod';

export const RejectedEventSchema = z
  .object({
    index: z.number().int().meta({ description: 'Position of the event in the posted array (0 for a single object)' }),
    id: z.string().optional().meta({ description: 'The event id, when it was a string' }),
    errors: z.array(z.string()).meta({ example: ['occurredAt: must include an offset (Z or ±HH:MM)'] }),
  })
  .meta({ id: 'RejectedEvent' });

export const IngestResultSchema = z
  .object({
    accepted: z.number().int().meta({ description: 'New events stored (committed before this answer)' }),
    duplicates: z.number().int().meta({ description: 'Valid events whose id was already stored (or repeated in the batch); ignored' }),
    rejected: z.array(RejectedEventSchema),
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.infer<typeof IngestResultSchema>;

export const ErrorSchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string(),
    message: z.union([z.string(), z.array(z.string())]),
    code: z.string().optional().meta({ description: 'Stable machine-readable error code' }),
  })
  .meta({ id: 'Error', example: { statusCode: 400, error: 'Bad Request', message: "tz: unknown time zone 'Europe/Berln'" } });
export type ApiError = z.infer<typeof ErrorSchema>;

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.enum(['up', 'down']),
    embedded: z.boolean().meta({ description: 'true when running on the embedded PGlite database' }),
    version: z.string(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

export const SCOPES = ['ingest', 'read'] as const;
export type Scope = (typeof SCOPES)[number];
