/**
 * Conversation facts, derived from all stored events of one conversation exactly as
 * "How a conversation is read from its events" in events.md says. Pure: the incremental path
 * (on ingest) and `facts rebuild` both call it, so they cannot disagree.
 */

export interface FactEvent {
  id: string;
  type: string;
  /** Microseconds since the Unix epoch. */
  atUs: number;
  channel: string;
  contactId: string;
  senderType: string | null;
  senderId: string | null;
  campaignId: string | null;
  rating: number | null;
  /** Decimal text as stored (numeric), so sums stay exact. */
  value: string | null;
  currency: string | null;
}

/** Waits and first response for one choice of `responder` (any = agents and bots, agent = agents only). */
export interface ResponderFacts {
  firstResponseAtUs: number | null;
  /** Seconds from firstCustomerAt to firstResponseAt. */
  firstResponseTime: number | null;
  firstResponder: string | null;
  /** Instants (µs) at which each reply wait opened, in order; parallel to replyTimes. */
  replyWaitStartsUs: number[];
  /** Seconds each wait lasted until a response closed it. */
  replyTimes: number[];
}

export interface ConversationFacts {
  conversationId: string;
  channel: string;
  contactId: string;
  startedAtUs: number;
  lastEventAtUs: number;
  firstCustomerAtUs: number | null;
  any: ResponderFacts;
  agent: ResponderFacts;
  hasResponse: boolean;
  automated: boolean;
  resolvedAtUs: number | null;
  /** Seconds from startedAt to resolvedAt. */
  resolutionTime: number | null;
  rating: number | null;
  ratedAtUs: number | null;
  converted: boolean;
  conversions: number;
  /** Sum of conversion values per currency, as exact decimal strings. */
  revenue: Record<string, string>;
  messagesIn: number;
  messagesOut: number;
  events: number;
}

const RANK: Record<string, number> = { 'message.received': 0, 'message.sent': 1 };

/** Byte-wise comparison of UTF-8 strings, like PostgreSQL's COLLATE "C". */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The order of events.md: by instant; on ties received, sent, then the rest; then id byte-wise. */
export function compareEvents(a: FactEvent, b: FactEvent): number {
  return a.atUs - b.atUs || (RANK[a.type] ?? 2) - (RANK[b.type] ?? 2) || compareBytes(a.id, b.id);
}

const seconds = (us: number) => us / 1e6;

function responderFacts(sorted: FactEvent[], firstCustomerAtUs: number | null, agentOnly: boolean): ResponderFacts {
  const counts = (e: FactEvent) =>
    e.type === 'message.sent' && e.campaignId === null && (!agentOnly || e.senderType === 'agent');
  let first: FactEvent | null = null;
  const replyWaitStartsUs: number[] = [];
  const replyTimes: number[] = [];
  let waitUs: number | null = null;
  for (const e of sorted) {
    if (e.type === 'message.received') {
      if (waitUs === null) waitUs = e.atUs;
    } else if (counts(e)) {
      if (first === null && firstCustomerAtUs !== null && e.atUs >= firstCustomerAtUs) first = e;
      if (waitUs !== null) {
        replyWaitStartsUs.push(waitUs);
        replyTimes.push(seconds(e.atUs - waitUs));
        waitUs = null;
      }
    }
  }
  return {
    firstResponseAtUs: first?.atUs ?? null,
    firstResponseTime: first && firstCustomerAtUs !== null ? seconds(first.atUs - firstCustomerAtUs) : null,
    firstResponder: first?.senderId ?? null,
    replyWaitStartsUs,
    replyTimes,
  };
}

/** Adds two non-negative decimal strings exactly (no floating point). */
export function addDecimal(a: string, b: string): string {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  const scale = Math.max(af.length, bf.length);
  const sum = BigInt(ai + af.padEnd(scale, '0')) + BigInt(bi + bf.padEnd(scale, '0'));
  if (scale === 0) return sum.toString();
  const digits = sum.toString().padStart(scale + 1, '0');
  const frac = digits.slice(-scale).replace(/0+$/, '');
  const int = digits.slice(0, -scale);
  return frac ? `${int}.${frac}` : int;
}

/** Derives every conversation fact of events.md from the conversation's events (any order). */
export function deriveFacts(conversationId: string, events: FactEvent[]): ConversationFacts {
  if (events.length === 0) throw new Error(`conversation ${conversationId} has no events`);
  const sorted = [...events].sort(compareEvents);
  const earliest = sorted[0];
  const firstCustomer = sorted.find((e) => e.type === 'message.received') ?? null;
  const firstCustomerAtUs = firstCustomer?.atUs ?? null;
  const responses = sorted.filter((e) => e.type === 'message.sent' && e.campaignId === null);

  let resolvedAtUs: number | null = null;
  let rating: number | null = null;
  let ratedAtUs: number | null = null;
  let conversions = 0;
  const revenue: Record<string, string> = {};
  let messagesIn = 0;
  let messagesOut = 0;
  for (const e of sorted) {
    switch (e.type) {
      case 'message.received':
        messagesIn++;
        break;
      case 'message.sent':
        messagesOut++;
        break;
      case 'conversation.resolved':
        resolvedAtUs = e.atUs;
        break;
      case 'conversation.reopened':
        resolvedAtUs = null;
        break;
      case 'csat.submitted':
        rating = e.rating;
        ratedAtUs = e.atUs;
        break;
      case 'conversion':
        conversions++;
        if (e.currency !== null && e.value !== null) revenue[e.currency] = addDecimal(revenue[e.currency] ?? '0', e.value);
        break;
    }
  }

  return {
    conversationId,
    channel: earliest.channel,
    contactId: earliest.contactId,
    startedAtUs: earliest.atUs,
    lastEventAtUs: sorted[sorted.length - 1].atUs,
    firstCustomerAtUs,
    any: responderFacts(sorted, firstCustomerAtUs, false),
    agent: responderFacts(sorted, firstCustomerAtUs, true),
    hasResponse: responses.length > 0,
    automated: responses.length > 0 && responses.every((e) => e.senderType !== 'agent'),
    resolvedAtUs,
    resolutionTime: resolvedAtUs === null ? null : seconds(resolvedAtUs - earliest.atUs),
    rating,
    ratedAtUs,
    converted: conversions > 0,
    conversions,
    revenue,
    messagesIn,
    messagesOut,
    events: sorted.length,
  };
}

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
}

/** The reply_waits rows of one conversation (migration Rollups): its facts' waits as rows. */
export function replyWaits(facts: ConversationFacts): ReplyWait[] {
  const rows: ReplyWait[] = [];
  for (const agent of [false, true]) {
    const r = agent ? facts.agent : facts.any;
    r.replyWaitStartsUs.forEach((openedAtUs, i) =>
      rows.push({ conversationId: facts.conversationId, agent, n: i + 1, openedAtUs, seconds: r.replyTimes[i], channel: facts.channel, responder: r.firstResponder }),
    );
  }
  return rows;
}

/** A conversation_hours row with customer messages, as hourly_contacts needs it. */
export interface CustomerHour {
  hourS: number;
  channel: string;
  contactId: string;
  conversationId: string;
}

/**
 * The hourly_contacts rows (migration ContactSets) of the given (hour, channel) pairs, from their
 * customer-message rows: per pair, one 8-byte big-endian entry per row, ordered by contact key
 * then conversation key — the contact key with bit 31 set when the contact's first customer
 * message ever is in that hour and bit 30 when its first in that channel is, then the
 * conversation key. `firstHourS` maps `contact \0 channel` (channel '*': over all) to the hour of
 * that first message. A pair without rows gets none (its row is to be deleted).
 */
export function contactSetEntries(
  rows: CustomerHour[],
  contactKey: Map<string, number>,
  conversationKey: Map<string, number>,
  firstHourS: Map<string, number>,
): Map<string, { hourS: number; channel: string; entries: Buffer }> {
  const byPair = new Map<string, { hourS: number; channel: string; list: [number, number, number][] }>();
  for (const r of rows) {
    const pair = `${r.hourS} ${r.channel}`;
    let p = byPair.get(pair);
    if (!p) byPair.set(pair, (p = { hourS: r.hourS, channel: r.channel, list: [] }));
    const key = contactKey.get(r.contactId);
    const conversation = conversationKey.get(r.conversationId);
    if (key === undefined || conversation === undefined) throw new Error(`no key for contact '${r.contactId}' or conversation '${r.conversationId}'`);
    // Bits 30 and 31 are the flags: a workspace's 2^30th contact would need a wider entry.
    if (key > 0x3fffffff) throw new Error(`contact key ${key} does not fit in 30 bits`);
    const ever = firstHourS.get(`${r.contactId}\u0000*`) === r.hourS ? 0x80000000 : 0;
    const inChannel = firstHourS.get(`${r.contactId}\u0000${r.channel}`) === r.hourS ? 0x40000000 : 0;
    p.list.push([key, conversation, ever + inChannel]);
  }
  const out = new Map<string, { hourS: number; channel: string; entries: Buffer }>();
  for (const [pair, p] of byPair) {
    p.list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const entries = Buffer.alloc(p.list.length * 8);
    p.list.forEach(([key, conversation, flags], i) => {
      entries.writeUInt32BE(key + flags, i * 8);
      entries.writeInt32BE(conversation, i * 8 + 4);
    });
    out.set(pair, { hourS: p.hourS, channel: p.channel, entries });
  }
  return out;
}
