import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type ConversationBy,
  type ConversationFactsItem,
  type ConversationSort,
  type ConversationStatus,
  NONE_VALUE,
  type SortOrder,
  type StoredEvent,
} from '@parley/shared';
import { teamTagFilter } from '../metrics/scope.repository.js';
import { BY, type FactChoice, agentFilter, factColumn, statusFilter } from './conversation-selection.js';
import type { ListPosition } from './conversation-list.calculations.js';
import { instant as at } from '../exports/exports.repository.js';

/** One conversation's facts as the API names them (the export's columns and waitingSince), per FactChoice. */
const facts = (c: FactChoice) => `json_build_object(
  'conversationId', f.conversation_id, 'channel', f.channel, 'contactId', f.contact_id, 'startedAt', ${at('f.started_at')},
  'firstCustomerAt', ${at('f.first_customer_at')}, 'firstResponseAt', ${at(factColumn(c, 'firstResponseAt'))},
  'firstResponseTime', ${factColumn(c, 'firstResponseTime')}, 'firstResponder', ${factColumn(c, 'firstResponder')},
  'agentFirstResponseAt', ${at('f.agent_first_response_at')}, 'agentFirstResponseTime', ${factColumn(c, 'agentFirstResponseTime')},
  'agentFirstResponder', f.agent_first_responder,
  'replies', cardinality(f.reply_times), 'agentReplies', cardinality(f.agent_reply_times),
  'resolved', f.resolved_at IS NOT NULL, 'resolvedAt', ${at('f.resolved_at')}, 'resolutionTime', ${factColumn(c, 'resolutionTime')},
  'automated', f.automated, 'rating', f.rating, 'ratedAt', ${at('f.rated_at')}, 'converted', f.converted, 'conversions', f.conversions,
  'revenue', CASE WHEN f.revenue = '{}'::jsonb THEN NULL ELSE f.revenue END, 'team', f.team, 'assignee', f.assignee, 'tags', f.tags,
  'firstAssignedAt', ${at('f.first_assigned_at')}, 'assignmentResponseTime', ${factColumn(c, 'assignmentResponseTime')},
  'messagesIn', f.messages_in, 'messagesOut', f.messages_out, 'events', f.events, 'lastEventAt', ${at('f.last_event_at')},
  'waitingSince', ${at(factColumn(c, 'waitingSince'))})`;

/** GET /conversations/{id} and the exports: calendar time, responder any. */
const FACTS = facts({ hours: 'calendar', responder: 'any' });

/** A stored event as the events export names its columns (sender as an object). */
const EVENT = `json_build_object(
  'id', e.event_id, 'type', e.type, 'occurredAt', ${at('e.occurred_at')}, 'conversationId', e.conversation_id, 'contactId', e.contact_id,
  'channel', e.channel,
  'sender', CASE WHEN e.sender_type IS NULL THEN NULL WHEN e.sender_id IS NULL THEN json_build_object('type', e.sender_type)
                 ELSE json_build_object('type', e.sender_type, 'id', e.sender_id) END,
  'campaignId', e.campaign_id, 'messageId', e.message_id, 'agentId', e.agent_id, 'team', e.team, 'rating', e.rating,
  'value', e.value::text, 'currency', e.currency::text, 'tags', e.tags, 'attributes', e.attributes, 'receivedAt', ${at('e.received_at')})`;

/** What a page of GET /conversations asks for (the parsed query; `after` from the cursor). */
export interface ListScope extends FactChoice {
  workspaceId: number;
  /** ISO instants: the period [from, to) of the `by` instant. */
  from: string;
  to: string;
  channels: string[] | null;
  /** As given (`none`: without a team / tags). */
  teams: string[] | null;
  tags: string[] | null;
  sla: number;
  by: ConversationBy;
  status: ConversationStatus | null;
  /** First responder (for responder); `none`: no first responder. */
  agent: string | null;
  sort: ConversationSort;
  order: SortOrder;
  limit: number;
  after: ListPosition | null;
}

/** The sort column and how its value is written into (and read back from) a cursor. */
function sortKey(s: ListScope): { column: string; text: string; type: string } {
  const instantKey = (column: string) => ({ column, text: at(column), type: 'timestamptz' });
  const numberKey = (column: string, type: string) => ({ column, text: `${column}::text`, type });
  switch (s.sort) {
    case 'startedAt':
      return instantKey('f.started_at');
    case 'waitingSince':
      return instantKey(factColumn(s, 'waitingSince'));
    case 'firstResponseTime':
      return numberKey(factColumn(s, 'firstResponseTime'), 'float8');
    case 'resolutionTime':
      return numberKey(factColumn(s, 'resolutionTime'), 'float8');
    case 'rating':
      return numberKey('f.rating', 'int');
  }
}

/** A part of the list's order: the rows it adds and their order ($9 the cursor's value, $10 its id). */
interface ListPart {
  where: string;
  order: string;
}

/**
 * The list's order as consecutive parts, after the cursor: startedAt (never null) in one; a rating
 * one value after another, each in id order (ix_facts_order_rating); another sort its values
 * (ix_facts_order_*, the ties by id an incremental sort) and then its nulls by id, unless the
 * selection has none (the status or `by` implies a value).
 */
export function listParts(s: Pick<ListScope, 'sort' | 'order' | 'after' | 'status' | 'by' | 'hours'>, key: { column: string; type: string }): ListPart[] {
  const c = key.column;
  const after = s.after;
  if (s.sort === 'startedAt') {
    const dir = s.order === 'desc' ? '<' : '>';
    const cursor = after ? ` AND (${c} ${dir} $9::${key.type} OR (${c} = $9::${key.type} AND f.conversation_id > $10::text))` : '';
    return [{ where: cursor, order: `${c} ${s.order}, f.conversation_id` }];
  }
  const parts: ListPart[] = [];
  const inNulls = after !== null && after.value === null;
  if (s.sort === 'rating') {
    const r = after && !inNulls ? Number(after.value) : null;
    for (const v of s.order === 'asc' ? [1, 2, 3, 4, 5] : [5, 4, 3, 2, 1]) {
      if (inNulls || (r !== null && (s.order === 'asc' ? v < r : v > r))) continue;
      parts.push({ where: ` AND ${c} = ${v}${v === r ? ' AND f.conversation_id > $10::text' : ''}`, order: 'f.conversation_id' });
    }
  } else if (!inNulls) {
    const [dir, bound] = s.order === 'desc' ? ['<', '<='] : ['>', '>='];
    // The bound repeats the cursor as an index condition: the walk starts there.
    const cursor = after ? ` AND ${c} ${bound} $9::${key.type} AND (${c} ${dir} $9::${key.type} OR f.conversation_id > $10::text)` : '';
    parts.push({ where: ` AND ${c} IS NOT NULL${cursor}`, order: `${c} ${s.order}, f.conversation_id` });
  }
  if (!neverNull(s)) parts.push({ where: ` AND ${c} IS NULL${inNulls ? ' AND f.conversation_id > $10::text' : ''}`, order: 'f.conversation_id' });
  return parts;
}

/** Whether every selected conversation has a value to sort by (facts.calculations.ts: a time exists with its instant, in calendar time). */
function neverNull(s: Pick<ListScope, 'sort' | 'status' | 'by' | 'hours'>): boolean {
  if (s.sort === 'waitingSince') return s.status === 'waiting';
  if (s.hours !== 'calendar') return false;
  if (s.sort === 'firstResponseTime') return s.status === 'answered';
  if (s.sort === 'resolutionTime') return s.status === 'resolved' || s.by === 'resolvedAt';
  return false;
}

/** The conversation behind a figure (api.md "Drill-down"): reads of one workspace's facts and events. */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async facts(workspaceId: number, conversationId: string): Promise<ConversationFactsItem | null> {
    const rows: { c: ConversationFactsItem }[] = await this.dataSource.query(
      `SELECT ${FACTS} AS c FROM conversation_facts f WHERE f.workspace_id = $1 AND f.conversation_id = $2`,
      [workspaceId, conversationId],
    );
    return rows[0]?.c ?? null;
  }

  /**
   * One page of the list: up to `limit` conversations after `after` in the order sort/order, nulls
   * last, ties by conversationId ascending (byte order: ids are COLLATE "C"), each with its sort
   * value as text (`k`, for the next cursor). A keyset, so a conversation whose facts do not change
   * while a client walks the pages is listed exactly once. One statement: the order and the keys
   * come from one snapshot. `c` is null for a conversation gone since (a rebuild).
   */
  async list(s: ListScope): Promise<{ id: string; k: string | null; c: ConversationFactsItem | null }[]> {
    const key = sortKey(s);
    const named = (values: string[] | null) => values && values.filter((v) => v !== NONE_VALUE);
    const where = `f.workspace_id = $1 AND ${BY[s.by]} >= $2::timestamptz AND ${BY[s.by]} < $3::timestamptz
                   ${s.channels === null ? '' : 'AND f.channel = ANY($5::text[])'}${teamTagFilter(s, 'f.')}${statusFilter(s, '$4::float8')}${agentFilter(s, '$8::text')}`;
    // The order in parts, each read through an index in its own order (migration ListOrder), the
    // next only while the page is not full: so a page stops after `limit` matches.
    const parts = listParts(s, key);
    if (parts.length === 0) return [];
    const ctes = parts.map((part, i) => {
      const before = parts.slice(0, i).map((_, j) => ` - (SELECT count(*) FROM p${j})`).join('');
      return `p${i} AS (SELECT f.conversation_id AS id, ${key.column} AS v, ${key.text} AS k FROM conversation_facts f WHERE ${where}${part.where}
                         ORDER BY ${part.order} LIMIT greatest($11::int${before}, 0))`;
    });
    const nulls = s.sort === 'startedAt' ? '' : ' NULLS LAST';
    return this.dataSource.query(
      `WITH params AS (SELECT $1::int, $2::timestamptz, $3::timestamptz, $4::float8, $5::text[], $6::text[], $7::text[], $8::text, $9::text, $10::text, $11::int),
            ${ctes.join(',\n            ')},
            -- At most limit rows (the LIMIT says so to the planner: the page then joins its rows by key).
            page AS (${parts.map((_, i) => `SELECT * FROM p${i}`).join(' UNION ALL ')} LIMIT $11::int)
       SELECT p.id, p.k, ${facts(s)} AS c FROM page p LEFT JOIN conversation_facts f ON f.workspace_id = $1 AND f.conversation_id = p.id
        ORDER BY p.v ${s.order}${nulls}, p.id COLLATE "C"`,
      [s.workspaceId, s.from, s.to, s.sla, s.channels, named(s.teams), named(s.tags), s.agent, s.after?.value ?? null, s.after?.conversationId ?? null, s.limit],
    );
  }

  /** Up to `limit` events in events.md's order: instant; message.received, message.sent, the rest; id byte-wise. */
  async events(workspaceId: number, conversationId: string, limit: number): Promise<StoredEvent[]> {
    const rows: { e: StoredEvent }[] = await this.dataSource.query(
      `SELECT ${EVENT} AS e FROM events e
        WHERE e.workspace_id = $1 AND e.conversation_id = $2
        ORDER BY e.occurred_at, CASE e.type WHEN 'message.received' THEN 0 WHEN 'message.sent' THEN 1 ELSE 2 END, e.event_id
        LIMIT $3`,
      [workspaceId, conversationId, limit],
    );
    return rows.map((r) => r.e);
  }
}
