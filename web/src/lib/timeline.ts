/**
 * The conversation page's timeline (api.md "Drill-down"): the events in order, and the waits of
 * the reply-time walk drawn between them (events.md "Reply time"): a wait opens at the first
 * customer message after the last response and closes at the next response, a message.sent
 * that is not a campaign message, from anyone (responder any) or from an agent (agent); message
 * statuses neither open nor close one. The last wait may still be open. Pure.
 */
import type { StoredEvent } from '@parley/shared';

export interface TimelineWait {
  /** Indexes in the events of the customer message that opened it and of the response that closed it (null: still open). */
  from: number;
  to: number | null;
  openedAt: string;
  closedAt: string | null;
  /** Seconds from opening to closing (microsecond-exact); null while open. */
  seconds: number | null;
}

/** Microseconds since the epoch of the API's instants (UTC ISO 8601 with microseconds). */
export function micros(iso: string): number {
  const m = /\.(\d{1,6})Z$/.exec(iso);
  const fraction = m ? Number(m[1].padEnd(6, '0')) : 0;
  return Math.floor(Date.parse(iso) / 1000) * 1_000_000 + fraction;
}

const isResponse = (e: StoredEvent, responder: 'any' | 'agent') =>
  e.type === 'message.sent' && e.campaignId === null && (responder === 'any' || e.sender?.type === 'agent');

export function timelineWaits(events: readonly StoredEvent[], responder: 'any' | 'agent' = 'any'): TimelineWait[] {
  const waits: TimelineWait[] = [];
  let open: number | null = null;
  events.forEach((e, i) => {
    if (e.type === 'message.received') {
      if (open === null) open = i;
    } else if (open !== null && isResponse(e, responder)) {
      const from = events[open];
      waits.push({ from: open, to: i, openedAt: from.occurredAt, closedAt: e.occurredAt, seconds: (micros(e.occurredAt) - micros(from.occurredAt)) / 1e6 });
      open = null;
    }
  });
  if (open !== null) waits.push({ from: open, to: null, openedAt: events[open].occurredAt, closedAt: null, seconds: null });
  return waits;
}

/** Who an event is from, in words: the customer, an agent or bot by id, or the system. */
export function eventActor(e: StoredEvent): string {
  if (e.sender?.type === 'customer') return 'Customer';
  if (e.sender) return `${e.sender.type === 'bot' ? 'Bot' : 'Agent'} ${e.sender.id ?? ''}`.trim();
  if (e.type === 'conversation.assigned') return e.agentId ? `Assigned to ${e.agentId}${e.team ? ` (${e.team})` : ''}` : 'Assigned';
  return 'System';
}
