import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Scope } from '@parley/shared';
import { ParleyException } from '../common/errors.js';
import { KeysService } from './keys.service.js';

export const SCOPE_KEY = 'parley:scope';
/** The scope a route needs; routes without it are public. */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPE_KEY, scope);

export interface Caller {
  workspaceId: number;
  keyId: number;
  scopes: Scope[];
}
export type AuthedRequest = Request & { caller?: Caller };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(SCOPE_KEY, [context.getHandler(), context.getClass()]);
    if (!scope) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match)
      throw new ParleyException('UNAUTHENTICATED', HttpStatus.UNAUTHORIZED, 'Authorization: send an API key as "Authorization: Bearer <key>"');
    const identity = await this.keys.authenticate(match[1]);
    if (!identity) throw new ParleyException('UNAUTHENTICATED', HttpStatus.UNAUTHORIZED, 'Authorization: unknown or revoked API key');
    if (!identity.scopes.includes(scope))
      throw new ParleyException('FORBIDDEN', HttpStatus.FORBIDDEN, `Authorization: this key lacks the '${scope}' scope`);
    req.caller = { workspaceId: identity.workspaceId, keyId: identity.keyId, scopes: identity.scopes };
    return true;
  }
}
