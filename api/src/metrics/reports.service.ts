import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ChannelMetricsSchema } from '@parley/shared';
import { BadRequest } from '../common/errors.js';
import { csvFilename, toCsv } from '../csv/csv.calculations.js';
import type { Caller } from '../auth/caller.js';
import { MetricsService } from './metrics.service.js';
import { type Endpoint, type MetricsQuery, QueryError, parseMetricsQuery } from './query.calculations.js';

type Report = Exclude<Endpoint, 'conversations.csv' | 'events.csv'>;

/** Reads a metric request's parameters, computes the report and answers JSON or CSV. */
@Injectable()
export class ReportsService {
  constructor(private readonly metrics: MetricsService) {}

  parse(endpoint: Endpoint, caller: Caller, query: Record<string, unknown>, accept: string | undefined): MetricsQuery {
    try {
      return parseMetricsQuery(endpoint, query, { workspaceTz: caller.timeZone, nowMs: Date.now(), accept });
    } catch (err) {
      if (err instanceof QueryError) throw new BadRequest(err.messages.length === 1 ? err.messages[0] : err.messages);
      throw err;
    }
  }

  async answer(report: Report, caller: Caller, query: Record<string, unknown>, accept: string | undefined, res: Response): Promise<unknown> {
    const q = this.parse(report, caller, query, accept);
    const id = caller.workspaceId;
    const result = await this.compute(report, id, q);
    if (q.format === 'json') return result;
    const { rows, interleave, template } = csvRows(report, result as never);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFilename(report, result.period.from, result.period.to)}"`);
    res.send(toCsv(rows, interleave, template));
    return undefined;
  }

  private compute(report: Report, id: number, q: MetricsQuery) {
    switch (report) {
      case 'overview':
        return this.metrics.overview(id, q);
      case 'response-times':
        return this.metrics.responseTimes(id, q);
      case 'engagement':
        return this.metrics.engagement(id, q);
      case 'loyalty':
        return this.metrics.loyalty(id, q);
      case 'heatmap':
        return this.metrics.heatmap(id, q);
      case 'cohorts':
        return this.metrics.cohorts(id, q);
      case 'channels':
        return this.metrics.channels(id, q);
    }
  }
}

/** The rows a report's CSV lists (api.md): series items, cells, cohorts, channels; overview: two periods. */
function csvRows(report: Report, result: Record<string, any>): { rows: Record<string, unknown>[]; interleave: [string, string] | null; template?: Record<string, unknown> } {
  switch (report) {
    case 'overview':
      return {
        rows: [
          { period: 'current', from: result.period.from, to: result.period.to, ...result.current },
          { period: 'before', from: result.previous.from, to: result.previous.to, ...result.before },
        ],
        interleave: null,
      };
    case 'heatmap':
      return { rows: result.cells, interleave: null };
    case 'cohorts':
      return { rows: result.cohorts, interleave: ['retained', 'rate'], template: { cohort: null, size: null, retained: [], rate: [] } };
    case 'channels':
      return { rows: result.channels, interleave: null, template: { channel: null, ...emptyOf(ChannelMetricsSchema) } };
    default:
      // Only a grouped series can be empty (no group has data): it still names its columns.
      return { rows: result.series, interleave: null, template: { bucket: null, group: null, ...result.totals } };
  }
}

/** A row of nulls with the schema's keys, for CSV headers. */
function emptyOf(schema: { shape: Record<string, unknown> }): Record<string, null> {
  return Object.fromEntries(Object.keys(schema.shape).map((k) => [k, null]));
}
