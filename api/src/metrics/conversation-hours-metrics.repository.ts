import { Injectable } from '@nestjs/common';
import type { ContactRow, MessageRow, Scope } from './scope.js';
import { ScopeRepository, conversationGroup, tagRows, teamTagFilter } from './scope.repository.js';

/**
 * The message and contact reads of a team or tag cut on whole UTC hours (table-decider.ts), from
 * conversation_hours: one row per conversation, UTC hour and contact, carrying the conversation's
 * channel, team and tags (replaced with its facts), so no join and about a quarter of the rows
 * of events. The hourly rollups are per channel and cannot answer a cut; events can, but slower.
 */
/** In the first-message probe: a row of the active contact's group `a.g` (ch: the probed row). */
function sameGroup(s: Scope): string {
  if (s.group === 'channel') return 'AND ch.channel = a.g';
  if (s.group === 'team') return 'AND ch.team IS NOT DISTINCT FROM a.g';
  if (s.group === 'tag') return "AND CASE WHEN a.g IS NULL THEN ch.tags = '{}'::text[] ELSE ch.tags @> ARRAY[a.g] END";
  return '';
}

@Injectable()
export class ConversationHoursMetricsRepository extends ScopeRepository {
  /** The scope's conversation_hours rows (once per tag with groupBy=tag) and their group `g`. */
  private rows(s: Scope, where: string): string {
    return `SELECT ${conversationGroup(s)} AS g, hour, contact_id, conversation_id, messages_in, messages_out, first_in_at
              FROM conversation_hours ${s.group === 'tag' ? tagRows() : ''}
             WHERE workspace_id = $1 AND ($5::text[] IS NULL OR channel = ANY($5::text[]))${teamTagFilter(s)} AND ${where}`;
  }

  /** Messages in/out and distinct active contacts (a row's contact wrote when it has messages in). */
  messages(s: Scope): Promise<MessageRow[]> {
    return this.run(
      `SELECT width_bucket(hour, $4::timestamptz[]) AS b, g, sum(messages_in) AS messages_in, sum(messages_out) AS messages_out,
              count(DISTINCT contact_id) FILTER (WHERE messages_in > 0) AS active_contacts
         FROM (${this.rows(s, 'hour >= $2::timestamptz AND hour < $3::timestamptz')}) r
        GROUP BY 1, 2 HAVING sum(messages_in) + sum(messages_out) > 0`,
      this.params(s),
    );
  }

  /**
   * Active, new and returning contacts, as the events read gives them: "ever" is over the cut's
   * conversations before `to` (per group when grouped), here only for the contacts active in the
   * period, from each row's first customer message: one index probe per active contact and group
   * (a correlated subquery, so the plan cannot turn into a scan of the whole history as the data grows).
   */
  contacts(s: Scope): Promise<ContactRow[]> {
    return this.run(
      `WITH act AS (SELECT width_bucket(hour, $4::timestamptz[]) AS b, g, contact_id, count(DISTINCT conversation_id) AS conversations
                      FROM (${this.rows(s, 'hour >= $2::timestamptz AND hour < $3::timestamptz AND messages_in > 0')}) r GROUP BY 1, 2, 3),
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
