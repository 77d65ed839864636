import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chatwoot connections (issue 20): the latest label set conversation_updated reported per
 * conversation, so labels go on the next event made for it (docs/connectors.md, "Chatwoot").
 */
export class ChatwootLabels1765030000000 implements MigrationInterface {
  name = 'ChatwootLabels1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chatwoot_labels (
        workspace_id integer NOT NULL,
        connection_id text COLLATE "C" NOT NULL,
        conversation_id text COLLATE "C" NOT NULL,
        labels text[] NOT NULL,
        as_of timestamptz NOT NULL,
        CONSTRAINT pk_chatwoot_labels PRIMARY KEY (workspace_id, connection_id, conversation_id),
        CONSTRAINT chatwoot_labels_connection_fkey FOREIGN KEY (workspace_id, connection_id)
          REFERENCES connections (workspace_id, connection_id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chatwoot_labels`);
  }
}
