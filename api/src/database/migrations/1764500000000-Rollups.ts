import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups for the metric queries (issue "Performance"), all keyed by workspace first so they
 * distribute with the rest on Citus (docs/scaling.md):
 *
 * - conversation_hours: one row per conversation, UTC hour and contact with any event, holding
 *   the conversation's channel, its message counts and the contact's first customer message in
 *   that hour. Replaced per conversation whenever its facts are recomputed, so it always equals
 *   a rebuild. Active, repeat and cohort contacts come from here.
 * - hourly_events: per UTC hour and conversation channel, events and messages in/out; kept by
 *   adding what a conversation's new rows add and subtracting its old ones. Heatmap, message
 *   counts and active channels come from here.
 * - contact_first: each contact's first customer message per channel, and over all channels
 *   (channel '*'). New contacts and cohort members come from here.
 * - reply_waits: the reply times of conversation_facts' arrays as rows, by the instant their
 *   wait opened, for both responders, with the conversation's channel and first responder.
 *   Replaced per conversation with its facts; every reply-time query reads it (any period).
 *
 * They serve requests whose period and buckets fall on whole UTC hours (every zone with a
 * whole-hour offset and dates as bounds, as the dashboard sends them); other requests are
 * answered from the events as before (metrics.repository.ts).
 *
 * The covering indexes on conversation_facts let the percentile queries read only the index.
 */
export class Rollups1764500000000 implements MigrationInterface {
  name = 'Rollups1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversation_hours (
        workspace_id integer NOT NULL,
        conversation_id text COLLATE "C" NOT NULL,
        hour timestamptz NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        channel text NOT NULL,
        events integer NOT NULL,
        messages_in integer NOT NULL,
        messages_out integer NOT NULL,
        first_in_at timestamptz,
        CONSTRAINT pk_conversation_hours PRIMARY KEY (workspace_id, conversation_id, hour, contact_id)
      )`);
    await q.query(`CREATE INDEX ix_conversation_hours_hour ON conversation_hours (workspace_id, hour) INCLUDE (channel, contact_id, conversation_id) WHERE messages_in > 0`);
    await q.query(`CREATE INDEX ix_conversation_hours_contact ON conversation_hours (workspace_id, contact_id) WHERE messages_in > 0`);
    await q.query(`
      CREATE TABLE hourly_events (
        workspace_id integer NOT NULL,
        hour timestamptz NOT NULL,
        channel text NOT NULL,
        events bigint NOT NULL,
        messages_in bigint NOT NULL,
        messages_out bigint NOT NULL,
        CONSTRAINT pk_hourly_events PRIMARY KEY (workspace_id, hour, channel)
      )`);
    await q.query(`
      CREATE TABLE contact_first (
        workspace_id integer NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        channel text NOT NULL,
        first_at timestamptz NOT NULL,
        CONSTRAINT pk_contact_first PRIMARY KEY (workspace_id, contact_id, channel)
      )`);
    await q.query(`CREATE INDEX ix_contact_first_at ON contact_first (workspace_id, channel, first_at)`);

    await q.query(`
      CREATE TABLE reply_waits (
        workspace_id integer NOT NULL,
        conversation_id text COLLATE "C" NOT NULL,
        agent boolean NOT NULL,
        n integer NOT NULL,
        opened_at timestamptz NOT NULL,
        seconds double precision NOT NULL,
        channel text NOT NULL,
        responder text,
        CONSTRAINT pk_reply_waits PRIMARY KEY (workspace_id, conversation_id, agent, n)
      )`);
    await q.query(`CREATE INDEX ix_reply_waits_opened ON reply_waits (workspace_id, agent, opened_at) INCLUDE (seconds, channel, responder)`);

    await q.query(`CREATE INDEX ix_events_conversion ON events (workspace_id, occurred_at) INCLUDE (conversation_id, value, currency) WHERE type = 'conversion'`);

    await q.query(`DROP INDEX ix_facts_first_customer`);
    await q.query(`
      CREATE INDEX ix_facts_first_customer ON conversation_facts (workspace_id, first_customer_at)
      INCLUDE (channel, first_response_time, agent_first_response_time, first_responder, agent_first_responder, has_response, automated)
      WHERE first_customer_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_resolved`);
    await q.query(`
      CREATE INDEX ix_facts_resolved ON conversation_facts (workspace_id, resolved_at)
      INCLUDE (channel, resolution_time, first_responder, agent_first_responder) WHERE resolved_at IS NOT NULL`);
    await q.query(`CREATE INDEX ix_facts_rated ON conversation_facts (workspace_id, rated_at) INCLUDE (channel, rating) WHERE rated_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_started_id`);
    await q.query(`
      CREATE INDEX ix_facts_started_id ON conversation_facts (workspace_id, started_at, conversation_id)
      INCLUDE (channel, messages_in, messages_out, converted)`);

    // Existing workspaces: fill the rollups from the stored events and facts.
    await q.query(`
      INSERT INTO conversation_hours (workspace_id, conversation_id, hour, contact_id, channel, events, messages_in, messages_out, first_in_at)
      SELECT e.workspace_id, e.conversation_id, date_bin('1 hour', e.occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), e.contact_id, f.channel,
             count(*), count(*) FILTER (WHERE e.type = 'message.received'), count(*) FILTER (WHERE e.type = 'message.sent'),
             min(e.occurred_at) FILTER (WHERE e.type = 'message.received')
        FROM events e JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id
       GROUP BY 1, 2, 3, 4, 5`);
    await q.query(`
      INSERT INTO hourly_events (workspace_id, hour, channel, events, messages_in, messages_out)
      SELECT workspace_id, hour, channel, sum(events), sum(messages_in), sum(messages_out) FROM conversation_hours GROUP BY 1, 2, 3`);
    await q.query(`
      INSERT INTO contact_first (workspace_id, contact_id, channel, first_at)
      SELECT workspace_id, contact_id, coalesce(channel, '*'), min(first_in_at) FROM conversation_hours
       WHERE messages_in > 0 GROUP BY GROUPING SETS ((workspace_id, contact_id, channel), (workspace_id, contact_id))`);
    await q.query(`
      INSERT INTO reply_waits (workspace_id, conversation_id, agent, n, opened_at, seconds, channel, responder)
      SELECT f.workspace_id, f.conversation_id, false, w.n, w.opened_at, w.seconds, f.channel, f.first_responder
        FROM conversation_facts f, unnest(f.reply_wait_starts, f.reply_times) WITH ORDINALITY AS w(opened_at, seconds, n)
      UNION ALL
      SELECT f.workspace_id, f.conversation_id, true, w.n, w.opened_at, w.seconds, f.channel, f.agent_first_responder
        FROM conversation_facts f, unnest(f.agent_reply_wait_starts, f.agent_reply_times) WITH ORDINALITY AS w(opened_at, seconds, n)`);
    // A new workspace in a big table is estimated at ~1 row until the next ANALYZE, and the
    // planner then scans its whole range for every batch (quadratic ingest). Autovacuum's default
    // re-analyzes after 10% of the table changes (1M rows at 10M); make it 0.5%.
    for (const table of ['events', 'conversation_facts', 'conversation_hours', 'hourly_events', 'contact_first', 'reply_waits'])
      await q.query(`ALTER TABLE ${table} SET (autovacuum_analyze_scale_factor = 0.005)`);
    // Statistics now, so the first metric queries after an upgrade are planned on real sizes.
    for (const table of ['conversation_hours', 'hourly_events', 'contact_first', 'reply_waits']) await q.query(`ANALYZE ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conversation_hours`);
    await q.query(`DROP TABLE hourly_events`);
    await q.query(`DROP TABLE contact_first`);
    await q.query(`DROP TABLE reply_waits`);
    await q.query(`DROP INDEX ix_events_conversion`);
    await q.query(`DROP INDEX ix_facts_rated`);
    await q.query(`DROP INDEX ix_facts_started_id`);
    await q.query(`CREATE INDEX ix_facts_started_id ON conversation_facts (workspace_id, started_at, conversation_id)`);
    await q.query(`DROP INDEX ix_facts_first_customer`);
    await q.query(`CREATE INDEX ix_facts_first_customer ON conversation_facts (workspace_id, first_customer_at) WHERE first_customer_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_resolved`);
    await q.query(`CREATE INDEX ix_facts_resolved ON conversation_facts (workspace_id, resolved_at) WHERE resolved_at IS NOT NULL`);
  }
}
