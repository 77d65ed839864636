import { Injectable } from '@nestjs/common';
import { type CohortCell, type ContactRow, type MessageRow, type RevenueRow, type Scope, cutsByTeamOrTag } from './scope.js';
import { sameGroup } from './conversation-hours-metrics.repository.js';
import { ScopeRepository, conversationGroup, tagRows, teamTagFilter } from './scope.repository.js';

/** The events' conversation facts are needed for a channel, team or tag filter or group. */
const joinsFacts = (s: Scope) => s.channels !== null || s.group === 'channel' || cutsByTeamOrTag(s);

/** The group of an event: its conversation's channel or team, or (once per tag) each of its tags. */
const eventGroup = (s: Scope) => conversationGroup(s, 'f.');

/** events e joined to its conversation's facts f when the scope needs them (and once per tag with groupBy=tag). */
const eventsFrom = (s: Scope) =>
  `events e ${joinsFacts(s) ? `JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id ${s.group === 'tag' ? tagRows('f.') : ''}` : ''}`;

/** The conversation filters on f (channel, team, tag), when joined. */
const factsWhere = (s: Scope) => (joinsFacts(s) ? `AND ($5::text[] IS NULL OR f.channel = ANY($5::text[]))${teamTagFilter(s, 'f.')}` : '');

/**
 * The metric reads of the raw events (joined to conversation_facts for the channel): messages,
 * contacts, cohorts, the heatmap, revenue and the active channels of a scope the rollups cannot
 * answer (table-decider.ts).
 */
@Injectable()
export class EventMetricsRepository extends ScopeRepository {
  /** Events of the scope's conversations (joined to facts only when a filter or the group needs it). */
  private events(s: Scope, types: string[]): { sql: string; params: unknown[] } {
    return {
      sql: `SELECT e.type, e.occurred_at, e.contact_id, e.conversation_id, e.value, e.currency, ${eventGroup(s)} AS g
              FROM ${eventsFrom(s)}
             WHERE e.workspace_id = $1 AND e.type = ANY($8::text[]) ${factsWhere(s)}`,
      params: [...this.params(s), types],
    };
  }

  /** Messages in/out and distinct active contacts by the message's instant. */
  messages(s: Scope): Promise<MessageRow[]> {
    const e = this.events(s, ['message.received', 'message.sent']);
    return this.run(
      `WITH e AS (${e.sql})
       SELECT width_bucket(occurred_at, $4::timestamptz[]) AS b, g,
              count(*) FILTER (WHERE type = 'message.received') AS messages_in,
              count(*) FILTER (WHERE type = 'message.sent') AS messages_out,
              count(DISTINCT contact_id) FILTER (WHERE type = 'message.received') AS active_contacts
         FROM e WHERE occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz
        GROUP BY 1, 2`,
      e.params,
    );
  }

  /** Revenue per currency by each conversion's instant (exact numeric sums, as text). */
  revenue(s: Scope): Promise<RevenueRow[]> {
    // The literal type lets Postgres use the partial index of conversions. Conversions are few: each
    // finds its conversation by primary key (a lateral join), never by hashing every conversation.
    const from = joinsFacts(s)
      ? `events e CROSS JOIN LATERAL (SELECT f.channel, f.team, f.tags FROM conversation_facts f
                                        WHERE f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id) f ${s.group === 'tag' ? tagRows('f.') : ''}`
      : 'events e';
    return this.run(
      `SELECT width_bucket(e.occurred_at, $4::timestamptz[]) AS b, ${eventGroup(s)} AS g,
              e.currency, sum(e.value)::text AS amount
         FROM ${from}
        WHERE e.workspace_id = $1 AND e.type = 'conversion' AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz
          ${factsWhere(s)}
        GROUP BY 1, 2, 3`,
      this.params(s),
    );
  }

  /**
   * Active, new and returning contacts. "Ever" is over all customer messages before `to` (within
   * the scope's channels, and per channel when grouped); a bucket starts at max(its start, from).
   */
  contacts(s: Scope): Promise<ContactRow[]> {
    const e = this.events(s, ['message.received']);
    // Each active contact's first customer message in scope is one index probe, not a scan of the
    // workspace's history (seconds at 10M events for a period that is not on whole hours: a
    // running "today", GET /live): without a team or tag cut from contact_first (the min over all
    // its messages per channel and over all), with one from its conversation_hours rows of the cut.
    // (An active contact's first is before `to`: it wrote in the period.)
    const channel = s.group === 'channel' ? 'cf.channel = a.g' : s.channels !== null ? 'cf.channel = ANY($5::text[])' : "cf.channel = '*'";
    const probe = cutsByTeamOrTag(s)
      ? `SELECT min(ch.first_in_at) FROM conversation_hours ch
          WHERE ch.workspace_id = $1 AND ch.contact_id = a.contact_id AND ch.messages_in > 0 AND ch.hour < $3::timestamptz
            AND ($5::text[] IS NULL OR ch.channel = ANY($5::text[]))${teamTagFilter(s, 'ch.')} ${sameGroup(s)}`
      : `SELECT min(cf.first_at) FROM contact_first cf WHERE cf.workspace_id = $1 AND cf.contact_id = a.contact_id AND ${channel}`;
    return this.run(
      `WITH act AS (SELECT width_bucket(occurred_at, $4::timestamptz[]) AS b, g, contact_id, count(DISTINCT conversation_id) AS conversations
                      FROM (${e.sql} AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz) r GROUP BY 1, 2, 3),
            first AS (SELECT a.contact_id, a.g, (${probe}) AS first_at FROM (SELECT DISTINCT contact_id, g FROM act) a)
       SELECT act.b, act.g, count(*) AS active,
              count(*) FILTER (WHERE first.first_at >= greatest(($4::timestamptz[])[act.b], $2::timestamptz)) AS new,
              count(*) FILTER (WHERE act.conversations >= 2) AS repeat
         FROM act JOIN first ON first.contact_id = act.contact_id AND first.g IS NOT DISTINCT FROM act.g
        GROUP BY 1, 2`,
      e.params,
    );
  }

  /** Customer messages per bucket (hour bounds for the heatmap). */
  receivedPerBucket(s: Scope): Promise<{ b: number; n: number }[]> {
    const e = this.events(s, ['message.received']);
    return this.run(
      `WITH e AS (${e.sql})
       SELECT width_bucket(occurred_at, $4::timestamptz[]) AS b, count(*) AS n
         FROM e WHERE occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz GROUP BY 1`,
      e.params,
    );
  }

  /**
   * Cohorts: contacts by the bucket of their first customer message (c), and the buckets they
   * wrote in (b). The bounds are the cohort buckets; only messages before `to` count.
   */
  cohorts(s: Scope): Promise<CohortCell[]> {
    const e = this.events(s, ['message.received']);
    return this.run(
      `WITH r AS (SELECT * FROM (${e.sql}) x WHERE occurred_at < $3::timestamptz),
            members AS (SELECT contact_id, width_bucket(min(occurred_at), $4::timestamptz[]) AS c
                          FROM r GROUP BY contact_id HAVING min(occurred_at) >= ($4::timestamptz[])[1]),
            activity AS (SELECT DISTINCT contact_id, width_bucket(occurred_at, $4::timestamptz[]) AS b
                           FROM r WHERE occurred_at >= ($4::timestamptz[])[1])
       SELECT m.c, a.b, count(*) AS contacts FROM members m JOIN activity a USING (contact_id) GROUP BY 1, 2`,
      e.params,
    );
  }

  /** Conversation channels with any event in the period. */
  async activeChannels(s: Scope): Promise<string[]> {
    const rows = await this.run<{ channel: string }>(
      `SELECT DISTINCT f.channel FROM events e
             JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id
            WHERE e.workspace_id = $1 AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz
              AND ($5::text[] IS NULL OR f.channel = ANY($5::text[]))${teamTagFilter(s, 'f.')}`,
      this.params(s),
    );
    return rows.map((r) => r.channel);
  }
}
