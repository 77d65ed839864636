import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The status event types (events.md "Message status"). */
export const STATUS_TYPES = ['message.delivered', 'message.read', 'message.failed'] as const;
/** STATUS_TYPES as an SQL list, for `type IN (…)`. */
export const STATUS_TYPES_SQL = STATUS_TYPES.map((t) => `'${t}'`).join(', ');

/** A stored status event, as ingest returns it: its instant as Postgres text (exact µs). */
export interface StatusEvent {
  messageId: string;
  type: string;
  occurredAt: string;
}

const FIRST_INSTANTS = `min(x.occurred_at) FILTER (WHERE x.type = 'message.delivered'),
             min(x.occurred_at) FILTER (WHERE x.type = 'message.read'),
             min(x.occurred_at) FILTER (WHERE x.type = 'message.failed')`;

/**
 * message_status (migration Campaigns): the first instant of each status type per messageId.
 * Ingest upserts the batch's new statuses with LEAST per column: the minimum does not depend on
 * the order or the split of the arrivals, and a status seen twice changes nothing. A rebuild
 * takes the minimum over the workspace's status events in one statement.
 */
@Injectable()
export class MessageStatusRepository {
  /** Folds the newly stored status events of a batch in (run under the workspace lock). */
  async recompute(tx: EntityManager, workspaceId: number, statuses: StatusEvent[]): Promise<void> {
    if (statuses.length === 0) return;
    await tx.query(
      `INSERT INTO message_status AS s (workspace_id, message_id, delivered_at, read_at, failed_at)
       SELECT $1, x.message_id, ${FIRST_INSTANTS}
         FROM json_to_recordset($2::json) AS x(message_id text, type text, occurred_at timestamptz)
        GROUP BY x.message_id
        ORDER BY x.message_id COLLATE "C"
       ON CONFLICT (workspace_id, message_id) DO UPDATE SET
         delivered_at = least(s.delivered_at, excluded.delivered_at),
         read_at = least(s.read_at, excluded.read_at),
         failed_at = least(s.failed_at, excluded.failed_at)`,
      [workspaceId, JSON.stringify(statuses.map((e) => ({ message_id: e.messageId, type: e.type, occurred_at: e.occurredAt })))],
    );
  }

  /** Replaces the workspace's rows from its stored status events. */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM message_status WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(
      `INSERT INTO message_status (workspace_id, message_id, delivered_at, read_at, failed_at)
       SELECT $1, x.message_id COLLATE "C", ${FIRST_INSTANTS}
         FROM events x
        WHERE x.workspace_id = $1 AND x.type IN (${STATUS_TYPES_SQL}) AND x.message_id IS NOT NULL
        GROUP BY x.message_id COLLATE "C"`,
      [workspaceId],
    );
  }
}
