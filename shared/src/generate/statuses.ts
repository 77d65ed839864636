/**
 * Message statuses as a WhatsApp/SMS platform reports them (events.md "Message status"), shared by
 * the demo (demo.ts) and the bench stream (stream.ts): what becomes of an outbound message, and
 * when each status arrives. The e2e test profile has its own, older post-pass (scenario.ts).
 */
import type { Random } from './random.js';

/**
 * What the platform reports for one message:
 * - `failed`: a message.failed only (never delivered, never read, no reply to it);
 * - `none`: no status at all (the webhook never came);
 * - `delivered`: delivered, not (yet) read;
 * - `read`: delivered, then read;
 * - `read-only`: read without a delivered (some platforms skip it).
 */
export type StatusOutcome = 'failed' | 'none' | 'delivered' | 'read' | 'read-only';

type Mix = readonly (readonly [StatusOutcome, number])[];

/**
 * Broadcasts: ~94 % delivered (read-only included), ~67 % of those read; SMS has no read receipts.
 * (Shares of all campaign messages; demo.spec.ts checks what comes out.)
 */
export const CAMPAIGN_STATUS_MIX: { readonly sms: Mix; readonly other: Mix } = {
  other: [['failed', 0.03], ['none', 0.03], ['delivered', 0.31], ['read', 0.6], ['read-only', 0.03]],
  sms: [['failed', 0.04], ['none', 0.04], ['delivered', 0.92]],
};

/** Messages in a live conversation: the customer is there, so nearly all delivered and most read. */
export const CONVERSATION_STATUS_MIX: { readonly sms: Mix; readonly other: Mix } = {
  other: [['failed', 0.01], ['none', 0.02], ['delivered', 0.12], ['read', 0.83], ['read-only', 0.02]],
  sms: [['failed', 0.01], ['none', 0.02], ['delivered', 0.97]],
};

export function statusOutcome(r: Random, channel: string, mix: { readonly sms: Mix; readonly other: Mix }): StatusOutcome {
  return r.weighted(channel === 'sms' ? mix.sms : mix.other);
}

/** Whether a recipient can answer (reply, click its link) a message with this outcome: not when it failed or sits unread (SMS: delivered is all there is). */
export function canReply(outcome: StatusOutcome, channel: string): boolean {
  return outcome === 'read' || outcome === 'read-only' || outcome === 'none' || (channel === 'sms' && outcome === 'delivered');
}

/** The share of messages whose recipient can answer (for turning an overall reply rate into one given the outcome). */
export function replyableShare(channel: string, mix: { readonly sms: Mix; readonly other: Mix }): number {
  let total = 0;
  let can = 0;
  for (const [o, w] of channel === 'sms' ? mix.sms : mix.other) {
    total += w;
    if (canReply(o, channel)) can += w;
  }
  return can / total;
}

/** The most a status is stamped before its message (another clock): 1 ms up to this. */
export const EARLY_STATUS_MS = 3000;
/** Share of statuses stamped before their message. */
const EARLY_SHARE = 0.015;

export type StatusType = 'message.delivered' | 'message.read' | 'message.failed';

export interface StatusTiming {
  /** A broadcast reaches phones that are off (delivered hours later) and is read at leisure; a live message within seconds. */
  kind: 'campaign' | 'conversation';
  /** The customer's next message, if any: the read comes before it. */
  readBy?: number;
}

/**
 * The statuses of a message sent at `sentMs` with this outcome, as [type, instant] pairs in time
 * order of their cause (a skewed clock may stamp one up to EARLY_STATUS_MS before the message).
 */
export function statusTimes(r: Random, outcome: StatusOutcome, sentMs: number, timing: StatusTiming): [StatusType, number][] {
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  const HOUR = 60 * MINUTE;
  const campaign = timing.kind === 'campaign';
  const stamp = (ms: number) => (r.chance(EARLY_SHARE) ? sentMs - r.int(1, EARLY_STATUS_MS) : Math.round(ms));
  if (outcome === 'none') return [];
  if (outcome === 'failed') return [['message.failed', stamp(sentMs + Math.max(SECOND, r.logNormal(campaign ? 25 * SECOND : 4 * SECOND, 1.1)))]];
  // Delivered within seconds, or (broadcasts, one in seven) hours later when the phone comes back on.
  let deliveredAt = sentMs + Math.max(300, r.logNormal(campaign ? 3 * SECOND : 1.5 * SECOND, 0.8));
  if (campaign && r.chance(0.14)) deliveredAt += r.exponential(3 * HOUR);
  const readBy = timing.readBy !== undefined && timing.readBy > sentMs ? timing.readBy : undefined;
  if (readBy !== undefined) deliveredAt = Math.min(deliveredAt, sentMs + (readBy - sentMs) * 0.5);
  const out: [StatusType, number][] = [];
  if (outcome !== 'read-only') out.push(['message.delivered', stamp(deliveredAt)]);
  if (outcome === 'read' || outcome === 'read-only') {
    // Read at leisure, but before the customer answers (someone who answers days later read it within hours, mostly).
    let readAt = deliveredAt + Math.max(2 * SECOND, r.logNormal(campaign ? 40 * MINUTE : 50 * SECOND, campaign ? 1.3 : 1));
    if (readBy !== undefined && readAt >= readBy) readAt = deliveredAt + (readBy - deliveredAt) * r.between(0.2, 0.95);
    out.push(['message.read', stamp(readAt)]);
  }
  return out;
}
