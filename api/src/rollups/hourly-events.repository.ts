import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { cutRows } from './cut-rows.js';

/**
 * SQL: adds `sign` × the rows `from` (hour, channel, team, tags, events, messages_in,
 * messages_out) to hourly_events ($1: workspace), under each cut they count in (cut-rows.ts). ConversationHoursRepository runs it in the statement that deletes
 * or inserts conversation_hours rows, so the sums follow without reading the rows back.
 */
export function hourlyEventsDelta(from: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  return `INSERT INTO hourly_events AS h (workspace_id, cut, hour, cut_value, channel, events, messages_in, messages_out)
         SELECT $1, cr.cut, x.hour, cr.cut_value, x.channel, ${s}sum(x.events), ${s}sum(x.messages_in), ${s}sum(x.messages_out)
           FROM ${from} x ${cutRows('x')} GROUP BY 2, 3, 4, 5
         ON CONFLICT (workspace_id, cut, hour, cut_value, channel) DO UPDATE SET
  events = h.events + excluded.events, messages_in = h.messages_in + excluded.messages_in,
  messages_out = h.messages_out + excluded.messages_out`;
}

/**
 * hourly_events (migrations Rollups, CutRollups): events and messages per UTC hour, conversation
 * channel and cut (cut-rows.ts), the sums of conversation_hours. Kept by difference on ingest (hourlyEventsDelta, inside
 * ConversationHoursRepository.recompute); a rebuild sums the workspace's conversation_hours once.
 */
@Injectable()
export class HourlyEventsRepository {
  /**
   * Replaces the workspace's rows with the sums of its conversation_hours. Once, after every
   * page: each page touches most hours, and updating the same rows page after page left ever
   * longer chains of row versions to walk inside the one transaction.
   */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM hourly_events WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(
      `WITH rows AS (SELECT hour, channel, team, tags, events, messages_in, messages_out FROM conversation_hours WHERE workspace_id = $1)
       ${hourlyEventsDelta('rows', 1)}`,
      [workspaceId],
    );
  }
}
