import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * With several channels filtered, "new contacts" and cohort members are the contacts whose first
 * customer message in those channels falls in the period (metrics/rollup-metrics.repository.ts):
 * the period's firsts by this index, then one probe each by the primary key for an earlier first.
 * Without it the read was every contact the workspace ever had. contact_first is written only
 * when a contact first writes in a channel, so the index costs ingest little.
 */
export class ContactFirstAt1766400000000 implements MigrationInterface {
  name = 'ContactFirstAt1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_contact_first_at ON contact_first (workspace_id, channel, first_at) INCLUDE (contact_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_contact_first_at`);
  }
}
