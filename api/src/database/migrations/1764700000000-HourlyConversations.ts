import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * hourly_conversations: per UTC hour and conversation channel, the conversation counts that add
 * up across hours (issue "Performance"), so volume, messages per conversation, conversion and
 * automation rates no longer read one facts row per conversation:
 * - by the hour of startedAt: started, messages (in + out, whenever sent), converted;
 * - by the hour of firstCustomerAt: first_customer, with_response, automated (with a response);
 * - by the hour of ratedAt (the latest CSAT): ratings, rating_sum, satisfied (4 or 5).
 * Kept by subtracting a conversation's old facts and adding its new ones (RollupsRepository).
 */
export class HourlyConversations1764700000000 implements MigrationInterface {
  name = 'HourlyConversations1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hourly_conversations (
        workspace_id integer NOT NULL,
        hour timestamptz NOT NULL,
        channel text NOT NULL,
        started bigint NOT NULL,
        messages bigint NOT NULL,
        converted bigint NOT NULL,
        first_customer bigint NOT NULL,
        with_response bigint NOT NULL,
        automated bigint NOT NULL,
        ratings bigint NOT NULL,
        rating_sum bigint NOT NULL,
        satisfied bigint NOT NULL,
        CONSTRAINT pk_hourly_conversations PRIMARY KEY (workspace_id, hour, channel)
      )`);
    await q.query(`ALTER TABLE hourly_conversations SET (autovacuum_analyze_scale_factor = 0.005)`);
    // Existing workspaces, from their facts (what RollupsRepository.countConversations adds).
    await q.query(`
      INSERT INTO hourly_conversations (workspace_id, hour, channel, started, messages, converted, first_customer, with_response, automated, ratings, rating_sum, satisfied)
      SELECT workspace_id, hour, channel, sum(started), sum(messages), sum(converted), sum(first_customer), sum(with_response), sum(automated),
             sum(ratings), sum(rating_sum), sum(satisfied) FROM (
        SELECT workspace_id, date_bin('1 hour', started_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, channel,
               1 AS started, messages_in + messages_out AS messages, converted::int AS converted, 0 AS first_customer, 0 AS with_response, 0 AS automated,
               0 AS ratings, 0 AS rating_sum, 0 AS satisfied
          FROM conversation_facts
        UNION ALL
        SELECT workspace_id, date_bin('1 hour', first_customer_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), channel,
               0, 0, 0, 1, has_response::int, (has_response AND automated)::int, 0, 0, 0
          FROM conversation_facts WHERE first_customer_at IS NOT NULL
        UNION ALL
        SELECT workspace_id, date_bin('1 hour', rated_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), channel,
               0, 0, 0, 0, 0, 0, 1, rating, (rating >= 4)::int
          FROM conversation_facts WHERE rated_at IS NOT NULL) x
       GROUP BY 1, 2, 3`);
    await q.query(`ANALYZE hourly_conversations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hourly_conversations`);
  }
}
