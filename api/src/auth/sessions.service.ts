import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CSRF_COOKIE, ChangePasswordRequestSchema, LoginRequestSchema, type Me, SESSION_COOKIE } from '@parley/shared';
import { BadRequest } from '../common/errors.js';
import { cookie } from './auth.middleware.js';
import { AccountsService } from './accounts.service.js';
import { AuthService } from './auth.service.js';
import type { Caller } from './caller.js';

/** Sent only to the sign-in, it marks a browser where the account has signed in before. */
export const DEVICE_COOKIE = 'parley_device';
const DEVICE_COOKIE_PATH = '/api/v1/auth/login';

/** The HTTP side of sessions: validating the login body, cookies. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
  ) {}

  async login(body: unknown, req: Request, res: Response): Promise<Me> {
    const parsed = LoginRequestSchema.safeParse(body);
    if (!parsed.success)
      throw new BadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    // Too many failed sign-ins: TooManyAttempts, a RetryLater (the filter sends Retry-After).
    const { token, csrf, device, identity } = await this.auth.login(parsed.data, req.ip ?? 'unknown', cookie(req, DEVICE_COOKIE));
    const secure = req.secure;
    const common = { sameSite: 'lax' as const, secure, path: '/', maxAge: this.auth.sessionMaxAgeMs };
    res.cookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
    res.cookie(CSRF_COOKIE, csrf, { ...common, httpOnly: false });
    res.cookie(DEVICE_COOKIE, device, { httpOnly: true, sameSite: 'strict', secure, path: DEVICE_COOKIE_PATH, maxAge: this.auth.deviceMaxAgeMs });
    return this.auth.me(identity.workspaceId, { email: identity.email, role: identity.role }, identity.timeZone);
  }

  async logout(caller: Caller, _req: Request, res: Response): Promise<void> {
    if (caller.user) await this.auth.logout(caller.workspaceId, caller.user.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  async changePassword(caller: Caller, body: unknown, req: Request): Promise<void> {
    const parsed = ChangePasswordRequestSchema.safeParse(body);
    if (!parsed.success) throw new BadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    // @Authenticated({ user: true }) lets only signed-in users through.
    await this.accounts.changePassword(caller.workspaceId, caller.user!, parsed.data, req.ip ?? 'unknown');
  }

  me(caller: Caller): Promise<Me> {
    return this.auth.me(caller.workspaceId, caller.user ? { email: caller.user.email, role: caller.user.role } : null, caller.timeZone);
  }
}
