import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CreateViewRequestSchema, MAX_VIEWS_PER_USER, type SavedView, UpdateViewRequestSchema } from '@parley/shared';
import type { Caller } from '../auth/caller.js';
import { BadRequest, Conflict, Forbidden, NotFound } from '../common/errors.js';
import { parseBody } from '../common/validation.js';
import { isDuplicateName, isViewId, viewAnswer } from './views.calculations.js';
import { UNIQUE_NAME, type ViewOwner, ViewsRepository } from './views.repository.js';

/** The signed-in user whose views these are; an API key has none (it is no person). */
export function ownerOf(caller: Caller): ViewOwner {
  if (!caller.user) throw new Forbidden('Authorization: saved views belong to a signed-in user; API keys cannot use them');
  return { workspaceId: caller.workspaceId, userId: caller.user.userId };
}

function checkId(id: string): void {
  if (!isViewId(id)) throw new BadRequest('id: must be a view id (a UUID)');
}

const notFound = () => new NotFound('VIEW_NOT_FOUND', 'id: you have no saved view with this id');
const taken = (name: string) => new Conflict('VIEW_EXISTS', `name: you already have a view named '${name}' (names are compared ignoring case)`);

/** A signed-in user's saved views: private to them, within their workspace (docs/api.md "Saved views"). */
@Injectable()
export class ViewsService {
  constructor(private readonly views: ViewsRepository) {}

  async list(caller: Caller): Promise<SavedView[]> {
    return (await this.views.list(ownerOf(caller))).map(viewAnswer);
  }

  async create(caller: Caller, body: unknown): Promise<SavedView> {
    const owner = ownerOf(caller);
    const req = parseBody(CreateViewRequestSchema, body);
    const row = await this.views.insert(owner, randomUUID(), req, MAX_VIEWS_PER_USER).catch((e: unknown) => {
      throw isDuplicateName(e, UNIQUE_NAME) ? taken(req.name) : e;
    });
    if (!row) throw new Conflict('VIEW_LIMIT', `name: you have ${MAX_VIEWS_PER_USER} saved views, the most one user can keep; delete one first`);
    return viewAnswer(row);
  }

  async update(caller: Caller, id: string, body: unknown): Promise<SavedView> {
    const owner = ownerOf(caller);
    checkId(id);
    const req = parseBody(UpdateViewRequestSchema, body);
    const row = await this.views.update(owner, id, req).catch((e: unknown) => {
      throw isDuplicateName(e, UNIQUE_NAME) && req.name !== undefined ? taken(req.name) : e;
    });
    if (!row) throw notFound();
    return viewAnswer(row);
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const owner = ownerOf(caller);
    checkId(id);
    if (!(await this.views.delete(owner, id))) throw notFound();
  }
}
