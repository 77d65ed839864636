import { Injectable, type NestMiddleware } from '@nestjs/common';
import { parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { CSRF_HEADER, SESSION_COOKIE } from '@parley/shared';
import { Forbidden, Unauthenticated } from '../common/errors.js';
import { KeysService } from '../keys/keys.service.js';
import { AuthService } from './auth.service.js';
import { type AuthedRequest, SESSION_SCOPES } from './caller.js';

/** API paths anyone may call; every other /api/v1 path needs credentials, even unknown ones. */
export const PUBLIC_PATHS = new Set(['/api/v1/health', '/api/v1/auth/login']);
/** Platform webhooks: the platform's signature is their credential (connectors/). */
export const PUBLIC_PREFIXES = ['/api/v1/connectors/'];

/** The value of one cookie of the request; undefined when absent or not valid percent-encoding. */
export function cookie(req: Request, name: string): string | undefined {
  return parseCookie(req.headers.cookie ?? '', {
    decode: (value) => {
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    },
  })[name];
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
    if (PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p)) || req.method === 'OPTIONS') return next();
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!match) return next(new Unauthenticated('Authorization: send an API key as "Authorization: Bearer <key>"'));
      this.keys.authenticate(match[1]).then((identity) => {
        if (!identity) return next(new Unauthenticated('Authorization: unknown or revoked API key'));
        req.caller = { workspaceId: identity.workspaceId, timeZone: identity.timeZone, keyId: identity.keyId, scopes: identity.scopes };
        next();
      }, next);
      return;
    }
    const token = cookie(req, SESSION_COOKIE);
    if (!token) return next(new Unauthenticated('Authorization: sign in, or send an API key as "Authorization: Bearer <key>"'));
    this.auth.session(token).then((s) => {
      if (!s) return next(new Unauthenticated('Authorization: your session has ended; sign in again'));
      if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== s.csrfToken)
        return next(new Forbidden(`${CSRF_HEADER}: missing or wrong; reload the page`, 'CSRF'));
      req.caller = { workspaceId: s.workspaceId, timeZone: s.timeZone, scopes: [...SESSION_SCOPES], user: { userId: s.userId, email: s.email, role: s.role, sessionId: s.sessionId } };
      next();
    }, next);
  }
}
