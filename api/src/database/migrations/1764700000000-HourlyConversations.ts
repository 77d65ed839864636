import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * hourly_conversations: per UTC hour and conversation channel, the conversation counts that add
 * up across hours (issue "Performance"), so volume, messages per conversation, conversion and
 * automation rates no longer read one facts row per conversation:
 * - by the hour of startedAt: started, messages (in + out, whenever sent), converted;
 * - by the hour of firstCustomerAt: first_customer, with_response, automated (with a response);
 * - by the hour of ratedAt (the latest CSAT): ratings, rating_sum, satisfied (4 or 5).
 * Kept by subtracting a conversation's old facts and adding its new ones (RollupsRepository).
 *
 * hourly_revenue: per UTC hour, conversation channel and currency, the sum of conversion values
 * and how many conversation_hours rows had one (a bucket lists a currency when that is > 0, even
 * at 0.00). conversation_hours gains the revenue of its row (per currency, exact decimal strings),
 * and hourly_revenue follows it as hourly_events does.
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
    await q.query(`ALTER TABLE conversation_hours ADD COLUMN revenue jsonb`);
    await q.query(`
      CREATE TABLE hourly_revenue (
        workspace_id integer NOT NULL,
        hour timestamptz NOT NULL,
        channel text NOT NULL,
        currency text NOT NULL,
        amount numeric NOT NULL,
        rows bigint NOT NULL,
        CONSTRAINT pk_hourly_revenue PRIMARY KEY (workspace_id, hour, channel, currency)
      )`);
    await q.query(`ALTER TABLE hourly_revenue SET (autovacuum_analyze_scale_factor = 0.005)`);
    await q.query(`
      UPDATE conversation_hours h SET revenue = x.revenue
        FROM (SELECT workspace_id, conversation_id, hour, contact_id, jsonb_object_agg(currency, trim_scale(amount)::text) AS revenue
                FROM (SELECT workspace_id, conversation_id, date_bin('1 hour', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, contact_id, currency, sum(value) AS amount
                        FROM events WHERE type = 'conversion' GROUP BY 1, 2, 3, 4, 5) c
               GROUP BY 1, 2, 3, 4) x
       WHERE h.workspace_id = x.workspace_id AND h.conversation_id = x.conversation_id AND h.hour = x.hour AND h.contact_id = x.contact_id`);
    await q.query(`
      INSERT INTO hourly_revenue (workspace_id, hour, channel, currency, amount, rows)
      SELECT workspace_id, hour, channel, r.key, sum(r.value::numeric), count(*) FROM conversation_hours, jsonb_each_text(revenue) AS r
       GROUP BY 1, 2, 3, 4`);
    await q.query(`ANALYZE hourly_conversations`);
    await q.query(`ANALYZE hourly_revenue`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hourly_conversations`);
    await q.query(`DROP TABLE hourly_revenue`);
    await q.query(`ALTER TABLE conversation_hours DROP COLUMN revenue`);
  }
}
