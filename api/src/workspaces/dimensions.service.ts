import { Injectable } from '@nestjs/common';
import { MAX_DIMENSION_VALUES, type WorkspaceDimensions } from '@parley/shared';
import { DimensionsRepository } from './dimensions.repository.js';

@Injectable()
export class DimensionsService {
  constructor(private readonly dimensions: DimensionsRepository) {}

  /** The workspace's teams and tags for the dashboard's pickers, each list capped at MAX_DIMENSION_VALUES. */
  async get(workspaceId: number): Promise<WorkspaceDimensions> {
    // One more than the cap tells whether there are more. Sequential: the embedded database runs one query at a time anyway.
    const teams = await this.dimensions.teams(workspaceId, MAX_DIMENSION_VALUES + 1);
    const tags = await this.dimensions.tags(workspaceId, MAX_DIMENSION_VALUES + 1);
    const without = await this.dimensions.without(workspaceId);
    return {
      teams: teams.slice(0, MAX_DIMENSION_VALUES),
      tags: tags.slice(0, MAX_DIMENSION_VALUES),
      withoutTeam: without.team,
      withoutTags: without.tags,
      truncated: { teams: teams.length > MAX_DIMENSION_VALUES, tags: tags.length > MAX_DIMENSION_VALUES },
    };
  }
}
