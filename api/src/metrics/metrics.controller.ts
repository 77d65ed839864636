import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { ReportsService } from './reports.service.js';

/** The reports of the registry (shared/src/reports.ts); each answers JSON, or CSV with format=csv / Accept: text/csv. */
@Controller('metrics')
@Authenticated({ scope: 'read' })
export class MetricsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':report')
  report(
    @Param('report') report: string,
    @CurrentCaller() caller: Caller,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.reports.answer(report, caller, query, accept, res);
  }
}
