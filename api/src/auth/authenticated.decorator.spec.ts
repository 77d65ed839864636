import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { AccessGuard, Authenticated } from './authenticated.decorator.js';
import type { Caller } from './caller.js';

@Authenticated({ scope: 'read', admin: true })
class Admin {
  route() {}
}
class Mixed {
  @Authenticated({ scope: 'ingest' })
  ingest() {}
  open() {}
}

const context = (controller: { prototype: object }, name: string, caller?: Caller) =>
  ({
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, unknown>)[name],
    switchToHttp: () => ({ getRequest: () => ({ caller }) }),
  }) as unknown as ExecutionContext;

const key = (scopes: Caller['scopes']): Caller => ({ workspaceId: 1, timeZone: 'UTC', scopes, keyId: 1 });
const user = (role: 'admin' | 'member'): Caller => ({ workspaceId: 1, timeZone: 'UTC', scopes: ['read'], user: { userId: 1, email: 'a@example.com', role, sessionId: 1 } });
const guard = new AccessGuard();

describe('AccessGuard', () => {
  it('lets through routes without @Authenticated', () => {
    expect(guard.canActivate(context(Mixed, 'open'))).toBe(true);
  });

  it('refuses a caller without the scope, naming it', () => {
    expect(guard.canActivate(context(Mixed, 'ingest', key(['ingest'])))).toBe(true);
    expect(() => guard.canActivate(context(Mixed, 'ingest', user('admin')))).toThrow(expect.objectContaining({ code: 'FORBIDDEN', status: 403, message: "Authorization: this key lacks the 'ingest' scope" }));
  });

  it('lets only signed-in admins through admin routes', () => {
    expect(guard.canActivate(context(Admin, 'route', user('admin')))).toBe(true);
    for (const caller of [user('member'), key(['read', 'ingest'])])
      expect(() => guard.canActivate(context(Admin, 'route', caller))).toThrow(expect.objectContaining({ code: 'FORBIDDEN', status: 403, message: 'role: only admins of the workspace can do this' }));
    expect(() => guard.canActivate(context(Admin, 'route', key(['ingest'])))).toThrow("this key lacks the 'read' scope");
  });

  it('answers 401 when no caller was identified', () => {
    expect(() => guard.canActivate(context(Admin, 'route'))).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', status: 401 }));
  });
});
