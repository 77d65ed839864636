import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { IngestResult } from '@parley/shared';
import { CurrentCaller } from '../common/caller.decorator.js';
import type { WithDeadline } from '../common/request-timeout.js';
import { type Caller, RequireScope } from '../keys/auth.guard.js';
import { EventsService } from './events.service.js';
import { IngestRateGuard } from './ingest-rate.guard.js';

@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(200)
  @RequireScope('ingest')
  @UseGuards(IngestRateGuard)
  ingest(@CurrentCaller() caller: Caller, @Body() body: unknown, @Req() req: WithDeadline): Promise<IngestResult> {
    return this.events.ingest(caller.workspaceId, body, req.deadline);
  }
}
