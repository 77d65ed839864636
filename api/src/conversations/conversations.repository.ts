import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConversationFactsItem, StoredEvent } from '@parley/shared';
import { instant as at } from '../exports/exports.repository.js';

/** One conversation's facts as the API names them (calendar time, responder any: the export's columns). */
const FACTS = `json_build_object(
  'conversationId', f.conversation_id, 'channel', f.channel, 'contactId', f.contact_id, 'startedAt', ${at('f.started_at')},
  'firstCustomerAt', ${at('f.first_customer_at')}, 'firstResponseAt', ${at('f.first_response_at')}, 'firstResponseTime', f.first_response_time,
  'firstResponder', f.first_responder, 'agentFirstResponseAt', ${at('f.agent_first_response_at')},
  'agentFirstResponseTime', f.agent_first_response_time, 'agentFirstResponder', f.agent_first_responder,
  'replies', cardinality(f.reply_times), 'agentReplies', cardinality(f.agent_reply_times),
  'resolved', f.resolved_at IS NOT NULL, 'resolvedAt', ${at('f.resolved_at')}, 'resolutionTime', f.resolution_time,
  'automated', f.automated, 'rating', f.rating, 'ratedAt', ${at('f.rated_at')}, 'converted', f.converted, 'conversions', f.conversions,
  'revenue', CASE WHEN f.revenue = '{}'::jsonb THEN NULL ELSE f.revenue END, 'team', f.team, 'assignee', f.assignee, 'tags', f.tags,
  'firstAssignedAt', ${at('f.first_assigned_at')}, 'assignmentResponseTime', f.assignment_response_time,
  'messagesIn', f.messages_in, 'messagesOut', f.messages_out, 'events', f.events, 'lastEventAt', ${at('f.last_event_at')},
  'waitingSince', ${at('f.waiting_since')})`;

/** A stored event as the events export names its columns (sender as an object). */
const EVENT = `json_build_object(
  'id', e.event_id, 'type', e.type, 'occurredAt', ${at('e.occurred_at')}, 'conversationId', e.conversation_id, 'contactId', e.contact_id,
  'channel', e.channel,
  'sender', CASE WHEN e.sender_type IS NULL THEN NULL WHEN e.sender_id IS NULL THEN json_build_object('type', e.sender_type)
                 ELSE json_build_object('type', e.sender_type, 'id', e.sender_id) END,
  'campaignId', e.campaign_id, 'messageId', e.message_id, 'agentId', e.agent_id, 'team', e.team, 'rating', e.rating,
  'value', e.value::text, 'currency', e.currency::text, 'tags', e.tags, 'attributes', e.attributes, 'receivedAt', ${at('e.received_at')})`;

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
