import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes in the exports' keyset order, so each page is an index range scan. */
export class ExportOrder1764200000000 implements MigrationInterface {
  name = 'ExportOrder1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_events_occurred_id ON events (workspace_id, occurred_at, event_id)`);
    await q.query(`DROP INDEX ix_events_occurred`);
    await q.query(`CREATE INDEX ix_facts_started_id ON conversation_facts (workspace_id, started_at, conversation_id)`);
    await q.query(`DROP INDEX ix_facts_started`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_events_occurred ON events (workspace_id, occurred_at)`);
    await q.query(`DROP INDEX ix_events_occurred_id`);
    await q.query(`CREATE INDEX ix_facts_started ON conversation_facts (workspace_id, started_at)`);
    await q.query(`DROP INDEX ix_facts_started_id`);
  }
}
