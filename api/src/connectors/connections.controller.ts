import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { ConnectionInfo, CreatedConnection } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { ConnectionsService } from './connections.service.js';

/** The origin the admin is talking to: the webhook URL shown is on it (unless PARLEY_PUBLIC_URL says otherwise). */
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** The workspace's connections (admins signed in; 403 for members and keys). */
@Controller('connections')
@Authenticated({ scope: 'read', admin: true })
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  list(@CurrentCaller() c: Caller, @Req() req: Request): Promise<ConnectionInfo[]> {
    return this.connections.list(c, origin(req));
  }

  @Post()
  create(@CurrentCaller() c: Caller, @Body() body: unknown, @Req() req: Request): Promise<CreatedConnection> {
    return this.connections.create(c, body, origin(req));
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() c: Caller, @Param('id') id: string): Promise<void> {
    return this.connections.remove(c, id);
  }
}
