import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, type NestMiddleware, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Scope } from '@parley/shared';
import { ParleyException } from '../common/errors.js';
import { KeysService } from './keys.service.js';

export const SCOPE_KEY = 'parley:scope';
/** The scope a route needs. */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPE_KEY, scope);

/** API paths anyone may call; every other /api/v1 path needs credentials, even unknown ones. */
export const PUBLIC_PATHS = new Set(['/api/v1/health']);

export interface Caller {
  workspaceId: number;
  timeZone: string;
  keyId: number;
  scopes: Scope[];
}
export type AuthedRequest = Request & { caller?: Caller };

const unauthenticated = (message: string) => new ParleyException('UNAUTHENTICATED', HttpStatus.UNAUTHORIZED, message);

/**
 * Deny by default: identifies the caller of every non-public /api/v1 request by its Bearer key
 * (401 without a valid one) before routing, so no route — nor whether it exists — is visible
 * without credentials, and no body is read for an unknown caller.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly keys: KeysService) {}

  use(req: AuthedRequest, _res: Response, next: NextFunction): void {
    const path = req.originalUrl.split('?')[0].replace(/\/+$/, '');
    if (PUBLIC_PATHS.has(path) || req.method === 'OPTIONS') return next();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return next(unauthenticated('Authorization: send an API key as "Authorization: Bearer <key>"'));
    this.keys.authenticate(match[1]).then((identity) => {
      if (!identity) return next(unauthenticated('Authorization: unknown or revoked API key'));
      req.caller = { workspaceId: identity.workspaceId, timeZone: identity.timeZone, keyId: identity.keyId, scopes: identity.scopes };
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
