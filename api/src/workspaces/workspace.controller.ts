import { Body, Controller, Patch } from '@nestjs/common';
import type { WorkspaceSettings } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { WorkspacesService } from './workspaces.service.js';

/** The caller's own workspace: its name and time zone (admins signed in; 403 for members and keys). */
@Controller('workspace')
@Authenticated({ scope: 'read', admin: true })
export class WorkspaceController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Patch()
  update(@CurrentCaller() c: Caller, @Body() body: unknown): Promise<WorkspaceSettings> {
    // admin: true lets only signed-in admins through, so there is a user.
    return this.workspaces.update({ workspaceId: c.workspaceId, userId: c.user!.userId }, body);
  }
}
