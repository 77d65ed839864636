/**
 * Which table answers each family of metric reads (as Plausible's TableDecider does): decided
 * once per scope, where the service builds it, from the period, the buckets, the channel filter
 * and the grouping. Pure; the repositories run the reads they are handed and decide nothing.
 *
 * The rollups hold sums per UTC hour and channel, so they answer a scope only when the period and
 * every bucket inside it fall on whole UTC hours (onWholeHours) and no team or tag filters or
 * groups it (then messages and contacts come from conversation_hours, which carries them);
 * otherwise every family reads the raw tables. First response, reply and resolution statistics are not decided here: exact
 * percentiles need every value, so they always read conversation_facts and reply_waits.
 */
import type { FirstFlag } from './contacts.calculations.js';
import { onWholeHours } from './period.calculations.js';
import { type Scope, cutsByTeamOrTag } from './scope.js';

export interface Tables {
  /** Conversations started, automation and ratings, each by its own instant. */
  conversations: 'hourly_conversations' | 'conversation_facts';
  /** Conversion sums per currency. */
  revenue: 'hourly_revenue' | 'events';
  /** Messages in and out, the heatmap's customer messages and the active channels. */
  messages: 'hourly_events' | 'conversation_hours' | 'events';
  /** Active, new and returning contacts (also the active contacts of messages) and cohorts. */
  contacts: 'hourly_contacts' | 'conversation_hours' | 'events';
  /**
   * With hourly_contacts: the flag that marks a contact's first message in the scope's channels
   * (contacts.calculations.ts); null when several channels are filtered, which no flag answers:
   * the firsts then come from contact_first.
   */
  first: FirstFlag;
}

export interface Asked {
  fromMs: number;
  toMs: number;
  /** Bucket starts, ascending (the first may be before fromMs). */
  bounds: number[];
  channels: string[] | null;
  teams: string[] | null;
  tags: string[] | null;
  group: Scope['group'];
}

export function decideTables(a: Asked): Tables {
  const wholeHours = onWholeHours(a.fromMs, a.toMs, a.bounds);
  // The hourly sums are per channel: a team or tag (a fact a reassignment moves) is not in them,
  // but conversation_hours carries both, replaced with the conversation's facts.
  const cut = cutsByTeamOrTag(a);
  const hourly = wholeHours && !cut;
  const byConversationHour = wholeHours && cut;
  // hourly_conversations and hourly_revenue are per channel: they cannot split by first responder.
  const perChannel = hourly && a.group !== 'agent';
  return {
    conversations: perChannel ? 'hourly_conversations' : 'conversation_facts',
    revenue: perChannel ? 'hourly_revenue' : 'events',
    messages: hourly ? 'hourly_events' : byConversationHour ? 'conversation_hours' : 'events',
    contacts: hourly ? 'hourly_contacts' : byConversationHour ? 'conversation_hours' : 'events',
    first: firstFlag(a),
  };
}

/** The hourly_contacts flag for a contact's first message within the scope's channels. */
function firstFlag(a: Asked): FirstFlag {
  if (a.group === 'channel' || a.channels?.length === 1) return 'channel';
  return a.channels === null ? 'ever' : null;
}
