import { Injectable } from '@nestjs/common';
import { NONE_VALUE } from '@parley/shared';
import type { ContactRow, MessageRow, Scope } from './scope.js';
import { ScopeRepository, conversationGroup, tagRows, teamTagFilter } from './scope.repository.js';

/** In the first-message probe: a row of the active contact's group `a.g` (ch: the probed row). */
export function sameGroup(s: Scope): string {
  if (s.group === 'channel') return 'AND ch.channel = a.g';
  if (s.group === 'team') return 'AND ch.team IS NOT DISTINCT FROM a.g';
  if (s.group === 'tag') return "AND CASE WHEN a.g IS NULL THEN ch.tags = '{}'::text[] ELSE ch.tags @> ARRAY[a.g] END";
  return '';
}

/**
 * The conversation_hours flag (setCutFirsts) marking the row of a contact's first customer message
 * among the conversations the scope keeps, or null when none does: then each active contact's
 * first is looked up (several teams or tags, a channel with a team, …). A flag answers when the
 * kept conversations are exactly one team's or one tag's (none included). Contacts are only
 * asked ungrouped of a cut (overview; loyalty takes no team or tag).
 */
export function cutFirstFlag(s: Pick<Scope, 'channels' | 'teams' | 'tags' | 'group'>): string | null {
  if (s.channels !== null || s.group !== 'none') return null;
  if (s.teams?.length === 1 && s.tags === null) return 'first_in_team';
  if (s.tags?.length === 1 && s.teams === null) return `array_position(first_in_tags, ${s.tags[0] === NONE_VALUE ? 'NULL::text' : '($7::text[])[1]'}) IS NOT NULL`;
  return null;
}

/**
 * The message and contact reads of a team or tag cut on whole UTC hours (table-decider.ts), from
 * conversation_hours: one row per conversation, UTC hour and contact, carrying the conversation's
 * channel, team and tags (replaced with its facts), so no join and about a quarter of the rows
 * of events. The hourly rollups are per channel and cannot answer a cut; events can, but slower.
 */
@Injectable()
export class ConversationHoursMetricsRepository extends ScopeRepository {
  /** The scope's conversation_hours rows (once per tag with groupBy=tag) and their group `g`. */
  private rows(s: Scope, where: string, extra = ''): string {
    return `SELECT ${conversationGroup(s)} AS g, hour, contact_id, conversation_id, messages_in, messages_out, first_in_at${extra}
              FROM conversation_hours ${s.group === 'tag' ? tagRows() : ''}
             WHERE workspace_id = $1 AND ($5::text[] IS NULL OR channel = ANY($5::text[]))${teamTagFilter(s)} AND ${where}`;
  }

  /** Messages in/out and distinct active contacts (a row's contact wrote when it has messages in). */
  messages(s: Scope): Promise<MessageRow[]> {
    // Per contact first, then per bucket: two hash aggregates instead of sorting every row for
    // count(DISTINCT) (half the time on a team's 450,000 rows).
    return this.run(
      `SELECT b, g, sum(messages_in) AS messages_in, sum(messages_out) AS messages_out, count(*) FILTER (WHERE wrote) AS active_contacts
         FROM (SELECT width_bucket(hour, $4::timestamptz[]) AS b, g, contact_id, sum(messages_in) AS messages_in, sum(messages_out) AS messages_out,
                      bool_or(messages_in > 0) AS wrote
                 FROM (${this.rows(s, 'hour >= $2::timestamptz AND hour < $3::timestamptz')}) r GROUP BY 1, 2, 3) c
        GROUP BY 1, 2 HAVING sum(messages_in) + sum(messages_out) > 0`,
      this.params(s),
    );
  }

  /**
   * Active, new and returning contacts, as the events read gives them: "ever" is over the cut's
   * conversations before `to` (per group when grouped), here only for the contacts active in the
   * period. Where a cut flag answers (cutFirstFlag), from the period's rows alone; otherwise from
   * each row's first customer message: one index probe per active contact and group (a correlated
   * subquery, so the plan cannot turn into a scan of the whole history as the data grows).
   */
  contacts(s: Scope): Promise<ContactRow[]> {
    const flag = cutFirstFlag(s);
    // A contact is new in the bucket that holds its flagged row (its first within the cut, ever).
    if (flag !== null)
      return this.run(
        `WITH act AS (SELECT b, g, contact_id, count(*) AS conversations, bool_or(is_first) AS is_new
                        FROM (SELECT width_bucket(hour, $4::timestamptz[]) AS b, g, contact_id, conversation_id, bool_or(is_first) AS is_first
                                FROM (${this.rows(s, 'hour >= $2::timestamptz AND hour < $3::timestamptz AND messages_in > 0', `, ${flag} AS is_first`)}) r
                               GROUP BY 1, 2, 3, 4) c
                       GROUP BY 1, 2, 3)
         SELECT b, g, count(*) AS active, count(*) FILTER (WHERE is_new) AS new, count(*) FILTER (WHERE conversations >= 2) AS repeat
           FROM act GROUP BY 1, 2`,
        this.params(s),
      );
    return this.run(
      `WITH act AS (SELECT b, g, contact_id, count(*) AS conversations
                      FROM (SELECT DISTINCT width_bucket(hour, $4::timestamptz[]) AS b, g, contact_id, conversation_id
                              FROM (${this.rows(s, 'hour >= $2::timestamptz AND hour < $3::timestamptz AND messages_in > 0')}) r) c
                     GROUP BY 1, 2, 3),
            first AS (SELECT a.contact_id, a.g,
                             (SELECT min(ch.first_in_at) FROM conversation_hours ch
                               WHERE ch.workspace_id = $1 AND ch.contact_id = a.contact_id AND ch.messages_in > 0 AND ch.hour < $3::timestamptz
                                 AND ($5::text[] IS NULL OR ch.channel = ANY($5::text[]))${teamTagFilter(s, 'ch.')} ${sameGroup(s)}) AS first_at
                        FROM (SELECT DISTINCT contact_id, g FROM act) a)
       SELECT act.b, act.g, count(*) AS active,
              count(*) FILTER (WHERE first.first_at >= greatest(($4::timestamptz[])[act.b], $2::timestamptz)) AS new,
              count(*) FILTER (WHERE act.conversations >= 2) AS repeat
         FROM act JOIN first ON first.contact_id = act.contact_id AND first.g IS NOT DISTINCT FROM act.g
        GROUP BY 1, 2`,
      this.params(s),
    );
  }

  /** Customer messages per bucket (hour bounds for the heatmap). */
  receivedPerBucket(s: Scope): Promise<{ b: number; n: number }[]> {
    return this.run(
      `SELECT width_bucket(hour, $4::timestamptz[]) AS b, sum(messages_in) AS n
         FROM (${this.rows(s, 'hour >= $2::timestamptz AND hour < $3::timestamptz AND messages_in > 0')}) r GROUP BY 1`,
      this.params(s),
    );
  }

  /** Conversation channels with any event in the period (every event has its conversation_hours row). */
  async activeChannels(s: Scope): Promise<string[]> {
    const rows = await this.run<{ channel: string }>(
      `SELECT DISTINCT channel FROM conversation_hours
        WHERE workspace_id = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz
          AND ($5::text[] IS NULL OR channel = ANY($5::text[]))${teamTagFilter(s)}`,
      this.params(s),
    );
    return rows.map((r) => r.channel);
  }
}
