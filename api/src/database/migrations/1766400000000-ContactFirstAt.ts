import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * With several channels filtered, "new contacts" and cohort members are the contacts whose first
 * customer message in those channels falls in the period (metrics/rollup-metrics.repository.ts):
 * the period's firsts by this index, less those with an earlier first (by this index too, or a
 * probe of the primary key each). Without it the read was a scan of the whole table, every
 * workspace's contacts. contact_first is written only when a contact first writes in a channel,
 * so the index costs ingest little (measured within noise).
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
