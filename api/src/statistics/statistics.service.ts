import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { LOGGER } from '../common/logger.js';
import { tablesToAnalyze } from './statistics.calculations.js';
import { StatisticsRepository } from './statistics.repository.js';

/** The tables ingest writes and looks rows up in (docs/architecture.md). */
export const INGEST_TABLES = [
  'events',
  'conversation_facts',
  'conversation_hours',
  'reply_waits',
  'hourly_events',
  'hourly_revenue',
  'hourly_conversations',
  'hourly_contacts',
  'contact_first',
  'conversation_keys',
  'contact_keys',
  'message_status',
  'campaign_touches',
  'duration_bins',
  'duration_deltas',
  'fact_durations',
] as const;

/** At most one look at pg_stat_user_tables per this long, whatever the ingest rate. */
export const CHECK_EVERY_MS = 5_000;

/**
 * Keeps the planner's statistics of the ingest tables fresh, whether or not the server's
 * autovacuum runs (statistics.calculations.ts says why it matters). After writes, at most every
 * CHECK_EVERY_MS and one check at a time, it reads how much each table changed since its last
 * ANALYZE and analyzes those that are due, in the background: no request waits for it. (An
 * ANALYZE samples 30,000 rows: ≈ 0.4 s on a 30M-row `events`.) PGlite: nothing to do (one
 * statement at a time; its tables stay small).
 */
@Injectable()
export class StatisticsService implements BeforeApplicationShutdown {
  private running: Promise<void> | null = null;
  private lastCheck = -Infinity;
  private readonly log: Logger;

  constructor(
    private readonly repository: StatisticsRepository,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'statistics' });
  }

  /** Called after a commit that wrote the ingest tables. */
  wrote(now = Date.now()): void {
    if (this.options.embedded || this.running || now - this.lastCheck < CHECK_EVERY_MS) return;
    this.lastCheck = now;
    this.running = this.check()
      .catch((err: Error) => this.log.warn({ err: err.message }, 'statistics check failed; the next write tries again'))
      .finally(() => {
        this.running = null;
      });
  }

  /** The check under way, if any (tests; shutdown waits for it). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /**
   * Analyzes the derived tables now (the CLI after `facts rebuild`: it rewrote a workspace's
   * facts and rollups, and the change counters it would be judged by can lag its commits).
   */
  async analyzeDerived(): Promise<void> {
    if (this.options.embedded) return;
    for (const table of INGEST_TABLES) if (table !== 'events') await this.repository.analyze(table);
  }

  private async check(): Promise<void> {
    for (const table of tablesToAnalyze(await this.repository.activity(INGEST_TABLES))) {
      const t0 = Date.now();
      await this.repository.analyze(table);
      this.log.debug({ table, ms: Date.now() - t0 }, 'analyzed');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }
}
