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
   * Plans without nested loops until the transaction ends: for statements that read a whole
   * workspace, where a nested loop is never the right plan but stale statistics can pick one.
   */
  async avoidNestedLoops(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT set_config('enable_nestloop', 'off', true)`);
  }

  /** Sets work_mem until the transaction ends (a size such as '128MB'). */
  async setLocalWorkMem(tx: EntityManager, size: string): Promise<void> {
    await tx.query(`SELECT set_config('work_mem', $1, true)`, [size]);
  }
}
