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

  /** The planner's estimate of the workspace's rows in `table` (a name from the code, never input). */
  async estimatedRows(tx: EntityManager, table: string, workspaceId: number): Promise<number> {
    const [row]: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await tx.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE workspace_id = $1`, [workspaceId]);
    return row['QUERY PLAN'][0].Plan['Plan Rows'];
  }

  /**
   * ANALYZE inside the transaction: it samples the rows the transaction wrote, and its statistics
   * serve the transaction's later statements at once (others see them after the commit).
   * `tables` are names from the code, never input.
   */
  async analyze(tx: EntityManager, tables: string[]): Promise<void> {
    for (const table of tables) await tx.query(`ANALYZE ${table}`);
  }

  /** Sets work_mem until the transaction ends (a size such as '128MB'). */
  async setLocalWorkMem(tx: EntityManager, size: string): Promise<void> {
    await tx.query(`SELECT set_config('work_mem', $1, true)`, [size]);
  }
}
