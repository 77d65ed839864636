import { Controller, Get } from '@nestjs/common';
import type { WorkspaceDimensions } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { DimensionsService } from './dimensions.service.js';

/** The caller's workspace's teams and tags (the dashboard's pickers): whoever may read metrics may read them. */
@Controller('workspace/dimensions')
@Authenticated({ scope: 'read' })
export class DimensionsController {
  constructor(private readonly dimensions: DimensionsService) {}

  @Get()
  get(@CurrentCaller() c: Caller): Promise<WorkspaceDimensions> {
    return this.dimensions.get(c.workspaceId);
  }
}
