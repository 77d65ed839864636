/**
 * GET /live (api.md "Live"): open and waiting conversations and the longest waits as of `asOf`.
 * Stored facts answer for every conversation whose last event is at or before asOf; the few with
 * a later event (clients may send events up to 5 minutes ahead) are derived again from their
 * events up to asOf, since "only events at or before asOf count". Pure: merging both here.
 */
import { type LiveResponse, LIVE_LONGEST_WAITS, NONE_VALUE, type Responder } from '@parley/shared';
import type { ConversationFacts } from '../facts/facts.calculations.js';

export type LiveWait = LiveResponse['longestWaits'][number];

/** The filters of a live request (`none`: without a team / without tags). */
export interface LiveFilter {
  channels: string[] | null;
  teams: string[] | null;
  tags: string[] | null;
  responder: Responder;
}

/** What the stored facts gave, for conversations whose last event is at or before asOf. */
export interface LiveCounts {
  open: number;
  waiting: number;
  /** Their longest waits (up to LIVE_LONGEST_WAITS), waitingSince as µs. */
  longest: { conversationId: string; channel: string; contactId: string; team: string | null; waitingSinceUs: number }[];
}

/** Whether the filters keep a conversation (metrics.md "Teams and tags": OR within one, AND across). */
export function kept(f: Pick<ConversationFacts, 'channel' | 'team' | 'tags'>, filter: LiveFilter): boolean {
  const teamOk = filter.teams === null || (f.team === null ? filter.teams.includes(NONE_VALUE) : filter.teams.includes(f.team));
  const tagsOk = filter.tags === null || (f.tags.length === 0 ? filter.tags.includes(NONE_VALUE) : f.tags.some((t) => filter.tags!.includes(t)));
  return (filter.channels === null || filter.channels.includes(f.channel)) && teamOk && tagsOk;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

const isoMicros = (us: number) => {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(us - Math.floor(us / 1_000_000) * 1_000_000).padStart(6, '0')}Z`;
};

/**
 * Adds the conversations derived as of asOf (`recent`: their facts from events up to asOf) to the
 * stored counts: open when not resolved and with an event in [asOf − openDays, asOf], waiting when
 * the responder's walk ends open; longest waits first, ties by conversationId (byte order).
 */
export function liveFigures(stored: LiveCounts, recent: ConversationFacts[], filter: LiveFilter, asOfMs: number, openSinceMs: number): Pick<LiveResponse, 'open' | 'waiting' | 'longestWaits'> {
  let { open, waiting } = stored;
  const waits = [...stored.longest];
  for (const f of recent) {
    if (f.resolvedAtUs !== null || f.lastEventAtUs < openSinceMs * 1000 || !kept(f, filter)) continue;
    open++;
    const since = f[filter.responder].waitingSinceUs;
    if (since === null) continue;
    waiting++;
    waits.push({ conversationId: f.conversationId, channel: f.channel, contactId: f.contactId, team: f.team, waitingSinceUs: since });
  }
  waits.sort((a, b) => a.waitingSinceUs - b.waitingSinceUs || byteOrder(a.conversationId, b.conversationId));
  return {
    open,
    waiting,
    longestWaits: waits.slice(0, LIVE_LONGEST_WAITS).map((w) => ({
      conversationId: w.conversationId,
      channel: w.channel,
      contactId: w.contactId,
      team: w.team,
      waitingSince: isoMicros(w.waitingSinceUs),
      waitingSeconds: (asOfMs * 1000 - w.waitingSinceUs) / 1e6,
    })),
  };
}
