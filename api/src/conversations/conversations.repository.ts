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
   * value as text (for the next cursor). A keyset, so a conversation whose facts do not change
   * while a client walks the pages is listed exactly once.
   */
  async list(s: ListScope): Promise<{ c: ConversationFactsItem; k: string | null }[]> {
    const key = sortKey(s);
    const dir = s.order === 'desc' ? '<' : '>';
    const after =
      s.after === null
        ? ''
        : s.after.value === null
          ? ` AND ${key.column} IS NULL AND f.conversation_id > $10::text`
          : ` AND (${key.column} ${dir} $9::${key.type} OR (${key.column} = $9::${key.type} AND f.conversation_id > $10::text) OR ${key.column} IS NULL)`;
    const named = (values: string[] | null) => values && values.filter((v) => v !== NONE_VALUE);
    // startedAt is never null: plain DESC/ASC lets an index on started_at give the order (the ties
    // by id are then an incremental sort of equal instants) and the LIMIT stop the scan early.
    const nulls = s.sort === 'startedAt' ? '' : ' NULLS LAST';
    const order = `${key.column} ${s.order}${nulls}, f.conversation_id`;
    // The page's keys first, its JSON after: building the facts' JSON for every matching row
    // before the sort took most of a 90-day request.
    return this.dataSource.query(
      `WITH params AS (SELECT $1::int, $2::timestamptz, $3::timestamptz, $4::float8, $5::text[], $6::text[], $7::text[], $8::text, $9::text, $10::text, $11::int),
            page AS (SELECT x.conversation_id, row_number() OVER (ORDER BY x.v ${s.order}${nulls}, x.conversation_id) AS n FROM (
                       SELECT f.conversation_id, ${key.column} AS v FROM conversation_facts f
                        WHERE f.workspace_id = $1 AND ${BY[s.by]} >= $2::timestamptz AND ${BY[s.by]} < $3::timestamptz
                          ${s.channels === null ? '' : 'AND f.channel = ANY($5::text[])'}${teamTagFilter(s, 'f.')}${statusFilter(s, '$4::float8')}${agentFilter(s, '$8::text')}${after}
                        ORDER BY ${order}
                        LIMIT $11::int) x)
       SELECT ${facts(s)} AS c, ${key.text} AS k FROM page p JOIN conversation_facts f ON f.workspace_id = $1 AND f.conversation_id = p.conversation_id
        ORDER BY p.n`,
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
