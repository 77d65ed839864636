import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { ApiKeyInfo, CreatedKey, UserInfo } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { AdminService } from './admin.service.js';

/** Keys and users of the caller's workspace (admins signed in; 403 for members and keys). */
@Controller('admin')
@Authenticated({ scope: 'read', admin: true })
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('keys')
  listKeys(@CurrentCaller() c: Caller): Promise<ApiKeyInfo[]> {
    return this.admin.listKeys(c);
  }

  @Post('keys')
  createKey(@CurrentCaller() c: Caller, @Body() body: unknown): Promise<CreatedKey> {
    return this.admin.createKey(c, body);
  }

  @Delete('keys/:prefix')
  @HttpCode(204)
  revokeKey(@CurrentCaller() c: Caller, @Param('prefix') prefix: string): Promise<void> {
    return this.admin.revokeKey(c, prefix);
  }

  @Get('users')
  listUsers(@CurrentCaller() c: Caller): Promise<UserInfo[]> {
    return this.admin.listUsers(c);
  }

  @Post('users')
  createUser(@CurrentCaller() c: Caller, @Body() body: unknown): Promise<UserInfo> {
    return this.admin.createUser(c, body);
  }

  @Patch('users/:email')
  @HttpCode(204)
  updateUser(@CurrentCaller() c: Caller, @Param('email') email: string, @Body() body: unknown): Promise<void> {
    return this.admin.updateUser(c, email, body);
  }

  @Delete('users/:email')
  @HttpCode(204)
  removeUser(@CurrentCaller() c: Caller, @Param('email') email: string): Promise<void> {
    return this.admin.removeUser(c, email);
  }
}
