import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MAX_WINDOW_HOURS } from '@parley/shared';

/** What a batch stored that can change campaign_touches rows (EventsRepository.insertNew). */
export interface TouchChanges {
  /** Ids of the new campaign messages. */
  touches: string[];
  /** The new replies' and conversions' contacts and instants (Postgres text, exact µs). */
  responses: { contactId: string; at: string }[];
}

export const NO_TOUCH_CHANGES: TouchChanges = { touches: [], responses: [] };

/** The contact's first event of `type` strictly after the touch `e` and within the largest window. */
const firstAfter = (type: string) => `(SELECT r.occurred_at FROM events r
   WHERE r.workspace_id = e.workspace_id AND r.contact_id = e.contact_id AND r.type = '${type}'
     AND r.occurred_at > e.occurred_at AND r.occurred_at <= e.occurred_at + interval '${MAX_WINDOW_HOURS} hours'
   ORDER BY r.occurred_at LIMIT 1)`;

const COLUMNS = `workspace_id, occurred_at, event_id, campaign_id, contact_id, conversation_id, message_id,
  channel, team, tags, delivered_at, read_at, failed_at, reply_at, conversion_at`;
const VALUES = `e.workspace_id, e.occurred_at, e.event_id, e.campaign_id, e.contact_id, e.conversation_id, e.message_id,
  f.channel, f.team, f.tags, s.delivered_at, s.read_at, s.failed_at, ${firstAfter('message.received')}, ${firstAfter('conversion')}`;

/**
 * campaign_touches (migration CampaignTouches): each campaign message with what the campaigns
 * report reads of it, so the report reads one range instead of three lookups per touch. A row
 * depends on its event, its conversation's facts, its message's status and its contact's
 * replies and conversions up to 720 hours later; ingest refreshes exactly the rows a batch can
 * change, each from those sources (one statement), so it always equals a rebuild.
 */
@Injectable()
export class CampaignTouchesRepository {
  /**
   * After the batch's facts and message_status are written (under the workspace lock): the new
   * touches, and the touches of the recomputed conversations, of messages with a new status and
   * of contacts with a new reply or conversion at most 720 hours after them.
   */
  async recompute(tx: EntityManager, workspaceId: number, conversationIds: string[], statusMessageIds: string[], changes: TouchChanges): Promise<void> {
    const contacts = changes.responses.map((r) => r.contactId);
    const instants = changes.responses.map((r) => r.at);
    // Every lookup below is on an index's leading columns, one probe per key (LATERAL or = ANY),
    // so a workspace whose statistics are stale is never planned as a scan of its rows.
    await tx.query(
      `WITH ids AS (
         SELECT unnest($2::text[]) COLLATE "C" AS event_id
         UNION SELECT t.event_id FROM campaign_touches t WHERE t.workspace_id = $1 AND t.conversation_id = ANY($3::text[])
         UNION SELECT t.event_id FROM campaign_touches t WHERE t.workspace_id = $1 AND t.message_id = ANY($4::text[])
         UNION SELECT t.event_id
           FROM (SELECT r.contact_id, min(r.at) AS first_at, max(r.at) AS last_at
                   FROM unnest($5::text[], $6::timestamptz[]) AS r(contact_id, at) GROUP BY 1) r
          CROSS JOIN LATERAL (
            SELECT t.event_id FROM campaign_touches t
             WHERE t.workspace_id = $1 AND t.contact_id = r.contact_id COLLATE "C"
               AND t.occurred_at >= r.first_at - interval '${MAX_WINDOW_HOURS} hours' AND t.occurred_at < r.last_at OFFSET 0
          ) t
       )
       INSERT INTO campaign_touches AS t (${COLUMNS})
       SELECT ${VALUES}
         FROM ids
        CROSS JOIN LATERAL (
          SELECT e.workspace_id, e.occurred_at, e.event_id, e.campaign_id, e.contact_id, e.conversation_id, e.message_id
            FROM events e WHERE e.workspace_id = $1 AND e.event_id = ids.event_id AND e.campaign_id IS NOT NULL OFFSET 0
        ) e
        CROSS JOIN LATERAL (
          SELECT f.channel, f.team, f.tags FROM conversation_facts f
           WHERE f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id OFFSET 0
        ) f
         LEFT JOIN LATERAL (
          SELECT s.delivered_at, s.read_at, s.failed_at FROM message_status s
           WHERE s.workspace_id = e.workspace_id AND s.message_id = e.message_id COLLATE "C" OFFSET 0
        ) s ON true
        ORDER BY e.occurred_at, e.event_id
       ON CONFLICT (workspace_id, occurred_at, event_id) DO UPDATE SET
         channel = excluded.channel, team = excluded.team, tags = excluded.tags,
         delivered_at = excluded.delivered_at, read_at = excluded.read_at, failed_at = excluded.failed_at,
         reply_at = excluded.reply_at, conversion_at = excluded.conversion_at
        -- Rewriting an unchanged row would only leave a dead version behind.
        WHERE (t.channel, t.team, t.tags, t.delivered_at, t.read_at, t.failed_at, t.reply_at, t.conversion_at)
              IS DISTINCT FROM (excluded.channel, excluded.team, excluded.tags, excluded.delivered_at,
                                excluded.read_at, excluded.failed_at, excluded.reply_at, excluded.conversion_at)`,
      [workspaceId, changes.touches, conversationIds, statusMessageIds, contacts, instants],
    );
  }

  /** Replaces the workspace's rows (after its facts and message_status; joins planned by the caller). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM campaign_touches WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(
      `INSERT INTO campaign_touches (${COLUMNS})
       SELECT ${VALUES}
         FROM events e
         JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id
         LEFT JOIN message_status s ON s.workspace_id = e.workspace_id AND s.message_id = e.message_id COLLATE "C"
        WHERE e.workspace_id = $1 AND e.campaign_id IS NOT NULL
        ORDER BY e.occurred_at, e.event_id`,
      [workspaceId],
    );
  }
}
