import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The new facts, and their copies in reply_waits and conversation_hours, for stored conversations,
 * by the rules of facts.calculations.ts (test/api/assignment-backfill.e2e.ts checks they agree).
 */
export async function backfillAssignment(query: (sql: string) => Promise<unknown>): Promise<void> {
  // Tags: the distinct union over all events, byte order.
  await query(`
    UPDATE conversation_facts f SET tags = t.tags
      FROM (SELECT e.workspace_id, e.conversation_id, array_agg(DISTINCT tag COLLATE "C" ORDER BY tag COLLATE "C") AS tags
              FROM events e CROSS JOIN LATERAL unnest(e.tags) AS tag
             WHERE e.tags IS NOT NULL GROUP BY 1, 2) t
     WHERE f.workspace_id = t.workspace_id AND f.conversation_id = t.conversation_id`);
  // The latest assignment in events.md's order (instant, then id byte-wise: all are "other" types) and the first.
  await query(`
    UPDATE conversation_facts f SET assignee = a.agent_id, team = a.team, first_assigned_at = a.first_at
      FROM (SELECT DISTINCT ON (workspace_id, conversation_id) workspace_id, conversation_id, agent_id, team,
                   min(occurred_at) OVER (PARTITION BY workspace_id, conversation_id) AS first_at
              FROM events WHERE type = 'conversation.assigned'
             ORDER BY workspace_id, conversation_id, occurred_at DESC, event_id COLLATE "C" DESC) a
     WHERE f.workspace_id = a.workspace_id AND f.conversation_id = a.conversation_id`);
  // The earliest agent response (not a campaign message) at or after the first assignment, in whole µs as the facts keep times.
  await query(`
    UPDATE conversation_facts f
       SET assignment_response_time = ((extract(epoch FROM r.at) * 1000000)::int8 - (extract(epoch FROM f.first_assigned_at) * 1000000)::int8)::float8 / 1000000::float8
      FROM (SELECT e.workspace_id, e.conversation_id, min(e.occurred_at) AS at
              FROM events e JOIN conversation_facts g ON g.workspace_id = e.workspace_id AND g.conversation_id = e.conversation_id
             WHERE e.type = 'message.sent' AND e.campaign_id IS NULL AND e.sender_type = 'agent'
               AND g.first_assigned_at IS NOT NULL AND e.occurred_at >= g.first_assigned_at
             GROUP BY 1, 2) r
     WHERE f.workspace_id = r.workspace_id AND f.conversation_id = r.conversation_id`);

  // reply_waits carries its conversation's team and tags (recomputed with it, like channel), so a
  // team or tag cut of reply times reads no other table.
  await query(`
    UPDATE reply_waits w SET team = f.team, tags = f.tags FROM conversation_facts f
     WHERE f.workspace_id = w.workspace_id AND f.conversation_id = w.conversation_id AND (f.team IS NOT NULL OR f.tags <> '{}')`);
  await query(`
    UPDATE conversation_hours h SET team = f.team, tags = f.tags FROM conversation_facts f
     WHERE f.workspace_id = h.workspace_id AND f.conversation_id = h.conversation_id AND (f.team IS NOT NULL OR f.tags <> '{}')`);
}

/**
 * Teams, tags and assignment (issue 17; events.md "tags", "assignee and team", "firstAssignedAt"):
 * five conversation facts, filled here for stored conversations with the same rules as
 * facts.calculations.ts (a later `facts rebuild` gives the same values), and the indexes the new
 * filters and the assignment metrics read. `team` and `tags` join the covering indexes' INCLUDE
 * lists so a team or tag filter or group stays an index-only scan (most tag arrays are empty or short).
 */
export class Assignment1765300000000 implements MigrationInterface {
  name = 'Assignment1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversation_facts
        ADD COLUMN team text,
        ADD COLUMN assignee text,
        ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
        ADD COLUMN first_assigned_at timestamptz,
        ADD COLUMN assignment_response_time double precision`);

    await q.query(`ALTER TABLE reply_waits ADD COLUMN team text, ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`);
    // conversation_hours too, so team and tag cuts of messages and contacts on whole hours read it
    // alone; its hour index then covers every row (not only those with customer messages).
    await q.query(`ALTER TABLE conversation_hours ADD COLUMN team text, ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`);
    await backfillAssignment((sql) => q.query(sql));
    await q.query(`DROP INDEX ix_reply_waits_opened`);
    await q.query(`CREATE INDEX ix_reply_waits_opened ON reply_waits (workspace_id, agent, opened_at) INCLUDE (seconds, channel, responder, team, tags)`);

    await q.query(`DROP INDEX ix_conversation_hours_hour`);
    await q.query(`
      CREATE INDEX ix_conversation_hours_hour ON conversation_hours (workspace_id, hour)
      INCLUDE (channel, contact_id, conversation_id, messages_in, messages_out, team, tags)`);
    // A cut's "first message ever" of the period's active contacts: one index-only probe per contact.
    await q.query(`DROP INDEX ix_conversation_hours_contact`);
    await q.query(`CREATE INDEX ix_conversation_hours_contact ON conversation_hours (workspace_id, contact_id) INCLUDE (hour, first_in_at, channel, team, tags) WHERE messages_in > 0`);

    await q.query(`DROP INDEX ix_facts_first_customer`);
    await q.query(`
      CREATE INDEX ix_facts_first_customer ON conversation_facts (workspace_id, first_customer_at)
      INCLUDE (channel, team, tags, first_response_time, agent_first_response_time, first_responder, agent_first_responder, has_response, automated)
      WHERE first_customer_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_resolved`);
    await q.query(`
      CREATE INDEX ix_facts_resolved ON conversation_facts (workspace_id, resolved_at)
      INCLUDE (channel, team, tags, resolution_time, first_responder, agent_first_responder) WHERE resolved_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_rated`);
    await q.query(`CREATE INDEX ix_facts_rated ON conversation_facts (workspace_id, rated_at) INCLUDE (channel, team, tags, rating, first_responder, agent_first_responder) WHERE rated_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_started_id`);
    await q.query(`
      CREATE INDEX ix_facts_started_id ON conversation_facts (workspace_id, started_at, conversation_id)
      INCLUDE (channel, team, tags, messages_in, messages_out, converted)`);
    await q.query(`
      CREATE INDEX ix_facts_first_assigned ON conversation_facts (workspace_id, first_assigned_at)
      INCLUDE (channel, team, tags, assignment_response_time, first_responder, agent_first_responder) WHERE first_assigned_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_reply_waits_opened`);
    await q.query(`CREATE INDEX ix_reply_waits_opened ON reply_waits (workspace_id, agent, opened_at) INCLUDE (seconds, channel, responder)`);
    await q.query(`ALTER TABLE reply_waits DROP COLUMN team, DROP COLUMN tags`);
    await q.query(`DROP INDEX ix_conversation_hours_hour`);
    await q.query(`CREATE INDEX ix_conversation_hours_hour ON conversation_hours (workspace_id, hour) INCLUDE (channel, contact_id, conversation_id) WHERE messages_in > 0`);
    await q.query(`DROP INDEX ix_conversation_hours_contact`);
    await q.query(`CREATE INDEX ix_conversation_hours_contact ON conversation_hours (workspace_id, contact_id) WHERE messages_in > 0`);
    await q.query(`ALTER TABLE conversation_hours DROP COLUMN team, DROP COLUMN tags`);
    await q.query(`DROP INDEX ix_facts_first_assigned`);
    await q.query(`DROP INDEX ix_facts_started_id`);
    await q.query(`CREATE INDEX ix_facts_started_id ON conversation_facts (workspace_id, started_at, conversation_id) INCLUDE (channel, messages_in, messages_out, converted)`);
    await q.query(`DROP INDEX ix_facts_rated`);
    await q.query(`CREATE INDEX ix_facts_rated ON conversation_facts (workspace_id, rated_at) INCLUDE (channel, rating) WHERE rated_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_resolved`);
    await q.query(`
      CREATE INDEX ix_facts_resolved ON conversation_facts (workspace_id, resolved_at)
      INCLUDE (channel, resolution_time, first_responder, agent_first_responder) WHERE resolved_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_first_customer`);
    await q.query(`
      CREATE INDEX ix_facts_first_customer ON conversation_facts (workspace_id, first_customer_at)
      INCLUDE (channel, first_response_time, agent_first_response_time, first_responder, agent_first_responder, has_response, automated)
      WHERE first_customer_at IS NOT NULL`);
    await q.query(`
      ALTER TABLE conversation_facts DROP COLUMN team, DROP COLUMN assignee, DROP COLUMN tags,
        DROP COLUMN first_assigned_at, DROP COLUMN assignment_response_time`);
  }
}
