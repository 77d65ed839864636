import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users (email + password, role) of a workspace and their server-side sessions. */
export class Accounts1764400000000 implements MigrationInterface {
  name = 'Accounts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        workspace_id integer NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
        user_id integer GENERATED ALWAYS AS IDENTITY,
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (workspace_id, user_id)
      )`);
    // Emails are unique across workspaces: sign-in asks for the email only.
    await q.query(`CREATE UNIQUE INDEX uq_users_email ON users (lower(email))`);
    await q.query(`
      CREATE TABLE sessions (
        workspace_id integer NOT NULL,
        session_id integer GENERATED ALWAYS AS IDENTITY,
        user_id integer NOT NULL,
        token_hash bytea NOT NULL,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT pk_sessions PRIMARY KEY (workspace_id, session_id),
        CONSTRAINT fk_sessions_user FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, user_id) ON DELETE CASCADE,
        CONSTRAINT uq_sessions_token UNIQUE (token_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
  }
}
