import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { IngestResult } from '@parley/shared';
import { CurrentCaller } from '../common/caller.decorator.js';
import { type Caller, RequireScope } from '../keys/auth.guard.js';
import { EventsService } from './events.service.js';

@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(200)
  @RequireScope('ingest')
  ingest(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<IngestResult> {
    return this.events.ingest(caller.workspaceId, body);
  }
}
