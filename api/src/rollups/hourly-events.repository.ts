import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * SQL: adds `sign` × the rows `from` (hour, channel, events, messages_in, messages_out) to
 * hourly_events ($1: workspace). ConversationHoursRepository runs it in the statement that deletes
 * or inserts conversation_hours rows, so the sums follow without reading the rows back.
 */
export function hourlyEventsDelta(from: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  return `INSERT INTO hourly_events AS h (workspace_id, hour, channel, events, messages_in, messages_out)
         SELECT $1, hour, channel, ${s}sum(events), ${s}sum(messages_in), ${s}sum(messages_out) FROM ${from} GROUP BY hour, channel
         ON CONFLICT (workspace_id, hour, channel) DO UPDATE SET
  events = h.events + excluded.events, messages_in = h.messages_in + excluded.messages_in,
  messages_out = h.messages_out + excluded.messages_out`;
}

/**
 * hourly_events (migration Rollups): events and messages per UTC hour and conversation channel,
 * the sums of conversation_hours. Kept by difference on ingest (hourlyEventsDelta, inside
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
      `INSERT INTO hourly_events (workspace_id, hour, channel, events, messages_in, messages_out)
       SELECT $1, hour, channel, sum(events), sum(messages_in), sum(messages_out) FROM conversation_hours
        WHERE workspace_id = $1 GROUP BY hour, channel`,
      [workspaceId],
    );
  }
}
