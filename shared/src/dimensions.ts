import { z } from 'zod';

/**
 * GET /workspace/dimensions: the workspace's teams and tags with how many of its conversations
 * carry each, for the dashboard's team and tag pickers. Lists are capped: a picker of thousands
 * of names helps nobody, and the answer stays small.
 */
export const MAX_DIMENSION_VALUES = 500;

const valueCount = (what: string) =>
  z
    .object({
      name: z.string(),
      conversations: z.number().int().meta({ description: `Conversations of the workspace (all time) with this ${what}` }),
    })
    .meta({ example: { name: what === 'team' ? 'Billing' : 'pricing', conversations: 412 } });

export const WorkspaceDimensionsSchema = z
  .object({
    teams: z.array(valueCount('team')).meta({ description: `By conversations, most first, then by name (byte order); at most ${MAX_DIMENSION_VALUES}` }),
    tags: z.array(valueCount('tag')).meta({ description: `By conversations, most first, then by name (byte order); at most ${MAX_DIMENSION_VALUES}` }),
    withoutTeam: z.number().int().meta({ description: 'Conversations without a team (the filter value none)' }),
    withoutTags: z.number().int().meta({ description: 'Conversations without tags (the filter value none)' }),
    truncated: z
      .object({ teams: z.boolean(), tags: z.boolean() })
      .meta({ description: `true when the workspace has more than ${MAX_DIMENSION_VALUES} teams (tags) and only the first ${MAX_DIMENSION_VALUES} are listed` }),
  })
  .meta({ id: 'WorkspaceDimensions' });
export type WorkspaceDimensions = z.infer<typeof WorkspaceDimensionsSchema>;
