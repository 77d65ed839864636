import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { IngestResult } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import type { WithDeadline } from '../common/request-timeout.js';
import { EventsService } from './events.service.js';
import { IngestRateGuard } from './ingest-rate.guard.js';

@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(200)
  @Authenticated({ scope: 'ingest' })
  @UseGuards(IngestRateGuard)
  ingest(@CurrentCaller() caller: Caller, @Body() body: unknown, @Req() req: WithDeadline): Promise<IngestResult> {
    return this.events.ingest(caller.workspaceId, body, req.deadline);
  }
}
