import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Me } from '@parley/shared';
import { Authenticated } from './authenticated.decorator.js';
import { type Caller, CurrentCaller } from './caller.js';
import { SessionsService } from './sessions.service.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  /** Email + password → session cookie (and CSRF cookie); answers who is signed in. */
  @Post('login')
  @HttpCode(200)
  login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Me> {
    return this.sessions.login(body, req, res);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated({ scope: 'read' })
  logout(@CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.sessions.logout(caller, req, res);
  }

  /** Changes the caller's own password; their other sessions end, this one stays. */
  @Post('password')
  @HttpCode(204)
  @Authenticated({ scope: 'read', user: true })
  changePassword(@CurrentCaller() caller: Caller, @Body() body: unknown, @Req() req: Request): Promise<void> {
    return this.sessions.changePassword(caller, body, req);
  }

  @Get('me')
  @Authenticated({ scope: 'read' })
  me(@CurrentCaller() caller: Caller): Promise<Me> {
    return this.sessions.me(caller);
  }
}
