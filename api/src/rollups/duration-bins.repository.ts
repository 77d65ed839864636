import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * duration_bins (migration DurationBins): triggers on reply_waits keep it. A rebuild turns them
 * off for its transaction and recounts the workspace once at the end: deltas page by page would
 * rewrite every row of the workspace on each page (pages are by conversation, not by time).
 */
@Injectable()
export class DurationBinsRepository {
  /** Until the transaction ends, writes to reply_waits leave duration_bins alone. */
  async pause(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT set_config('parley.duration_bins', 'off', true)`);
  }

  /** Recounts the workspace's rows from its reply_waits (after `pause`, before commit). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`SELECT duration_bins_rebuild($1)`, [workspaceId]);
  }
}
