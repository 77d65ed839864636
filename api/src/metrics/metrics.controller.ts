import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { ReportsService } from './reports.service.js';

type Q = Record<string, unknown>;

/** The metric reports (metrics.md); each answers JSON, or CSV with format=csv / Accept: text/csv. */
@Controller('metrics')
@Authenticated({ scope: 'read' })
export class MetricsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('overview')
  overview(@CurrentCaller() c: Caller, @Query() q: Q, @Headers('accept') a: string, @Res({ passthrough: true }) r: Response) {
    return this.reports.answer('overview', c, q, a, r);
  }

  @Get('response-times')
  responseTimes(@CurrentCaller() c: Caller, @Query() q: Q, @Headers('accept') a: string, @Res({ passthrough: true }) r: Response) {
    return this.reports.answer('response-times', c, q, a, r);
  }

  @Get('engagement')
  engagement(@CurrentCaller() c: Caller, @Query() q: Q, @Headers('accept') a: string, @Res({ passthrough: true }) r: Response) {
    return this.reports.answer('engagement', c, q, a, r);
  }

  @Get('heatmap')
  heatmap(@CurrentCaller() c: Caller, @Query() q: Q, @Headers('accept') a: string, @Res({ passthrough: true }) r: Response) {
    return this.reports.answer('heatmap', c, q, a, r);
  }

  @Get('loyalty')
  loyalty(@CurrentCaller() c: Caller, @Query() q: Q, @Headers('accept') a: string, @Res({ passthrough: true }) r: Response) {
    return this.reports.answer('loyalty', c, q, a, r);
  }

  @Get('cohorts')
  cohorts(@CurrentCaller() c: Caller, @Query() q: Q, @Headers('accept') a: string, @Res({ passthrough: true }) r: Response) {
    return this.reports.answer('cohorts', c, q, a, r);
  }

  @Get('channels')
  channels(@CurrentCaller() c: Caller, @Query() q: Q, @Headers('accept') a: string, @Res({ passthrough: true }) r: Response) {
    return this.reports.answer('channels', c, q, a, r);
  }
}
