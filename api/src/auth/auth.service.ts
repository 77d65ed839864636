import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LoginRequest, Me, Role } from '@parley/shared';
import { BadRequest, Conflict, Unauthenticated } from '../common/errors.js';
import { formatLocalMicros } from '../metrics/period.calculations.js';
import { hashPassword, verifyPassword } from './password.js';
import { LoginLimiter } from './login-limiter.service.js';
import { type SessionIdentity, UsersRepository } from './users.repository.js';
import { checkNewPassword } from './password.js';

const SESSION_HOURS = 24 * 7;
/** A device cookie is renewed at every sign-in; one unused this long is forgotten. */
const DEVICE_DAYS = 180;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly limiter: LoginLimiter,
  ) {}

  async createUser(workspaceId: number, email: string, password: string, role: Role): Promise<void> {
    if (!EMAIL.test(email) || email.length > 254) throw new BadRequest(`email: '${email}' is not an email address`);
    checkNewPassword(password, 'password');
    if (!(await this.users.insert(workspaceId, email, await hashPassword(password), role)))
      throw new Conflict('USER_EXISTS', `email: a user with ${email} already exists`);
  }

  /**
   * Checks the password and opens a session: returns its token (for the cookie), CSRF token and
   * a new device cookie. The attempt is counted before the check (LoginLimiter); `deviceToken`
   * is the request's device cookie, which counts apart when it was issued for this account.
   */
  async login(
    body: LoginRequest,
    ip: string,
    deviceToken: string | undefined,
  ): Promise<{ token: string; csrf: string; device: string; identity: SessionIdentity }> {
    const deviceHash = deviceToken && deviceToken.length <= 100 ? hashToken(deviceToken) : null;
    const trusted = deviceHash !== null && (await this.users.isDeviceOf(deviceHash, body.email));
    const attempt = await this.limiter.begin(body.email, ip, trusted ? deviceHash.toString('hex') : null);
    const user = await this.users.findByEmail(body.email);
    // Verify even for unknown emails so timing does not tell which emails exist.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new Unauthenticated('email or password is wrong');
    await this.limiter.succeeded(attempt);
    // A new device cookie at every sign-in replaces the one presented (OWASP: issue a new one).
    const device = randomBytes(32).toString('base64url');
    if (trusted) await this.users.deleteDevice(deviceHash);
    await this.users.createDevice(user.workspaceId, user.id, hashToken(device), DEVICE_DAYS);
    // A new session at every sign-in (rotation): an old cookie never becomes this session.
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await this.users.createSession(user.workspaceId, user.id, hashToken(token), csrf, SESSION_HOURS);
    const identity = (await this.users.findSession(hashToken(token)))!;
    return { token, csrf, device, identity };
  }

  session(token: string): Promise<SessionIdentity | null> {
    if (token.length > 100) return Promise.resolve(null);
    return this.users.findSession(hashToken(token));
  }

  logout(workspaceId: number, sessionId: number): Promise<void> {
    return this.users.revokeSession(workspaceId, sessionId);
  }

  async me(workspaceId: number, user: { email: string; role: Role } | null, timeZone: string): Promise<Me> {
    const [name, range, businessHours] = await Promise.all([
      this.users.workspaceName(workspaceId),
      this.users.eventRange(workspaceId),
      this.users.businessHoursState(workspaceId),
    ]);
    // The data's range lets the dashboard offer to show it when the period on screen has none.
    const at = (us: string | null) => (us === null ? null : formatLocalMicros(BigInt(us), timeZone));
    return { user, workspace: { name, timeZone, hasEvents: range.firstUs !== null, firstEventAt: at(range.firstUs), lastEventAt: at(range.lastUs), businessHours } };
  }

  readonly sessionMaxAgeMs = SESSION_HOURS * 3600_000;
  readonly deviceMaxAgeMs = DEVICE_DAYS * 24 * 3600_000;
}

/** A valid scrypt hash of a random password, to spend the same time on unknown emails. */
const DUMMY_HASH = 'scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA==$V2hhdGV2ZXIgdGhpcyBpcyBpdCBpcyBub3QgYSBwYXNzd29yZA==';
