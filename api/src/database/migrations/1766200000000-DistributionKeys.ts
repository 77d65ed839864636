import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every primary and unique key of a per-workspace table leads with workspace_id, as Citus needs
 * to distribute it by workspace (docs/scaling.md; test/api/distribution.e2e.ts checks it):
 *
 * - API keys, sessions, device cookies and connections are found by a random secret or locator
 *   (256 or 128 bits): the lookups keep a plain index, and uniqueness needs no global constraint.
 *   A device cookie's key becomes (workspace_id, token_hash).
 * - An email signs in to one workspace, so it is unique across workspaces: that rule moves to
 *   user_emails, a small table of its own (a Citus reference table), kept with the users.
 */
export class DistributionKeys1766200000000 implements MigrationInterface {
  name = 'DistributionKeys1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT uq_api_keys_hash`);
    await q.query(`CREATE INDEX ix_api_keys_hash ON api_keys (key_hash)`);
    await q.query(`ALTER TABLE sessions DROP CONSTRAINT uq_sessions_token`);
    await q.query(`CREATE INDEX ix_sessions_token ON sessions (token_hash)`);
    await q.query(`ALTER TABLE connections DROP CONSTRAINT uq_connections_id`);
    await q.query(`CREATE INDEX ix_connections_id ON connections (connection_id)`);
    await q.query(`ALTER TABLE login_devices DROP CONSTRAINT pk_login_devices`);
    await q.query(`ALTER TABLE login_devices ADD CONSTRAINT pk_login_devices PRIMARY KEY (workspace_id, token_hash)`);
    await q.query(`CREATE INDEX ix_login_devices_token ON login_devices (token_hash)`);
    await q.query(`
      CREATE TABLE user_emails (
        email text COLLATE "C" NOT NULL,
        workspace_id integer NOT NULL,
        user_id integer NOT NULL,
        CONSTRAINT pk_user_emails PRIMARY KEY (email)
      )`);
    await q.query(`INSERT INTO user_emails (email, workspace_id, user_id) SELECT lower(email), workspace_id, user_id FROM users`);
    await q.query(`DROP INDEX uq_users_email`);
    await q.query(`CREATE UNIQUE INDEX uq_users_email ON users (workspace_id, lower(email))`);
    await q.query(`CREATE INDEX ix_users_email ON users (lower(email))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_users_email`);
    await q.query(`DROP INDEX uq_users_email`);
    await q.query(`CREATE UNIQUE INDEX uq_users_email ON users (lower(email))`);
    await q.query(`DROP TABLE user_emails`);
    await q.query(`DROP INDEX ix_login_devices_token`);
    await q.query(`ALTER TABLE login_devices DROP CONSTRAINT pk_login_devices`);
    await q.query(`ALTER TABLE login_devices ADD CONSTRAINT pk_login_devices PRIMARY KEY (token_hash)`);
    await q.query(`DROP INDEX ix_connections_id`);
    await q.query(`ALTER TABLE connections ADD CONSTRAINT uq_connections_id UNIQUE (connection_id)`);
    await q.query(`DROP INDEX ix_sessions_token`);
    await q.query(`ALTER TABLE sessions ADD CONSTRAINT uq_sessions_token UNIQUE (token_hash)`);
    await q.query(`DROP INDEX ix_api_keys_hash`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)`);
  }
}
