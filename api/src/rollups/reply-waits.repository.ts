import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fromMicros } from '../facts/facts.repository.js';
import type { ReplyWait } from './rollups.calculations.js';

/**
 * reply_waits (migration Rollups): the facts' reply times as rows (replyWaits), by the instant
 * their wait opened. Sent as arrays from the facts just derived: reading the new facts back made a
 * rebuild after a bulk load quadratic when the table's statistics were stale.
 */
@Injectable()
export class ReplyWaitsRepository {
  /**
   * Replaces the conversations' rows with `rows` (their new replyWaits), writing only what
   * changed: rows no longer there are deleted, new ones inserted, changed ones updated, the same
   * ones left alone (most of a conversation's waits are the same after a new event, and
   * duration_bins' triggers then have little to count).
   */
  async recompute(tx: EntityManager, workspaceId: number, conversationIds: string[], rows: ReplyWait[]): Promise<void> {
    if (conversationIds.length === 0) return;
    const [keyed, keyedParams] = this.rowsOf(rows, 3);
    await tx.query(
      `WITH new AS (${keyed})
       DELETE FROM reply_waits w WHERE w.workspace_id = $1 AND w.conversation_id = ANY($2::text[])
         AND NOT EXISTS (SELECT FROM new n WHERE n.conversation_id = w.conversation_id AND n.agent = w.agent AND n.n = w.n)`,
      [workspaceId, conversationIds, ...keyedParams],
    );
    if (rows.length === 0) return;
    const [sql, params] = this.rowsOf(rows, 2);
    await tx.query(
      `INSERT INTO reply_waits AS w (workspace_id, conversation_id, agent, n, opened_at, seconds, channel, responder, team, tags, biz_seconds)
       ${sql}
       ON CONFLICT (workspace_id, conversation_id, agent, n) DO UPDATE
         SET opened_at = excluded.opened_at, seconds = excluded.seconds, channel = excluded.channel, responder = excluded.responder,
             team = excluded.team, tags = excluded.tags, biz_seconds = excluded.biz_seconds
       WHERE (w.opened_at, w.seconds, w.channel, w.responder, w.team, w.tags, w.biz_seconds)
             IS DISTINCT FROM (excluded.opened_at, excluded.seconds, excluded.channel, excluded.responder, excluded.team, excluded.tags, excluded.biz_seconds)`,
      [workspaceId, ...params],
    );
  }

  /** Deletes the workspace's rows: a rebuild's first step, before `append` of every page. */
  async clear(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM reply_waits WHERE workspace_id = $1`, [workspaceId]);
  }

  /** Adds rows of conversations that have none (a rebuild page). */
  async append(tx: EntityManager, workspaceId: number, rows: ReplyWait[]): Promise<void> {
    if (rows.length === 0) return;
    const [sql, params] = this.rowsOf(rows, 2);
    await tx.query(
      `INSERT INTO reply_waits (workspace_id, conversation_id, agent, n, opened_at, seconds, channel, responder, team, tags, biz_seconds) ${sql}`,
      [workspaceId, ...params],
    );
  }

  /** The rows as a SELECT of the table's columns ($1 the workspace; the arrays from $first on) and its parameters. */
  private rowsOf(rows: ReplyWait[], first: number): [string, unknown[]] {
    const p = (i: number) => `$${first + i}`;
    return [
      `SELECT $1::int AS workspace_id, r.conversation_id, r.agent, r.n, ${fromMicros('r.opened_us')} AS opened_at, r.seconds, r.channel, r.responder, r.team,
              ARRAY(SELECT json_array_elements_text(r.tags)) AS tags, r.biz_seconds
         FROM unnest(${p(0)}::text[], ${p(1)}::bool[], ${p(2)}::int[], ${p(3)}::int8[], ${p(4)}::float8[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::json[], ${p(9)}::float8[])
              AS r(conversation_id, agent, n, opened_us, seconds, channel, responder, team, tags, biz_seconds)`,
      [
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
    ];
  }
}
