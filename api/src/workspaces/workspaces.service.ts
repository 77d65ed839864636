import { Injectable } from '@nestjs/common';
import { BadRequest, Conflict, NotFound } from '../common/errors.js';
import { canonicalZone, isIanaZone } from '../common/time-zones.js';
import type { Workspace } from './workspace.entity.js';
import { WorkspacesRepository } from './workspaces.repository.js';

@Injectable()
export class WorkspacesService {
  constructor(private readonly workspaces: WorkspacesRepository) {}

  async create(name: string, timeZone = 'UTC'): Promise<Workspace> {
    const trimmed = name.trim();
    if (!trimmed || [...trimmed].length > 100 || /[\u0000-\u001f\u007f]/.test(trimmed))
      throw new BadRequest('name: must be 1–100 printable characters');
    if (!isIanaZone(timeZone) || !(await this.workspaces.databaseKnowsZone(timeZone)))
      throw new BadRequest(`tz: unknown time zone '${timeZone}' (use an IANA name like Europe/Berlin)`);
    const created = await this.workspaces.create(trimmed, canonicalZone(timeZone));
    if (!created) throw new Conflict('WORKSPACE_EXISTS', `name: a workspace named '${trimmed}' already exists`);
    return created;
  }

  async get(name: string): Promise<Workspace> {
    const ws = await this.workspaces.findByName(name);
    if (!ws) throw new NotFound('WORKSPACE_NOT_FOUND', `workspace: no workspace named '${name}'`);
    return ws;
  }

  list(): Promise<Workspace[]> {
    return this.workspaces.list();
  }
}
