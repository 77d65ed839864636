import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /live (issue "Drill-down and live"): conversations by their last event, so "open with an
 * event in the last 7 days" and "with an event after asOf" are one index range each; it carries
 * what the live figures read (resolved, filters, both waits).
 */
export class Live1765800000000 implements MigrationInterface {
  name = 'Live1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX ix_facts_last_event ON conversation_facts (workspace_id, last_event_at)
      INCLUDE (resolved_at, channel, team, tags, waiting_since, agent_waiting_since)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_facts_last_event`);
  }
}
