import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LIVE_LONGEST_WAITS, LIVE_OPEN_DAYS, type LiveResponse } from '@parley/shared';
import type { Caller } from '../auth/caller.js';
import { type FactEvent, deriveFacts } from '../facts/facts.calculations.js';
import { FactsRepository } from '../facts/facts.repository.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { formatLocal, liveWindows } from '../metrics/period.calculations.js';
import { ReportsService } from '../metrics/reports.service.js';
import { liveFigures } from './live.calculations.js';
import { LiveRepository } from './live.repository.js';

const DAY_MS = 86_400_000;

/** GET /live (api.md "Live"): what is happening now. */
@Injectable()
export class LiveService {
  constructor(
    private readonly reports: ReportsService,
    private readonly metrics: MetricsService,
    private readonly live: LiveRepository,
    private readonly facts: FactsRepository,
    private readonly dataSource: DataSource,
  ) {}

  async now(caller: Caller, query: Record<string, unknown>): Promise<LiveResponse> {
    const q = this.reports.parse('live', caller, query, undefined);
    const asOfMs = Date.now();
    const asOf = new Date(asOfMs).toISOString();
    const openSinceMs = asOfMs - LIVE_OPEN_DAYS * DAY_MS;
    const filter = { channels: q.channels, teams: q.teams, tags: q.tags, responder: q.responder };
    const windows = liveWindows(asOfMs, q.tz);
    const [stored, after, overview] = await Promise.all([
      this.live.stored(caller.workspaceId, filter, new Date(openSinceMs).toISOString(), asOf, LIVE_LONGEST_WAITS),
      this.live.after(caller.workspaceId, asOf),
      this.metrics.liveOverview(caller.workspaceId, q, windows.today, windows.lastWeek),
    ]);
    // Conversations with events after asOf, as of asOf: from their events up to it.
    const events: Map<string, FactEvent[]> = after.length === 0 ? new Map() : await this.facts.loadEvents(this.dataSource.manager, caller.workspaceId, after);
    const asOfUs = asOfMs * 1000;
    const recent = [...events].flatMap(([id, list]) => {
      const upTo = list.filter((e) => e.atUs <= asOfUs);
      return upTo.length === 0 ? [] : [deriveFacts(id, upTo)];
    });
    const period = (w: { fromMs: number; toMs: number }) => ({ from: formatLocal(w.fromMs, q.tz), to: formatLocal(w.toMs, q.tz) });
    return {
      asOf,
      ...liveFigures(stored, recent, filter, asOfMs, openSinceMs),
      today: overview.today,
      lastWeek: overview.lastWeek,
      todayPeriod: period(windows.today),
      lastWeekPeriod: period(windows.lastWeek),
    };
  }
}
