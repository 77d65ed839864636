import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business time (issue 17; metrics.md "Business hours"): each duration of the facts and of
 * reply_waits gets a biz_ twin, its business seconds under the workspace's schedule (null without
 * one), read by hours=business through scope.repository.ts `duration`. The twins join the
 * covering indexes' INCLUDE lists so those reads stay index-only.
 *
 * business_hours keeps the state of recomputing the twins after a schedule change
 * (business-time.service.ts): `version` grows with every write, `recompute_*` are null when no
 * recomputation is due. Workspaces that already have a schedule get one due here; the API
 * resumes due recomputations when it starts.
 */
export class BusinessTime1765400000000 implements MigrationInterface {
  name = 'BusinessTime1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversation_facts
        ADD COLUMN biz_first_response_time double precision,
        ADD COLUMN biz_agent_first_response_time double precision,
        ADD COLUMN biz_resolution_time double precision,
        ADD COLUMN biz_assignment_response_time double precision`);
    await q.query(`ALTER TABLE reply_waits ADD COLUMN biz_seconds double precision`);
    await q.query(`
      ALTER TABLE business_hours
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN recompute_total integer,
        ADD COLUMN recompute_done integer,
        ADD COLUMN recompute_after text COLLATE "C",
        ADD COLUMN recompute_started_at timestamptz`);
    await q.query(`
      UPDATE business_hours b
         SET recompute_total = (SELECT count(*) FROM conversation_facts f WHERE f.workspace_id = b.workspace_id),
             recompute_done = 0, recompute_started_at = now()`);

    await q.query(`DROP INDEX ix_facts_first_customer`);
    await q.query(`
      CREATE INDEX ix_facts_first_customer ON conversation_facts (workspace_id, first_customer_at)
      INCLUDE (channel, team, tags, first_response_time, agent_first_response_time, first_responder, agent_first_responder, has_response, automated,
               biz_first_response_time, biz_agent_first_response_time)
      WHERE first_customer_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_resolved`);
    await q.query(`
      CREATE INDEX ix_facts_resolved ON conversation_facts (workspace_id, resolved_at)
      INCLUDE (channel, team, tags, resolution_time, first_responder, agent_first_responder, biz_resolution_time) WHERE resolved_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_first_assigned`);
    await q.query(`
      CREATE INDEX ix_facts_first_assigned ON conversation_facts (workspace_id, first_assigned_at)
      INCLUDE (channel, team, tags, assignment_response_time, first_responder, agent_first_responder, biz_assignment_response_time)
      WHERE first_assigned_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_reply_waits_opened`);
    await q.query(`CREATE INDEX ix_reply_waits_opened ON reply_waits (workspace_id, agent, opened_at) INCLUDE (seconds, channel, responder, team, tags, biz_seconds)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_reply_waits_opened`);
    await q.query(`CREATE INDEX ix_reply_waits_opened ON reply_waits (workspace_id, agent, opened_at) INCLUDE (seconds, channel, responder, team, tags)`);
    await q.query(`DROP INDEX ix_facts_first_assigned`);
    await q.query(`
      CREATE INDEX ix_facts_first_assigned ON conversation_facts (workspace_id, first_assigned_at)
      INCLUDE (channel, team, tags, assignment_response_time, first_responder, agent_first_responder) WHERE first_assigned_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_resolved`);
    await q.query(`
      CREATE INDEX ix_facts_resolved ON conversation_facts (workspace_id, resolved_at)
      INCLUDE (channel, team, tags, resolution_time, first_responder, agent_first_responder) WHERE resolved_at IS NOT NULL`);
    await q.query(`DROP INDEX ix_facts_first_customer`);
    await q.query(`
      CREATE INDEX ix_facts_first_customer ON conversation_facts (workspace_id, first_customer_at)
      INCLUDE (channel, team, tags, first_response_time, agent_first_response_time, first_responder, agent_first_responder, has_response, automated)
      WHERE first_customer_at IS NOT NULL`);
    await q.query(`
      ALTER TABLE business_hours DROP COLUMN version, DROP COLUMN recompute_total, DROP COLUMN recompute_done,
        DROP COLUMN recompute_after, DROP COLUMN recompute_started_at`);
    await q.query(`ALTER TABLE reply_waits DROP COLUMN biz_seconds`);
    await q.query(`
      ALTER TABLE conversation_facts DROP COLUMN biz_first_response_time, DROP COLUMN biz_agent_first_response_time,
        DROP COLUMN biz_resolution_time, DROP COLUMN biz_assignment_response_time`);
  }
}
