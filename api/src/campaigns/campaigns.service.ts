import { Injectable } from '@nestjs/common';
import type { CampaignsResponse } from '@parley/shared';
import { bucketsOf, formatLocal } from '../metrics/period.calculations.js';
import type { MetricsQuery } from '../metrics/query.calculations.js';
import { campaignsReport } from './campaigns.calculations.js';
import { CampaignsRepository } from './campaigns.repository.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** GET /metrics/campaigns (metrics.md "Campaigns"): one statement, shaped by campaigns.calculations.ts. */
@Injectable()
export class CampaignsService {
  constructor(private readonly campaigns: CampaignsRepository) {}

  async report(workspaceId: number, q: MetricsQuery): Promise<CampaignsResponse> {
    const buckets = bucketsOf(q.fromMs, q.toMs, q.grain, q.tz);
    const rows = await this.campaigns.campaigns({
      workspaceId,
      from: iso(q.fromMs),
      to: iso(q.toMs),
      bounds: buckets.map((b) => iso(b.startMs)),
      channels: q.channels,
      teams: q.teams,
      tags: q.tags,
      windowHours: q.window,
    });
    return {
      period: { from: formatLocal(q.fromMs, q.tz), to: formatLocal(q.toMs, q.tz) },
      tz: q.tz,
      grain: q.grain,
      window: q.window,
      ...campaignsReport(rows, buckets, q.tz),
    };
  }
}
