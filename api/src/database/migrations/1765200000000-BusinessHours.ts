import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business hours (issue 17): at most one schedule per workspace (metrics.md, "Business hours"),
 * stored normalised as the API answers it (shared BusinessHoursRequestSchema's output).
 */
export class BusinessHours1765200000000 implements MigrationInterface {
  name = 'BusinessHours1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business_hours (
        workspace_id integer NOT NULL,
        schedule jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_business_hours PRIMARY KEY (workspace_id),
        CONSTRAINT fk_business_hours_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (workspace_id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE business_hours`);
  }
}
