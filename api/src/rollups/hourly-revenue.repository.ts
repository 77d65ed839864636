import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { cutRows } from './cut-rows.js';

/**
 * SQL: adds `sign` × the revenue of the rows `from` (hour, channel, team, tags, revenue) to
 * hourly_revenue ($1: workspace), under each cut they count in (cut-rows.ts). Like hourlyEventsDelta, run inside ConversationHoursRepository's statements.
 */
export function hourlyRevenueDelta(from: string, sign: 1 | -1): string {
  return `INSERT INTO hourly_revenue AS h (workspace_id, cut, hour, cut_value, channel, currency, amount, rows)
          SELECT $1, cr.cut, x.hour, cr.cut_value, x.channel, r.key, ${sign} * sum(r.value::numeric), ${sign} * count(*)
            FROM ${from} x CROSS JOIN LATERAL jsonb_each_text(x.revenue) AS r ${cutRows('x')}
           GROUP BY 2, 3, 4, 5, 6
          ON CONFLICT (workspace_id, cut, hour, cut_value, channel, currency) DO UPDATE SET amount = h.amount + excluded.amount, rows = h.rows + excluded.rows`;
}

/**
 * hourly_revenue (migrations HourlyConversations, CutRollups): conversion sums per UTC hour,
 * channel, cut (cut-rows.ts) and currency, the sums of conversation_hours.revenue. Kept by difference on ingest
 * (hourlyRevenueDelta); a rebuild sums the workspace's conversation_hours once.
 */
@Injectable()
export class HourlyRevenueRepository {
  /** Replaces the workspace's rows with the sums of its conversation_hours (once, after every page). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM hourly_revenue WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(
      `WITH rows AS (SELECT hour, channel, team, tags, revenue FROM conversation_hours WHERE workspace_id = $1 AND revenue IS NOT NULL) ${hourlyRevenueDelta('rows', 1)}`,
      [workspaceId],
    );
  }
}
