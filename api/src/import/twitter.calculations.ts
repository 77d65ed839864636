/**
 * IBM "Twitter Customer Care Document Prediction" conversations (fixtures/ibm-twitter-customer-care,
 * Apache-2.0) → Parley events, exactly as they would be POSTed to /api/v1/events (events.md). Pure.
 *
 * Mapping, per conversation:
 * - `conversationId` `tw-<sessionID>`; `contactId` `tw-<screen name of the "client">` on every event
 *   (each conversation of the data set has exactly one "client"); `channel` `twitter`;
 *   `attributes.company` = `dialogHeader.company` on every event.
 * - every tweet of `dialogContent` is one message: a `client`/`client1` tweet → `message.received`
 *   (`sender {type:'customer'}`; a `client1` tweet — a second user joining the thread — also carries
 *   `attributes.author`, since a customer sender has no id of its own); an `agent` tweet →
 *   `message.sent` by `{type:'agent', id: <its screen name>}`.
 * - the agent's final tweet, `agentURL`, is one more `message.sent`, by `{type:'agent', id: company}`
 *   (`agentURL` names no author: the data set took these tweets from the company's own timeline). It is
 *   never part of `dialogContent` in the data (messageCount = dialogContent + 1 in all 1,025 rows);
 *   should it ever be, the tweet is still counted once.
 * - `conversation.opened` at the first tweet, `conversation.resolved` at the agent's final tweet.
 * - Every instant comes from the tweet id (a snowflake: exact to the millisecond). `dialogContent`'s
 *   `datetime` is that same instant truncated to the second, so it is not used.
 * - Event ids: `tw-<sessionID>-<tweet_ID>` for messages, `tw-<sessionID>-opened` / `-resolved`.
 *   The tweet id alone is not enough: the same tweet can belong to two conversations of the data set
 *   (7 tweets do in dev + test; dev #60 and #386 are even the same thread under two session ids), and
 *   an event id is the workspace-wide idempotency key, so the second conversation would lose them.
 *   The platform's id is kept in `messageId`.
 */

// ---------------------------------------------------------------------------------------------
// The data set's JSON
// ---------------------------------------------------------------------------------------------

/** One tweet before the agent's final one. Exactly one of `client`, `client1`, `agent` is set. */
export interface TwitterDialogItem {
  /** Screen name of the customer who started the thread. */
  client?: string;
  /** Screen name of a second user in the thread (the data set numbers further users this way). */
  client1?: string;
  /** Screen name of the company account that tweeted. */
  agent?: string;
  /** The tweet's instant truncated to the second, e.g. `2020-02-25T17:40:50.000Z`. */
  datetime: string;
  message: string;
  /** Decimal snowflake id. */
  tweet_ID: string;
}

/** The agent's final tweet, the one with the URL of a support document. */
export interface TwitterAgentUrl {
  doc_id: string;
  /** 1-based turn of this tweet in the dialog, as decimal text. */
  turn: string;
  tweet_ID: string;
  url: string;
  url_utterance: string;
}

export interface TwitterDialogHeader {
  /** The company's support account, e.g. `RockstarSupport`. */
  company: string;
  /** The first tweet's `datetime`. */
  conversationDateTime: string;
  /** `[D-]HH:MM:SS.s`, first tweet to the agent's final one; often without its days (see parsePublishedDuration). */
  duration: string;
  /** Decimal text: the tweets of dialogContent plus the agent's final tweet. */
  messageCount: string;
  sessionID: string;
}

export interface TwitterConversation {
  agentURL: TwitterAgentUrl;
  dialogContent: TwitterDialogItem[];
  dialogHeader: TwitterDialogHeader;
}

// ---------------------------------------------------------------------------------------------
// Events, as POSTed (a structural subset of ParleyEvent)
// ---------------------------------------------------------------------------------------------

// A type alias, not an interface, so that it is assignable to ParleyEvent's Record<string, unknown>.
export type TwitterEventAttributes = {
  company: string;
  /** Screen name of a customer tweet's author, when that is not the conversation's contact. */
  author?: string;
};

interface TwitterEventBase {
  id: string;
  /** ISO 8601 in UTC with milliseconds and `Z`. */
  occurredAt: string;
  conversationId: string;
  contactId: string;
  channel: 'twitter';
  attributes: TwitterEventAttributes;
}

export type TwitterEvent =
  | (TwitterEventBase & { type: 'conversation.opened' | 'conversation.resolved' })
  | (TwitterEventBase & { type: 'message.received'; sender: { type: 'customer' }; messageId: string })
  | (TwitterEventBase & { type: 'message.sent'; sender: { type: 'agent'; id: string }; messageId: string });

// ---------------------------------------------------------------------------------------------
// Calculations
// ---------------------------------------------------------------------------------------------

/** Twitter's snowflake epoch, 2010-11-04T01:42:54.657Z, in ms since the Unix epoch. */
export const TWITTER_EPOCH_MS = 1288834974657n;

/** The instant of a tweet from its (snowflake) id: `(id >> 22) + 1288834974657` ms. */
export function tweetTimeMs(id: string): number {
  if (!/^\d{1,20}$/.test(id)) throw new Error(`tweet id must be decimal digits, got ${JSON.stringify(id)}`);
  const big = BigInt(id);
  if (big >> 64n) throw new Error(`tweet id ${id} is out of the 64-bit range`);
  return Number((big >> 22n) + TWITTER_EPOCH_MS);
}

/**
 * A published `dialogHeader.duration`: `HH:MM:SS.s` or `D-HH:MM:SS.s` (the tenths may be missing when
 * the text was cut). `seconds` is the whole duration as written (days included), `days` the day count
 * or null when the text has none — then the real duration may be any whole number of days longer.
 * Anything else — e.g. `-12:14:20.`, whose day digits were cut off — is null: it does not say the
 * duration.
 */
export function parsePublishedDuration(text: string): { seconds: number; days: number | null } | null {
  const m = /^(?:(\d+)-)?(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const [, d, h, mi, s, frac] = m;
  if (+h > 23 || +mi > 59 || +s > 59) return null;
  const days = d === undefined ? null : Number(d);
  const seconds = (days ?? 0) * 86_400 + Number(h) * 3600 + Number(mi) * 60 + Number(frac ? `${s}.${frac}` : s);
  return { seconds, days };
}

type Role = { kind: 'customer'; name: string; primary: boolean } | { kind: 'agent'; name: string };

function roleOf(item: TwitterDialogItem, where: string): Role {
  const roles: Role[] = [];
  for (const [key, value] of Object.entries(item)) {
    if (key === 'agent') roles.push({ kind: 'agent', name: String(value) });
    else if (/^client\d*$/.test(key)) roles.push({ kind: 'customer', name: String(value), primary: key === 'client' });
  }
  if (roles.length !== 1 || !roles[0].name)
    throw new Error(`${where}: a tweet needs exactly one non-empty "client", "client<N>" or "agent"`);
  return roles[0];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The events of one conversation (see the header of this file), in time order: opened, the messages,
 * resolved. `index` (its position in the file) only makes error messages findable.
 */
export function twitterConversationToEvents(conv: TwitterConversation, index?: number): TwitterEvent[] {
  const header = conv.dialogHeader;
  const where = `conversation ${index === undefined ? '' : `#${index} `}${JSON.stringify(header?.sessionID)}`;
  if (!header?.sessionID || !header.company) throw new Error(`${where}: dialogHeader needs sessionID and company`);
  if (!conv.agentURL?.tweet_ID) throw new Error(`${where}: agentURL needs tweet_ID`);

  const items = (conv.dialogContent ?? []).map((item) => ({ item, role: roleOf(item, where) }));
  const contact =
    items.find((x) => x.role.kind === 'customer' && x.role.primary) ?? items.find((x) => x.role.kind === 'customer');
  if (!contact) throw new Error(`${where}: no customer tweet, so no contact`);

  const conversationId = `tw-${header.sessionID}`;
  const contactId = `tw-${contact.role.name}`;
  const common = { conversationId, contactId, channel: 'twitter' as const };
  const company = header.company;

  // One message per distinct tweet; the agent's final tweet once, as the agent's.
  const finalId = conv.agentURL.tweet_ID;
  const seen = new Set<string>([finalId]);
  const messages: { ms: number; event: TwitterEvent }[] = [];
  for (const { item, role } of items) {
    if (seen.has(item.tweet_ID)) continue;
    seen.add(item.tweet_ID);
    const ms = tweetTimeMs(item.tweet_ID);
    const base = { id: `${conversationId}-${item.tweet_ID}`, occurredAt: iso(ms), ...common, messageId: item.tweet_ID };
    messages.push({
      ms,
      event:
        role.kind === 'agent'
          ? { ...base, type: 'message.sent', sender: { type: 'agent', id: role.name }, attributes: { company } }
          : {
              ...base,
              type: 'message.received',
              sender: { type: 'customer' },
              attributes: role.name === contact.role.name ? { company } : { company, author: role.name },
            },
    });
  }
  const finalMs = tweetTimeMs(finalId);
  messages.push({
    ms: finalMs,
    event: {
      id: `${conversationId}-${finalId}`,
      type: 'message.sent',
      occurredAt: iso(finalMs),
      ...common,
      sender: { type: 'agent', id: company },
      messageId: finalId,
      attributes: { company },
    },
  });
  messages.sort((a, b) => a.ms - b.ms); // stable: tweets of one instant keep the data set's order

  const openedMs = messages[0].ms;
  return [
    { id: `${conversationId}-opened`, type: 'conversation.opened', occurredAt: iso(openedMs), ...common, attributes: { company } },
    ...messages.map((m) => m.event),
    { id: `${conversationId}-resolved`, type: 'conversation.resolved', occurredAt: iso(finalMs), ...common, attributes: { company } },
  ];
}
