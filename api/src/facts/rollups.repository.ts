import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationHour, ReplyWait } from './facts.calculations.js';
import { fromMicros } from './facts.repository.js';

const ADD_TO_HOURLY = `ON CONFLICT (workspace_id, hour, channel) DO UPDATE SET
  events = h.events + excluded.events, messages_in = h.messages_in + excluded.messages_in,
  messages_out = h.messages_out + excluded.messages_out`;

/**
 * The rollup tables (migration Rollups): conversation_hours is replaced per conversation (rows
 * made from its events by conversationHours), hourly_events follows it by adding the difference,
 * and contact_first is recomputed for every contact a replaced row named. All of it runs inside the transaction
 * that recomputes the facts, under the workspace lock, so the rollups always equal a rebuild.
 */
@Injectable()
export class RollupsRepository {
  /** Removes the conversations' rows and their share of hourly_events; returns the contacts they named. */
  async remove(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<string[]> {
    const rows: { contact_id: string }[] = await tx.query(
      `WITH old AS (
         DELETE FROM conversation_hours WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])
         RETURNING hour, channel, contact_id, events, messages_in, messages_out
       ), subtracted AS (
         INSERT INTO hourly_events AS h (workspace_id, hour, channel, events, messages_in, messages_out)
         SELECT $1, hour, channel, -sum(events), -sum(messages_in), -sum(messages_out) FROM old GROUP BY hour, channel
         ${ADD_TO_HOURLY}
       )
       SELECT DISTINCT contact_id FROM old WHERE messages_in > 0`,
      [workspaceId, conversationIds],
    );
    return rows.map((r) => r.contact_id);
  }

  /**
   * Adds conversation_hours rows (conversationHours of facts.calculations.ts) and their share of
   * hourly_events; returns the contacts with a customer message among them. A rebuild passes
   * `hourly = false`: it makes hourly_events (rebuildHourly) and every contact's contact_first once
   * at the end, so it needs neither here. Each of its pages touches most hours, and updating the
   * same few thousand hourly_events rows on every page left ever longer chains of row versions to
   * walk inside the one transaction.
   */
  async add(tx: EntityManager, workspaceId: number, rows: ConversationHour[], hourly = true): Promise<string[]> {
    if (rows.length === 0) return [];
    const found: { contact_id: string }[] = await tx.query(
      `WITH new AS (
         INSERT INTO conversation_hours (workspace_id, conversation_id, hour, contact_id, channel, events, messages_in, messages_out, first_in_at)
         SELECT $1, r.conversation_id, to_timestamp(r.hour_s), r.contact_id, r.channel, r.events, r.messages_in, r.messages_out, ${fromMicros('r.first_in_us')}
           FROM unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int8[])
                AS r(conversation_id, hour_s, contact_id, channel, events, messages_in, messages_out, first_in_us)
         RETURNING hour, channel, contact_id, events, messages_in, messages_out
       )${
         hourly
           ? `, added AS (
         INSERT INTO hourly_events AS h (workspace_id, hour, channel, events, messages_in, messages_out)
         SELECT $1, hour, channel, sum(events), sum(messages_in), sum(messages_out) FROM new GROUP BY hour, channel
         ${ADD_TO_HOURLY}
       )`
           : ''
       }
       ${hourly ? 'SELECT DISTINCT contact_id FROM new WHERE messages_in > 0' : 'SELECT NULL::text AS contact_id WHERE false'}`,
      [
        workspaceId,
        rows.map((r) => r.conversationId),
        rows.map((r) => r.hourS),
        rows.map((r) => r.contactId),
        rows.map((r) => r.channel),
        rows.map((r) => r.events),
        rows.map((r) => r.messagesIn),
        rows.map((r) => r.messagesOut),
        rows.map((r) => r.firstInAtUs),
      ],
    );
    return found.map((r) => r.contact_id);
  }

  /** Fills the workspace's hourly_events from its conversation_hours (a rebuild's last step, after deleteAll). */
  async rebuildHourly(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(
      `INSERT INTO hourly_events (workspace_id, hour, channel, events, messages_in, messages_out)
       SELECT $1, hour, channel, sum(events), sum(messages_in), sum(messages_out) FROM conversation_hours
        WHERE workspace_id = $1 GROUP BY hour, channel`,
      [workspaceId],
    );
  }

  /** Recomputes contact_first of the given contacts (all of the workspace's when null). */
  async refreshFirsts(tx: EntityManager, workspaceId: number, contactIds: string[] | null): Promise<void> {
    if (contactIds !== null && contactIds.length === 0) return;
    const only = contactIds === null ? '' : 'AND contact_id = ANY($2::text[])';
    const params = contactIds === null ? [workspaceId] : [workspaceId, contactIds];
    await tx.query(`DELETE FROM contact_first WHERE workspace_id = $1 ${only}`, params);
    // In primary key order: a rebuild's 1M+ inserts then go to neighbouring index pages.
    await tx.query(
      `INSERT INTO contact_first (workspace_id, contact_id, channel, first_at)
       SELECT $1, contact_id, coalesce(channel, '*'), min(first_in_at) FROM conversation_hours
        WHERE workspace_id = $1 AND messages_in > 0 ${only}
        GROUP BY GROUPING SETS ((contact_id, channel), (contact_id))
        ORDER BY contact_id`,
      params,
    );
  }

  /**
   * Replaces the conversations' reply_waits rows with `rows` (replyWaits of facts.calculations.ts).
   * `fresh`: the conversations have none yet (a rebuild), so nothing is deleted.
   */
  async replaceReplies(tx: EntityManager, workspaceId: number, conversationIds: string[], rows: ReplyWait[], fresh = false): Promise<void> {
    if (!fresh && conversationIds.length > 0)
      await tx.query(`DELETE FROM reply_waits WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])`, [workspaceId, conversationIds]);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO reply_waits (workspace_id, conversation_id, agent, n, opened_at, seconds, channel, responder)
       SELECT $1, r.conversation_id, r.agent, r.n, ${fromMicros('r.opened_us')}, r.seconds, r.channel, r.responder
         FROM unnest($2::text[], $3::bool[], $4::int[], $5::int8[], $6::float8[], $7::text[], $8::text[])
              AS r(conversation_id, agent, n, opened_us, seconds, channel, responder)`,
      [
        workspaceId,
        rows.map((r) => r.conversationId),
        rows.map((r) => r.agent),
        rows.map((r) => r.n),
        rows.map((r) => r.openedAtUs),
        rows.map((r) => r.seconds),
        rows.map((r) => r.channel),
        rows.map((r) => r.responder),
      ],
    );
  }

  async deleteAll(tx: EntityManager, workspaceId: number): Promise<void> {
    for (const table of ['conversation_hours', 'hourly_events', 'contact_first', 'reply_waits'])
      await tx.query(`DELETE FROM ${table} WHERE workspace_id = $1`, [workspaceId]);
  }
}
