import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { utcHour } from './conversation-hours.repository.js';
import { cutRows } from './cut-rows.js';

/**
 * Adds $2 (1 or −1) × the facts of the workspace's conversations (those in $3 when `only`) to
 * hourly_conversations: each count by the hour of its own instant (startedAt, firstCustomerAt,
 * ratedAt, firstAssignedAt), under each cut the conversation counts in (cut-rows.ts, with the
 * first responder cuts); bot_first only under 'responder' (the group's responder is a bot).
 */
const count = (only: boolean) => {
  const which = only ? 'AND conversation_id = ANY($3::text[])' : '';
  const cols = 'channel, team, tags, first_responder, agent_first_responder';
  return `INSERT INTO hourly_conversations AS h (workspace_id, cut, hour, cut_value, channel, started, messages, converted, first_customer, with_response, automated,
                                                 ratings, rating_sum, satisfied, assigned, bot_first)
       SELECT $1, cr.cut, x.hour, cr.cut_value, x.channel, $2 * sum(started), $2 * sum(messages), $2 * sum(converted), $2 * sum(first_customer), $2 * sum(with_response),
              $2 * sum(automated), $2 * sum(ratings), $2 * sum(rating_sum), $2 * sum(satisfied), $2 * sum(assigned),
              $2 * sum(CASE WHEN cr.cut = 'responder' THEN bot_first ELSE 0 END) FROM (
         SELECT ${utcHour('started_at')} AS hour, ${cols},
                1 AS started, messages_in + messages_out AS messages, converted::int AS converted, 0 AS first_customer, 0 AS with_response, 0 AS automated,
                0 AS ratings, 0 AS rating_sum, 0 AS satisfied, 0 AS assigned, 0 AS bot_first
           FROM conversation_facts WHERE workspace_id = $1 ${which}
         UNION ALL
         SELECT ${utcHour('first_customer_at')}, ${cols}, 0, 0, 0, 1, has_response::int, (has_response AND automated)::int, 0, 0, 0, 0,
                (first_responder IS NOT NULL AND first_response_at IS DISTINCT FROM agent_first_response_at)::int
           FROM conversation_facts WHERE workspace_id = $1 AND first_customer_at IS NOT NULL ${which}
         UNION ALL
         SELECT ${utcHour('rated_at')}, ${cols}, 0, 0, 0, 0, 0, 0, 1, rating, (rating >= 4)::int, 0, 0
           FROM conversation_facts WHERE workspace_id = $1 AND rated_at IS NOT NULL ${which}
         UNION ALL
         SELECT ${utcHour('first_assigned_at')}, ${cols}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0
           FROM conversation_facts WHERE workspace_id = $1 AND first_assigned_at IS NOT NULL ${which}) x ${cutRows('x', true)}
        GROUP BY 2, 3, 4, 5
       ON CONFLICT (workspace_id, cut, hour, cut_value, channel) DO UPDATE SET
         started = h.started + excluded.started, messages = h.messages + excluded.messages, converted = h.converted + excluded.converted,
         first_customer = h.first_customer + excluded.first_customer, with_response = h.with_response + excluded.with_response,
         automated = h.automated + excluded.automated, ratings = h.ratings + excluded.ratings, rating_sum = h.rating_sum + excluded.rating_sum,
         satisfied = h.satisfied + excluded.satisfied, assigned = h.assigned + excluded.assigned, bot_first = h.bot_first + excluded.bot_first`;
};

/**
 * hourly_conversations (migrations HourlyConversations, CutRollups): conversations started,
 * first customer messages, ratings and first assignments per UTC hour, channel and cut, from
 * conversation_facts.
 * Kept by difference: a recompute subtracts the conversations' stored facts before they are
 * replaced and adds the new ones after, so a conversation whose start, channel, team or tags
 * move moves its counts.
 */
@Injectable()
export class HourlyConversationsRepository {
  /** Takes the conversations' counts out, from their facts as stored: call before their facts are replaced. */
  async subtract(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<void> {
    await tx.query(count(true), [workspaceId, -1, conversationIds]);
  }

  /** Adds the conversations' counts from their new facts (after `subtract` and the facts upsert). */
  async recompute(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<void> {
    await tx.query(count(true), [workspaceId, 1, conversationIds]);
  }

  /** Replaces the workspace's rows from its conversation_facts (after they are rebuilt). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM hourly_conversations WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(count(false), [workspaceId, 1]);
  }
}
