import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * campaign_touches: one row per campaign message (touch), with what the campaigns report would
 * otherwise look up per touch (metrics.md "Campaigns"; docs/architecture.md "Campaigns"):
 * - its conversation's channel, team and tags (the filters and `channels`), as in its facts;
 * - its message's status instants, as in message_status;
 * - reply_at / conversion_at: the contact's first `message.received` / `conversion` strictly after
 *   the touch and at most 720 hours (the largest window) after it, in any conversation. A reply is
 *   attributable to the touch only if the first one is, so the report decides "replied" from this
 *   column alone without filters and probes the events only where it may be true.
 * Derived state: ingest refreshes the rows its batch can change (campaign_touches.repository.ts),
 * `facts rebuild` makes them again. The primary key is the report's range (period, then the
 * order of touches at one instant); the other indexes find the rows a batch changes.
 */
export class CampaignTouches1766500000000 implements MigrationInterface {
  name = 'CampaignTouches1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign_touches (
        workspace_id integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        campaign_id text NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        conversation_id text COLLATE "C" NOT NULL,
        message_id text COLLATE "C",
        channel text NOT NULL,
        team text,
        tags text[] NOT NULL,
        delivered_at timestamptz,
        read_at timestamptz,
        failed_at timestamptz,
        reply_at timestamptz,
        conversion_at timestamptz,
        CONSTRAINT pk_campaign_touches PRIMARY KEY (workspace_id, occurred_at, event_id)
      )`);
    await q.query(`CREATE INDEX ix_campaign_touches_conversation ON campaign_touches (workspace_id, conversation_id)`);
    await q.query(`CREATE INDEX ix_campaign_touches_message ON campaign_touches (workspace_id, message_id)`);
    await q.query(`CREATE INDEX ix_campaign_touches_contact ON campaign_touches (workspace_id, contact_id, occurred_at)`);
    // Existing workspaces: the touches already stored (the statement of CampaignTouchesRepository.rebuild, frozen here).
    await q.query(`
      INSERT INTO campaign_touches (workspace_id, occurred_at, event_id, campaign_id, contact_id, conversation_id, message_id,
                                    channel, team, tags, delivered_at, read_at, failed_at, reply_at, conversion_at)
      SELECT e.workspace_id, e.occurred_at, e.event_id, e.campaign_id, e.contact_id, e.conversation_id, e.message_id,
             f.channel, f.team, f.tags, s.delivered_at, s.read_at, s.failed_at,
             (SELECT r.occurred_at FROM events r
               WHERE r.workspace_id = e.workspace_id AND r.contact_id = e.contact_id AND r.type = 'message.received'
                 AND r.occurred_at > e.occurred_at AND r.occurred_at <= e.occurred_at + interval '720 hours'
               ORDER BY r.occurred_at LIMIT 1),
             (SELECT r.occurred_at FROM events r
               WHERE r.workspace_id = e.workspace_id AND r.contact_id = e.contact_id AND r.type = 'conversion'
                 AND r.occurred_at > e.occurred_at AND r.occurred_at <= e.occurred_at + interval '720 hours'
               ORDER BY r.occurred_at LIMIT 1)
        FROM events e
        JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id
        LEFT JOIN message_status s ON s.workspace_id = e.workspace_id AND s.message_id = e.message_id COLLATE "C"
       WHERE e.campaign_id IS NOT NULL
       ORDER BY e.workspace_id, e.occurred_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_touches`);
  }
}
