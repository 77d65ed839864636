import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connectors (issue 20): `connections` (a platform account whose webhooks become events; secrets
 * AES-256-GCM encrypted; per-delivery counters) and the index the session-conversation lookup of
 * a contact's latest messages uses.
 */
export class Connections1764950000000 implements MigrationInterface {
  name = 'Connections1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connections (
        workspace_id integer NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
        connection_id text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        channel text,
        sender_type text NOT NULL CHECK (sender_type IN ('agent', 'bot')),
        sender_id text NOT NULL,
        session_gap_hours integer NOT NULL DEFAULT 24,
        secrets bytea NOT NULL,
        deliveries bigint NOT NULL DEFAULT 0,
        events_made bigint NOT NULL DEFAULT 0,
        duplicates bigint NOT NULL DEFAULT 0,
        ignored bigint NOT NULL DEFAULT 0,
        rejected bigint NOT NULL DEFAULT 0,
        last_delivery_at timestamptz,
        last_rejection text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_connections PRIMARY KEY (workspace_id, connection_id),
        CONSTRAINT uq_connections_id UNIQUE (connection_id)
      )`);
    // A contact's messages by time, for session conversations (connectors.md, "Mapping rules").
    await q.query(`
      CREATE INDEX ix_events_contact_messages ON events (workspace_id, contact_id, occurred_at)
        WHERE type IN ('message.received', 'message.sent')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_events_contact_messages`);
    await q.query(`DROP TABLE connections`);
  }
}
