import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BusinessHours } from '@parley/shared';
import type { DataSource } from 'typeorm';

/** The one schedule of a workspace; every statement is scoped by workspace_id. */
@Injectable()
export class BusinessHoursRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(workspaceId: number): Promise<BusinessHours | null> {
    const rows: { schedule: BusinessHours }[] = await this.db.query(`SELECT schedule FROM business_hours WHERE workspace_id = $1`, [workspaceId]);
    return rows[0]?.schedule ?? null;
  }

  /** Sets the schedule (insert or replace). */
  async put(workspaceId: number, schedule: BusinessHours): Promise<void> {
    await this.db.query(
      `INSERT INTO business_hours (workspace_id, schedule) VALUES ($1, $2::jsonb)
       ON CONFLICT (workspace_id) DO UPDATE SET schedule = EXCLUDED.schedule, updated_at = now()`,
      [workspaceId, JSON.stringify(schedule)],
    );
  }

  /** false when the workspace had none. */
  async delete(workspaceId: number): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM business_hours WHERE workspace_id = $1`, [workspaceId]);
    return result[1] > 0;
  }
}
