import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved views (issue 18): a user's named dashboard URLs (page path and query string), private to
 * that user. Names are unique per user regardless of case, so "Weekly" and "weekly" cannot both
 * sit in the menu.
 */
export class SavedViews1765100000000 implements MigrationInterface {
  name = 'SavedViews1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        workspace_id integer NOT NULL,
        view_id uuid NOT NULL,
        user_id integer NOT NULL,
        name text NOT NULL,
        path text NOT NULL,
        query text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT saved_views_name_check CHECK (char_length(name) BETWEEN 1 AND 80),
        CONSTRAINT saved_views_query_check CHECK (char_length(query) <= 2000),
        CONSTRAINT pk_saved_views PRIMARY KEY (workspace_id, view_id),
        CONSTRAINT fk_saved_views_user FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, user_id) ON DELETE CASCADE
      )`);
    // The menu lists a user's views by name; the unique index also answers that lookup.
    await q.query(`CREATE UNIQUE INDEX uq_saved_views_user_name ON saved_views (workspace_id, user_id, lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_views`);
  }
}
