import { Inject, Injectable } from '@nestjs/common';
import {
  type ApiKeyInfo,
  type CreatedKey,
  CreateKeyRequestSchema,
  CreateUserRequestSchema,
  UpdateUserRequestSchema,
  type UserInfo,
  textProblem,
} from '@parley/shared';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AuthService } from '../auth/auth.service.js';
import type { Caller } from '../auth/caller.js';
import { UsersRepository } from '../auth/users.repository.js';
import { BadRequest, Conflict, NotFound } from '../common/errors.js';
import { LOGGER, emailDigest } from '../common/logger.js';
import type { ApiKey } from '../keys/api-key.entity.js';
import { KeysService } from '../keys/keys.service.js';

const info = (k: ApiKey): ApiKeyInfo => ({
  prefix: k.prefix,
  name: k.name,
  scopes: k.scopes,
  createdAt: new Date(k.createdAt).toISOString(),
  lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null,
  revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
});

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new BadRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
  return r.data;
}

/** The email of a path (/admin/users/{email}) as PostgreSQL can take it: a 400, not a 500. */
function checkEmailParam(email: string): void {
  const problem = textProblem(email);
  if (problem) throw new BadRequest(`email: ${problem}`);
}

/**
 * Administration of a workspace's keys and users, for its admins (the controller's
 * @Authenticated({ admin: true }) lets no one else through). Every change is logged with who
 * made it (never the key or password itself).
 */
@Injectable()
export class AdminService {
  /** Audit lines are written whatever LOG_LEVEL says. */
  private readonly logger: Logger;

  constructor(
    private readonly keys: KeysService,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({}, { level: 'info' });
  }

  /** Who did what, by user id; a user acted on is named by `emailDigest` (logs hold no emails). */
  private audit(caller: Caller, action: string, details: Record<string, unknown>) {
    this.logger.info({ audit: action, workspaceId: caller.workspaceId, byUserId: caller.user?.userId, ...details }, `audit ${action}`);
  }

  async listKeys(caller: Caller): Promise<ApiKeyInfo[]> {
    return (await this.keys.list(caller.workspaceId)).map(info);
  }

  async createKey(caller: Caller, body: unknown): Promise<CreatedKey> {
    const req = parse(CreateKeyRequestSchema, body);
    const { key, record } = await this.keys.create(caller.workspaceId, [...new Set(req.scopes)], req.name);
    this.audit(caller, 'key.create', { prefix: record.prefix, scopes: record.scopes });
    return { ...info(record), key };
  }

  async revokeKey(caller: Caller, prefix: string): Promise<void> {
    await this.keys.revoke(caller.workspaceId, prefix);
    this.audit(caller, 'key.revoke', { prefix: prefix.slice(0, 13) });
  }

  async listUsers(caller: Caller): Promise<UserInfo[]> {
    return (await this.users.list(caller.workspaceId)).map((u) => ({ email: u.email, role: u.role, createdAt: new Date(u.createdAt).toISOString() }));
  }

  async createUser(caller: Caller, body: unknown): Promise<UserInfo> {
    const req = parse(CreateUserRequestSchema, body);
    await this.auth.createUser(caller.workspaceId, req.email, req.password, req.role);
    this.audit(caller, 'user.create', { user: emailDigest(req.email), role: req.role });
    return (await this.listUsers(caller)).find((u) => u.email.toLowerCase() === req.email.toLowerCase())!;
  }

  async updateUser(caller: Caller, email: string, body: unknown): Promise<void> {
    checkEmailParam(email);
    const { role } = parse(UpdateUserRequestSchema, body);
    this.check(await this.users.setRole(caller.workspaceId, email, role), email);
    this.audit(caller, 'user.role', { user: emailDigest(email), role });
  }

  async removeUser(caller: Caller, email: string): Promise<void> {
    checkEmailParam(email);
    this.check(await this.users.remove(caller.workspaceId, email), email);
    this.audit(caller, 'user.remove', { user: emailDigest(email) });
  }

  private check(result: 'ok' | 'missing' | 'last-admin', email: string) {
    if (result === 'missing') throw new NotFound('NOT_FOUND', `email: no user ${email} in this workspace`);
    if (result === 'last-admin') throw new Conflict('LAST_ADMIN', `email: ${email} is the last admin; make another admin first`);
  }
}
