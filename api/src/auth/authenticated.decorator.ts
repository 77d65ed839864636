import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from '@parley/shared';
import { Forbidden, Unauthenticated } from '../common/errors.js';
import type { AuthedRequest } from './caller.js';

/** What a route asks of its caller. */
export interface Access {
  /** The scope the caller must have (an API key's scopes; signed-in users have SESSION_SCOPES). */
  scope: Scope;
  /** Only a signed-in user who is an admin of the workspace. */
  admin?: boolean;
  /** Only a signed-in user (any role), never an API key: what is about the user themselves (own password, saved views). */
  user?: boolean;
}

const ACCESS_KEY = 'parley:access';
const reflector = new Reflector();

/**
 * Marks a route (or every route of a controller) as needing a caller with `scope`, and with
 * `admin` a signed-in admin. AccessGuard enforces it; the OpenAPI document reads it.
 */
export const Authenticated = (access: Access) => SetMetadata(ACCESS_KEY, access);

/** The access a controller's method asks for (the method's own, else its controller's). */
export function accessOf(controller: Type, handler: Function): Access | undefined {
  return reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [handler, controller]);
}

/** 403 when the caller lacks the route's scope, or the route is for admins and the caller is not one. */
@Injectable()
export class AccessGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const access = accessOf(context.getClass(), context.getHandler());
    if (!access) return true;
    const caller = context.switchToHttp().getRequest<AuthedRequest>().caller;
    if (!caller) throw new Unauthenticated('Authorization: send an API key as "Authorization: Bearer <key>"');
    if (!caller.scopes.includes(access.scope)) throw new Forbidden(`Authorization: this key lacks the '${access.scope}' scope`);
    if (access.user && !caller.user) throw new Forbidden('Authorization: this belongs to a signed-in user; API keys cannot use it');
    if (access.admin && caller.user?.role !== 'admin') throw new Forbidden('role: only admins of the workspace can do this');
    return true;
  }
}
