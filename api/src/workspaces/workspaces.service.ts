import { Inject, Injectable } from '@nestjs/common';
import { UpdateWorkspaceRequestSchema, type WorkspaceSettings, WorkspaceNameSchema } from '@parley/shared';
import type { Logger } from 'pino';
import { BadRequest, Conflict, NotFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { canonicalZone, isIanaZone } from '../common/time-zones.js';
import type { Workspace } from './workspace.entity.js';
import { WorkspacesRepository } from './workspaces.repository.js';

/** Who changes a workspace from the API: its id and the signed-in admin's user id. */
export interface WorkspaceEditor {
  workspaceId: number;
  userId: number;
}

@Injectable()
export class WorkspacesService {
  /** Audit lines are written whatever LOG_LEVEL says. */
  private readonly logger: Logger;

  constructor(
    private readonly workspaces: WorkspacesRepository,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({}, { level: 'info' });
  }

  async create(name: string, timeZone = 'UTC'): Promise<Workspace> {
    const trimmed = this.checkName(name, 'name');
    const zone = await this.checkZone(timeZone, 'tz');
    const created = await this.workspaces.create(trimmed, zone);
    if (!created) throw new Conflict('WORKSPACE_EXISTS', `name: a workspace named '${trimmed}' already exists`);
    return created;
  }

  /**
   * Renames the caller's workspace and/or changes its time zone (PATCH /workspace). Sessions read
   * the zone with every request (UsersRepository.findSession), so the next report uses the new one.
   */
  async update(editor: WorkspaceEditor, body: unknown): Promise<WorkspaceSettings> {
    const parsed = UpdateWorkspaceRequestSchema.safeParse(body);
    if (!parsed.success) throw new BadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    const { name } = parsed.data;
    const timeZone = parsed.data.timeZone === undefined ? undefined : await this.checkZone(parsed.data.timeZone, 'timeZone');
    const result = await this.workspaces.update(editor.workspaceId, { name, timeZone });
    if (result === 'taken') throw new Conflict('WORKSPACE_EXISTS', `name: a workspace named '${name}' already exists`);
    if (result === 'missing') throw new NotFound('WORKSPACE_NOT_FOUND', 'workspace: this workspace no longer exists');
    // The name is no secret (the CLI lists it); who changed what, by user id.
    this.logger.info({ audit: 'workspace.update', workspaceId: editor.workspaceId, byUserId: editor.userId, ...(name !== undefined && { name }), ...(timeZone && { timeZone }) }, 'audit workspace.update');
    return { name: result.name, timeZone: result.timeZone };
  }

  async get(name: string): Promise<Workspace> {
    const ws = await this.workspaces.findByName(name);
    if (!ws) throw new NotFound('WORKSPACE_NOT_FOUND', `workspace: no workspace named '${name}'`);
    return ws;
  }

  list(): Promise<Workspace[]> {
    return this.workspaces.list();
  }

  /** The trimmed name, or a 400 naming `field` (the CLI and the API share the rule: WorkspaceNameSchema). */
  private checkName(name: string, field: string): string {
    const r = WorkspaceNameSchema.safeParse(name);
    if (!r.success) throw new BadRequest(`${field}: ${r.error.issues[0].message}`);
    return r.data;
  }

  /** The zone's usual spelling, or a 400 naming `field`: it must be known here and to the database (metrics bucket with it in SQL). */
  private async checkZone(timeZone: string, field: string): Promise<string> {
    // The usual spelling first: europe/berlin is Europe/Berlin, which the database knows.
    const zone = isIanaZone(timeZone) ? canonicalZone(timeZone) : null;
    if (!zone || !(await this.workspaces.databaseKnowsZone(zone)))
      throw new BadRequest(`${field}: unknown time zone '${timeZone.slice(0, 64)}' (use an IANA name like Europe/Berlin)`);
    return zone;
  }
}
