import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role, Scope } from '@parley/shared';

/** Who is calling: set by AuthMiddleware on every authenticated request. */
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

/** Signed-in users read and export their workspace's metrics; ingest takes an API key. */
export const SESSION_SCOPES: readonly Scope[] = ['read'];

/** The authenticated caller, on routes marked @Authenticated. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<AuthedRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without @Authenticated');
  return caller;
});
