import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { ExportsService } from './exports.service.js';

@Controller('exports')
@Authenticated({ scope: 'read' })
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** One row per conversation started in the period, with every conversation fact. */
  @Get('conversations.csv')
  conversations(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    return this.exports.export('conversations', caller, query, res);
  }

  /** The raw events of the period. */
  @Get('events.csv')
  events(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    return this.exports.export('events', caller, query, res);
  }
}
