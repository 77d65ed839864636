import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../common/logger.js';
import { DurationBinsRepository } from './duration-bins.repository.js';

/** How long after a write the folder starts: the batches of a burst are folded together. */
export const FOLD_AFTER_MS = 1_000;

/**
 * Folds workspaces' duration_deltas into duration_bins (migration DurationBins) in the
 * background after ingest commits, so deltas do not pile up for workspaces nobody reads and a
 * report seldom folds more than a few. One fold at a time per process (one pooled connection,
 * each fold at most FOLD_LIMIT deltas in one bounded statement), workspaces in turn: a workspace
 * with a big import left folds a piece, goes to the back of the line, and the others are not
 * held up. A fold that fails or finds another fold under way only leaves deltas for the next
 * write or read (reads add the deltas they find, so answers never depend on it). At start it
 * takes up what another process left: a CLI import stops its folds when it exits, and a stopped
 * server leaves the last second's deltas.
 */
@Injectable()
export class DeltaFolder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pending = new Set<number>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly log: Logger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bins: DurationBinsRepository,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'delta-folder' });
  }

  /** Schedules the workspaces that have deltas left (in the background: the start does not wait). */
  onApplicationBootstrap(): void {
    this.bins
      .workspacesWithDeltas(this.dataSource.manager)
      .then((ids) => ids.forEach((id) => this.wrote(id)))
      .catch((err: Error) => {
        if (!this.stopped) this.log.warn({ err: err.message }, 'could not list the workspaces with duration deltas; reads fold them');
      });
  }

  /** Called after a commit that may have appended deltas of the workspace. */
  wrote(workspaceId: number): void {
    if (this.stopped) return;
    this.pending.add(workspaceId);
    this.schedule();
  }

  /**
   * Folds the workspace's deltas now, unless another fold of it is under way (that one takes
   * them). Its own short transaction: reads call it before their snapshot. True when deltas remain.
   */
  foldNow(workspaceId: number): Promise<boolean> {
    return this.dataSource.transaction((m) => this.bins.fold(m, workspaceId));
  }

  /** The folds under way and due, until none is pending (tests; shutdown waits for the one running). */
  async settled(): Promise<void> {
    while (this.running || this.timer) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        this.start();
      }
      await this.running;
    }
  }

  private schedule(): void {
    if (this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, FOLD_AFTER_MS);
    this.timer.unref();
  }

  private start(): void {
    this.running = this.drain().finally(() => {
      this.running = null;
      // Written while the last fold ran.
      if (this.pending.size > 0 && !this.stopped) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    for (const workspaceId of this.pending) {
      this.pending.delete(workspaceId);
      if (this.stopped) return;
      try {
        if (await this.foldNow(workspaceId)) this.pending.add(workspaceId);
      } catch (err) {
        // 55P03: a rebuild of the workspace holds its deltas (FOLD_LOCK_WAIT_MS); it recounts them anyway.
        const level = (err as { code?: string }).code === '55P03' ? 'debug' : 'warn';
        this.log[level]({ workspaceId, err: (err as Error).message }, 'fold of duration deltas failed; the next write or read tries again');
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
