import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each GET /conversations sort's column, one per hours × responder variant (conversation-selection.ts factColumn). */
export const LIST_ORDER_COLUMNS = [
  'first_response_time',
  'agent_first_response_time',
  'biz_first_response_time',
  'biz_agent_first_response_time',
  'resolution_time',
  'biz_resolution_time',
  'waiting_since',
  'agent_waiting_since',
] as const;

/** What a page's selection reads besides its order: the id, the `by` instants and the filters. */
const FILTERED = 'conversation_id, started_at, first_customer_at, resolved_at, first_assigned_at, channel, team, tags';

/**
 * GET /conversations in any sort (issue "Drill-down and live", Speed): an index in each sort's
 * order, so a page walks the order and stops after `limit` matches instead of sorting the
 * period's conversations (a 90-day page sorted by first response time: 330 ms at 10M events).
 * Partial (values only): nulls come last and are paged by id apart; a column that is null for a
 * workspace (biz_* without business hours) costs it nothing. The rating has five values: its
 * index is in id order within each, so a page reads one rating after another. Unanswered
 * conversations are few and a filter by them (with a team, say) may match none: their own index
 * carries the filters, so finding none reads only them.
 */
export class ListOrder1766000000000 implements MigrationInterface {
  name = 'ListOrder1766000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const column of LIST_ORDER_COLUMNS)
      await q.query(
        column.endsWith('waiting_since')
          ? // Few rows, and the oldest waits are often outside the period: the filters are read from the index.
            `CREATE INDEX ix_facts_order_${column} ON conversation_facts (workspace_id, ${column}) INCLUDE (${FILTERED}) WHERE ${column} IS NOT NULL`
          : // With the id: a big group of equal times (0 s of business time) is in page order as it is.
            `CREATE INDEX ix_facts_order_${column} ON conversation_facts (workspace_id, ${column}, conversation_id) WHERE ${column} IS NOT NULL`,
      );
    await q.query(`CREATE INDEX ix_facts_order_rating ON conversation_facts (workspace_id, rating, conversation_id) WHERE rating IS NOT NULL`);
    await q.query(`CREATE INDEX ix_facts_unanswered ON conversation_facts (workspace_id, started_at) INCLUDE (${FILTERED}) WHERE first_customer_at IS NOT NULL AND first_response_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_facts_unanswered`);
    await q.query(`DROP INDEX ix_facts_order_rating`);
    for (const column of LIST_ORDER_COLUMNS) await q.query(`DROP INDEX ix_facts_order_${column}`);
  }
}
