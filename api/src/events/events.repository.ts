import { Injectable } from '@nestjs/common';
import { STATUS_TYPES_SQL, type StatusEvent } from '../campaigns/message-status.repository.js';
import type { EntityManager } from 'typeorm';
import type { ValidEvent } from '@parley/shared';
import type { TouchChanges } from '../campaigns/campaign-touches.repository.js';

/** What a batch stored that its derived state depends on (DerivedStateService.recompute). */
export interface NewEvents {
  inserted: number;
  /** The conversations that received new events. */
  conversations: string[];
  statuses: StatusEvent[];
  touchChanges: TouchChanges;
}

/** A stored event as it goes into the typed columns of `events`. */
interface EventRow {
  event_id: string;
  type: string;
  occurred_at: string;
  conversation_id: string;
  contact_id: string;
  channel: string;
  sender_type: string | null;
  sender_id: string | null;
  campaign_id: string | null;
  message_id: string | null;
  agent_id: string | null;
  team: string | null;
  rating: number | null;
  value: string | null;
  currency: string | null;
  tags: string[] | null;
  attributes: Record<string, unknown> | null;
}

function toRow(e: ValidEvent): EventRow {
  const get = <T>(k: string) => ((e as Record<string, unknown>)[k] ?? null) as T | null;
  const sender = get<{ type: string; id?: string }>('sender');
  const value = get<number>('value');
  return {
    event_id: e.id,
    type: e.type,
    occurred_at: e.occurredAtUtc,
    conversation_id: e.conversationId,
    contact_id: e.contactId,
    channel: e.channel,
    sender_type: sender?.type ?? null,
    sender_id: sender?.id ?? null,
    campaign_id: get('campaignId'),
    message_id: get('messageId'),
    agent_id: get('agentId'),
    team: get('team'),
    rating: get('rating'),
    // A JSON number's shortest decimal form: numeric stores exactly what the client sent.
    value: value === null ? null : String(value),
    currency: get('currency'),
    tags: e.tags ?? null,
    attributes: e.attributes ?? null,
  };
}

@Injectable()
export class EventsRepository {
  /**
   * Inserts the events (ids unique within the batch), skipping ids already stored: first write
   * wins. Returns how many were new, their conversations, and their statuses, touches and
   * responses (what message_status and campaign_touches are refreshed from).
   */
  async insertNew(tx: EntityManager, workspaceId: number, events: ValidEvent[]): Promise<NewEvents> {
    if (events.length === 0) return { inserted: 0, conversations: [], statuses: [], touchChanges: { touches: [], responses: [] } };
    // One statement with one JSON parameter: fast on Postgres and PGlite alike, any batch size.
    const rows: { conversation_id: string; type: string; message_id: string | null; at: string | null; touch_id: string | null; responder: string | null }[] = await tx.query(
      `INSERT INTO events (workspace_id, event_id, type, occurred_at, conversation_id, contact_id, channel,
         sender_type, sender_id, campaign_id, message_id, agent_id, team, rating, value, currency, tags, attributes)
       SELECT $1, x.event_id, x.type, x.occurred_at, x.conversation_id, x.contact_id, x.channel,
         x.sender_type, x.sender_id, x.campaign_id, x.message_id, x.agent_id, x.team, x.rating, x.value, x.currency, x.tags, x.attributes
       FROM json_to_recordset($2::json) AS x(event_id text, type text, occurred_at timestamptz, conversation_id text,
         contact_id text, channel text, sender_type text, sender_id text, campaign_id text, message_id text, agent_id text,
         team text, rating smallint, value numeric, currency char(3), tags text[], attributes jsonb)
       ON CONFLICT (workspace_id, event_id) DO NOTHING
       RETURNING conversation_id, type, message_id,
         -- The instants of new status events (for message_status), replies and conversions; as text they keep their microseconds.
         CASE WHEN type IN (${STATUS_TYPES_SQL}, 'message.received', 'conversion') THEN occurred_at::text END AS at,
         -- And what can change campaign_touches rows: new touches, new replies and conversions.
         CASE WHEN campaign_id IS NOT NULL THEN event_id END AS touch_id,
         CASE WHEN type IN ('message.received', 'conversion') THEN contact_id END AS responder`,
      [workspaceId, JSON.stringify(events.map(toRow))],
    );
    // Status types require a messageId (events.md); `at` is set for them and for replies and conversions (whose responder is set).
    const statuses: StatusEvent[] = [];
    const touchChanges: TouchChanges = { touches: [], responses: [] };
    for (const r of rows) {
      if (r.touch_id !== null) touchChanges.touches.push(r.touch_id);
      if (r.responder !== null) touchChanges.responses.push({ contactId: r.responder, at: r.at! });
      else if (r.at !== null) statuses.push({ messageId: r.message_id!, type: r.type, occurredAt: r.at });
    }
    return { inserted: rows.length, conversations: [...new Set(rows.map((r) => r.conversation_id))], statuses, touchChanges };
  }
}
