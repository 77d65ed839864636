import { z } from 'zod';
import { VIEW_PATHS, viewNameProblem, viewQueryProblem } from './view-params.js';

export * from './view-params.js';

/** A view's name as a person typed it: trimmed, then checked (viewNameProblem). */
const viewName = () =>
  z
    .string()
    .transform((s) => s.trim())
    .superRefine((s, ctx) => {
      const problem = viewNameProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: 'Trimmed; 1–80 characters, unique per user (case-insensitive)', example: 'WhatsApp, last 7 days' });

const viewPath = () => z.enum(VIEW_PATHS).meta({ description: 'The dashboard page the view opens' });

const viewQuery = () =>
  z
    .string()
    .superRefine((s, ctx) => {
      const problem = viewQueryProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: "The page's URL query without '?' (known dashboard parameters only; ≤ 2000 characters)", example: 'period=7d&channel=whatsapp' });

export const SavedViewSchema = z
  .object({
    id: z.string().meta({ description: 'A UUID' }),
    name: z.string(),
    path: z.enum(VIEW_PATHS),
    query: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof SavedViewSchema>;

export const CreateViewRequestSchema = z
  .strictObject({ name: viewName(), path: viewPath(), query: viewQuery().default('') })
  .meta({ id: 'CreateViewRequest' });
export type CreateViewRequest = z.input<typeof CreateViewRequestSchema>;

export const UpdateViewRequestSchema = z
  .strictObject({ name: viewName().optional(), path: viewPath().optional(), query: viewQuery().optional() })
  .refine((v) => v.name !== undefined || v.path !== undefined || v.query !== undefined, { message: 'send at least one of name, path, query' })
  .meta({ id: 'UpdateViewRequest' });
export type UpdateViewRequest = z.input<typeof UpdateViewRequestSchema>;
