/**
 * Events for the hand-worked fact and rollup specs (not built: see tsconfig.build.json): a base
 * instant, seconds in µs, and one builder per event type with neutral defaults.
 */
import type { FactEvent } from './facts.calculations.js';

/** Seconds → microseconds. */
export const S = 1_000_000;
/** 2026-11-20T08:00:00Z in µs, the base instant of most cases. */
export const T0 = Date.UTC(2026, 10, 20, 8, 0, 0) * 1000;
/** T0 + n seconds, in µs. */
export const at = (n: number) => T0 + n * S;

/** A FactEvent with neutral defaults; `extra` overrides any field. */
export function ev(id: string, type: string, atUs: number, extra: Partial<FactEvent> = {}): FactEvent {
  return {
    id,
    type,
    atUs,
    channel: 'whatsapp',
    contactId: 'contact-1',
    senderType: null,
    senderId: null,
    campaignId: null,
    rating: null,
    value: null,
    currency: null,
    ...extra,
  };
}
export const received = (id: string, atUs: number, extra: Partial<FactEvent> = {}) =>
  ev(id, 'message.received', atUs, { senderType: 'customer', ...extra });
export const agentSent = (id: string, atUs: number, agent = 'agent-1', extra: Partial<FactEvent> = {}) =>
  ev(id, 'message.sent', atUs, { senderType: 'agent', senderId: agent, ...extra });
export const botSent = (id: string, atUs: number, bot = 'bot-1', extra: Partial<FactEvent> = {}) =>
  ev(id, 'message.sent', atUs, { senderType: 'bot', senderId: bot, ...extra });
export const campaign = (id: string, atUs: number, campaignId = 'camp-1', senderType = 'bot', senderId = 'bot-1') =>
  ev(id, 'message.sent', atUs, { senderType, senderId, campaignId });
export const resolvedEv = (id: string, atUs: number) => ev(id, 'conversation.resolved', atUs);
export const reopenedEv = (id: string, atUs: number) => ev(id, 'conversation.reopened', atUs);
export const csat = (id: string, atUs: number, rating: number) => ev(id, 'csat.submitted', atUs, { rating });
export const conversion = (id: string, atUs: number, value: string, currency: string) =>
  ev(id, 'conversion', atUs, { value, currency });
/** A message status (message.delivered/read/failed): an event of the conversation, never a message. */
export const statusEv = (id: string, type: 'message.delivered' | 'message.read' | 'message.failed', atUs: number, extra: Partial<FactEvent> = {}) =>
  ev(id, type, atUs, extra);
