import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthedRequest, Caller } from '../keys/auth.guard.js';

/** The authenticated caller (set by AuthGuard on routes that require a scope). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<AuthedRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without RequireScope');
  return caller;
});
