import type { MigrationInterface, QueryRunner } from 'typeorm';
import { setCutFirsts } from '../../rollups/contact-first.repository.js';

/**
 * Team and tag cuts at scale (issue 17, "Speed"):
 *
 * - conversation_hours gets the cut flags `first_in_team` and `first_in_tags`
 *   (contact-first.repository.ts setCutFirsts): new contacts of a one-team or one-tag cut, or of
 *   groupBy=team|tag, are then counted from the period's rows alone instead of one look back
 *   through each active contact's history (2 s of a 90-day overview at 10M events).
 * - Partial covering indexes read only the rows of a team (leading `team`) or only tagged rows,
 *   so a team or tag filter reads its own conversations, not the whole period's: on
 *   conversation_hours (messages and contacts) and on the facts by startedAt, firstCustomerAt and
 *   ratedAt. They hold only rows with a team or tags.
 * - ix_conversation_hours_hour includes the flags, for the grouped reads.
 *
 * The filters in scope.repository.ts (teamTagFilter) state `team IS NOT NULL` and `tags <> '{}'`
 * so the planner can prove these partial indexes apply.
 */
export class CutFirsts1765500000000 implements MigrationInterface {
  name = 'CutFirsts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversation_hours ADD COLUMN first_in_team boolean NOT NULL DEFAULT false, ADD COLUMN first_in_tags text[] NOT NULL DEFAULT '{}'`);
    for (const { workspace_id } of await q.query(`SELECT DISTINCT workspace_id FROM conversation_hours`)) await q.query(setCutFirsts(''), [workspace_id]);

    const hoursColumns = 'channel, contact_id, conversation_id, messages_in, messages_out, first_in_team, first_in_tags';
    await q.query(`DROP INDEX ix_conversation_hours_hour`);
    await q.query(`CREATE INDEX ix_conversation_hours_hour ON conversation_hours (workspace_id, hour) INCLUDE (${hoursColumns}, team, tags)`);
    await q.query(`CREATE INDEX ix_conversation_hours_team ON conversation_hours (workspace_id, team, hour) INCLUDE (${hoursColumns}, tags) WHERE team IS NOT NULL`);
    await q.query(`CREATE INDEX ix_conversation_hours_tagged ON conversation_hours (workspace_id, hour) INCLUDE (${hoursColumns}, team, tags) WHERE tags <> '{}'::text[]`);

    // conversation_id too: the revenue of a cut joins conversions to a team's or the tagged conversations.
    const started = 'conversation_id, channel, messages_in, messages_out, converted';
    await q.query(`CREATE INDEX ix_facts_started_team ON conversation_facts (workspace_id, team, started_at) INCLUDE (${started}, tags) WHERE team IS NOT NULL`);
    await q.query(`CREATE INDEX ix_facts_started_tagged ON conversation_facts (workspace_id, started_at) INCLUDE (${started}, team, tags) WHERE tags <> '{}'::text[]`);
    const firstCustomer = `channel, first_response_time, agent_first_response_time, first_responder, agent_first_responder, has_response, automated,
      biz_first_response_time, biz_agent_first_response_time`;
    await q.query(`
      CREATE INDEX ix_facts_first_customer_team ON conversation_facts (workspace_id, team, first_customer_at) INCLUDE (${firstCustomer}, tags)
      WHERE team IS NOT NULL AND first_customer_at IS NOT NULL`);
    await q.query(`
      CREATE INDEX ix_facts_first_customer_tagged ON conversation_facts (workspace_id, first_customer_at) INCLUDE (${firstCustomer}, team, tags)
      WHERE tags <> '{}'::text[] AND first_customer_at IS NOT NULL`);
    const rated = 'channel, rating, first_responder, agent_first_responder';
    await q.query(`CREATE INDEX ix_facts_rated_team ON conversation_facts (workspace_id, team, rated_at) INCLUDE (${rated}, tags) WHERE team IS NOT NULL AND rated_at IS NOT NULL`);
    await q.query(`CREATE INDEX ix_facts_rated_tagged ON conversation_facts (workspace_id, rated_at) INCLUDE (${rated}, team, tags) WHERE tags <> '{}'::text[] AND rated_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const ix of ['ix_facts_first_customer_tagged', 'ix_facts_first_customer_team', 'ix_facts_rated_tagged', 'ix_facts_rated_team', 'ix_facts_started_tagged', 'ix_facts_started_team', 'ix_conversation_hours_tagged', 'ix_conversation_hours_team'])
      await q.query(`DROP INDEX ${ix}`);
    await q.query(`DROP INDEX ix_conversation_hours_hour`);
    await q.query(`
      CREATE INDEX ix_conversation_hours_hour ON conversation_hours (workspace_id, hour)
      INCLUDE (channel, contact_id, conversation_id, messages_in, messages_out, team, tags)`);
    await q.query(`ALTER TABLE conversation_hours DROP COLUMN first_in_team, DROP COLUMN first_in_tags`);
  }
}
