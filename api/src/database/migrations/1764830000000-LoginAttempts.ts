import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in limits shared by every API process (issue "Reliability II", point 6):
 * - login_attempts: fixed-window counters of sign-in attempts, keyed by a SHA-256 of the
 *   counter's kind and subject (lower-cased email, IP address or device cookie), never the
 *   subject itself; rows whose window has ended are pruned.
 * - login_devices: device cookies (stored as a hash) issued at successful sign-ins; a client
 *   holding one for the account has its own failure count and is not locked out with the rest.
 */
export class LoginAttempts1764830000000 implements MigrationInterface {
  name = 'LoginAttempts1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_attempts (
        key bytea NOT NULL,
        window_start timestamptz NOT NULL,
        attempts integer NOT NULL,
        CONSTRAINT pk_login_attempts PRIMARY KEY (key)
      )`);
    await q.query(`CREATE INDEX ix_login_attempts_window ON login_attempts (window_start)`);
    await q.query(`
      CREATE TABLE login_devices (
        token_hash bytea NOT NULL,
        workspace_id integer NOT NULL,
        user_id integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_login_devices PRIMARY KEY (token_hash),
        CONSTRAINT fk_login_devices_user FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, user_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_login_devices_user ON login_devices (workspace_id, user_id)`);
    await q.query(`CREATE INDEX ix_login_devices_expires ON login_devices (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_devices`);
    await q.query(`DROP TABLE login_attempts`);
  }
}
