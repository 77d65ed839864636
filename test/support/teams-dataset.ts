/**
 * A small workspace of conversations with teams and tags (names with commas on purpose: filters
 * never comma-split), for the dimensions API suite and the team/tag filter browser suite.
 * Conversation i starts `hoursAgo` before `nowMs`; the agent answers after `replyMinutes`.
 */
export interface TeamsConversation {
  id: string;
  channel: string;
  team: string | null;
  tags: string[];
  hoursAgo: number;
  replyMinutes: number;
}

export const TEAMS_CONVERSATIONS: TeamsConversation[] = [
  { id: 'c1', channel: 'whatsapp', team: 'Sales', tags: ['vip'], hoursAgo: 30, replyMinutes: 5 },
  { id: 'c2', channel: 'whatsapp', team: 'Sales', tags: ['pricing', 'vip'], hoursAgo: 50, replyMinutes: 12 },
  { id: 'c3', channel: 'sms', team: 'Sales', tags: [], hoursAgo: 75, replyMinutes: 3 },
  { id: 'c4', channel: 'sms', team: 'Billing, EU', tags: ['refund, partial'], hoursAgo: 26, replyMinutes: 40 },
  { id: 'c5', channel: 'webchat', team: 'Billing, EU', tags: ['pricing'], hoursAgo: 100, replyMinutes: 90 },
  { id: 'c6', channel: 'webchat', team: null, tags: ['pricing'], hoursAgo: 120, replyMinutes: 2 },
  { id: 'c7', channel: 'whatsapp', team: null, tags: [], hoursAgo: 140, replyMinutes: 8 },
];

/** The events of the conversations, ids prefixed with `prefix` (one workspace's data apart from another's). */
export function teamsEvents(nowMs: number, prefix = 't', conversations = TEAMS_CONVERSATIONS): Record<string, unknown>[] {
  const at = (ms: number) => new Date(ms).toISOString();
  return conversations.flatMap((c) => {
    const start = nowMs - c.hoursAgo * 3_600_000;
    const base = { conversationId: `${prefix}-${c.id}`, contactId: `${prefix}-contact-${c.id}`, channel: c.channel };
    return [
      { ...base, id: `${prefix}-${c.id}-in`, type: 'message.received', occurredAt: at(start), sender: { type: 'customer' }, ...(c.tags.length > 0 && { tags: c.tags }) },
      ...(c.team !== null ? [{ ...base, id: `${prefix}-${c.id}-assign`, type: 'conversation.assigned', occurredAt: at(start + 60_000), agentId: `agent-${c.id}`, team: c.team }] : []),
      { ...base, id: `${prefix}-${c.id}-out`, type: 'message.sent', occurredAt: at(start + c.replyMinutes * 60_000), sender: { type: 'agent', id: `agent-${c.id}` } },
    ];
  });
}

/** Conversations per team / tag of a set, most first then by name: what GET /workspace/dimensions answers. */
export function expectedDimensions(conversations = TEAMS_CONVERSATIONS) {
  const count = (names: string[]) =>
    [...names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>())]
      .map(([name, n]) => ({ name, conversations: n }))
      .sort((a, b) => b.conversations - a.conversations || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    teams: count(conversations.flatMap((c) => (c.team ? [c.team] : []))),
    tags: count(conversations.flatMap((c) => c.tags)),
    withoutTeam: conversations.filter((c) => !c.team).length,
    withoutTags: conversations.filter((c) => c.tags.length === 0).length,
    truncated: { teams: false, tags: false },
  };
}
