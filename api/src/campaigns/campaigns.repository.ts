import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NONE_VALUE } from '@parley/shared';
import { teamTagFilter } from '../metrics/scope.repository.js';

/** What the campaigns report reads: the period [from, to), the series' bucket starts, the filter and the window. */
export interface CampaignScope {
  workspaceId: number;
  /** ISO instants. */
  from: string;
  to: string;
  /** Bucket starts (ISO instants), ascending; the first is ≤ from. */
  bounds: string[];
  /** Only conversations of these channels; null = all. */
  channels: string[] | null;
  /** team / tag filters as given (`none` = without a team / without tags); null = all. */
  teams: string[] | null;
  tags: string[] | null;
  /** Attribution window, whole hours. */
  windowHours: number;
}

/** One campaign's figures (campaign_id null: the totals over all campaigns of the period). */
export interface CampaignRow {
  campaign_id: string | null;
  sent: number;
  recipients: number;
  delivered: number;
  read: number;
  failed: number;
  replied: number;
  converted: number;
  channels: string[] | null;
  /** First and last campaign message, µs since the epoch (exact, as text); null without any. */
  first_us: string | null;
  last_us: string | null;
  /** Attributed conversion sums per currency (exact numeric text). */
  revenue: { currency: string; amount: string }[];
  /** Campaign messages per bucket: [1-based bucket index, count]. */
  sends: [number, number][];
}

/**
 * The campaigns report in one statement (metrics.md "Campaigns"):
 * - m: the touches, campaign messages of the period in the kept conversations: one range of
 *   campaign_touches, which carries each touch's conversation channel, team and tags, its status
 *   instants (as of `to` here) and its contact's first reply and conversion after it.
 * - l: the live ones (not failed), each with the instant of the contact's next live touch in the
 *   period (ties at one instant: the last by event id byte order), and `until`, the last instant
 *   a response can be attributed to it: min(touch + window, next touch). Touches before `from`
 *   never matter: every touch between an in-period touch and a reply before `to` is in the period.
 * - flags: whether each touch has an attributed reply; conv: the attributed conversions. Some
 *   response is attributable only if the contact's first one after the touch is (reply_at /
 *   conversion_at ≤ until, before `to`); without filters that decides "replied" alone. Otherwise,
 *   and for the conversions' values, the touch probes its responses on ix_events_contact_response:
 *   strictly after it, up to `until`, before `to`, in the kept conversations. So each reply and
 *   conversion belongs to at most one touch.
 * Distinct contacts come from GROUPING SETS over (campaign, contact) and (contact): the totals
 * row counts them over all campaigns.
 */
function campaignsSql(s: CampaignScope): string {
  // Replies and conversions are kept like touches: only those of conversations the filters keep.
  const filtered = s.channels !== null || s.teams !== null || s.tags !== null;
  // The responses attributed to touch `l` (of `types`), as a FROM item aliased r.
  const responses = (types: string) => `(
          SELECT r.type, r.value, r.currency
            FROM events r
            ${filtered ? 'JOIN conversation_facts rf ON rf.workspace_id = r.workspace_id AND rf.conversation_id = r.conversation_id' : ''}
           WHERE r.workspace_id = $1 AND r.contact_id = l.contact_id AND r.type IN (${types})
             AND r.occurred_at > l.occurred_at AND r.occurred_at <= l.until AND r.occurred_at < $3::timestamptz
             ${s.channels !== null ? 'AND rf.channel = ANY($5::text[])' : ''}${teamTagFilter(s, 'rf.')}
          -- Keeps the probe a per-touch lookup: flattened into a join, a workspace whose statistics
          -- are stale (a bulk load not yet analysed) was planned as a scan of all its events per touch.
          OFFSET 0
        ) r`;
  // scope_params only types $6 and $7, which the SQL uses only when a team or tag filter is given.
  return `
WITH scope_params AS (SELECT $6::text[], $7::text[]),
m AS (
  SELECT t.*, t.failed_status AND NOT t.is_delivered AS is_failed FROM (
    SELECT t.event_id, t.occurred_at, t.campaign_id, t.contact_id, t.channel, t.reply_at, t.conversion_at,
           coalesce(least(t.delivered_at, t.read_at) < $3::timestamptz, false) AS is_delivered,
           coalesce(t.read_at < $3::timestamptz, false) AS is_read,
           coalesce(t.failed_at < $3::timestamptz, false) AS failed_status
      FROM campaign_touches t
     WHERE t.workspace_id = $1 AND t.occurred_at >= $2::timestamptz AND t.occurred_at < $3::timestamptz
       AND ($5::text[] IS NULL OR t.channel = ANY($5::text[]))${teamTagFilter(s, 't.')}
  ) t
),
l AS (
  -- least() ignores the null of a touch without a next one.
  SELECT n.*, least(n.occurred_at + make_interval(hours => $8::int), n.next_at) AS until FROM (
    SELECT campaign_id, contact_id, occurred_at, reply_at, conversion_at,
           lead(occurred_at) OVER (PARTITION BY contact_id ORDER BY occurred_at, event_id) AS next_at
      FROM m WHERE NOT is_failed
  ) n
),
flags AS (
  -- Every touch of the period and whether it has an attributed reply (a failed one has none).
  SELECT l.campaign_id, l.contact_id,
         CASE WHEN NOT coalesce(l.reply_at <= l.until AND l.reply_at < $3::timestamptz, false) THEN false
              ${filtered ? `ELSE EXISTS (SELECT 1 FROM ${responses(`'message.received'`)})` : 'ELSE true'} END AS replied
    FROM l
  UNION ALL
  SELECT campaign_id, contact_id, false FROM m WHERE is_failed
),
conv AS (
  -- Each attributed conversion with its touch's campaign and contact. Only a touch whose
  -- contact's first conversion after it is attributable probes at all.
  SELECT l.campaign_id, l.contact_id, r.currency, r.value
    FROM l CROSS JOIN LATERAL ${responses(`'conversion'`)}
   WHERE l.conversion_at <= l.until AND l.conversion_at < $3::timestamptz
),
-- Distinct contacts by hashing (campaign, contact) pairs, and contacts for the totals:
-- count(DISTINCT …) would sort each group's rows.
people AS (
  SELECT campaign_id, grouping(campaign_id) AS total, bool_or(replied) AS replied
    FROM flags GROUP BY GROUPING SETS ((campaign_id, contact_id), (contact_id))
),
converters AS (
  SELECT campaign_id, grouping(campaign_id) AS total FROM conv GROUP BY GROUPING SETS ((campaign_id, contact_id), (contact_id))
),
chans AS (
  SELECT campaign_id, grouping(campaign_id) AS total, channel FROM m GROUP BY GROUPING SETS ((campaign_id, channel), (channel))
),
funnel AS (
  SELECT campaign_id, grouping(campaign_id) AS total, count(*)::int AS sent,
         (count(*) FILTER (WHERE is_delivered))::int AS delivered,
         (count(*) FILTER (WHERE is_read))::int AS read,
         (count(*) FILTER (WHERE is_failed))::int AS failed,
         (extract(epoch FROM min(occurred_at)) * 1000000)::bigint::text AS first_us,
         (extract(epoch FROM max(occurred_at)) * 1000000)::bigint::text AS last_us
    FROM m GROUP BY GROUPING SETS ((campaign_id), ())
),
resp AS (
  SELECT campaign_id, total, count(*)::int AS recipients, (count(*) FILTER (WHERE replied))::int AS replied FROM people GROUP BY 1, 2
),
conversions AS (SELECT campaign_id, total, count(*)::int AS converted FROM converters GROUP BY 1, 2),
channels AS (SELECT campaign_id, total, array_agg(channel) AS channels FROM chans GROUP BY 1, 2),
rev AS (
  SELECT campaign_id, total, json_agg(json_build_object('currency', currency, 'amount', amount)) AS revenue FROM (
    SELECT campaign_id, grouping(campaign_id) AS total, currency, sum(value)::text AS amount
      FROM conv GROUP BY GROUPING SETS ((campaign_id, currency), (currency))
  ) x GROUP BY 1, 2
),
sends AS (
  -- Per campaign at once: a subquery per campaign row would scan every touch once per campaign.
  SELECT campaign_id, json_agg(json_build_array(b, n)) AS sends FROM (
    SELECT campaign_id, width_bucket(occurred_at, $4::timestamptz[]) AS b, count(*)::int AS n FROM m GROUP BY 1, 2
  ) x GROUP BY campaign_id
)
SELECT CASE WHEN f.total = 0 THEN f.campaign_id END AS campaign_id, f.sent, coalesce(r.recipients, 0) AS recipients, f.delivered, f.read, f.failed,
       coalesce(r.replied, 0) AS replied, coalesce(c.converted, 0) AS converted, ch.channels, f.first_us, f.last_us,
       coalesce(v.revenue, '[]'::json) AS revenue, coalesce(s.sends, '[]'::json) AS sends
  FROM funnel f
  -- The totals rows (total = 1) have a null campaign_id: joined by IS NOT DISTINCT FROM.
  LEFT JOIN resp r ON r.total = f.total AND r.campaign_id IS NOT DISTINCT FROM f.campaign_id
  LEFT JOIN conversions c ON c.total = f.total AND c.campaign_id IS NOT DISTINCT FROM f.campaign_id
  LEFT JOIN channels ch ON ch.total = f.total AND ch.campaign_id IS NOT DISTINCT FROM f.campaign_id
  LEFT JOIN rev v ON v.total = f.total AND v.campaign_id IS NOT DISTINCT FROM f.campaign_id
  LEFT JOIN sends s ON f.total = 0 AND s.campaign_id = f.campaign_id`;
}

/** The SQL of the campaigns report (campaigns.calculations.ts shapes the answer). */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One row per campaign with a campaign message in the period, and one totals row (campaign_id null). */
  campaigns(s: CampaignScope): Promise<CampaignRow[]> {
    // $6 and $7: the named teams and tags (without `none`), where teamTagFilter expects them.
    const named = (values: string[] | null) => values && values.filter((v) => v !== NONE_VALUE);
    return this.dataSource.query(campaignsSql(s), [s.workspaceId, s.from, s.to, s.bounds, s.channels, named(s.teams), named(s.tags), s.windowHours]);
  }
}
