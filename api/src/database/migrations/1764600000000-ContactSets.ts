import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-hour contact sets, so that distinct-contact figures (active, new, repeat, cohorts) are
 * counted in the API from packed integers instead of by Postgres sorting or hashing millions of
 * (bucket, contact text) pairs (issue "Performance"):
 *
 * - contact_keys, conversation_keys: a dense integer key (1, 2, …) per contact and per
 *   conversation of a workspace, assigned under the workspace lock and never reused.
 * - hourly_contacts: per UTC hour and conversation channel, one 8-byte entry per (contact,
 *   conversation) with a customer message in that hour (a conversation_hours row with
 *   messages_in > 0): the contact key with two flags (bit 31: the contact's first customer
 *   message ever is in this hour; bit 30: its first in this channel is), then the conversation
 *   key, both big-endian. Rebuilt for every (hour, channel) whose rows or flags a recompute changed.
 *
 * contact_first is now read by metric queries only when several channels are filtered (a
 * contact's first in those channels is not a flag); ix_contact_first_at served the other cases,
 * and maintaining it cost a rebuild of 10M events 4 s, so it goes.
 */
export class ContactSets1764600000000 implements MigrationInterface {
  name = 'ContactSets1764600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of [['contact_keys', 'contact_id'], ['conversation_keys', 'conversation_id']])
      await q.query(`
        CREATE TABLE ${table} (
          workspace_id integer NOT NULL,
          ${column} text COLLATE "C" NOT NULL,
          key integer NOT NULL,
          CONSTRAINT pk_${table} PRIMARY KEY (workspace_id, ${column}),
          CONSTRAINT uq_${table}_key UNIQUE (workspace_id, key)
        )`);
    await q.query(`
      CREATE TABLE hourly_contacts (
        workspace_id integer NOT NULL,
        hour timestamptz NOT NULL,
        channel text NOT NULL,
        entries bytea NOT NULL,
        CONSTRAINT pk_hourly_contacts PRIMARY KEY (workspace_id, hour, channel)
      )`);
    // Packed integers do not compress: store long values out of line without trying.
    await q.query(`ALTER TABLE hourly_contacts ALTER COLUMN entries SET STORAGE EXTERNAL`);
    for (const table of ['contact_keys', 'conversation_keys', 'hourly_contacts'])
      await q.query(`ALTER TABLE ${table} SET (autovacuum_analyze_scale_factor = 0.005)`);

    await q.query(`DROP INDEX ix_contact_first_at`);

    // Existing workspaces: keys and sets from their rollups (what RollupsRepository does in a rebuild).
    for (const [table, column] of [['contact_keys', 'contact_id'], ['conversation_keys', 'conversation_id']])
      await q.query(`
        INSERT INTO ${table} (workspace_id, ${column}, key)
        SELECT workspace_id, ${column}, row_number() OVER (PARTITION BY workspace_id ORDER BY ${column})
          FROM (SELECT DISTINCT workspace_id, ${column} FROM conversation_hours WHERE messages_in > 0) x`);
    await q.query(`
      INSERT INTO hourly_contacts (workspace_id, hour, channel, entries)
      SELECT h.workspace_id, h.hour, h.channel,
             string_agg(int4send(ck.key + CASE WHEN fc.first_at >= h.hour AND fc.first_at < h.hour + INTERVAL '1 hour' THEN 1073741824 ELSE 0 END
                                        + CASE WHEN fa.first_at >= h.hour AND fa.first_at < h.hour + INTERVAL '1 hour' THEN -2147483648 ELSE 0 END)
                        || int4send(vk.key), ''::bytea ORDER BY ck.key, vk.key)
        FROM conversation_hours h
        JOIN contact_keys ck ON ck.workspace_id = h.workspace_id AND ck.contact_id = h.contact_id
        JOIN conversation_keys vk ON vk.workspace_id = h.workspace_id AND vk.conversation_id = h.conversation_id
        JOIN contact_first fc ON fc.workspace_id = h.workspace_id AND fc.contact_id = h.contact_id AND fc.channel = h.channel
        JOIN contact_first fa ON fa.workspace_id = h.workspace_id AND fa.contact_id = h.contact_id AND fa.channel = '*'
       WHERE h.messages_in > 0
       GROUP BY h.workspace_id, h.hour, h.channel`);
    for (const table of ['contact_keys', 'conversation_keys', 'hourly_contacts']) await q.query(`ANALYZE ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hourly_contacts`);
    await q.query(`DROP TABLE conversation_keys`);
    await q.query(`DROP TABLE contact_keys`);
    await q.query(`CREATE INDEX ix_contact_first_at ON contact_first (workspace_id, channel, first_at)`);
  }
}
