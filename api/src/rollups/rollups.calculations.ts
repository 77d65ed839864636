/**
 * Rollup rows derived in Node from a conversation's facts and events (conversation_hours,
 * reply_waits), and the hourly_contacts entries of (hour, channel) pairs under each cut. Pure: ingest and
 * `facts rebuild` call the same functions.
 */
import type { BusinessHours } from '@parley/shared';
import { businessDuration } from '../business-hours/business-facts.calculations.js';
import { type ConversationFacts, type FactEvent, addDecimal } from '../facts/facts.calculations.js';
import { type ContactSetEntry, encodeContactSet } from './contact-set.codec.js';
import type { Cut } from './cut-rows.js';

/** One row of the conversation_hours rollup: a conversation's events in one UTC hour, per contact. */
export interface ConversationHour {
  conversationId: string;
  /** Start of the UTC hour, in seconds since the Unix epoch. */
  hourS: number;
  contactId: string;
  /** The conversation's channel (its earliest event's), not the event's own. */
  channel: string;
  events: number;
  messagesIn: number;
  messagesOut: number;
  /** The hour's first customer message (µs), null when it has none. */
  firstInAtUs: number | null;
  /** The hour's conversion values per currency (exact decimal strings), null when it has none. */
  revenue: Record<string, string> | null;
  /** The conversation's team and tags (facts), so team/tag cuts of messages and contacts read this table alone. */
  team: string | null;
  tags: string[];
}

const HOUR_US = 3_600_000_000;

/**
 * The conversation_hours rows of one conversation (migration Rollups): its events grouped by UTC
 * hour and contact, under the conversation's channel.
 */
export function conversationHours(facts: ConversationFacts, events: FactEvent[]): ConversationHour[] {
  const rows = new Map<string, ConversationHour>();
  for (const e of events) {
    const hourS = Math.floor(e.atUs / HOUR_US) * 3600;
    const key = `${hourS}\u0000${e.contactId}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        conversationId: facts.conversationId,
        hourS,
        contactId: e.contactId,
        channel: facts.channel,
        events: 0,
        messagesIn: 0,
        messagesOut: 0,
        firstInAtUs: null,
        revenue: null,
        team: facts.team,
        tags: facts.tags,
      };
      rows.set(key, row);
    }
    row.events++;
    if (e.type === 'message.received') {
      row.messagesIn++;
      if (row.firstInAtUs === null || e.atUs < row.firstInAtUs) row.firstInAtUs = e.atUs;
    } else if (e.type === 'message.sent') row.messagesOut++;
    else if (e.type === 'conversion' && e.currency !== null && e.value !== null) {
      row.revenue ??= {};
      row.revenue[e.currency] = addDecimal(row.revenue[e.currency] ?? '0', e.value);
    }
  }
  return [...rows.values()];
}

/** One row of the reply_waits rollup: a reply wait of a conversation and how long it lasted. */
export interface ReplyWait {
  conversationId: string;
  /** responder=agent (only agents close waits) or any. */
  agent: boolean;
  /** 1-based position of the wait in the conversation. */
  n: number;
  openedAtUs: number;
  seconds: number;
  channel: string;
  /** The conversation's first responder for this choice of responder (groupBy=agent). */
  responder: string | null;
  /** The conversation's team and tags (facts), so team/tag cuts read reply_waits alone. */
  team: string | null;
  tags: string[];
  /** seconds in business time under the workspace's schedule; null without one (migration BusinessTime). */
  bizSeconds: number | null;
}

/** The reply_waits rows of one conversation (migration Rollups): its facts' waits as rows. */
export function replyWaits(facts: ConversationFacts, schedule: BusinessHours | null = null): ReplyWait[] {
  const rows: ReplyWait[] = [];
  for (const agent of [false, true]) {
    const r = agent ? facts.agent : facts.any;
    r.replyWaitStartsUs.forEach((openedAtUs, i) =>
      rows.push({
        conversationId: facts.conversationId,
        agent,
        n: i + 1,
        openedAtUs,
        seconds: r.replyTimes[i],
        channel: facts.channel,
        responder: r.firstResponder,
        team: facts.team,
        tags: facts.tags,
        bizSeconds: businessDuration(openedAtUs, r.replyTimes[i], schedule),
      }),
    );
  }
  return rows;
}

/** A conversation_hours row with customer messages, as hourly_contacts needs it. */
/** A conversation_hours row as read for its contact sets (snake_case, without its hour). */
export interface CustomerHourRow {
  channel: string;
  contact_id: string;
  conversation_id: string;
  team: string | null;
  tags: string[];
  first_in_team: boolean;
  first_in_tags: (string | null)[];
  first_in_team_channel: boolean;
  first_in_tags_channel: (string | null)[];
}

/** The CustomerHour of a conversation_hours row of hour hourS. */
export const customerHourOf = (r: CustomerHourRow, hourS: number): CustomerHour => ({
  hourS,
  channel: r.channel,
  contactId: r.contact_id,
  conversationId: r.conversation_id,
  team: r.team,
  tags: r.tags,
  firstInTeam: r.first_in_team,
  firstInTags: r.first_in_tags,
  firstInTeamChannel: r.first_in_team_channel,
  firstInTagsChannel: r.first_in_tags_channel,
});

export interface CustomerHour {
  hourS: number;
  channel: string;
  contactId: string;
  conversationId: string;
  /** The conversation's team and tags, and the row's cut flags (contact-first.repository.ts setCutFirsts). */
  team: string | null;
  tags: string[];
  firstInTeam: boolean;
  /** The tags (null: no tags) of which this row holds the contact's first customer message. */
  firstInTags: (string | null)[];
  /** The same two among the conversations of the row's channel. */
  firstInTeamChannel: boolean;
  firstInTagsChannel: (string | null)[];
}

/** One hourly_contacts row: an (hour, channel) pair's entries under one cut (cut-rows.ts). */
export interface ContactSetRow {
  hourS: number;
  channel: string;
  cut: Cut;
  cutValue: string;
  entries: Buffer;
}

/**
 * The hourly_contacts rows (migrations ContactSets, CutRollups) of the given (hour, channel)
 * pairs, from their customer-message rows: per pair and cut, one entry per row
 * (contact-set.codec.ts). In the totals (cut '') an entry is flagged where the contact's first
 * customer message ever, or in that channel, is in that hour; `firstHourS` maps
 * `contact \0 channel` (channel '*': over all) to the hour of that first message. Under a team
 * or a tag, the "ever" flag marks the contact's first customer message among that team's or
 * tag's conversations and the channel flag the first among those of the row's channel (the
 * row's cut flags). A pair without rows
 * gets none (its rows are to be deleted).
 */
export function contactSetEntries(
  rows: CustomerHour[],
  contactKey: Map<string, number>,
  conversationKey: Map<string, number>,
  firstHourS: Map<string, number>,
): ContactSetRow[] {
  const byRow = new Map<string, { hourS: number; channel: string; cut: Cut; cutValue: string; list: ContactSetEntry[] }>();
  const add = (r: CustomerHour, cut: Cut, cutValue: string, entry: ContactSetEntry) => {
    const id = `${r.hourS} ${r.channel}\u0000${cut}\u0000${cutValue}`;
    let p = byRow.get(id);
    if (!p) byRow.set(id, (p = { hourS: r.hourS, channel: r.channel, cut, cutValue, list: [] }));
    p.list.push(entry);
  };
  for (const r of rows) {
    const key = contactKey.get(r.contactId);
    const conversation = conversationKey.get(r.conversationId);
    if (key === undefined || conversation === undefined) throw new Error(`no key for contact '${r.contactId}' or conversation '${r.conversationId}'`);
    const entry = (firstEver: boolean, firstInChannel: boolean) => ({ contactKey: key, conversationKey: conversation, firstEver, firstInChannel });
    add(r, '', '', entry(firstHourS.get(`${r.contactId}\u0000*`) === r.hourS, firstHourS.get(`${r.contactId}\u0000${r.channel}`) === r.hourS));
    add(r, 'team', r.team ?? '', entry(r.firstInTeam, r.firstInTeamChannel));
    for (const tag of r.tags.length === 0 ? [null] : r.tags) add(r, 'tag', tag ?? '', entry(r.firstInTags.includes(tag), r.firstInTagsChannel.includes(tag)));
  }
  return [...byRow.values()].map(({ list, ...p }) => ({ ...p, entries: encodeContactSet(list) }));
}
