import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a conversation is waiting, and since when (events.md "waiting", api.md "Drill-down" and
 * "Live"): the start of the wait its reply-time walk ends with open, for responder any
 * (`waiting_since`) and agent (`agent_waiting_since`); null when not waiting. Ingest writes them
 * (facts.calculations.ts); for stored conversations the walk's end is found in SQL: the wait still
 * open began at the first customer message after the last response (a message at the same
 * instant as that response sorts before it, so it is answered), or at the first customer message
 * when nothing responded.
 */
export async function backfillWaiting(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query(`
    UPDATE conversation_facts f SET waiting_since = w.any_since, agent_waiting_since = w.agent_since
      FROM (SELECT e.workspace_id, e.conversation_id,
                   min(e.occurred_at) FILTER (WHERE l.any_at IS NULL OR e.occurred_at > l.any_at) AS any_since,
                   min(e.occurred_at) FILTER (WHERE l.agent_at IS NULL OR e.occurred_at > l.agent_at) AS agent_since
              FROM events e
              JOIN (SELECT workspace_id, conversation_id,
                           max(occurred_at) FILTER (WHERE type = 'message.sent' AND campaign_id IS NULL) AS any_at,
                           max(occurred_at) FILTER (WHERE type = 'message.sent' AND campaign_id IS NULL AND sender_type = 'agent') AS agent_at
                      FROM events WHERE type IN ('message.received', 'message.sent') GROUP BY 1, 2) l
                ON l.workspace_id = e.workspace_id AND l.conversation_id = e.conversation_id
             WHERE e.type = 'message.received'
             GROUP BY 1, 2) w
     WHERE f.workspace_id = w.workspace_id AND f.conversation_id = w.conversation_id
       AND (w.any_since IS NOT NULL OR w.agent_since IS NOT NULL)`);
}

export class Waiting1765600000000 implements MigrationInterface {
  name = 'Waiting1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversation_facts ADD COLUMN waiting_since timestamptz, ADD COLUMN agent_waiting_since timestamptz`);
    await backfillWaiting((sql) => q.query(sql));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversation_facts DROP COLUMN waiting_since, DROP COLUMN agent_waiting_since`);
  }
}
