import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BusinessHours } from '@parley/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { BusinessTimes, FactInstants } from '../business-hours/business-facts.calculations.js';

/** A due recomputation of a workspace's biz_ columns (business_hours.recompute_*). */
export interface RecomputeState {
  version: number;
  schedule: BusinessHours;
  /** The last conversation id recomputed; null before the first page. */
  after: string | null;
}

export interface FactsPageRow extends FactInstants {
  conversationId: string;
}

export interface WaitRow {
  conversationId: string;
  agent: boolean;
  n: number;
  openedAtUs: number;
  seconds: number;
}

const us = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::int8`;
const num = (v: string | null) => (v === null ? null : Number(v));

/**
 * The recomputation of business time after a schedule change (business-time.service.ts): its
 * state on business_hours, and the stored instants and biz_ columns it pages through. Every
 * statement is scoped by workspace_id.
 */
@Injectable()
export class BusinessTimeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Workspaces with a recomputation due (resumed when the API starts). */
  async due(): Promise<number[]> {
    const rows: { workspace_id: number }[] = await this.db.query(`SELECT workspace_id FROM business_hours WHERE recompute_total IS NOT NULL`);
    return rows.map((r) => r.workspace_id);
  }

  /** The workspace's due recomputation, or null (none due, or no schedule any more). */
  async state(tx: EntityManager, workspaceId: number): Promise<RecomputeState | null> {
    const rows: { version: number; schedule: BusinessHours; recompute_after: string | null }[] = await tx.query(
      `SELECT version, schedule, recompute_after FROM business_hours WHERE workspace_id = $1 AND recompute_total IS NOT NULL`,
      [workspaceId],
    );
    return rows[0] ? { version: rows[0].version, schedule: rows[0].schedule, after: rows[0].recompute_after } : null;
  }

  /** The instants of the next `limit` conversations after `after`, in byte order of their ids. */
  async factsPage(tx: EntityManager, workspaceId: number, after: string | null, limit: number): Promise<FactsPageRow[]> {
    const rows: Record<string, string | null>[] = await tx.query(
      `SELECT conversation_id, ${us('started_at')} AS started, ${us('first_customer_at')} AS first_customer,
              ${us('first_response_at')} AS first_response, ${us('agent_first_response_at')} AS agent_first_response,
              ${us('resolved_at')} AS resolved, ${us('first_assigned_at')} AS first_assigned, assignment_response_time
         FROM conversation_facts
        WHERE workspace_id = $1 AND ($2::text IS NULL OR conversation_id > $2::text COLLATE "C")
        ORDER BY conversation_id LIMIT $3`,
      [workspaceId, after, limit],
    );
    return rows.map((r) => ({
      conversationId: r.conversation_id!,
      startedAtUs: Number(r.started),
      firstCustomerAtUs: num(r.first_customer),
      firstResponseAtUs: num(r.first_response),
      agentFirstResponseAtUs: num(r.agent_first_response),
      resolvedAtUs: num(r.resolved),
      firstAssignedAtUs: num(r.first_assigned),
      assignmentResponseTime: num(r.assignment_response_time),
    }));
  }

  async writeFacts(tx: EntityManager, workspaceId: number, ids: string[], biz: BusinessTimes[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(
      `UPDATE conversation_facts f
          SET biz_first_response_time = x.frt, biz_agent_first_response_time = x.afrt,
              biz_resolution_time = x.res, biz_assignment_response_time = x.asg
         FROM unnest($2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[]) AS x(id, frt, afrt, res, asg)
        WHERE f.workspace_id = $1 AND f.conversation_id = x.id`,
      [
        workspaceId,
        ids,
        biz.map((b) => b.firstResponseTime),
        biz.map((b) => b.agentFirstResponseTime),
        biz.map((b) => b.resolutionTime),
        biz.map((b) => b.assignmentResponseTime),
      ],
    );
  }

  /** The reply_waits rows of the given conversations. */
  async waits(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<WaitRow[]> {
    const rows: { conversation_id: string; agent: boolean; n: number; opened: string; seconds: number }[] = await tx.query(
      `SELECT conversation_id, agent, n, ${us('opened_at')} AS opened, seconds FROM reply_waits
        WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])`,
      [workspaceId, conversationIds],
    );
    return rows.map((r) => ({ conversationId: r.conversation_id, agent: r.agent, n: r.n, openedAtUs: Number(r.opened), seconds: r.seconds }));
  }

  async writeWaits(tx: EntityManager, workspaceId: number, rows: WaitRow[], biz: (number | null)[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `UPDATE reply_waits w SET biz_seconds = x.biz
         FROM unnest($2::text[], $3::bool[], $4::int[], $5::float8[]) AS x(id, agent, n, biz)
        WHERE w.workspace_id = $1 AND w.conversation_id = x.id AND w.agent = x.agent AND w.n = x.n`,
      [workspaceId, rows.map((r) => r.conversationId), rows.map((r) => r.agent), rows.map((r) => r.n), biz],
    );
  }

  /** Records a page done, unless a newer change (version) has restarted the recomputation meanwhile. */
  async advance(tx: EntityManager, workspaceId: number, version: number, after: string, conversations: number): Promise<void> {
    await tx.query(
      `UPDATE business_hours SET recompute_after = $3, recompute_done = least(recompute_total, recompute_done + $4)
        WHERE workspace_id = $1 AND version = $2 AND recompute_total IS NOT NULL`,
      [workspaceId, version, after, conversations],
    );
  }

  /** Marks the recomputation of `version` finished. */
  async finish(tx: EntityManager, workspaceId: number, version: number): Promise<void> {
    await tx.query(
      `UPDATE business_hours SET recompute_total = NULL, recompute_done = NULL, recompute_after = NULL, recompute_started_at = NULL
        WHERE workspace_id = $1 AND version = $2`,
      [workspaceId, version],
    );
  }
}
