import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The campaigns report (metrics.md "Campaigns", events.md "Message status"):
 * - message_status: per messageId of a workspace, the first instant of each status type. Derived
 *   state like the rollups (kept on ingest, rebuilt by `facts rebuild`). "As of to" is exact from
 *   the first instants: delivered ⟺ least(delivered_at, read_at) < to, read ⟺ read_at < to,
 *   failed ⟺ failed_at < to and not delivered. Keyed by messageId alone, so a status stored
 *   before its message (or in another conversation) applies to every message.sent with that id.
 * - ix_events_campaign: the period's campaign messages (touches) without reading other events,
 *   with every column the report reads (event_id orders touches at one instant).
 * - ix_events_contact_response: a contact's replies and conversions after one touch, probed per
 *   touch (never a scan of the contact's whole history).
 */
export class Campaigns1764900000000 implements MigrationInterface {
  name = 'Campaigns1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_status (
        workspace_id integer NOT NULL,
        message_id text COLLATE "C" NOT NULL,
        delivered_at timestamptz,
        read_at timestamptz,
        failed_at timestamptz,
        CONSTRAINT pk_message_status PRIMARY KEY (workspace_id, message_id)
      )`);
    await q.query(
      `CREATE INDEX ix_events_campaign ON events (workspace_id, occurred_at) INCLUDE (event_id, campaign_id, contact_id, conversation_id, message_id) WHERE campaign_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_events_contact_response ON events (workspace_id, contact_id, occurred_at) INCLUDE (type, conversation_id, value, currency)
        WHERE type IN ('message.received', 'conversion')`,
    );
    // Existing workspaces: the statuses already stored.
    await q.query(`
      INSERT INTO message_status (workspace_id, message_id, delivered_at, read_at, failed_at)
      SELECT workspace_id, message_id COLLATE "C",
             min(occurred_at) FILTER (WHERE type = 'message.delivered'),
             min(occurred_at) FILTER (WHERE type = 'message.read'),
             min(occurred_at) FILTER (WHERE type = 'message.failed')
        FROM events
       WHERE type IN ('message.delivered', 'message.read', 'message.failed') AND message_id IS NOT NULL
       GROUP BY workspace_id, message_id COLLATE "C"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_events_contact_response`);
    await q.query(`DROP INDEX ix_events_campaign`);
    await q.query(`DROP TABLE message_status`);
  }
}
