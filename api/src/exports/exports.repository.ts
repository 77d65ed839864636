import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ExportScope {
  workspaceId: number;
  from: string;
  to: string;
  channels: string[] | null;
}

/** Instants as UTC ISO 8601 with microseconds, formatted by the database (fast, exact). */
const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns of the conversations export, named as the facts in events.md. */
export const CONVERSATION_COLUMNS = [
  'conversationId', 'channel', 'contactId', 'startedAt', 'firstCustomerAt', 'firstResponseAt', 'firstResponseTime',
  'firstResponder', 'agentFirstResponseAt', 'agentFirstResponseTime', 'agentFirstResponder', 'replies', 'agentReplies',
  'resolved', 'resolvedAt', 'resolutionTime', 'automated', 'rating', 'ratedAt', 'converted', 'conversions', 'revenue',
  'messagesIn', 'messagesOut', 'events', 'lastEventAt',
] as const;

export const EVENT_COLUMNS = [
  'id', 'type', 'occurredAt', 'conversationId', 'contactId', 'channel', 'sender', 'campaignId', 'messageId', 'agentId',
  'team', 'rating', 'value', 'currency', 'tags', 'attributes', 'receivedAt',
] as const;

/**
 * Keyset pages in a stable order: memory stays flat however many rows, on Postgres and PGlite.
 * Each page starts after the last row of the previous one (sort key in `after`).
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  conversationsPage(s: ExportScope, after: [string, string] | null, limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT conversation_id AS "conversationId", channel, contact_id AS "contactId", ${ts('started_at')} AS "startedAt",
              ${ts('first_customer_at')} AS "firstCustomerAt", ${ts('first_response_at')} AS "firstResponseAt",
              first_response_time AS "firstResponseTime", first_responder AS "firstResponder",
              ${ts('agent_first_response_at')} AS "agentFirstResponseAt", agent_first_response_time AS "agentFirstResponseTime",
              agent_first_responder AS "agentFirstResponder", cardinality(reply_times) AS replies,
              cardinality(agent_reply_times) AS "agentReplies", resolved_at IS NOT NULL AS resolved, ${ts('resolved_at')} AS "resolvedAt",
              resolution_time AS "resolutionTime", automated, rating, ${ts('rated_at')} AS "ratedAt", converted, conversions,
              CASE WHEN revenue = '{}'::jsonb THEN NULL ELSE revenue::text END AS revenue,
              messages_in AS "messagesIn", messages_out AS "messagesOut", events, ${ts('last_event_at')} AS "lastEventAt",
              started_at::text AS k1, conversation_id AS k2
         FROM conversation_facts
        WHERE workspace_id = $1 AND started_at >= $2::timestamptz AND started_at < $3::timestamptz
          AND ($4::text[] IS NULL OR channel = ANY($4::text[]))
          AND ($5::timestamptz IS NULL OR (started_at, conversation_id) > ($5::timestamptz, $6::text))
        ORDER BY started_at, conversation_id
        LIMIT $7`,
      [s.workspaceId, s.from, s.to, s.channels, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  eventsPage(s: ExportScope, after: [string, string] | null, limit: number): Promise<Record<string, unknown>[]> {
    const join = s.channels !== null;
    return this.dataSource.query(
      `SELECT e.event_id AS id, e.type, ${ts('e.occurred_at')} AS "occurredAt", e.conversation_id AS "conversationId",
              e.contact_id AS "contactId", e.channel,
              CASE WHEN e.sender_type IS NULL THEN NULL
                   ELSE json_strip_nulls(json_build_object('type', e.sender_type, 'id', e.sender_id))::text END AS sender,
              e.campaign_id AS "campaignId", e.message_id AS "messageId", e.agent_id AS "agentId", e.team, e.rating,
              e.value::text AS value, e.currency, to_json(e.tags)::text AS tags, e.attributes::text AS attributes,
              ${ts('e.received_at')} AS "receivedAt", e.occurred_at::text AS k1, e.event_id AS k2
         FROM events e
         ${join ? 'JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id' : ''}
        WHERE e.workspace_id = $1 AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz
          AND ${join ? 'f.channel = ANY($4::text[])' : '$4::text[] IS NULL'}
          AND ($5::timestamptz IS NULL OR (e.occurred_at, e.event_id) > ($5::timestamptz, $6::text))
        ORDER BY e.occurred_at, e.event_id
        LIMIT $7`,
      [s.workspaceId, s.from, s.to, s.channels, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
