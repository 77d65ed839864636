import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BusinessTimes } from '../business-hours/business-facts.calculations.js';
import { Staging } from '../database/staging.js';
import type { ConversationFacts, FactEvent } from './facts.calculations.js';

/** A transaction or the pool (for statements that need no transaction). */
type Queryable = Pick<EntityManager, 'query'>;

interface FactEventRow {
  conversation_id: string;
  event_id: string;
  type: string;
  at_us: string;
  channel: string;
  contact_id: string;
  sender_type: string | null;
  sender_id: string | null;
  campaign_id: string | null;
  rating: number | null;
  value: string | null;
  currency: string | null;
  agent_id: string | null;
  team: string | null;
  tags: string[] | null;
}

/**
 * An instant sent as µs since the epoch (int8) → timestamptz. Parsing timestamp text was most of
 * the write statements' time; the sum is exact (a double holds every µs count below 2^53).
 */
export const fromMicros = (x: string) => `TIMESTAMPTZ 'epoch' + ${x} * INTERVAL '1 microsecond'`;

const EVENT_FIELDS = `conversation_id, event_id, type, (extract(epoch FROM occurred_at) * 1000000)::int8 AS at_us,
  channel, contact_id, sender_type, sender_id, campaign_id, rating, value::text AS value, currency, agent_id, team, tags`;

function group(rows: FactEventRow[]): Map<string, FactEvent[]> {
  const byConversation = new Map<string, FactEvent[]>();
  for (const r of rows) {
    let list = byConversation.get(r.conversation_id);
    if (!list) byConversation.set(r.conversation_id, (list = []));
    list.push({
      id: r.event_id,
      type: r.type,
      atUs: Number(r.at_us),
      channel: r.channel,
      contactId: r.contact_id,
      senderType: r.sender_type,
      senderId: r.sender_id,
      campaignId: r.campaign_id,
      rating: r.rating,
      value: r.value,
      currency: r.currency,
      agentId: r.agent_id,
      team: r.team,
      tags: r.tags,
    });
  }
  return byConversation;
}

/** conversation_facts, and the events they are derived from. */
@Injectable()
export class FactsRepository {
  /** All stored events of the given conversations, grouped by conversation. */
  async loadEvents(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<Map<string, FactEvent[]>> {
    return group(await tx.query(`SELECT ${EVENT_FIELDS} FROM events WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])`, [workspaceId, conversationIds]));
  }

  /**
   * The events of the next `limit` conversations of a workspace in byte order of their ids, after
   * `after`, in one statement. The ids come from a loose index scan (one `LIMIT 1` index probe
   * each): its plan cannot turn into a scan of every remaining event per page, which a DISTINCT
   * did on stale statistics (quadratic rebuilds after a bulk load).
   */
  async conversationsAfter(db: Queryable, workspaceId: number, after: string | null, limit: number): Promise<Map<string, FactEvent[]>> {
    return group(
      await db.query(
        `WITH RECURSIVE ids(conversation_id, n) AS (
           (SELECT conversation_id, 1 FROM events
             WHERE workspace_id = $1 AND ($2::text IS NULL OR conversation_id > $2::text COLLATE "C")
             ORDER BY conversation_id LIMIT 1)
           UNION ALL
           SELECT (SELECT e.conversation_id FROM events e
                    WHERE e.workspace_id = $1 AND e.conversation_id > ids.conversation_id
                    ORDER BY e.conversation_id LIMIT 1), n + 1
             FROM ids WHERE ids.conversation_id IS NOT NULL AND n < $3
         )
         SELECT ${EVENT_FIELDS} FROM events
          WHERE workspace_id = $1 AND conversation_id = ANY(ARRAY(SELECT conversation_id FROM ids WHERE conversation_id IS NOT NULL))`,
        [workspaceId, after, limit],
      ),
    );
  }

  /** Fresh planner statistics for events (a rebuild often follows a bulk load). */
  async analyzeEvents(db: Queryable): Promise<void> {
    await db.query(`ANALYZE events`);
  }

  async deleteAll(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM conversation_facts WHERE workspace_id = $1`, [workspaceId]);
  }

  /** Where a rebuild writes the facts before they go into conversation_facts in order of start. */
  readonly staging = new Staging('conversation_facts', 'started_at, conversation_id');

  /** Writes facts into the rebuild's stage (`staging.create` first). */
  async stage(tx: EntityManager, workspaceId: number, facts: (ConversationFacts & { biz: BusinessTimes })[]): Promise<void> {
    await this.write(tx, workspaceId, facts, this.staging.name);
  }

  /** Writes the facts with their business-time twins (`biz`, see business-facts.calculations.ts). */
  upsert(tx: EntityManager, workspaceId: number, facts: (ConversationFacts & { biz: BusinessTimes })[]): Promise<void> {
    return this.write(tx, workspaceId, facts, 'conversation_facts');
  }

  private async write(tx: EntityManager, workspaceId: number, facts: (ConversationFacts & { biz: BusinessTimes })[], table: string): Promise<void> {
    if (facts.length === 0) return;
    const rows = facts.map((f) => ({
      conversation_id: f.conversationId,
      channel: f.channel,
      contact_id: f.contactId,
      started_at: f.startedAtUs,
      last_event_at: f.lastEventAtUs,
      first_customer_at: f.firstCustomerAtUs,
      first_response_at: f.any.firstResponseAtUs,
      first_response_time: f.any.firstResponseTime,
      first_responder: f.any.firstResponder,
      agent_first_response_at: f.agent.firstResponseAtUs,
      agent_first_response_time: f.agent.firstResponseTime,
      agent_first_responder: f.agent.firstResponder,
      reply_wait_starts: f.any.replyWaitStartsUs,
      reply_times: f.any.replyTimes,
      agent_reply_wait_starts: f.agent.replyWaitStartsUs,
      agent_reply_times: f.agent.replyTimes,
      has_response: f.hasResponse,
      automated: f.automated,
      resolved_at: f.resolvedAtUs,
      resolution_time: f.resolutionTime,
      rating: f.rating,
      rated_at: f.ratedAtUs,
      converted: f.converted,
      conversions: f.conversions,
      revenue: f.revenue,
      messages_in: f.messagesIn,
      messages_out: f.messagesOut,
      events: f.events,
      team: f.team,
      assignee: f.assignee,
      tags: f.tags,
      first_assigned_at: f.firstAssignedAtUs,
      assignment_response_time: f.assignmentResponseTime,
      biz_first_response_time: f.biz.firstResponseTime,
      biz_agent_first_response_time: f.biz.agentFirstResponseTime,
      biz_resolution_time: f.biz.resolutionTime,
      biz_assignment_response_time: f.biz.assignmentResponseTime,
      waiting_since: f.any.waitingSinceUs,
      agent_waiting_since: f.agent.waitingSinceUs,
    }));
    await tx.query(
      `INSERT INTO ${table} AS f (workspace_id, ${COLUMNS.join(', ')})
       SELECT $1, ${SELECTS}
         FROM json_to_recordset($2::json) AS x(${COLUMN_TYPES})
       ${table === 'conversation_facts' ? UPSERT : '' /* a rebuild's stage holds each conversation once */}`,
      [workspaceId, JSON.stringify(rows)],
    );
  }
}

const COLUMN_DEFS: [string, string][] = [
  ['conversation_id', 'text'],
  ['channel', 'text'],
  ['contact_id', 'text'],
  ['started_at', 'timestamptz'],
  ['last_event_at', 'timestamptz'],
  ['first_customer_at', 'timestamptz'],
  ['first_response_at', 'timestamptz'],
  ['first_response_time', 'double precision'],
  ['first_responder', 'text'],
  ['agent_first_response_at', 'timestamptz'],
  ['agent_first_response_time', 'double precision'],
  ['agent_first_responder', 'text'],
  ['reply_wait_starts', 'timestamptz[]'],
  ['reply_times', 'double precision[]'],
  ['agent_reply_wait_starts', 'timestamptz[]'],
  ['agent_reply_times', 'double precision[]'],
  ['has_response', 'boolean'],
  ['automated', 'boolean'],
  ['resolved_at', 'timestamptz'],
  ['resolution_time', 'double precision'],
  ['rating', 'smallint'],
  ['rated_at', 'timestamptz'],
  ['converted', 'boolean'],
  ['conversions', 'integer'],
  ['revenue', 'jsonb'],
  ['messages_in', 'integer'],
  ['messages_out', 'integer'],
  ['events', 'integer'],
  ['team', 'text'],
  ['assignee', 'text'],
  ['tags', 'text[]'],
  ['first_assigned_at', 'timestamptz'],
  ['assignment_response_time', 'double precision'],
  ['biz_first_response_time', 'double precision'],
  ['biz_agent_first_response_time', 'double precision'],
  ['biz_resolution_time', 'double precision'],
  ['biz_assignment_response_time', 'double precision'],
  ['waiting_since', 'timestamptz'],
  ['agent_waiting_since', 'timestamptz'],
];
const COLUMNS = COLUMN_DEFS.map(([c]) => c);
// Instants travel as µs (see fromMicros), arrays of them too.
const COLUMN_TYPES = COLUMN_DEFS.map(([c, t]) => `${c} ${t === 'timestamptz' ? 'int8' : t === 'timestamptz[]' ? 'int8[]' : t}`).join(', ');
const SELECTS = COLUMN_DEFS.map(([c, t]) =>
  t === 'timestamptz' ? fromMicros(`x.${c}`) : t === 'timestamptz[]' ? `ARRAY(SELECT ${fromMicros('u.us')} FROM unnest(x.${c}) WITH ORDINALITY AS u(us, i) ORDER BY u.i)` : `x.${c}`,
).join(', ');
const UPSERT = `ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET
  ${COLUMNS.filter((c) => c !== 'conversation_id').map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()`;
