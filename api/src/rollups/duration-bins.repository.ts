import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * duration_bins and fact_durations (migration DurationBins): triggers on reply_waits and
 * conversation_facts keep them. A rebuild turns them off for its transaction and recounts the
 * workspace once at the end: deltas page by page would rewrite every row of the workspace on each
 * page (pages are by conversation, not by time).
 */
@Injectable()
export class DurationBinsRepository {
  /** Until the transaction ends, writes to reply_waits and conversation_facts leave both alone. */
  async pause(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT set_config('parley.duration_bins', 'off', true)`);
  }

  /** Makes the workspace's rows again from its facts and reply_waits (after `pause`, before commit). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`SELECT duration_bins_rebuild($1)`, [workspaceId]);
  }
}
