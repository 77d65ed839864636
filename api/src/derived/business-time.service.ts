import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { businessDuration, businessTimes } from '../business-hours/business-facts.calculations.js';
import { BusinessHoursService } from '../business-hours/business-hours.service.js';
import { LOGGER } from '../common/logger.js';
import { BusinessTimeRepository } from './business-time.repository.js';
import { DerivedRepository } from './derived.repository.js';

/** Conversations per page: one short transaction each, so ingest never waits long for the lock. */
const PAGE = 1000;
/** How long a page waits for the workspace lock (a rebuild holds it for minutes) before it retries later. */
const LOCK_WAIT_MS = 2000;
/** Pause after a failed page, growing to the maximum while failures repeat. */
const RETRY_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** Failures other than lock waits in a row before a run gives up (it resumes at the next start or change). */
const MAX_FAILURES = 5;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms).unref());

/**
 * Recomputes the biz_ columns of a workspace (conversation_facts and reply_waits) after its
 * schedule changes (docs/metrics-decisions.md, "Business hours"): in the background, page by page
 * in byte order of conversation ids, each page a transaction under the workspace lock that ingest
 * and rebuild take, from the stored instants. The state lives on business_hours (version, done,
 * total, the last id): a newer change resets it and bumps the version, which the running pages
 * notice; a restart resumes where it stopped (resumeDue, from main.ts).
 */
@Injectable()
export class BusinessTimeService implements OnModuleInit, BeforeApplicationShutdown {
  /** Workspaces with a run in this process; `again` when a change came in while it ran. */
  private readonly running = new Map<number, { again: boolean; done: Promise<void> }>();
  private stopping = false;
  private readonly log: Logger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly derived: DerivedRepository,
    private readonly recompute: BusinessTimeRepository,
    private readonly businessHours: BusinessHoursService,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'business-time' });
  }

  onModuleInit(): void {
    this.businessHours.onChange((change) => this.kick(change.workspaceId));
  }

  /** Starts the runs a previous process left unfinished. */
  async resumeDue(): Promise<void> {
    for (const workspaceId of await this.recompute.due()) this.kick(workspaceId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Makes sure the workspace's due recomputation runs (one run per workspace and process). */
  kick(workspaceId: number): void {
    if (this.stopping) return;
    const current = this.running.get(workspaceId);
    if (current) {
      current.again = true;
      return;
    }
    const run = { again: false, done: Promise.resolve() };
    run.done = (async () => {
      try {
        do {
          run.again = false;
          await this.run(workspaceId);
        } while (run.again && !this.stopping);
      } finally {
        this.running.delete(workspaceId);
      }
    })();
    this.running.set(workspaceId, run);
  }

  private async run(workspaceId: number): Promise<void> {
    let failures = 0;
    let pauseMs = RETRY_MS;
    while (!this.stopping) {
      try {
        if (!(await this.page(workspaceId))) return;
        failures = 0;
        pauseMs = RETRY_MS;
      } catch (e) {
        // 55P03: the lock was held past the wait (a rebuild, a long batch): try again later.
        const busy = (e as { code?: string }).code === '55P03';
        if (!busy && ++failures >= MAX_FAILURES) {
          this.log.error({ workspaceId, err: e }, 'business-time recompute gave up; it resumes at the next start or schedule change');
          return;
        }
        if (!busy) this.log.warn({ workspaceId, err: e }, 'business-time recompute page failed; retrying');
        await sleep(pauseMs);
        pauseMs = Math.min(RETRY_MAX_MS, pauseMs * 2);
      }
    }
  }

  /** Recomputes one page; false when nothing is due any more. */
  private page(workspaceId: number): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await this.derived.boundLockWait(tx, LOCK_WAIT_MS);
      await this.derived.lockWorkspace(tx, workspaceId);
      const state = await this.recompute.state(tx, workspaceId);
      if (!state) return false;
      const facts = await this.recompute.factsPage(tx, workspaceId, state.after, PAGE);
      if (facts.length === 0) {
        await this.recompute.finish(tx, workspaceId, state.version);
        this.log.info({ workspaceId, version: state.version }, 'business-time recompute finished');
        return false;
      }
      const ids = facts.map((f) => f.conversationId);
      await this.recompute.writeFacts(tx, workspaceId, ids, facts.map((f) => businessTimes(f, state.schedule)));
      const waits = await this.recompute.waits(tx, workspaceId, ids);
      await this.recompute.writeWaits(tx, workspaceId, waits, waits.map((w) => businessDuration(w.openedAtUs, w.seconds, state.schedule)));
      await this.recompute.advance(tx, workspaceId, state.version, ids[ids.length - 1], facts.length);
      return true;
    });
  }
}
