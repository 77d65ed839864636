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
  /** conversation.assigned only: the assignee and its optional team. */
  agentId?: string | null;
  team?: string | null;
  tags?: string[] | null;
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
  /** The start of the wait the walk ends with open (events.md "waiting"); null when not waiting. */
  waitingSinceUs: number | null;
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
  /** The union of all events' tags, distinct, byte order. */
  tags: string[];
  /** agentId and team of the latest conversation.assigned (null when never assigned or without team). */
  assignee: string | null;
  team: string | null;
  firstAssignedAtUs: number | null;
  /** Seconds from firstAssignedAt to the earliest agent response at or after it. */
  assignmentResponseTime: number | null;
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
    waitingSinceUs: waitUs,
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
  let firstAssignedAtUs: number | null = null;
  let assigned: FactEvent | null = null;
  const tags = new Set<string>();
  for (const e of sorted) {
    for (const t of e.tags ?? []) tags.add(t);
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
      case 'conversation.assigned':
        firstAssignedAtUs ??= e.atUs;
        assigned = e;
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

  // Any agent's response counts, not only the assignee's (events.md).
  const assignmentResponse =
    firstAssignedAtUs === null ? null : (responses.find((e) => e.senderType === 'agent' && e.atUs >= firstAssignedAtUs!) ?? null);

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
    tags: [...tags].sort(compareBytes),
    assignee: assigned?.agentId ?? null,
    team: assigned?.team ?? null,
    firstAssignedAtUs,
    assignmentResponseTime: assignmentResponse && firstAssignedAtUs !== null ? seconds(assignmentResponse.atUs - firstAssignedAtUs) : null,
  };
}
