import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Responder } from '@parley/shared';
import { type ContactSet, type FirstFlag, cohortCounts, contactCounts } from './contacts.calculations.js';

/**
 * The metric SQL. Every query takes the bucket boundaries as an array of instants (computed in
 * TypeScript, DST-correct) and assigns each item with `width_bucket`: no calendar arithmetic in
 * SQL, identical on Postgres and PGlite. Totals are the same queries with one bucket [from, to).
 * Percentiles are exact (`percentile_cont`).
 */
export interface Scope {
  workspaceId: number;
  /** ISO instants: the period [from, to). */
  from: string;
  to: string;
  /** Bucket starts (ISO instants), ascending; the first is ≤ from. */
  bounds: string[];
  /** Only conversations of these channels; null = all. */
  channels: string[] | null;
  /** Split by the conversation's channel or its first responder; none = one group. */
  group: 'none' | 'channel' | 'agent';
  responder: Responder;
  /** The period and buckets fall on whole UTC hours: message and contact figures come from the rollups. */
  hourly: boolean;
}

/** One row per (bucket, group): `b` is the 1-based bucket index, `g` the group (null: none). */
export interface Row {
  b: number;
  g: string | null;
}

export interface ConversationRow extends Row {
  conversations: number;
  responded: number;
  frt_median: number | null;
  frt_p90: number | null;
  /** Sum of the first response times in whole µs: exact, so the same in any row order (numeric text). */
  frt_sum_us: string | null;
  within_sla: number;
  with_response: number;
  automated: number;
}
/** Conversations by firstCustomerAt with a response, and the automated ones among them. */
export interface AutomationRow extends Row {
  with_response: number;
  automated: number;
}
export interface ReplyRow extends Row {
  reply_median: number | null;
  reply_p90: number | null;
}
export interface ResolutionRow extends Row {
  resolutions: number;
  resolution_median: number | null;
}
export interface StartedRow extends Row {
  conversations: number;
  messages: number;
  converted: number;
}
export interface MessageRow extends Row {
  messages_in: number;
  messages_out: number;
  active_contacts: number;
}
export interface RevenueRow extends Row {
  currency: string;
  amount: string;
}
export interface ContactRow extends Row {
  active: number;
  new: number;
  repeat: number;
}
export interface RatingRow extends Row {
  ratings: number;
  rating_sum: number;
  satisfied: number;
}
export interface CohortCell {
  c: number;
  b: number;
  contacts: number;
}

const INT_COLUMNS = new Set([
  'b', 'conversations', 'responded', 'within_sla', 'resolutions', 'messages', 'converted', 'with_response', 'automated',
  'messages_in', 'messages_out', 'active_contacts', 'active', 'new', 'repeat', 'ratings', 'rating_sum', 'satisfied', 'c', 'contacts', 'cell', 'n',
]);

/** pg answers bigint counts as strings; turn the known count columns into numbers. */
function numeric<T>(rows: Record<string, unknown>[]): T[] {
  for (const row of rows) for (const k of Object.keys(row)) if (INT_COLUMNS.has(k) && row[k] !== null) row[k] = Number(row[k]);
  return rows as T[];
}

@Injectable()
export class MetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs a scope query. The leading CTE only declares the scope parameters' types, so a query
   * may leave some of them unused.
   */
  private async run<T>(sql: string, params: unknown[]): Promise<T[]> {
    const typed = `WITH scope_params AS (SELECT $1::int, $2::timestamptz, $3::timestamptz, $4::timestamptz[], $5::text[])\n`;
    return numeric<T>(await this.dataSource.query(typed + sql.replace(/^\s*WITH /, ', '), params));
  }

  /**
   * One aggregate per bucket: each bucket [max(start, from), min(next start, to)) is its own
   * index range scan (no sort of the whole period to find buckets), grouped by g inside it.
   * `instant` attributes a row to a bucket; the table has workspace_id and channel columns.
   */
  private perBucket(s: Scope, table: string, instant: string, g: string, select: string, where = ''): string {
    return `WITH bk AS (SELECT b, greatest(($4::timestamptz[])[b], $2::timestamptz) AS lo, least(($4::timestamptz[])[b + 1], $3::timestamptz) AS hi
                          FROM generate_subscripts($4::timestamptz[], 1) AS b)
            SELECT bk.b, x.* FROM bk CROSS JOIN LATERAL (
              SELECT ${g} AS g, ${select} FROM ${table}
               WHERE workspace_id = $1 AND ${instant} >= bk.lo AND ${instant} < bk.hi
                 AND ($5::text[] IS NULL OR channel = ANY($5::text[])) ${where}
               GROUP BY 1) x`;
  }

  /** The grouping column of conversation_facts for the scope. */
  private factsGroup(s: Scope): string {
    if (s.group === 'channel') return 'channel';
    if (s.group === 'agent') return s.responder === 'agent' ? 'agent_first_responder' : 'first_responder';
    return 'NULL::text';
  }

  /** Events of the scope's conversations (joined to facts only when channel or group needs it). */
  private events(s: Scope, types: string[]): { sql: string; params: unknown[] } {
    const join = s.channels !== null || s.group === 'channel';
    return {
      sql: `SELECT e.type, e.occurred_at, e.contact_id, e.conversation_id, e.value, e.currency, ${s.group === 'channel' ? 'f.channel' : 'NULL::text'} AS g
              FROM events e ${join ? 'JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id' : ''}
             WHERE e.workspace_id = $1 AND e.type = ANY($6::text[])
               ${join ? 'AND ($5::text[] IS NULL OR f.channel = ANY($5::text[]))' : ''}`,
      params: [s.workspaceId, s.from, s.to, s.bounds, s.channels, types],
    };
  }

  /**
   * Conversations by firstCustomerAt: counts and first response statistics. Without `statistics`
   * the percentiles are left null (no sort): the automation rate needs only the counts.
   * The times are whole µs stored as seconds (µs / 1e6), so `round(t * 1e6)` gives the µs back
   * exactly (below 2^51 µs, 71 years): a float sum would depend on the order rows are read in.
   */
  conversationsByFirstCustomer(s: Scope, slaSeconds: number, statistics = true): Promise<ConversationRow[]> {
    const frt = s.responder === 'agent' ? 'agent_first_response_time' : 'first_response_time';
    const percentile = (p: number) => (statistics ? `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${frt})` : 'NULL::float8');
    return this.run(
      this.perBucket(
        s,
        'conversation_facts',
        'first_customer_at',
        this.factsGroup(s),
        `count(*) AS conversations, count(${frt}) AS responded,
         ${percentile(0.5)} AS frt_median, ${percentile(0.9)} AS frt_p90,
         sum(round(${frt} * 1e6)::bigint) AS frt_sum_us,
         count(*) FILTER (WHERE ${frt} <= $6) AS within_sla,
         count(*) FILTER (WHERE has_response) AS with_response,
         count(*) FILTER (WHERE has_response AND automated) AS automated`,
      ),
      [...this.params(s), slaSeconds],
    );
  }

  /**
   * Conversations by firstCustomerAt with a response, and the automated ones among them (the
   * automation rate), from hourly_conversations on the hourly path.
   */
  automation(s: Scope): Promise<AutomationRow[]> {
    // A group with first customer messages is listed, as the facts query lists it.
    if (summable(s)) return this.hourlyConversations(s, 'sum(with_response) AS with_response, sum(automated) AS automated', 'first_customer');
    return this.conversationsByFirstCustomer(s, 0, false);
  }

  /**
   * Sums of hourly_conversations columns per bucket (and channel when grouped), for the (bucket,
   * group) pairs where the `counted` column adds up to more than 0, as the facts query lists them.
   */
  private hourlyConversations<T>(s: Scope, sums: string, counted: string): Promise<T[]> {
    return this.run(
      `SELECT width_bucket(hour, $4::timestamptz[]) AS b, ${s.group === 'channel' ? 'channel' : 'NULL::text'} AS g, ${sums}
         FROM hourly_conversations WHERE ${HOURS} GROUP BY 1, 2 HAVING sum(${counted}) > 0`,
      this.params(s),
    );
  }

  /** Reply times by the instant their wait opened (reply_waits: the facts' arrays as rows). */
  replies(s: Scope): Promise<ReplyRow[]> {
    const g = s.group === 'channel' ? 'channel' : s.group === 'agent' ? 'responder' : 'NULL::text';
    return this.run(
      this.perBucket(
        s,
        'reply_waits',
        'opened_at',
        g,
        `percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS reply_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS reply_p90`,
        'AND agent = $6',
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
        `count(*) AS resolutions, percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_time) AS resolution_median`,
      ),
      this.params(s),
    );
  }

  /** Conversations by startedAt: volume, messages per conversation, conversions. */
  conversationsStarted(s: Scope): Promise<StartedRow[]> {
    if (summable(s)) return this.hourlyConversations(s, 'sum(started) AS conversations, sum(messages) AS messages, sum(converted) AS converted', 'started');
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
    if (summable(s)) return this.hourlyConversations(s, 'sum(ratings) AS ratings, sum(rating_sum) AS rating_sum, sum(satisfied) AS satisfied', 'ratings');
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

  /** Messages in/out and distinct active contacts by the message's instant. */
  messages(s: Scope): Promise<MessageRow[]> {
    if (s.hourly) return this.messagesHourly(s);
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

  /** messages() from hourly_events, active contacts from hourly_contacts. */
  private async messagesHourly(s: Scope): Promise<MessageRow[]> {
    const g = s.group === 'channel' ? 'channel' : 'NULL::text';
    const [counts, sets] = await Promise.all([
      this.run<MessageRow>(
        `SELECT width_bucket(hour, $4::timestamptz[]) AS b, ${g} AS g, sum(messages_in) AS messages_in, sum(messages_out) AS messages_out
           FROM hourly_events WHERE ${HOURS} GROUP BY 1, 2 HAVING sum(messages_in) + sum(messages_out) > 0`,
        this.params(s),
      ),
      this.contactSets(s, '$2::timestamptz'),
    ]);
    const rows = new Map<string, MessageRow>();
    const at = (b: number, g: string | null) => {
      const key = `${b} ${g}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { b, g, messages_in: 0, messages_out: 0, active_contacts: 0 }));
      return row;
    };
    for (const r of counts) Object.assign(at(r.b, r.g), { messages_in: r.messages_in, messages_out: r.messages_out });
    for (const r of contactCounts(sets, s.group === 'channel', null)) at(r.b, r.g).active_contacts = r.active;
    return [...rows.values()];
  }

  /** The scope's hourly_contacts rows from `start` to `to`, in hour order, with their bucket. */
  private contactSets(s: Scope, start: string): Promise<ContactSet[]> {
    return this.run<ContactSet>(
      `SELECT width_bucket(hour, $4::timestamptz[]) AS b, channel, entries FROM hourly_contacts
        WHERE workspace_id = $1 AND hour >= ${start} AND hour < $3::timestamptz AND ($5::text[] IS NULL OR channel = ANY($5::text[]))
        ORDER BY hour, channel`,
      this.params(s),
    );
  }

  private params(s: Scope): unknown[] {
    return [s.workspaceId, s.from, s.to, s.bounds, s.channels];
  }

  /** Revenue per currency by each conversion's instant (exact numeric sums, as text). */
  revenue(s: Scope): Promise<RevenueRow[]> {
    if (summable(s))
      return this.run(
        `SELECT width_bucket(hour, $4::timestamptz[]) AS b, ${s.group === 'channel' ? 'channel' : 'NULL::text'} AS g, currency, sum(amount)::text AS amount
           FROM hourly_revenue WHERE ${HOURS} GROUP BY 1, 2, 3 HAVING sum(rows) > 0`,
        this.params(s),
      );
    // The literal type lets Postgres use the partial index of conversions.
    const join = s.channels !== null || s.group === 'channel';
    return this.run(
      `SELECT width_bucket(e.occurred_at, $4::timestamptz[]) AS b, ${s.group === 'channel' ? 'f.channel' : 'NULL::text'} AS g,
              e.currency, sum(e.value)::text AS amount
         FROM events e ${join ? 'JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id' : ''}
        WHERE e.workspace_id = $1 AND e.type = 'conversion' AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz
          ${join ? 'AND ($5::text[] IS NULL OR f.channel = ANY($5::text[]))' : ''}
        GROUP BY 1, 2, 3`,
      this.params(s),
    );
  }

  /**
   * Active, new and returning contacts. "Ever" is over all customer messages before `to` (within
   * the scope's channels, and per channel when grouped); a bucket starts at max(its start, from).
   */
  contacts(s: Scope): Promise<ContactRow[]> {
    if (s.hourly) return this.contactsHourly(s);
    const e = this.events(s, ['message.received']);
    return this.run(
      `WITH r AS (SELECT * FROM (${e.sql}) x WHERE occurred_at < $3::timestamptz),
            first AS (SELECT contact_id, g, min(occurred_at) AS first_at FROM r GROUP BY 1, 2),
            act AS (SELECT width_bucket(occurred_at, $4::timestamptz[]) AS b, g, contact_id,
                           count(DISTINCT conversation_id) AS conversations
                      FROM r WHERE occurred_at >= $2::timestamptz GROUP BY 1, 2, 3)
       SELECT act.b, act.g, count(*) AS active,
              count(*) FILTER (WHERE first.first_at >= greatest(($4::timestamptz[])[act.b], $2::timestamptz)) AS new,
              count(*) FILTER (WHERE act.conversations >= 2) AS repeat
         FROM act JOIN first ON first.contact_id = act.contact_id AND first.g IS NOT DISTINCT FROM act.g
        GROUP BY 1, 2`,
      e.params,
    );
  }

  /**
   * contacts() from hourly_contacts. Several channels filtered (not grouped): a contact's first
   * message in them is the earliest of its per-channel firsts, which the flags do not give, so
   * "new" is counted from contact_first (a contact whose first falls in a bucket is active in it).
   */
  private async contactsHourly(s: Scope): Promise<ContactRow[]> {
    const first = firstFlag(s);
    const [sets, fresh] = await Promise.all([
      this.contactSets(s, '$2::timestamptz'),
      first !== null
        ? null
        : this.run<{ b: number; new: number }>(
            `WITH firsts AS (${SEVERAL_CHANNEL_FIRSTS})
             SELECT width_bucket(first_at, $4::timestamptz[]) AS b, count(*) AS new
               FROM firsts WHERE first_at >= $2::timestamptz AND first_at < $3::timestamptz GROUP BY 1`,
            this.params(s),
          ),
    ]);
    const newIn = new Map((fresh ?? []).map((r) => [r.b, r.new]));
    return contactCounts(sets, s.group === 'channel', first).map((r) => ({
      b: r.b,
      g: r.g,
      active: r.active,
      new: first !== null ? r.new : (newIn.get(r.b) ?? 0),
      repeat: r.repeat,
    }));
  }

  /** Customer messages per bucket (hour bounds for the heatmap). */
  async receivedPerBucket(s: Scope): Promise<{ b: number; n: number }[]> {
    if (s.hourly)
      return this.run(
        `SELECT width_bucket(hour, $4::timestamptz[]) AS b, sum(messages_in) AS n
           FROM hourly_events WHERE ${HOURS} GROUP BY 1 HAVING sum(messages_in) > 0`,
        this.params(s),
      );
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
  async cohorts(s: Scope): Promise<{ cells: CohortCell[] }> {
    if (s.hourly) return { cells: await this.cohortsHourly(s) };
    const e = this.events(s, ['message.received']);
    const cells = await this.run<CohortCell>(
      `WITH r AS (SELECT * FROM (${e.sql}) x WHERE occurred_at < $3::timestamptz),
            members AS (SELECT contact_id, width_bucket(min(occurred_at), $4::timestamptz[]) AS c
                          FROM r GROUP BY contact_id HAVING min(occurred_at) >= ($4::timestamptz[])[1]),
            activity AS (SELECT DISTINCT contact_id, width_bucket(occurred_at, $4::timestamptz[]) AS b
                           FROM r WHERE occurred_at >= ($4::timestamptz[])[1])
       SELECT m.c, a.b, count(*) AS contacts FROM members m JOIN activity a USING (contact_id) GROUP BY 1, 2`,
      e.params,
    );
    return { cells };
  }

  /**
   * cohorts() from the rollups: from hourly_contacts alone when the flags give each contact's
   * first message in scope; with several channels filtered, members from contact_first.
   */
  private async cohortsHourly(s: Scope): Promise<CohortCell[]> {
    const first = firstFlag(s);
    if (first !== null) return cohortCounts(await this.contactSets(s, '($4::timestamptz[])[1]'), first);
    return this.run(
      `WITH firsts AS (${SEVERAL_CHANNEL_FIRSTS}),
            members AS (SELECT contact_id, width_bucket(first_at, $4::timestamptz[]) AS c FROM firsts
                         WHERE first_at >= ($4::timestamptz[])[1] AND first_at < $3::timestamptz),
            activity AS (SELECT DISTINCT contact_id, width_bucket(hour, $4::timestamptz[]) AS b FROM conversation_hours
                          WHERE workspace_id = $1 AND hour >= ($4::timestamptz[])[1] AND hour < $3::timestamptz AND messages_in > 0
                            AND ($5::text[] IS NULL OR channel = ANY($5::text[])))
       SELECT m.c, a.b, count(*) AS contacts FROM members m JOIN activity a USING (contact_id) GROUP BY 1, 2`,
      this.params(s),
    );
  }

  /** Conversation channels with any event in the period. */
  async activeChannels(s: Scope): Promise<string[]> {
    const rows: { channel: string }[] = s.hourly
      ? await this.dataSource.query(
          `SELECT DISTINCT channel FROM hourly_events
            WHERE workspace_id = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz AND events > 0
              AND ($4::text[] IS NULL OR channel = ANY($4::text[]))`,
          [s.workspaceId, s.from, s.to, s.channels],
        )
      : await this.dataSource.query(
          `SELECT DISTINCT f.channel FROM events e
             JOIN conversation_facts f ON f.workspace_id = e.workspace_id AND f.conversation_id = e.conversation_id
            WHERE e.workspace_id = $1 AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz
              AND ($4::text[] IS NULL OR f.channel = ANY($4::text[]))`,
          [s.workspaceId, s.from, s.to, s.channels],
        );
    return rows.map((r) => r.channel);
  }
}

/** Plain sums per hour and channel answer the scope (whole UTC hours; grouped by channel or not at all). */
function summable(s: Scope): boolean {
  return s.hourly && s.group !== 'agent';
}

/** Which hourly_contacts flag marks a contact's first message in the scope's channels (contacts.calculations.ts). */
function firstFlag(s: Scope): FirstFlag {
  if (s.group === 'channel' || s.channels?.length === 1) return 'channel';
  return s.channels === null ? 'ever' : null;
}

/** The rollup rows of the scope's period and channels (hour is a UTC hour start). */
const HOURS = `workspace_id = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz AND ($5::text[] IS NULL OR channel = ANY($5::text[]))`;

/**
 * Each contact's first customer message in the scope's several channels (the one case the
 * hourly_contacts flags do not answer: firstFlag is null), as rows (contact_id, first_at).
 */
const SEVERAL_CHANNEL_FIRSTS = `SELECT contact_id, min(first_at) AS first_at FROM contact_first
  WHERE workspace_id = $1 AND channel = ANY($5::text[]) GROUP BY contact_id`;
