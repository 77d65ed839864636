import type { MigrationInterface, QueryRunner } from 'typeorm';
import { setCutFirsts } from '../../rollups/contact-first.repository.js';
import { ContactSetsRepository } from '../../rollups/contact-sets.repository.js';

/**
 * Team and tag cuts per channel (issue 17, "Speed"): the channels report of a team counted its
 * new contacts per channel by one look back per active contact (1 s of a 30-day request at 10M
 * events), and read every reply wait of the period to keep a team's.
 *
 * - conversation_hours gets `first_in_team_channel` and `first_in_tags_channel`: the cut flags
 *   among the contact's conversations of the row's channel; hourly_contacts' team and tag rows
 *   carry them as their channel bit (rebuilt here).
 * - reply_waits gets partial covering indexes of a team's and of the tagged waits, as the facts have.
 */
export class CutChannelFirsts1765900000000 implements MigrationInterface {
  name = 'CutChannelFirsts1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversation_hours ADD COLUMN first_in_team_channel boolean NOT NULL DEFAULT false, ADD COLUMN first_in_tags_channel text[] NOT NULL DEFAULT '{}'`);
    for (const { workspace_id } of await q.query(`SELECT DISTINCT workspace_id FROM conversation_hours`)) {
      await q.query(setCutFirsts(''), [workspace_id]);
      await new ContactSetsRepository().rebuild(q.manager, workspace_id);
    }
    const waits = 'seconds, channel, responder, biz_seconds';
    await q.query(`CREATE INDEX ix_reply_waits_team ON reply_waits (workspace_id, agent, team, opened_at) INCLUDE (${waits}, tags) WHERE team IS NOT NULL`);
    await q.query(`CREATE INDEX ix_reply_waits_tagged ON reply_waits (workspace_id, agent, opened_at) INCLUDE (${waits}, team, tags) WHERE tags <> '{}'::text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_reply_waits_tagged`);
    await q.query(`DROP INDEX ix_reply_waits_team`);
    await q.query(`ALTER TABLE conversation_hours DROP COLUMN first_in_team_channel, DROP COLUMN first_in_tags_channel`);
  }
}
