import { Injectable } from '@nestjs/common';
import type { AssignmentRow, AutomationRow, ConversationRow, RatingRow, ReplyRow, ResolutionRow, Scope, StartedRow } from './scope.js';
import { ScopeRepository, conversationGroup, duration, tagRows, teamTagFilter } from './scope.repository.js';

/**
 * The metric reads of conversation_facts (one row per conversation) and reply_waits (the facts'
 * reply-time arrays as rows). The first response, reply and resolution statistics always come
 * from here (exact percentiles); volume, automation and ratings when table-decider.ts says so.
 */
@Injectable()
export class FactsMetricsRepository extends ScopeRepository {
  /**
   * One aggregate per bucket: each bucket [max(start, from), min(next start, to)) is its own
   * index range scan (no sort of the whole period to find buckets), grouped by g inside it.
   * `instant` attributes a row to a bucket; `table` has workspace_id, channel, team and tags columns.
   */
  private perBucket(s: Scope, table: string, instant: string, g: string, select: string, where = ''): string {
    return `WITH bk AS (SELECT b, greatest(($4::timestamptz[])[b], $2::timestamptz) AS lo, least(($4::timestamptz[])[b + 1], $3::timestamptz) AS hi
                          FROM generate_subscripts($4::timestamptz[], 1) AS b)
            SELECT bk.b, x.* FROM bk CROSS JOIN LATERAL (
              SELECT ${g} AS g, ${select} FROM ${this.source(s, table)}
               WHERE workspace_id = $1 AND ${instant} >= bk.lo AND ${instant} < bk.hi
                 AND ($5::text[] IS NULL OR channel = ANY($5::text[]))${teamTagFilter(s)} ${where}
               GROUP BY 1) x`;
  }

  /** The rows a scope reads: the table (reply_waits carries team and tags), once per tag with groupBy=tag (tagRows). */
  private source(s: Scope, table: string): string {
    return s.group === 'tag' ? `${table} ${tagRows()}` : table;
  }

  /** The grouping column of conversation_facts for the scope. */
  private factsGroup(s: Scope): string {
    if (s.group === 'agent') return s.responder === 'agent' ? 'agent_first_responder' : 'first_responder';
    return conversationGroup(s);
  }

  /**
   * Conversations by firstCustomerAt: counts and first response statistics. Without `statistics`
   * the percentiles are left null (no sort): the automation rate needs only the counts.
   * The times are whole µs stored as seconds (µs / 1e6), so `round(t * 1e6)` gives the µs back
   * exactly (below 2^51 µs, 71 years): a float sum would depend on the order rows are read in.
   * `responded` counts calendar first responses; the statistics and the SLA use the scope's hours.
   */
  conversationsByFirstCustomer(s: Scope, slaSeconds: number, statistics = true): Promise<ConversationRow[]> {
    const responded = s.responder === 'agent' ? 'agent_first_response_time' : 'first_response_time';
    const frt = duration(s, responded);
    const percentile = (p: number) => (statistics ? `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${frt})` : 'NULL::float8');
    return this.run(
      this.perBucket(
        s,
        'conversation_facts',
        'first_customer_at',
        this.factsGroup(s),
        `count(*) AS conversations, count(${responded}) AS responded,
         ${percentile(0.5)} AS frt_median, ${percentile(0.9)} AS frt_p90,
         sum(round(${frt} * 1e6)::bigint) AS frt_sum_us,
         count(*) FILTER (WHERE ${frt} <= $8) AS within_sla,
         count(*) FILTER (WHERE has_response) AS with_response,
         count(*) FILTER (WHERE has_response AND automated) AS automated`,
      ),
      [...this.params(s), slaSeconds],
    );
  }

  /**
   * The first responders of the period (by firstCustomerAt) that sent a first response as a bot:
   * a first response that is not the first agent response came from a bot.
   */
  botFirstResponders(s: Scope): Promise<{ g: string }[]> {
    return this.run(
      `SELECT DISTINCT first_responder AS g FROM conversation_facts
        WHERE workspace_id = $1 AND first_customer_at >= $2 AND first_customer_at < $3
          AND ($5::text[] IS NULL OR channel = ANY($5::text[]))${teamTagFilter(s)}
          AND first_responder IS NOT NULL AND first_response_at IS DISTINCT FROM agent_first_response_at`,
      this.params(s),
    );
  }

  /** Conversations by firstCustomerAt with a response, and the automated ones among them (the automation rate). */
  automation(s: Scope): Promise<AutomationRow[]> {
    return this.conversationsByFirstCustomer(s, 0, false);
  }

  /** Reply times by the instant their wait opened (reply_waits: the facts' arrays as rows). */
  replies(s: Scope): Promise<ReplyRow[]> {
    const g = s.group === 'agent' ? 'responder' : conversationGroup(s);
    const seconds = duration(s, 'seconds');
    return this.run(
      this.perBucket(
        s,
        'reply_waits',
        'opened_at',
        g,
        `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds}) AS reply_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds}) AS reply_p90`,
        'AND agent = $8',
      ),
      [...this.params(s), s.responder === 'agent'],
    );
  }

  resolutions(s: Scope): Promise<ResolutionRow[]> {
    return this.run(
      this.perBucket(
        s,
        'conversation_facts',
        'resolved_at',
        this.factsGroup(s),
        `count(*) AS resolutions, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${duration(s, 'resolution_time')}) AS resolution_median`,
      ),
      this.params(s),
    );
  }

  /** Conversations by firstAssignedAt and the time from it to the first agent response (metrics.md). */
  assignments(s: Scope): Promise<AssignmentRow[]> {
    const t = duration(s, 'assignment_response_time');
    return this.run(
      this.perBucket(
        s,
        'conversation_facts',
        'first_assigned_at',
        this.factsGroup(s),
        `count(*) AS assigned, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${t}) AS assign_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${t}) AS assign_p90`,
      ),
      this.params(s),
    );
  }

  /** Conversations by startedAt: volume, messages per conversation, conversions. */
  conversationsStarted(s: Scope): Promise<StartedRow[]> {
    return this.run(
      this.perBucket(
        s,
        'conversation_facts',
        'started_at',
        this.factsGroup(s),
        `count(*) AS conversations, sum(messages_in + messages_out) AS messages, count(*) FILTER (WHERE converted) AS converted`,
      ),
      this.params(s),
    );
  }

  /** Ratings: each conversation's latest CSAT, at its instant. */
  ratings(s: Scope): Promise<RatingRow[]> {
    return this.run(
      this.perBucket(
        s,
        'conversation_facts',
        'rated_at',
        this.factsGroup(s),
        `count(*) AS ratings, sum(rating) AS rating_sum, count(*) FILTER (WHERE rating >= 4) AS satisfied`,
      ),
      this.params(s),
    );
  }
}
