import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NONE_VALUE } from '@parley/shared';
import { teamTagFilter } from '../metrics/scope.repository.js';
import type { LiveCounts, LiveFilter } from './live.calculations.js';

/** The live reads of one workspace's facts ($1 workspace, $2 open since, $3 asOf, $5–$7 the filters as the metrics pass them). */
@Injectable()
export class LiveRepository {
  constructor(private readonly dataSource: DataSource) {}

  private params(workspaceId: number, f: LiveFilter, openSince: string, asOf: string): unknown[] {
    const named = (values: string[] | null) => values && values.filter((v) => v !== NONE_VALUE);
    return [workspaceId, openSince, asOf, null, f.channels, named(f.teams), named(f.tags)];
  }

  /**
   * Open and waiting conversations whose last event lies in [openSince, asOf], and their longest
   * waits (ix_facts_open: the window's open ones are one index range).
   */
  async stored(workspaceId: number, f: LiveFilter, openSince: string, asOf: string, longest: number): Promise<LiveCounts> {
    const waiting = f.responder === 'agent' ? 'f.agent_waiting_since' : 'f.waiting_since';
    const where = `f.workspace_id = $1 AND f.last_event_at >= $2::timestamptz AND f.last_event_at <= $3::timestamptz AND f.resolved_at IS NULL
      ${f.channels === null ? '' : 'AND f.channel = ANY($5::text[])'}${teamTagFilter(f, 'f.')}`;
    const typed = 'WITH p AS (SELECT $1::int, $2::timestamptz, $3::timestamptz, $4::text, $5::text[], $6::text[], $7::text[])';
    const params = this.params(workspaceId, f, openSince, asOf);
    const [counts, waits] = await Promise.all([
      this.dataSource.query(`${typed} SELECT count(*)::int AS open, count(${waiting})::int AS waiting FROM conversation_facts f WHERE ${where}`, params),
      // The window's waiting conversations first (MATERIALIZED): walking the waits in order
      // (ix_facts_order_*) from the oldest reads every abandoned wait before reaching the window.
      this.dataSource.query(
        `${typed}, w AS MATERIALIZED (SELECT f.conversation_id, f.channel, f.contact_id, f.team, ${waiting} AS since FROM conversation_facts f WHERE ${where} AND ${waiting} IS NOT NULL)
         SELECT conversation_id, channel, contact_id, team, (extract(epoch FROM since) * 1000000)::int8::text AS since_us
           FROM w ORDER BY since, conversation_id COLLATE "C" LIMIT ${Math.trunc(longest)}`,
        params,
      ),
    ]);
    return {
      open: counts[0].open,
      waiting: counts[0].waiting,
      longest: waits.map((w: { conversation_id: string; channel: string; contact_id: string; team: string | null; since_us: string }) => ({
        conversationId: w.conversation_id,
        channel: w.channel,
        contactId: w.contact_id,
        team: w.team,
        waitingSinceUs: Number(w.since_us),
      })),
    };
  }

  /** Conversations with an event after asOf (at most minutes ahead: see live.calculations.ts). */
  async after(workspaceId: number, asOf: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT conversation_id AS id FROM conversation_facts WHERE workspace_id = $1 AND last_event_at > $2::timestamptz`,
      [workspaceId, asOf],
    );
    return rows.map((r) => r.id);
  }
}
