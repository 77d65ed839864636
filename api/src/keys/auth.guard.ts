import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, type NestMiddleware, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { CSRF_HEADER, type Role, SESSION_COOKIE, type Scope } from '@parley/shared';
import { AuthService } from '../auth/auth.service.js';
import { ParleyException } from '../common/errors.js';
import { KeysService } from './keys.service.js';

export const SCOPE_KEY = 'parley:scope';
/** The scope a route needs. */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPE_KEY, scope);

/** API paths anyone may call; every other /api/v1 path needs credentials, even unknown ones. */
export const PUBLIC_PATHS = new Set(['/api/v1/health', '/api/v1/auth/login']);

export interface Caller {
  workspaceId: number;
  timeZone: string;
  scopes: Scope[];
  /** Set when the caller is an API key. */
  keyId?: number;
  /** Set when the caller is a signed-in user (session cookie). */
  user?: { userId: number; email: string; role: Role; sessionId: number };
}
export type AuthedRequest = Request & { caller?: Caller };

const unauthenticated = (message: string) => new ParleyException('UNAUTHENTICATED', HttpStatus.UNAUTHORIZED, message);

/** The value of one cookie of the request (no cookie library needed for two cookies). */
export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default: identifies the caller of every non-public /api/v1 request, by its Bearer key
 * or its session cookie (401 without either), before routing, so no route — nor whether it
 * exists — is visible without credentials, and no body is read for an unknown caller. A
 * cookie-authenticated request that changes state must echo the session's CSRF token.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(
    private readonly keys: KeysService,
    private readonly auth: AuthService,
  ) {}

  use(req: AuthedRequest, _res: Response, next: NextFunction): void {
    const path = req.originalUrl.split('?')[0].replace(/\/+$/, '');
    if (PUBLIC_PATHS.has(path) || req.method === 'OPTIONS') return next();
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!match) return next(unauthenticated('Authorization: send an API key as "Authorization: Bearer <key>"'));
      this.keys.authenticate(match[1]).then((identity) => {
        if (!identity) return next(unauthenticated('Authorization: unknown or revoked API key'));
        req.caller = { workspaceId: identity.workspaceId, timeZone: identity.timeZone, keyId: identity.keyId, scopes: identity.scopes };
        next();
      }, next);
      return;
    }
    const token = cookie(req, SESSION_COOKIE);
    if (!token) return next(unauthenticated('Authorization: sign in, or send an API key as "Authorization: Bearer <key>"'));
    this.auth.session(token).then((s) => {
      if (!s) return next(unauthenticated('Authorization: your session has ended; sign in again'));
      if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== s.csrfToken)
        return next(new ParleyException('CSRF', HttpStatus.FORBIDDEN, `${CSRF_HEADER}: missing or wrong; reload the page`));
      // Signed-in users read and export their workspace's metrics (admin tasks check the role).
      req.caller = { workspaceId: s.workspaceId, timeZone: s.timeZone, scopes: ['read'], user: { userId: s.userId, email: s.email, role: s.role, sessionId: s.sessionId } };
      next();
    }, next);
  }
}

/** 403 when the caller lacks the scope the route requires. */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(SCOPE_KEY, [context.getHandler(), context.getClass()]);
    if (!scope) return true;
    const caller = context.switchToHttp().getRequest<AuthedRequest>().caller;
    if (!caller) throw unauthenticated('Authorization: send an API key as "Authorization: Bearer <key>"');
    if (!caller.scopes.includes(scope))
      throw new ParleyException('FORBIDDEN', HttpStatus.FORBIDDEN, `Authorization: this key lacks the '${scope}' scope`);
    return true;
  }
}
