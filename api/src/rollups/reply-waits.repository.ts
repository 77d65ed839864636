import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Staging } from '../database/staging.js';
import { fromMicros } from '../facts/facts.repository.js';
import { REPLY_DURATION, addDurations, replyDurations } from './duration-bins.repository.js';
import type { ReplyWait } from './rollups.calculations.js';

/**
 * reply_waits (migration Rollups): the facts' reply times as rows (replyWaits), by the instant
 * their wait opened. Sent as arrays from the facts just derived: reading the new facts back made a
 * rebuild after a bulk load quadratic when the table's statistics were stale.
 */
@Injectable()
export class ReplyWaitsRepository {
  /** Where a rebuild writes the rows before they go into reply_waits in order of time. */
  readonly staging = new Staging('reply_waits', 'agent, opened_at, conversation_id, n');

  /**
   * Replaces the conversations' rows with `rows` (their new replyWaits). The statement that
   * deletes the old rows also appends the difference between old and new to duration_deltas:
   * most waits come back unchanged, so only the new (or changed) ones move a count.
   */
  async recompute(tx: EntityManager, workspaceId: number, conversationIds: string[], rows: ReplyWait[]): Promise<void> {
    if (conversationIds.length > 0)
      await tx.query(
        addDurations(`
          old AS (DELETE FROM reply_waits WHERE workspace_id = $1 AND conversation_id = ANY($2::text[]) RETURNING ${REPLY_DURATION}),
          changes AS (${replyDurations(`
            SELECT *, -1 AS sign FROM old
            UNION ALL
            SELECT $1::int, r.agent::int, r.channel, ${fromMicros('r.opened_us')}, r.seconds, r.responder, 1
              FROM unnest($3::bool[], $4::text[], $5::int8[], $6::float8[], $7::text[]) AS r(agent, channel, opened_us, seconds, responder)`)})`),
        [
          workspaceId,
          conversationIds,
          rows.map((r) => r.agent),
          rows.map((r) => r.channel),
          rows.map((r) => r.openedAtUs),
          rows.map((r) => r.seconds),
          rows.map((r) => r.responder),
        ],
      );
    await this.insert(tx, workspaceId, rows, 'reply_waits');
  }

  /** Deletes the workspace's rows: a rebuild's first step, before every page goes to `stage`. */
  async clear(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM reply_waits WHERE workspace_id = $1`, [workspaceId]);
  }

  /** Adds a rebuild page's rows to its stage (`staging.create` first). */
  stage(tx: EntityManager, workspaceId: number, rows: ReplyWait[]): Promise<void> {
    return this.insert(tx, workspaceId, rows, this.staging.name);
  }

  /** Adds rows of conversations that have none (after recompute's delete). */
  private async insert(tx: EntityManager, workspaceId: number, rows: ReplyWait[], table: string): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ${table} (workspace_id, conversation_id, agent, n, opened_at, seconds, channel, responder, team, tags, biz_seconds)
       SELECT $1, r.conversation_id, r.agent, r.n, ${fromMicros('r.opened_us')}, r.seconds, r.channel, r.responder, r.team,
              ARRAY(SELECT json_array_elements_text(r.tags)), r.biz_seconds
         FROM unnest($2::text[], $3::bool[], $4::int[], $5::int8[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::json[], $11::float8[])
              AS r(conversation_id, agent, n, opened_us, seconds, channel, responder, team, tags, biz_seconds)`,
      [
        workspaceId,
        rows.map((r) => r.conversationId),
        rows.map((r) => r.agent),
        rows.map((r) => r.n),
        rows.map((r) => r.openedAtUs),
        rows.map((r) => r.seconds),
        rows.map((r) => r.channel),
        rows.map((r) => r.responder),
        rows.map((r) => r.team),
        // A text[][] cannot be ragged: each row's tags travel as one JSON array.
        rows.map((r) => JSON.stringify(r.tags)),
        rows.map((r) => r.bizSeconds),
      ],
    );
  }
}
