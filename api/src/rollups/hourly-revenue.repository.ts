import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * SQL: adds `sign` × the revenue of the rows `from` (hour, channel, revenue) to hourly_revenue
 * ($1: workspace). Like hourlyEventsDelta, run inside ConversationHoursRepository's statements.
 */
export function hourlyRevenueDelta(from: string, sign: 1 | -1): string {
  return `INSERT INTO hourly_revenue AS h (workspace_id, hour, channel, currency, amount, rows)
          SELECT $1, x.hour, x.channel, r.key, ${sign} * sum(r.value::numeric), ${sign} * count(*) FROM ${from} x, jsonb_each_text(x.revenue) AS r
           GROUP BY x.hour, x.channel, r.key
          ON CONFLICT (workspace_id, hour, channel, currency) DO UPDATE SET amount = h.amount + excluded.amount, rows = h.rows + excluded.rows`;
}

/**
 * hourly_revenue (migration HourlyConversations): conversion sums per UTC hour, channel and
 * currency, the sums of conversation_hours.revenue. Kept by difference on ingest
 * (hourlyRevenueDelta); a rebuild sums the workspace's conversation_hours once.
 */
@Injectable()
export class HourlyRevenueRepository {
  /** Replaces the workspace's rows with the sums of its conversation_hours (once, after every page). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM hourly_revenue WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(
      `WITH rows AS (SELECT hour, channel, revenue FROM conversation_hours WHERE workspace_id = $1 AND revenue IS NOT NULL) ${hourlyRevenueDelta('rows', 1)}`,
      [workspaceId],
    );
  }
}
