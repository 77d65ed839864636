import { Inject, Injectable } from '@nestjs/common';
import type { ChangePasswordRequest, Role } from '@parley/shared';
import type { Logger } from 'pino';
import { BadRequest, NotFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { LoginLimiter } from './login-limiter.service.js';
import { checkNewPassword, hashPassword, verifyPassword } from './password.js';
import { UsersRepository } from './users.repository.js';

/** People's accounts apart from signing in: one's own password, the CLI's reset and list. */
@Injectable()
export class AccountsService {
  /** Audit lines are written whatever LOG_LEVEL says. */
  private readonly logger: Logger;

  constructor(
    private readonly users: UsersRepository,
    private readonly limiter: LoginLimiter,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({}, { level: 'info' });
  }

  /**
   * A signed-in user changes their own password. The current one is checked like a sign-in: the
   * attempt is counted first, on a counter of this session (a thief of the cookie gets 5 guesses
   * per 15 minutes, and the account's sign-in count is left alone, so they cannot lock its owner
   * out). Then every other session of the user ends; this one stays.
   */
  async changePassword(workspaceId: number, user: { userId: number; email: string; sessionId: number }, body: ChangePasswordRequest, ip: string): Promise<void> {
    const attempt = await this.limiter.begin(user.email, ip, `session\n${workspaceId}\n${user.sessionId}`);
    const stored = await this.users.passwordHash(workspaceId, user.userId);
    if (!stored || !(await verifyPassword(body.currentPassword, stored))) throw new BadRequest('currentPassword: is not your current password');
    await this.limiter.succeeded(attempt);
    const ended = await this.users.setPassword(workspaceId, user.userId, await hashPassword(body.newPassword), user.sessionId);
    this.logger.info({ audit: 'user.password', workspaceId, byUserId: user.userId, sessionsEnded: ended }, 'audit user.password');
  }

  /** Sets the password of the user with this email (the CLI's reset) and ends all their sessions. */
  async resetPassword(email: string, password: string): Promise<{ workspaceId: number; sessionsEnded: number }> {
    checkNewPassword(password, 'password');
    const user = await this.users.findByEmail(email);
    if (!user) throw new NotFound('NOT_FOUND', `email: no user with ${email.slice(0, 254)}`);
    const sessionsEnded = await this.users.setPassword(user.workspaceId, user.id, await hashPassword(password), null);
    return { workspaceId: user.workspaceId, sessionsEnded };
  }

  /** Users with their workspace's name, for the CLI's `users list` (no password hashes). */
  listUsers(workspaceId?: number): Promise<{ email: string; role: Role; workspace: string; createdAt: Date }[]> {
    return this.users.listWithWorkspace(workspaceId);
  }
}
