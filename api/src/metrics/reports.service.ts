import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { REPORTS, type ReportAnswer, type ReportName } from '@parley/shared';
import { BadRequest, NotFound } from '../common/errors.js';
import { csvFilename, toCsv } from '../csv/csv.calculations.js';
import type { Caller } from '../auth/caller.js';
import { BusinessHoursService } from '../business-hours/business-hours.service.js';
import { MetricsService } from './metrics.service.js';
import { type Endpoint, type MetricsQuery, QueryError, parseMetricsQuery } from './query.calculations.js';

/** Serves the registry's reports: reads the parameters, computes the report, answers JSON or CSV. */
@Injectable()
export class ReportsService {
  /** Which MetricsService method computes each report of the registry (typed by its answer schema). */
  private readonly compute: { [K in ReportName]: (workspaceId: number, q: MetricsQuery) => Promise<ReportAnswer<K>> };

  constructor(
    metrics: MetricsService,
    private readonly businessHours: BusinessHoursService,
  ) {
    this.compute = {
      overview: (id, q) => metrics.overview(id, q),
      'response-times': (id, q) => metrics.responseTimes(id, q),
      engagement: (id, q) => metrics.engagement(id, q),
      heatmap: (id, q) => metrics.heatmap(id, q),
      loyalty: (id, q) => metrics.loyalty(id, q),
      cohorts: (id, q) => metrics.cohorts(id, q),
      channels: (id, q) => metrics.channels(id, q),
      campaigns: (id, q) => metrics.campaigns(id, q),
    };
  }

  parse(endpoint: Endpoint, caller: Caller, query: Record<string, unknown>, accept: string | undefined): MetricsQuery {
    try {
      return parseMetricsQuery(endpoint, query, { workspaceTz: caller.timeZone, nowMs: Date.now(), accept });
    } catch (err) {
      if (err instanceof QueryError) throw new BadRequest(err.messages.length === 1 ? err.messages[0] : err.messages);
      throw err;
    }
  }

  /** metrics.md: without a schedule, hours=business is a 400. */
  async needsSchedule(caller: Caller, q: MetricsQuery): Promise<void> {
    if (q.hours === 'business' && !(await this.businessHours.has(caller.workspaceId)))
      throw new BadRequest("hours: business needs the workspace's business-hours schedule; an admin sets it in Settings (PUT /api/v1/settings/business-hours)");
  }

  async answer(name: string, caller: Caller, query: Record<string, unknown>, accept: string | undefined, res: Response): Promise<unknown> {
    // As for any path no route serves (client-errors.ts).
    if (!Object.hasOwn(REPORTS, name)) throw new NotFound('NOT_FOUND', `path: no API route GET /api/v1/metrics/${name}; see /api/docs`);
    const report = REPORTS[name as ReportName];
    const q = this.parse(report.name, caller, query, accept);
    await this.needsSchedule(caller, q);
    const result: ReportAnswer<ReportName> = await this.compute[report.name](caller.workspaceId, q);
    if (q.format === 'json') return result;
    const { rows, interleave, template } = report.csv(result as never);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFilename(report.name, q.fromMs, q.toMs, q.tz)}"`);
    res.send(toCsv(rows, interleave, template));
    return undefined;
  }
}
