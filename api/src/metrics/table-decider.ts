/**
 * Which table answers each family of metric reads (as Plausible's TableDecider does): decided
 * once per scope, where the service builds it, from the period, the buckets, the channel filter
 * and the grouping. Pure; the repositories run the reads they are handed and decide nothing.
 *
 * The rollups hold sums per UTC hour and channel, under the totals, each team and each tag
 * (rollups/cut-rows.ts), so they answer a scope only when the period and every bucket inside it
 * fall on whole UTC hours (onWholeHours) and its team and tag cut is one their rows give
 * (rollupCut); a cut they do not give (a team and a tag, several tags, …) reads messages and
 * contacts from conversation_hours, which carries both; otherwise every family reads the raw tables.
 * Calendar duration percentiles (first response, reply, resolution, assignment) come from
 * duration_bins' counts on whole hours without a team or tag cut or a team or tag grouping
 * (binned-percentiles.calculations.ts), else by sorting reply_waits and conversation_facts.
 * groupBy=agent reads the first responder rows of both (hourly_conversations' cuts
 * 'responder' and 'agent_responder', duration_bins' grouped measures).
 */
import type { FirstFlag } from './contacts.calculations.js';
import { NONE_VALUE } from '@parley/shared';
import { partialHourStart } from './partial-hour.calculations.js';
import { onWholeHours } from './period.calculations.js';
import type { RollupCut, Scope } from './scope.js';

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
  /** The rollup rows read (rollupCut); null when they cannot answer the scope's cut. */
  cut: RollupCut | null;
  /** Duration percentiles: binned counts, then one bin's values, or a sort of every value (exact either way). */
  percentiles: 'duration_bins' | 'sort';
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
  responder: Scope['responder'];
  hours: Scope['hours'];
}

export function decideTables(a: Asked): Tables {
  const wholeHours = onWholeHours(a.fromMs, a.toMs, a.bounds);
  const cut = rollupCut(a);
  const hourly = wholeHours && cut !== null;
  // The first responder cuts are hourly_conversations' alone (response-times, the one report
  // grouped by agent, reads nothing else): the other families read the raw tables under them.
  const byResponder = cut !== null && (cut.cut === 'responder' || cut.cut === 'agent_responder');
  // A team or tag cut the rollups do not give: conversation_hours carries the conversation's
  // team and tags (replaced with its facts).
  const byConversationHour = wholeHours && cut === null;
  const first = firstFlag(a, cut);
  // Under a team or tag, only the flag of one value (no channel) gives new contacts; otherwise
  // conversation_hours counts them (with its own cut flags or one look-up per contact).
  const setsAnswerContacts = wholeHours && cut !== null && (cut.cut === '' || first !== null);
  return {
    conversations: hourly ? 'hourly_conversations' : 'conversation_facts',
    revenue: hourly && !byResponder ? 'hourly_revenue' : 'events',
    messages: byResponder ? 'events' : hourly ? 'hourly_events' : byConversationHour ? 'conversation_hours' : 'events',
    contacts: byResponder ? 'events' : setsAnswerContacts ? 'hourly_contacts' : wholeHours ? 'conversation_hours' : 'events',
    first,
    cut,
    // duration_bins has rows per channel, for all channels and per first responder, of calendar
    // durations only.
    percentiles:
      wholeHours && a.hours === 'calendar' && a.teams === null && a.tags === null && (a.group === 'none' || a.group === 'channel' || a.group === 'agent')
        ? 'duration_bins'
        : 'sort',
  };
}

/**
 * A period from a whole hour to a moment inside a later one (a running "today", GET /live) whose
 * whole hours the rollups answer in full — every family, new contacts by a flag: those hours from
 * the rollups, the partial last hour (hourMs on) from the events and facts, added up
 * (partial-hour.calculations.ts). Null: the period is read as decideTables says.
 */
export function decidePartialHour(a: Asked): { hourMs: number; whole: Tables } | null {
  const hourMs = partialHourStart(a.fromMs, a.toMs, a.bounds);
  if (hourMs === null) return null;
  const whole = decideTables({ ...a, toMs: hourMs });
  const all =
    whole.conversations === 'hourly_conversations' && whole.revenue === 'hourly_revenue' && whole.messages === 'hourly_events' && whole.contacts === 'hourly_contacts';
  return all && whole.first !== null ? { hourMs, whole } : null;
}

/**
 * The rollup rows of a scope's team and tag cut, or null when none give it: the totals without a
 * cut; a team's rows for teams (each conversation has one team, so several add up); one tag's
 * rows for one tag; every team's or tag's for groupBy=team|tag without a filter of the other.
 * Several tags (a conversation with two would count twice), a team with a tag, or groupBy=tag
 * with a tag filter (a kept conversation also counts under its other tags) are not in them.
 */
export function rollupCut(a: Pick<Asked, 'teams' | 'tags' | 'group' | 'responder'>): RollupCut | null {
  const values = (v: string[]) => v.map((x) => (x === NONE_VALUE ? '' : x));
  // groupBy=agent: hourly_conversations' rows per first responder of the scope's responder,
  // which hold no team or tag.
  if (a.group === 'agent') return a.teams === null && a.tags === null ? { cut: a.responder === 'agent' ? 'agent_responder' : 'responder', values: null } : null;
  if (a.teams === null && a.tags === null) {
    if (a.group === 'team') return { cut: 'team', values: null };
    if (a.group === 'tag') return { cut: 'tag', values: null };
    return { cut: '', values: null };
  }
  if (a.tags === null && a.group !== 'tag') return { cut: 'team', values: values(a.teams!) };
  if (a.teams === null && a.tags!.length === 1 && a.group !== 'team' && a.group !== 'tag') return { cut: 'tag', values: values(a.tags!) };
  return null;
}

/**
 * The hourly_contacts flag for a contact's first message within the scope: in the totals, ever
 * or in the row's channel; under one team or tag, the same bits mark the firsts within it (per
 * channel: grouped by channel or one channel filtered); null otherwise (several values, or
 * several channels).
 */
function firstFlag(a: Asked, cut: RollupCut | null): FirstFlag {
  if (cut !== null && cut.cut !== '') {
    if (cut.values?.length !== 1) return null;
    if (a.group === 'channel' || (a.channels?.length === 1 && a.group === 'none')) return 'channel';
    return a.channels === null && a.group === 'none' ? 'ever' : null;
  }
  if (a.group === 'channel' || a.channels?.length === 1) return 'channel';
  return a.channels === null ? 'ever' : null;
}
