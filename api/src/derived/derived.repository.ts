import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The transaction settings of derived-state maintenance. */
@Injectable()
export class DerivedRepository {
  /**
   * Serialises the maintenance of facts and rollups within a workspace until the transaction
   * ends, so a recompute always sees the events of every batch that committed before it (see
   * docs/architecture.md).
   */
  async lockWorkspace(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(7341, $1)`, [workspaceId]);
  }

  /** Bounds lock waits (the workspace lock included) until the transaction ends. */
  async boundLockWait(tx: EntityManager, ms: number): Promise<void> {
    await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, ms)}ms`]);
  }

  /**
   * Until the transaction ends, joins are planned as hash joins only (no nested loop, no merge
   * join): for statements that read all of a workspace's rows, whatever the statistics say.
   * Planned on statistics taken while the workspace had no rows, a nested loop (or a merge join
   * on one key of several) over all its rows goes quadratic; a hash join on all the join's keys
   * is linear whatever the estimates.
   */
  async planHashJoins(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT set_config('enable_nestloop', 'off', true), set_config('enable_mergejoin', 'off', true)`);
  }

  /** Sets work_mem until the transaction ends (a size such as '128MB'). */
  async setLocalWorkMem(tx: EntityManager, size: string): Promise<void> {
    await tx.query(`SELECT set_config('work_mem', $1, true)`, [size]);
  }
}
