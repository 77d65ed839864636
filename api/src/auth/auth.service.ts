import { createHash, randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { LoginRequest, Me, Role } from '@parley/shared';
import { ParleyException, badRequest } from '../common/errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { FailureLimiter } from './rate-limit.calculations.js';
import { type SessionIdentity, UsersRepository } from './users.repository.js';

const SESSION_HOURS = 24 * 7;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class TooManyAttempts extends ParleyException {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', HttpStatus.TOO_MANY_REQUESTS, `too many failed sign-ins; try again in ${retryAfterSeconds} s`);
  }
}

@Injectable()
export class AuthService {
  // Failed sign-ins: 5 per account and 20 per IP address per 15 minutes.
  private readonly perAccount = new FailureLimiter(5, 15 * 60_000);
  private readonly perIp = new FailureLimiter(20, 15 * 60_000);

  constructor(private readonly users: UsersRepository) {}

  async createUser(workspaceId: number, email: string, password: string, role: Role): Promise<void> {
    if (!EMAIL.test(email) || email.length > 254) throw badRequest(`email: '${email}' is not an email address`);
    if (password.length < 10) throw badRequest('password: must be at least 10 characters');
    if (!(await this.users.insert(workspaceId, email, await hashPassword(password), role)))
      throw new ParleyException('USER_EXISTS', HttpStatus.CONFLICT, `email: a user with ${email} already exists`);
  }

  /** Checks the password and opens a session: returns its token (for the cookie) and CSRF token. */
  async login(body: LoginRequest, ip: string): Promise<{ token: string; csrf: string; identity: SessionIdentity }> {
    const now = Date.now();
    const account = body.email.toLowerCase();
    const wait = Math.max(this.perAccount.retryAfter(account, now), this.perIp.retryAfter(ip, now));
    if (wait > 0) throw new TooManyAttempts(wait);
    const user = await this.users.findByEmail(body.email);
    // Verify even for unknown emails so timing does not tell which emails exist.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      this.perAccount.fail(account, now);
      this.perIp.fail(ip, now);
      throw new ParleyException('UNAUTHENTICATED', HttpStatus.UNAUTHORIZED, 'email or password is wrong');
    }
    this.perAccount.reset(account);
    // A new session at every sign-in (rotation): an old cookie never becomes this session.
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await this.users.createSession(user.workspaceId, user.userId, hashToken(token), csrf, SESSION_HOURS);
    const identity = (await this.users.findSession(hashToken(token)))!;
    return { token, csrf, identity };
  }

  session(token: string): Promise<SessionIdentity | null> {
    if (token.length > 100) return Promise.resolve(null);
    return this.users.findSession(hashToken(token));
  }

  logout(workspaceId: number, sessionId: number): Promise<void> {
    return this.users.revokeSession(workspaceId, sessionId);
  }

  async me(workspaceId: number, user: { email: string; role: Role } | null, timeZone: string): Promise<Me> {
    const [name, hasEvents] = await Promise.all([this.users.workspaceName(workspaceId), this.users.hasEvents(workspaceId)]);
    return { user, workspace: { name, timeZone, hasEvents } };
  }

  readonly sessionMaxAgeMs = SESSION_HOURS * 3600_000;
}

/** A valid scrypt hash of a random password, to spend the same time on unknown emails. */
const DUMMY_HASH = 'scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA==$V2hhdGV2ZXIgdGhpcyBpcyBpdCBpcyBub3QgYSBwYXNzd29yZA==';
