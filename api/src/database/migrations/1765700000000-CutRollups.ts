import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ContactSetsRepository } from '../../rollups/contact-sets.repository.js';
import { HourlyConversationsRepository } from '../../rollups/hourly-conversations.repository.js';
import { HourlyEventsRepository } from '../../rollups/hourly-events.repository.js';
import { HourlyRevenueRepository } from '../../rollups/hourly-revenue.repository.js';

const TABLES: [table: string, extraKey: string][] = [
  ['hourly_events', ''],
  ['hourly_revenue', ', currency'],
  ['hourly_conversations', ''],
  ['hourly_contacts', ''],
];

/**
 * Team and tag rollups (issue 17, "Speed"; rollups/cut-rows.ts): the four hourly rollups hold
 * each (hour, channel) sum under the totals (cut ''), under the conversation's team and under
 * each of its tags, so a team filter, one tag, or groupBy=team|tag reads a few rollup rows
 * instead of every conversation_hours row and fact of the period (5–17× a plain request at 10M
 * events). The key leads with the cut, then the hour: a cut's period is one index range.
 *
 * The existing rows are the totals; each workspace's rollups are then rebuilt with the
 * repositories' own rebuild (the same SQL `facts rebuild` runs), which writes every cut.
 */
export class CutRollups1765700000000 implements MigrationInterface {
  name = 'CutRollups1765700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, extraKey] of TABLES) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN cut text NOT NULL DEFAULT '', ADD COLUMN cut_value text NOT NULL DEFAULT ''`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN cut DROP DEFAULT, ALTER COLUMN cut_value DROP DEFAULT`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT pk_${table}`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT pk_${table} PRIMARY KEY (workspace_id, cut, hour, cut_value, channel${extraKey})`);
    }
    const workspaces: { workspace_id: number }[] = await q.query(
      `SELECT workspace_id FROM conversation_hours GROUP BY 1 UNION SELECT workspace_id FROM hourly_conversations GROUP BY 1`,
    );
    for (const { workspace_id } of workspaces) {
      await new HourlyEventsRepository().rebuild(q.manager, workspace_id);
      await new HourlyRevenueRepository().rebuild(q.manager, workspace_id);
      await new HourlyConversationsRepository().rebuild(q.manager, workspace_id);
      await new ContactSetsRepository().rebuild(q.manager, workspace_id);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, extraKey] of TABLES) {
      await q.query(`DELETE FROM ${table} WHERE cut <> ''`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT pk_${table}`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN cut, DROP COLUMN cut_value`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT pk_${table} PRIMARY KEY (workspace_id, hour, channel${extraKey})`);
    }
  }
}
