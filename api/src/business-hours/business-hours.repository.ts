import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BusinessHours } from '@parley/shared';
import type { DataSource, EntityManager } from 'typeorm';

/** The one schedule of a workspace; every statement is scoped by workspace_id. */
@Injectable()
export class BusinessHoursRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The schedule, read by `db` (a transaction's manager) or the pool. */
  async get(workspaceId: number, db: Pick<EntityManager, 'query'> = this.db): Promise<BusinessHours | null> {
    const rows: { schedule: BusinessHours }[] = await db.query(`SELECT schedule FROM business_hours WHERE workspace_id = $1`, [workspaceId]);
    return rows[0]?.schedule ?? null;
  }

  /**
   * Sets the schedule (insert or replace). A different schedule bumps `version` and makes a
   * recomputation of the biz_ columns due over the workspace's conversations (none when it has
   * none); the same schedule again leaves everything as it was.
   */
  async put(workspaceId: number, schedule: BusinessHours): Promise<void> {
    const fresh = (column: string, value: string) => `CASE WHEN business_hours.schedule = EXCLUDED.schedule THEN business_hours.${column} ELSE ${value} END`;
    await this.db.query(
      `INSERT INTO business_hours (workspace_id, schedule, recompute_total, recompute_done, recompute_started_at)
       SELECT $1, $2::jsonb, nullif(n, 0), CASE WHEN n > 0 THEN 0 END, CASE WHEN n > 0 THEN now() END
         FROM (SELECT count(*)::int AS n FROM conversation_facts WHERE workspace_id = $1) c
       ON CONFLICT (workspace_id) DO UPDATE SET schedule = EXCLUDED.schedule, updated_at = now(),
         version = ${fresh('version', 'business_hours.version + 1')},
         recompute_total = ${fresh('recompute_total', 'EXCLUDED.recompute_total')},
         recompute_done = ${fresh('recompute_done', 'EXCLUDED.recompute_done')},
         recompute_after = ${fresh('recompute_after', 'NULL')},
         recompute_started_at = ${fresh('recompute_started_at', 'EXCLUDED.recompute_started_at')}`,
      [workspaceId, JSON.stringify(schedule)],
    );
  }

  /** false when the workspace had none. */
  async delete(workspaceId: number): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM business_hours WHERE workspace_id = $1`, [workspaceId]);
    return result[1] > 0;
  }
}
