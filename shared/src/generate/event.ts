/** The event shape every generator writes (events.md), and the pieces the test and bench data share. */

/** One event, as POSTed to /api/v1/events. Loose on purpose: tests also build invalid ones. */
export interface GeneratedEvent {
  id: string;
  type: string;
  occurredAt: string;
  conversationId: string;
  contactId: string;
  channel: string;
  sender?: { type: 'customer' } | { type: 'agent' | 'bot'; id: string };
  campaignId?: string;
  messageId?: string;
  agentId?: string;
  team?: string;
  rating?: number;
  value?: number;
  currency?: string;
  tags?: string[];
  attributes?: Record<string, unknown>;
}

/** Channels and their share of new contacts. */
export const CHANNEL_MIX: readonly (readonly [string, number])[] = [
  ['whatsapp', 0.35],
  ['webchat', 0.2],
  ['messenger', 0.15],
  ['instagram', 0.1],
  ['email', 0.1],
  ['sms', 0.1],
];

/** Client UTC offsets: as written, in minutes, and their share of conversations (bench). */
export const CLIENT_OFFSETS: readonly (readonly [string, number, number])[] = [
  ['Z', 0, 0.15],
  ['+01:00', 60, 0.3],
  ['+02:00', 120, 0.15],
  ['-05:00', -300, 0.2],
  ['+05:30', 330, 0.1],
  ['-03:00', -180, 0.1],
];

/** Formats an instant with the given offset, with ms or µs precision, as a client might send it. */
export function isoWithOffset(ms: number, offset: string, minutes: number, micros: number | null): string {
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
  return `${local}${micros === null ? '' : String(micros).padStart(3, '0')}${offset}`;
}
