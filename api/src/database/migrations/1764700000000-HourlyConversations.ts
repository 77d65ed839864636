import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * hourly_conversations: per UTC hour and conversation channel, the conversation counts that add
 * up across hours (issue "Performance"), so volume, messages per conversation, conversion and
 * automation rates no longer read one facts row per conversation:
 * - by the hour of startedAt: started, messages (in + out, whenever sent), converted;
 * - by the hour of firstCustomerAt: first_customer, with_response, automated (with a response).
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
        CONSTRAINT pk_hourly_conversations PRIMARY KEY (workspace_id, hour, channel)
      )`);
    await q.query(`ALTER TABLE hourly_conversations SET (autovacuum_analyze_scale_factor = 0.005)`);
    // Existing workspaces, from their facts (what RollupsRepository.countConversations adds).
    await q.query(`
      INSERT INTO hourly_conversations (workspace_id, hour, channel, started, messages, converted, first_customer, with_response, automated)
      SELECT workspace_id, hour, channel, sum(started), sum(messages), sum(converted), sum(first_customer), sum(with_response), sum(automated) FROM (
        SELECT workspace_id, date_bin('1 hour', started_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, channel,
               1 AS started, messages_in + messages_out AS messages, converted::int AS converted, 0 AS first_customer, 0 AS with_response, 0 AS automated
          FROM conversation_facts
        UNION ALL
        SELECT workspace_id, date_bin('1 hour', first_customer_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), channel,
               0, 0, 0, 1, has_response::int, (has_response AND automated)::int
          FROM conversation_facts WHERE first_customer_at IS NOT NULL) x
       GROUP BY 1, 2, 3`);
    await q.query(`ANALYZE hourly_conversations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hourly_conversations`);
  }
}
