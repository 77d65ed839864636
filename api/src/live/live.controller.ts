import { Controller, Get, Query } from '@nestjs/common';
import type { LiveResponse } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { LiveService } from './live.service.js';

/** What is happening now (api.md "Live"): whoever may read metrics may read it. */
@Controller('live')
@Authenticated({ scope: 'read' })
export class LiveController {
  constructor(private readonly live: LiveService) {}

  @Get()
  now(@CurrentCaller() c: Caller, @Query() query: Record<string, unknown>): Promise<LiveResponse> {
    return this.live.now(c, query);
  }
}
