import { Injectable } from '@nestjs/common';
import { type ContactSet, type FirstFlag, cohortCounts, contactCounts, widthBucket } from './contacts.calculations.js';
import type { AssignedRow, AutomationRow, CohortCell, FirstCustomerRow, ContactRow, MessageRow, RatingRow, RevenueRow, Scope, StartedRow } from './scope.js';
import { SCOPE_PARAM_TYPES, ScopeRepository } from './scope.repository.js';
import { utcHour } from '../rollups/conversation-hours.repository.js';
import { type CustomerHourRow, contactSetEntries, customerHourOf } from '../rollups/rollups.calculations.js';

/**
 * The metric reads of the hourly rollups (hourly_conversations, hourly_events, hourly_contacts,
 * hourly_revenue, with contact_first and conversation_hours for several channels' firsts): sums
 * per UTC hour, channel and cut, for a scope on whole UTC hours whose team and tag cut the
 * rollups give (table-decider.ts; the rows of s.rollupCut). Scope parameters $1–$7, then $8 the
 * cut and $9 its values (null: all).
 */
@Injectable()
export class RollupMetricsRepository extends ScopeRepository {
  protected override readonly paramTypes = `${SCOPE_PARAM_TYPES}, $8::text, $9::text[]`;

  protected override params(s: Scope): unknown[] {
    if (s.rollupCut === null) throw new Error('the rollups cannot answer this team and tag cut (table-decider.ts)');
    return [...super.params(s), s.rollupCut.cut, s.rollupCut.values];
  }

  /** Conversations by startedAt: volume, messages per conversation, conversions. */
  conversationsStarted(s: Scope): Promise<StartedRow[]> {
    return this.hourlyConversations(s, 'sum(started) AS conversations, sum(messages) AS messages, sum(converted) AS converted', 'started');
  }

  /** Conversations by firstCustomerAt with a response, and the automated ones among them (the automation rate). */
  automation(s: Scope): Promise<AutomationRow[]> {
    // A group with first customer messages is listed, as the facts query lists it.
    return this.hourlyConversations(s, 'sum(with_response) AS with_response, sum(automated) AS automated', 'first_customer');
  }

  /**
   * Conversations by firstCustomerAt, those with a response and the automated ones: the counts
   * beside the binned first response statistics (binned-percentiles.service.ts).
   */
  firstCustomers(s: Scope): Promise<FirstCustomerRow[]> {
    return this.hourlyConversations(s, 'sum(first_customer) AS conversations, sum(with_response) AS with_response, sum(automated) AS automated', 'first_customer');
  }

  /** Conversations by firstAssignedAt: the count beside the binned assignment statistics. */
  assigned(s: Scope): Promise<AssignedRow[]> {
    return this.hourlyConversations(s, 'sum(assigned) AS assigned', 'assigned');
  }

  /**
   * The first responders of the period (by firstCustomerAt) that sent a first response as a bot:
   * the groups of the 'responder' cut with a bot_first count.
   */
  botFirstResponders(s: Scope): Promise<{ g: string }[]> {
    return this.run(`SELECT cut_value AS g FROM hourly_conversations WHERE ${HOURS} AND cut_value <> '' GROUP BY 1 HAVING sum(bot_first) > 0`, this.params(s));
  }

  /** Ratings: each conversation's latest CSAT, by the hour of its instant. */
  ratings(s: Scope): Promise<RatingRow[]> {
    return this.hourlyConversations(s, 'sum(ratings) AS ratings, sum(rating_sum) AS rating_sum, sum(satisfied) AS satisfied', 'ratings');
  }

  /**
   * Sums of hourly_conversations columns per bucket (and channel when grouped), for the (bucket,
   * group) pairs where the `counted` column adds up to more than 0, as the facts query lists them.
   */
  private hourlyConversations<T>(s: Scope, sums: string, counted: string): Promise<T[]> {
    return this.run(
      `SELECT width_bucket(hour, $4::timestamptz[]) AS b, ${group(s)} AS g, ${sums}
         FROM hourly_conversations WHERE ${HOURS} GROUP BY 1, 2 HAVING sum(${counted}) > 0`,
      this.params(s),
    );
  }

  /**
   * Messages in/out from hourly_events, distinct active contacts from hourly_contacts (with
   * `tail`: the sets of a partial hour after s.to, counted together with them; its messages are
   * the caller's to add).
   */
  async messages(s: Scope, tail: ContactSet[] = []): Promise<MessageRow[]> {
    const [counts, whole] = await Promise.all([
      this.run<MessageRow>(
        `SELECT width_bucket(hour, $4::timestamptz[]) AS b, ${group(s)} AS g, sum(messages_in) AS messages_in, sum(messages_out) AS messages_out
           FROM hourly_events WHERE ${HOURS} GROUP BY 1, 2 HAVING sum(messages_in) + sum(messages_out) > 0`,
        this.params(s),
      ),
      this.contactSets(s, '$2::timestamptz'),
    ]);
    const sets = [...whole, ...tail];
    const rows = new Map<string, MessageRow>();
    const at = (b: number, g: string | null) => {
      const key = `${b} ${g}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { b, g, messages_in: 0, messages_out: 0, active_contacts: 0 }));
      return row;
    };
    for (const r of counts) Object.assign(at(r.b, r.g), { messages_in: r.messages_in, messages_out: r.messages_out });
    for (const r of contactCounts(sets, null)) at(r.b, r.g).active_contacts = r.active;
    return [...rows.values()];
  }

  /**
   * The hourly_contacts rows the partial hour [s.to, until) would have (s the whole hours before
   * it, s.to a whole UTC hour): built as ingest builds that hour's rows (contactSetEntries), from
   * its conversation_hours rows of the conversations with a customer message of the row's contact
   * before `until`, in the scope's cut, values and channels. A contact active before `until` whose
   * first message (ever, in the channel, in the team or tag) is in that hour has it before `until`,
   * so the hour's flags are the partial hour's. One statement: rows, keys and firsts of one snapshot.
   */
  async partialHourSets(s: Scope, until: string): Promise<ContactSet[]> {
    const cut = s.rollupCut;
    if (cut === null) throw new Error('the rollups cannot answer this team and tag cut (table-decider.ts)');
    const found: PartialHourRow[] = await this.dataSource.query(
        `SELECT h.channel, h.contact_id, h.conversation_id, h.team, h.tags, h.first_in_team, h.first_in_tags, h.first_in_team_channel, h.first_in_tags_channel,
                ck.key AS contact_key, vk.key AS conversation_key,
                (SELECT extract(epoch FROM ${utcHour('fa.first_at')})::int8 FROM contact_first fa
                  WHERE fa.workspace_id = $1 AND fa.contact_id = h.contact_id AND fa.channel = '*') AS first_ever_s,
                (SELECT extract(epoch FROM ${utcHour('fc.first_at')})::int8 FROM contact_first fc
                  WHERE fc.workspace_id = $1 AND fc.contact_id = h.contact_id AND fc.channel = h.channel) AS first_channel_s
           FROM conversation_hours h
           JOIN contact_keys ck ON ck.workspace_id = $1 AND ck.contact_id = h.contact_id
           JOIN conversation_keys vk ON vk.workspace_id = $1 AND vk.conversation_id = h.conversation_id
          WHERE h.workspace_id = $1 AND h.hour = $2::timestamptz AND h.messages_in > 0 AND ($4::text[] IS NULL OR h.channel = ANY($4::text[]))
            AND EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = $1 AND e.conversation_id = h.conversation_id AND e.contact_id = h.contact_id
                           AND e.type = 'message.received' AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz)`,
        [s.workspaceId, s.to, until, s.channels],
      );
    const hourS = Date.parse(s.to) / 1000;
    const contactKey = new Map(found.map((r) => [r.contact_id, r.contact_key]));
    const conversationKey = new Map(found.map((r) => [r.conversation_id, r.conversation_key]));
    const firstHourS = new Map<string, number>();
    for (const r of found) {
      if (r.first_ever_s !== null) firstHourS.set(`${r.contact_id}\u0000*`, Number(r.first_ever_s));
      if (r.first_channel_s !== null) firstHourS.set(`${r.contact_id}\u0000${r.channel}`, Number(r.first_channel_s));
    }
    const rows = found.map((r) => customerHourOf(r, hourS));
    // The bucket the hour falls in and the rows' group, as contactSets gives them.
    const b = widthBucket(hourS * 1000, s.bounds.map((x) => Date.parse(x)));
    return contactSetEntries(rows, contactKey, conversationKey, firstHourS)
      .filter((x) => x.cut === cut.cut && (cut.values === null || cut.values.includes(x.cutValue)))
      .map((x) => ({ b, g: groupOf(s, x.channel, x.cutValue), entries: x.entries }));
  }

  /**
   * The scope's hourly_contacts rows from `start` (the period's start, or its first bucket's for
   * cohorts) to `to`, in hour order, with their bucket and group. The rows are read once per
   * request whatever the scope's buckets and group (s.shared): a request's scopes (per bucket,
   * totals, per group) all count distinct contacts over the same sets, which are megabytes at
   * 90 days of a busy workspace.
   */
  private async contactSets(s: Scope, start: '$2::timestamptz' | '($4::timestamptz[])[1]'): Promise<ContactSet[]> {
    const from = start === '$2::timestamptz' ? s.from : s.bounds[0];
    const key = JSON.stringify(['hourly_contacts', s.workspaceId, s.rollupCut, s.channels, from, s.to]);
    let rows = s.shared?.get(key) as Promise<HourSet[]> | undefined;
    if (!rows) {
      rows = this.run<HourSet>(
        `SELECT extract(epoch FROM hour)::float8 AS hour_s, channel, cut_value, entries FROM hourly_contacts
          WHERE workspace_id = $1 AND cut = $8 AND hour >= ${start} AND hour < $3::timestamptz AND ($5::text[] IS NULL OR channel = ANY($5::text[]))
            AND ($9::text[] IS NULL OR cut_value = ANY($9::text[]))
          ORDER BY hour, channel, cut_value`,
        this.params(s),
      );
      s.shared?.set(key, rows);
    }
    const bounds = s.bounds.map((x) => Date.parse(x));
    return (await rows).map((r) => ({ b: widthBucket(r.hour_s * 1000, bounds), g: groupOf(s, r.channel, r.cut_value), entries: r.entries }));
  }

  /** Revenue per currency by the hour of each conversion (exact numeric sums, as text). */
  revenue(s: Scope): Promise<RevenueRow[]> {
    return this.run(
      `SELECT width_bucket(hour, $4::timestamptz[]) AS b, ${group(s)} AS g, currency, sum(amount)::text AS amount
           FROM hourly_revenue WHERE ${HOURS} GROUP BY 1, 2, 3 HAVING sum(rows) > 0`,
      this.params(s),
    );
  }

  /**
   * Active, new and returning contacts from hourly_contacts. `first` null (several channels
   * filtered, not grouped): a contact's first message in them is the earliest of its per-channel
   * firsts, which the flags do not give, so "new" is counted from contact_first (a contact whose
   * first falls in a bucket is active in it).
   */
  async contacts(s: Scope, first: FirstFlag, tail: ContactSet[] = []): Promise<ContactRow[]> {
    // Several channels' firsts are read from contact_first, not from the sets: no tail for them.
    if (first === null && tail.length > 0) throw new Error('a partial hour needs a first flag (partial-hour.calculations.ts)');
    const [whole, fresh] = await Promise.all([
      this.contactSets(s, '$2::timestamptz'),
      first !== null
        ? null
        : this.run<{ b: number; new: number }>(
            `WITH firsts AS (${severalChannelFirsts('$2::timestamptz')})
             SELECT width_bucket(first_at, $4::timestamptz[]) AS b, count(*) AS new FROM firsts GROUP BY 1`,
            this.params(s),
          ),
    ]);
    const newIn = new Map((fresh ?? []).map((r) => [r.b, r.new]));
    return contactCounts([...whole, ...tail], first).map((r) => ({
      b: r.b,
      g: r.g,
      active: r.active,
      new: first !== null ? r.new : (newIn.get(r.b) ?? 0),
      repeat: r.repeat,
    }));
  }

  /** Customer messages per bucket (hour bounds for the heatmap). */
  receivedPerBucket(s: Scope): Promise<{ b: number; n: number }[]> {
    return this.run(
      `SELECT width_bucket(hour, $4::timestamptz[]) AS b, sum(messages_in) AS n
           FROM hourly_events WHERE ${HOURS} GROUP BY 1 HAVING sum(messages_in) > 0`,
      this.params(s),
    );
  }

  /**
   * Cohorts (contacts by the bucket of their first customer message, and the buckets they wrote
   * in): from hourly_contacts alone when a flag gives each contact's first message in scope; with
   * several channels filtered (`first` null), members from contact_first.
   */
  async cohorts(s: Scope, first: FirstFlag): Promise<CohortCell[]> {
    if (first !== null) return cohortCounts(await this.contactSets(s, '($4::timestamptz[])[1]'), first);
    return this.run(
      `WITH firsts AS (${severalChannelFirsts('($4::timestamptz[])[1]')}),
            members AS (SELECT contact_id, width_bucket(first_at, $4::timestamptz[]) AS c FROM firsts),
            activity AS (SELECT DISTINCT contact_id, width_bucket(hour, $4::timestamptz[]) AS b FROM conversation_hours
                          WHERE workspace_id = $1 AND hour >= ($4::timestamptz[])[1] AND hour < $3::timestamptz AND messages_in > 0
                            AND ($5::text[] IS NULL OR channel = ANY($5::text[])))
       SELECT m.c, a.b, count(*) AS contacts FROM members m JOIN activity a USING (contact_id) GROUP BY 1, 2`,
      this.params(s),
    );
  }

  /** Conversation channels with any event in the period. */
  async activeChannels(s: Scope): Promise<string[]> {
    const rows = await this.run<{ channel: string }>(`SELECT DISTINCT channel FROM hourly_events WHERE ${HOURS} AND events > 0`, this.params(s));
    return rows.map((r) => r.channel);
  }
}

/** A conversation_hours row of a partial hour, with its keys and the hours of its contact's firsts (partialHourSets). */
interface PartialHourRow extends CustomerHourRow {
  contact_key: number;
  conversation_key: number;
  first_ever_s: string | null;
  first_channel_s: string | null;
}

/** The rollup rows of the scope's cut, period and channels (hour is a UTC hour start). */
const HOURS = `workspace_id = $1 AND cut = $8 AND hour >= $2::timestamptz AND hour < $3::timestamptz AND ($5::text[] IS NULL OR channel = ANY($5::text[]))
  AND ($9::text[] IS NULL OR cut_value = ANY($9::text[]))`;

/** An hourly_contacts row as read (contactSets gives it its bucket and group). */
interface HourSet {
  /** The hour's start in seconds since the epoch (a number: parsing 10k+ timestamps as Dates cost tens of ms). */
  hour_s: number;
  channel: string;
  cut_value: string;
  entries: Uint8Array;
}

/** A contact-set row's group in Node, as group(s) gives it in SQL. */
function groupOf(s: Scope, channel: string, cutValue: string): string | null {
  if (s.group === 'channel') return channel;
  if (s.group === 'team' || s.group === 'tag' || s.group === 'agent') return cutValue === '' ? null : cutValue;
  return null;
}

/** A rollup row's group: its channel, or its team, tag or first responder (none: NULL, as the facts give it). */
function group(s: Scope): string {
  if (s.group === 'channel') return 'channel';
  if (s.group === 'team' || s.group === 'tag' || s.group === 'agent') return "nullif(cut_value, '')";
  return 'NULL::text';
}

/**
 * Each contact's first customer message in the scope's several channels (the one case the
 * hourly_contacts flags do not answer: Tables.first is null), as rows (contact_id, first_at), for
 * the contacts whose first falls in [`from`, to): those with a first in the range in one of the
 * channels and none before `from` in any of them. Both are ranges of this workspace's
 * ix_contact_first_at (or, when the range's firsts are few and the history long, a probe of the
 * primary key each): no longer a scan of the whole table (every workspace's contacts) and no
 * firsts after `to`.
 */
const severalChannelFirsts = (from: string) => `SELECT c.contact_id, min(c.first_at) AS first_at FROM contact_first c
  WHERE c.workspace_id = $1 AND c.channel = ANY($5::text[]) AND c.first_at >= ${from} AND c.first_at < $3::timestamptz
    AND NOT EXISTS (SELECT 1 FROM contact_first p WHERE p.workspace_id = $1 AND p.contact_id = c.contact_id
                      AND p.channel = ANY($5::text[]) AND p.first_at < ${from})
  GROUP BY c.contact_id`;
