/**
 * The DuckDB side of the query benchmark: each metric endpoint's figures computed by scanning the
 * raw events (a Parquet file exported once from Postgres), with no conversation facts — the
 * per-conversation values (channel, first customer message, first response, reply waits,
 * resolution, latest rating) are derived in the query with aggregates and window functions,
 * following events.md, metrics.md and metrics-decisions.md.
 *
 * `duckSql` writes one statement per request; `duckAnswer` shapes its rows like the API's answer
 * (only the figures both compute), and `compareAnswers` lists the values that disagree.
 */
import { DEFAULT_WINDOW_HOURS } from '@parley/shared/report-params';
import type { MetricRequest } from './requests';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ts = (iso: string) => `TIMESTAMPTZ ${lit(iso)}`;
const LABEL = `'%Y-%m-%dT%H:%M:%S'`;

interface Part {
  /** Name of the part (rows are told apart by it). */
  name: string;
  /** Bucketed by the request's grain, or one bucket over the whole period. */
  bucketed: boolean;
  group: 'none' | 'channel' | 'agent';
  from: string;
  to: string;
}

/** SQL builder for one request. */
class Query {
  private readonly ctes: string[] = [];
  private readonly parts: string[] = [];
  private readonly names = new Set<string>();
  private readonly resp: string;
  private readonly filtered: boolean;

  constructor(
    private readonly r: MetricRequest,
    parquet: string,
  ) {
    this.resp = r.responder === 'agent' ? 'is_agent_resp' : 'is_resp';
    this.filtered = !!r.channels?.length;
    this.ctes.push(`ev AS (
  SELECT event_id, type, occurred_at, epoch_us(occurred_at) AS us, conversation_id, contact_id, channel, sender_type, sender_id,
         campaign_id, message_id, rating, value, currency,
         CASE type WHEN 'message.received' THEN 0 WHEN 'message.sent' THEN 1 ELSE 2 END AS rk,
         type = 'message.sent' AND campaign_id IS NULL AS is_resp,
         type = 'message.sent' AND campaign_id IS NULL AND sender_type = 'agent' AS is_agent_resp
    FROM read_parquet(${lit(parquet)}))`);
  }

  /** Conversations read from their events (all of them, whatever the period), channel-filtered. */
  private needConversations() {
    if (this.names.has('convf')) return;
    this.names.add('convf');
    const key = '(e.us, e.rk, e.event_id)';
    const resp = `e.${this.resp}`;
    this.ctes.push(`fc AS (SELECT conversation_id, min(us) FILTER (WHERE type = 'message.received') AS fc_us,
                     min(us) FILTER (WHERE type = 'conversation.assigned') AS fa_us FROM ev GROUP BY 1)`);
    this.ctes.push(`conv0 AS (
  SELECT e.conversation_id,
         arg_min(e.channel, ${key}) AS channel,
         arg_min(e.contact_id, ${key}) AS contact_id,
         min(e.us) AS started_us, max(e.us) AS last_us, any_value(f.fc_us) AS fc_us,
         min(e.us) FILTER (WHERE ${resp} AND e.us >= f.fc_us) AS fr_us,
         arg_min(e.sender_id, ${key}) FILTER (WHERE ${resp} AND e.us >= f.fc_us) AS first_responder,
         any_value(f.fa_us) AS fa_us, min(e.us) FILTER (WHERE e.is_agent_resp AND e.us >= f.fa_us) AS far_us,
         bool_or(e.is_resp) AS has_response,
         bool_or(e.is_resp) AND NOT bool_or(e.is_agent_resp) AS automated,
         arg_max(e.type, ${key}) FILTER (WHERE e.type IN ('conversation.resolved', 'conversation.reopened')) AS last_status,
         max(e.us) FILTER (WHERE e.type IN ('conversation.resolved', 'conversation.reopened')) AS status_us,
         arg_max(e.rating, ${key}) FILTER (WHERE e.type = 'csat.submitted') AS rating,
         max(e.us) FILTER (WHERE e.type = 'csat.submitted') AS rated_us,
         count(*) FILTER (WHERE e.type = 'conversion') > 0 AS converted,
         count(*) FILTER (WHERE e.type IN ('message.received', 'message.sent')) AS messages
    FROM ev e JOIN fc f USING (conversation_id)
   GROUP BY e.conversation_id)`);
    this.ctes.push(`convf AS MATERIALIZED (
  SELECT conversation_id, channel, contact_id, messages, converted, has_response, automated, rating, first_responder,
         make_timestamp(started_us)::TIMESTAMPTZ AS started_at, make_timestamp(last_us)::TIMESTAMPTZ AS last_at,
         make_timestamp(fc_us)::TIMESTAMPTZ AS fc_at, (fr_us - fc_us) / 1e6 AS frt,
         CASE WHEN last_status = 'conversation.resolved' THEN make_timestamp(status_us)::TIMESTAMPTZ END AS resolved_at,
         CASE WHEN last_status = 'conversation.resolved' THEN (status_us - started_us) / 1e6 END AS resolution_time,
         make_timestamp(rated_us)::TIMESTAMPTZ AS rated_at,
         make_timestamp(fa_us)::TIMESTAMPTZ AS fa_at, (far_us - fa_us) / 1e6 AS art
    FROM conv0
   ${this.filtered ? `WHERE channel IN (${this.r.channels!.map(lit).join(', ')})` : ''})`);
  }

  /** Reply waits and times (events.md's walk, with window functions), for conversations active in [from, to). */
  private needReplies(from: string, to: string, suffix: string) {
    const name = `replies${suffix}`;
    if (this.names.has(name)) return name;
    this.names.add(name);
    this.needConversations();
    const resp = this.resp;
    this.ctes.push(`msgs${suffix} AS (
  SELECT conversation_id, us, ${resp} AS r,
         sum(${resp}::INTEGER) OVER (PARTITION BY conversation_id ORDER BY us, rk, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS k
    FROM ev
   WHERE (type = 'message.received' OR ${resp})
     AND conversation_id IN (SELECT conversation_id FROM convf WHERE started_at < ${ts(to)} AND last_at >= ${ts(from)}))`);
    this.ctes.push(`waits${suffix} AS (SELECT conversation_id, k, min(us) AS ws FROM msgs${suffix} WHERE NOT r GROUP BY 1, 2)`);
    this.ctes.push(`${name} AS (
  SELECT m.conversation_id, make_timestamp(w.ws)::TIMESTAMPTZ AS wait_at, (m.us - w.ws) / 1e6 AS secs
    FROM msgs${suffix} m JOIN waits${suffix} w ON w.conversation_id = m.conversation_id AND w.k = m.k - 1
   WHERE m.r)`);
    return name;
  }

  /** The bucket key of an instant expression, and the key's label (local start, no offset). */
  private key(p: Part, x: string): string {
    if (!p.bucketed) return 'NULL::VARCHAR';
    const g = this.r.grain ?? 'day';
    return g === 'hour' ? `date_trunc('hour', ${x})` : `date_trunc('${g}', timezone(${lit(this.r.tz)}, ${x}))`;
  }
  private label(p: Part, k: string): string {
    if (!p.bucketed) return 'NULL::VARCHAR';
    return this.r.grain === 'hour' ? `strftime(timezone(${lit(this.r.tz)}, ${k}), ${LABEL})` : `strftime(${k}, ${LABEL})`;
  }
  private groupOf(p: Part, alias: string): string {
    return p.group === 'channel' ? `${alias}.channel` : p.group === 'agent' ? `${alias}.first_responder` : 'NULL::VARCHAR';
  }
  private inPeriod(p: Part, x: string) {
    return `${x} >= ${ts(p.from)} AND ${x} < ${ts(p.to)}`;
  }
  /** Events, joined to their conversation only when a filter or the channel group needs it. */
  private events(p: Part, types: string[]): { from: string; g: string } {
    const join = this.filtered || p.group === 'channel';
    if (join) this.needConversations();
    return {
      from: `ev e ${join ? 'JOIN convf c USING (conversation_id)' : ''} WHERE e.type IN (${types.map(lit).join(', ')})`,
      g: p.group === 'channel' ? 'c.channel' : 'NULL::VARCHAR',
    };
  }

  firstCustomer(p: Part, sla: number) {
    this.needConversations();
    const k = this.key(p, 'c.fc_at');
    const g = this.groupOf(p, 'c');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${g} AS g,
       count(*) AS conversations, count(c.frt) AS responded,
       quantile_cont(c.frt, 0.5) AS frt_median, quantile_cont(c.frt, 0.9) AS frt_p90, sum(c.frt) AS frt_sum,
       count(*) FILTER (WHERE c.frt <= ${sla}) AS within_sla,
       count(*) FILTER (WHERE c.has_response) AS with_response,
       count(*) FILTER (WHERE c.has_response AND c.automated) AS automated
  FROM convf c WHERE ${this.inPeriod(p, 'c.fc_at')} GROUP BY ${k}, ${g}`);
  }

  replies(p: Part) {
    const name = this.needReplies(p.from, p.to, p.name.includes(':prev') ? '_prev' : '');
    const k = this.key(p, 'x.wait_at');
    const g = this.groupOf(p, 'c');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${g} AS g,
       quantile_cont(x.secs, 0.5) AS reply_median, quantile_cont(x.secs, 0.9) AS reply_p90
  FROM ${name} x JOIN convf c USING (conversation_id) WHERE ${this.inPeriod(p, 'x.wait_at')} GROUP BY ${k}, ${g}`);
  }

  resolutions(p: Part) {
    this.needConversations();
    const k = this.key(p, 'c.resolved_at');
    const g = this.groupOf(p, 'c');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${g} AS g,
       count(*) AS resolutions, quantile_cont(c.resolution_time, 0.5) AS resolution_median
  FROM convf c WHERE ${this.inPeriod(p, 'c.resolved_at')} GROUP BY ${k}, ${g}`);
  }

  /** Conversations by firstAssignedAt and the time from it to the first agent response at or after it. */
  assignments(p: Part) {
    this.needConversations();
    const k = this.key(p, 'c.fa_at');
    const g = this.groupOf(p, 'c');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${g} AS g,
       count(*) AS assigned, quantile_cont(c.art, 0.5) AS assign_median, quantile_cont(c.art, 0.9) AS assign_p90
  FROM convf c WHERE ${this.inPeriod(p, 'c.fa_at')} GROUP BY ${k}, ${g}`);
  }

  started(p: Part) {
    this.needConversations();
    const k = this.key(p, 'c.started_at');
    const g = this.groupOf(p, 'c');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${g} AS g,
       count(*) AS conversations, sum(c.messages) AS messages, count(*) FILTER (WHERE c.converted) AS converted
  FROM convf c WHERE ${this.inPeriod(p, 'c.started_at')} GROUP BY ${k}, ${g}`);
  }

  ratings(p: Part) {
    this.needConversations();
    const k = this.key(p, 'c.rated_at');
    const g = this.groupOf(p, 'c');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${g} AS g,
       count(*) AS ratings, sum(c.rating) AS rating_sum, count(*) FILTER (WHERE c.rating >= 4) AS satisfied
  FROM convf c WHERE ${this.inPeriod(p, 'c.rated_at')} GROUP BY ${k}, ${g}`);
  }

  messages(p: Part) {
    const e = this.events(p, ['message.received', 'message.sent']);
    const k = this.key(p, 'e.occurred_at');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${e.g} AS g,
       count(*) FILTER (WHERE e.type = 'message.received') AS messages_in,
       count(*) FILTER (WHERE e.type = 'message.sent') AS messages_out,
       count(DISTINCT e.contact_id) FILTER (WHERE e.type = 'message.received') AS active_contacts
  FROM ${e.from} AND ${this.inPeriod(p, 'e.occurred_at')} GROUP BY ${k}, ${e.g}`);
  }

  revenue(p: Part) {
    const e = this.events(p, ['conversion']);
    const k = this.key(p, 'e.occurred_at');
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, k)} AS b, ${e.g} AS g, e.currency AS currency, sum(e.value)::VARCHAR AS amount
  FROM ${e.from} AND ${this.inPeriod(p, 'e.occurred_at')} GROUP BY ${k}, ${e.g}, e.currency`);
  }

  /** Active, new, returning and repeat contacts; "ever" is every customer message before `to` in scope. */
  contacts(p: Part) {
    const e = this.events(p, ['message.received']);
    const suffix = p.name.replace(/[^a-z]/g, '_');
    const ka = this.key(p, 'occurred_at');
    this.ctes.push(`r_${suffix} AS (SELECT e.contact_id, e.conversation_id, e.occurred_at, ${e.g} AS g FROM ${e.from} AND e.occurred_at < ${ts(p.to)})`);
    this.ctes.push(`first_${suffix} AS (SELECT contact_id, g, min(occurred_at) AS first_at FROM r_${suffix} GROUP BY 1, 2)`);
    this.ctes.push(`act_${suffix} AS (SELECT ${ka} AS k, g, contact_id, count(DISTINCT conversation_id) AS conversations
  FROM r_${suffix} WHERE occurred_at >= ${ts(p.from)} GROUP BY 1, 2, 3)`);
    const isNew = `f.first_at >= ${ts(p.from)}${p.bucketed ? ` AND ${this.key(p, 'f.first_at')} = a.k` : ''}`;
    this.parts.push(`SELECT ${lit(p.name)} AS part, ${this.label(p, 'a.k')} AS b, a.g AS g,
       count(*) AS active, count(*) FILTER (WHERE ${isNew}) AS new, count(*) FILTER (WHERE a.conversations >= 2) AS repeat
  FROM act_${suffix} a JOIN first_${suffix} f ON f.contact_id = a.contact_id AND f.g IS NOT DISTINCT FROM a.g
 GROUP BY a.k, a.g`);
  }

  heatmap(p: Part) {
    const e = this.events(p, ['message.received']);
    const local = `timezone(${lit(this.r.tz)}, e.occurred_at)`;
    this.parts.push(`SELECT ${lit(p.name)} AS part, isodow(${local}) AS weekday, hour(${local}) AS hour, count(*) AS messages
  FROM ${e.from} AND ${this.inPeriod(p, 'e.occurred_at')} GROUP BY 2, 3`);
  }

  cohorts(p: Part) {
    const e = this.events(p, ['message.received']);
    const g = this.r.grain === 'month' ? 'month' : 'week';
    const tz = lit(this.r.tz);
    const fromLocal = `timezone(${tz}, ${ts(p.from)})`;
    this.ctes.push(`cr AS (SELECT e.contact_id, timezone(${tz}, e.occurred_at) AS local FROM ${e.from} AND e.occurred_at < ${ts(p.to)})`);
    this.ctes.push(`bnd AS (SELECT CASE WHEN date_trunc('${g}', ${fromLocal}) = ${fromLocal} THEN date_trunc('${g}', ${fromLocal})
                         ELSE date_trunc('${g}', ${fromLocal}) + INTERVAL 1 ${g} END AS w0)`);
    this.ctes.push(`members AS (SELECT contact_id, date_trunc('${g}', min(local)) AS c FROM cr GROUP BY 1 HAVING min(local) >= (SELECT w0 FROM bnd))`);
    this.ctes.push(`activity AS (SELECT DISTINCT contact_id, date_trunc('${g}', local) AS b FROM cr WHERE local >= (SELECT w0 FROM bnd))`);
    this.parts.push(`SELECT ${lit(p.name)} AS part, strftime(m.c, ${LABEL}) AS cohort, datediff('${g}', m.c, a.b) AS k, count(*) AS contacts
  FROM members m JOIN activity a USING (contact_id) GROUP BY m.c, a.b`);
  }

  activeChannels(p: Part) {
    this.needConversations();
    this.parts.push(`SELECT DISTINCT ${lit(p.name)} AS part, c.channel AS g
  FROM ev e JOIN convf c USING (conversation_id) WHERE ${this.inPeriod(p, 'e.occurred_at')}`);
  }

  /**
   * The campaigns report (metrics.md "Campaigns"; events.md "Message status"), from the raw events:
   * - filters first: only conversations whose channel (that of their earliest event) is kept;
   * - a campaign message is delivered / read / failed by the statuses before `to` with its
   *   messageId, from any conversation (statuses ignore the filters);
   * - each kept message.received and conversion before `to` goes to its contact's latest
   *   non-failed campaign message strictly earlier (same instant: the greatest event id, byte
   *   order), if that one is at most `window` hours earlier (inclusive) and in the period.
   */
  campaigns(p: Part) {
    const to = ts(p.to);
    const windowUs = (this.r.window ?? DEFAULT_WINDOW_HOURS) * 3_600_000_000;
    const tz = lit(this.r.tz);
    this.ctes.push(`camp_kept AS (
  SELECT * FROM (SELECT conversation_id, arg_min(channel, (us, rk, event_id)) AS channel FROM ev GROUP BY 1)
   ${this.filtered ? `WHERE channel IN (${this.r.channels!.map(lit).join(', ')})` : ''})`);
    this.ctes.push(`camp_status AS (
  SELECT message_id, bool_or(type = 'message.delivered') AS d, bool_or(type = 'message.read') AS r, bool_or(type = 'message.failed') AS f
    FROM ev WHERE type IN ('message.delivered', 'message.read', 'message.failed') AND occurred_at < ${to} GROUP BY 1)`);
    this.ctes.push(`camp_msg AS MATERIALIZED (
  SELECT e.event_id, e.us, e.occurred_at, e.contact_id, e.campaign_id, k.channel,
         coalesce(s.d OR s.r, false) AS delivered, coalesce(s.r, false) AS is_read, coalesce(s.f AND NOT (s.d OR s.r), false) AS failed,
         e.occurred_at >= ${ts(p.from)} AS in_period
    FROM ev e JOIN camp_kept k USING (conversation_id) LEFT JOIN camp_status s ON s.message_id = e.message_id
   WHERE e.type = 'message.sent' AND e.campaign_id IS NOT NULL AND e.occurred_at < ${to})`);
    // One touch per contact and instant: the last by event id.
    this.ctes.push(`camp_touch AS (SELECT contact_id, us, max(event_id) AS event_id FROM camp_msg WHERE NOT failed GROUP BY 1, 2)`);
    this.ctes.push(`camp_answer AS (
  SELECT e.type, e.us, e.contact_id, e.value, e.currency
    FROM ev e JOIN camp_kept k USING (conversation_id)
   WHERE e.type IN ('message.received', 'conversion') AND e.occurred_at < ${to})`);
    this.ctes.push(`camp_attr AS (
  SELECT a.type, a.contact_id, a.value, a.currency, m.campaign_id
    FROM camp_answer a ASOF JOIN camp_touch t ON a.contact_id = t.contact_id AND a.us > t.us
    JOIN camp_msg m ON m.event_id = t.event_id
   WHERE a.us - t.us <= ${windowUs} AND m.in_period)`);
    const local = (us: string) => `strftime(timezone(${tz}, make_timestamp(${us})::TIMESTAMPTZ), ${LABEL})`;
    const funnel = `count(*) AS sent, count(DISTINCT m.contact_id) AS recipients, count(*) FILTER (WHERE m.delivered) AS delivered,
       count(*) FILTER (WHERE m.is_read) AS read_n, count(*) FILTER (WHERE m.failed) AS failed,
       min(m.us) AS first_us, max(m.us) AS last_us, ${local('min(m.us)')} AS first_local, ${local('max(m.us)')} AS last_local,
       array_to_string(list_sort(list(DISTINCT m.channel)), ',') AS channels`;
    const answers = `count(DISTINCT contact_id) FILTER (WHERE type = 'message.received') AS replied,
       count(DISTINCT contact_id) FILTER (WHERE type = 'conversion') AS converted`;
    const k = this.key(p, 'm.occurred_at');
    this.parts.push(`SELECT 'camp' AS part, m.campaign_id AS g, ${funnel} FROM camp_msg m WHERE m.in_period GROUP BY m.campaign_id`);
    this.parts.push(`SELECT 'camp:total' AS part, NULL::VARCHAR AS g, ${funnel} FROM camp_msg m WHERE m.in_period`);
    this.parts.push(`SELECT 'camp:answers' AS part, campaign_id AS g, ${answers} FROM camp_attr GROUP BY campaign_id`);
    this.parts.push(`SELECT 'camp:answers:total' AS part, NULL::VARCHAR AS g, ${answers} FROM camp_attr`);
    this.parts.push(`SELECT 'camp:rev' AS part, campaign_id AS g, currency, sum(value)::VARCHAR AS amount FROM camp_attr WHERE type = 'conversion' GROUP BY campaign_id, currency`);
    this.parts.push(`SELECT 'camp:rev:total' AS part, NULL::VARCHAR AS g, currency, sum(value)::VARCHAR AS amount FROM camp_attr WHERE type = 'conversion' GROUP BY currency`);
    this.parts.push(`SELECT 'camp:series' AS part, ${this.label(p, k)} AS b, m.campaign_id AS g, count(*) AS sent FROM camp_msg m WHERE m.in_period GROUP BY ${k}, m.campaign_id`);
  }

  sql(): string {
    return `WITH ${this.ctes.join(',\n')}\n${this.parts.join('\nUNION ALL BY NAME\n')}`;
  }
}

/** One DuckDB statement computing the request's figures from the raw events in `parquet`. */
export function duckSql(r: MetricRequest, parquet: string): string {
  const q = new Query(r, parquet);
  const series = (name: string): Part => ({ name, bucketed: true, group: r.groupBy ?? 'none', from: r.from, to: r.to });
  const total = (name: string): Part => ({ name: `${name}:total`, bucketed: false, group: 'none', from: r.from, to: r.to });
  const sla = r.sla ?? 300;
  switch (r.endpoint) {
    case 'response-times':
      for (const p of [series('fc'), total('fc')]) q.firstCustomer(p, sla);
      for (const p of [series('reply'), total('reply')]) q.replies(p);
      for (const p of [series('res'), total('res')]) q.resolutions(p);
      for (const p of [series('assign'), total('assign')]) q.assignments(p);
      break;
    case 'engagement':
      for (const p of [series('started'), total('started')]) q.started(p);
      for (const p of [series('fc'), total('fc')]) q.firstCustomer(p, 0);
      for (const p of [series('msg'), total('msg')]) q.messages(p);
      for (const p of [series('rev'), total('rev')]) q.revenue(p);
      break;
    case 'loyalty':
      for (const p of [series('contacts'), total('contacts')]) q.contacts(p);
      for (const p of [series('rating'), total('rating')]) q.ratings(p);
      break;
    case 'heatmap':
      q.heatmap(total('heat'));
      break;
    case 'cohorts':
      q.cohorts(total('cohort'));
      break;
    case 'channels': {
      const p = (name: string): Part => ({ name, bucketed: false, group: 'channel', from: r.from, to: r.to });
      q.activeChannels(p('active'));
      q.firstCustomer(p('fc'), sla);
      q.replies(p('reply'));
      q.started(p('started'));
      q.messages(p('msg'));
      q.revenue(p('rev'));
      q.contacts(p('contacts'));
      q.ratings(p('rating'));
      break;
    }
    case 'campaigns':
      q.campaigns({ name: 'camp', bucketed: true, group: 'none', from: r.from, to: r.to });
      break;
    case 'overview': {
      const length = Date.parse(r.to) - Date.parse(r.from);
      const prevFrom = new Date(Date.parse(r.from) - length).toISOString();
      for (const [suffix, from, to] of [[':cur', r.from, r.to], [':prev', prevFrom, r.from]] as const) {
        const p = (name: string): Part => ({ name: `${name}${suffix}`, bucketed: false, group: 'none', from, to });
        q.firstCustomer(p('fc'), sla);
        q.started(p('started'));
        q.messages(p('msg'));
        q.revenue(p('rev'));
        q.contacts(p('contacts'));
        q.ratings(p('rating'));
      }
      break;
    }
  }
  return q.sql();
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const rate = (a: number, b: number) => (b === 0 ? null : a / b);

class Cells {
  private readonly map = new Map<string, Row>();
  constructor(rows: Row[]) {
    for (const r of rows) this.map.set(Cells.key(r.b as string | null, r.g as string | null), r);
  }
  static key(b: string | null, g: string | null) {
    return `${b ?? '-'}|${g ?? '\u0001null'}`;
  }
  get(b: string | null, g: string | null) {
    return this.map.get(Cells.key(b, g));
  }
  groups() {
    return [...this.map.values()].map((r) => (r.g as string | null) ?? null);
  }
  buckets() {
    return [...this.map.values()].map((r) => r.b as string);
  }
}

function responseMetrics(c?: Row, r?: Row, s?: Row, a?: Row) {
  const conversations = num(c?.conversations);
  const responded = num(c?.responded);
  return {
    conversations,
    responded,
    responseRate: rate(responded, conversations),
    firstResponseMedian: numOrNull(c?.frt_median),
    firstResponseP90: numOrNull(c?.frt_p90),
    firstResponseMean: responded && c?.frt_sum != null ? num(c.frt_sum) / responded : null,
    replyMedian: numOrNull(r?.reply_median),
    replyP90: numOrNull(r?.reply_p90),
    resolutions: num(s?.resolutions),
    resolutionMedian: numOrNull(s?.resolution_median),
    withinSla: rate(num(c?.within_sla), conversations),
    assignedConversations: num(a?.assigned),
    assignmentResponseMedian: numOrNull(a?.assign_median),
    assignmentResponseP90: numOrNull(a?.assign_p90),
  };
}

function revenueOf(rows: Row[]) {
  const out: Record<string, number> = {};
  for (const r of rows) out[String(r.currency).trim()] = Number(r.amount);
  return out;
}

function engagementMetrics(s?: Row, c?: Row, m?: Row, revenue: Row[] = []) {
  const conversations = num(s?.conversations);
  return {
    conversations,
    messagesIn: num(m?.messages_in),
    messagesOut: num(m?.messages_out),
    activeContacts: num(m?.active_contacts),
    messagesPerConversation: rate(num(s?.messages), conversations),
    automationRate: rate(num(c?.automated), num(c?.with_response)),
    conversionRate: rate(num(s?.converted), conversations),
    revenue: revenueOf(revenue),
  };
}

function loyaltyMetrics(c?: Row, r?: Row) {
  const active = num(c?.active);
  const fresh = num(c?.new);
  return {
    activeContacts: active,
    newContacts: fresh,
    returningContacts: active - fresh,
    returningRate: rate(active - fresh, active),
    repeatContactRate: rate(num(c?.repeat), active),
    csatAverage: rate(num(r?.rating_sum), num(r?.ratings)),
    csatSatisfiedRate: rate(num(r?.satisfied), num(r?.ratings)),
    csatResponses: num(r?.ratings),
  };
}

/**
 * An instant as the API writes it (local time with offset) → `local wall time to the second|epoch ms`:
 * the API's string and DuckDB's figures meet there (the offset is right when both parts are).
 */
function instantKey(iso: string | null | undefined): string | null {
  return iso === null || iso === undefined ? null : `${iso.slice(0, 19)}|${Date.parse(iso)}`;
}

/** A campaign's (or the totals') funnel from DuckDB's rows, in the API's names (instants and channels as compared). */
function campaignMetrics(m?: Row, a?: Row, revenue: Row[] = []) {
  const sent = num(m?.sent);
  const recipients = num(m?.recipients);
  const delivered = num(m?.delivered);
  const replied = num(a?.replied);
  const converted = num(a?.converted);
  const at = (local: unknown, us: unknown) => (us === null || us === undefined ? null : `${local}|${Math.floor(Number(us) / 1000)}`);
  return {
    channels: m?.channels ?? '',
    firstSentAt: at(m?.first_local, m?.first_us),
    lastSentAt: at(m?.last_local, m?.last_us),
    sent,
    recipients,
    delivered,
    read: num(m?.read_n),
    failed: num(m?.failed),
    deliveryRate: rate(delivered, sent),
    readRate: rate(num(m?.read_n), delivered),
    replied,
    replyRate: rate(replied, recipients),
    converted,
    conversionRate: rate(converted, recipients),
    revenue: revenueOf(revenue),
  };
}

/** An API campaign row (or totals) in the form campaignMetrics gives. */
function apiCampaignMetrics(c: Record<string, unknown>) {
  const { campaignId: _id, ...rest } = c;
  return {
    ...rest,
    channels: (c.channels as string[]).join(','),
    firstSentAt: instantKey(c.firstSentAt as string | null),
    lastSentAt: instantKey(c.lastSentAt as string | null),
  };
}

/** Byte order of UTF-8 strings (PostgreSQL COLLATE "C"). */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The DuckDB answer, shaped like the API's for the figures compared. */
export interface DuckAnswer {
  totals?: Record<string, unknown>;
  /** Series items by `${bucket label without offset}|${group}`. */
  series?: Map<string, Record<string, unknown>>;
  groups?: (string | null)[];
  buckets?: string[];
  cells?: { weekday: number; hour: number; messages: number }[];
  cohorts?: Map<string, number[]>;
  channels?: Map<string, Record<string, unknown>>;
  current?: Record<string, unknown>;
  before?: Record<string, unknown>;
  /** campaigns: the rows in the report's order (firstSentAt, then campaignId byte by byte). */
  campaigns?: { campaignId: string; metrics: Record<string, unknown> }[];
}

export function duckAnswer(r: MetricRequest, rows: Row[]): DuckAnswer {
  const part = (name: string) => rows.filter((x) => x.part === name);
  const cells = (name: string) => new Cells(part(name));
  const rev = (name: string, b: string | null, g: string | null) => part(name).filter((x) => (x.b ?? null) === b && (x.g ?? null) === g);
  const seriesOf = (names: string[], build: (b: string, g: string | null) => Record<string, unknown>) => {
    const all = names.flatMap((n) => part(n));
    const groups = [...new Set(all.map((x) => (x.g as string | null) ?? null))];
    const buckets = [...new Set(all.map((x) => x.b as string))];
    const map = new Map<string, Record<string, unknown>>();
    for (const g of groups) for (const b of buckets) map.set(`${b}|${g}`, build(b, g));
    return { map, groups, buckets };
  };
  switch (r.endpoint) {
    case 'response-times': {
      const [fc, reply, res, asg] = [cells('fc'), cells('reply'), cells('res'), cells('assign')];
      const [tf, tr, ts_, ta] = [cells('fc:total'), cells('reply:total'), cells('res:total'), cells('assign:total')];
      const s = seriesOf(['fc', 'reply', 'res', 'assign'], (b, g) => responseMetrics(fc.get(b, g), reply.get(b, g), res.get(b, g), asg.get(b, g)));
      return {
        totals: responseMetrics(tf.get(null, null), tr.get(null, null), ts_.get(null, null), ta.get(null, null)),
        series: s.map,
        groups: s.groups,
        buckets: s.buckets,
      };
    }
    case 'engagement': {
      const [st, fc, msg] = [cells('started'), cells('fc'), cells('msg')];
      const [tst, tfc, tmsg] = [cells('started:total'), cells('fc:total'), cells('msg:total')];
      const s = seriesOf(['started', 'fc', 'msg', 'rev'], (b, g) => engagementMetrics(st.get(b, g), fc.get(b, g), msg.get(b, g), rev('rev', b, g)));
      return { totals: engagementMetrics(tst.get(null, null), tfc.get(null, null), tmsg.get(null, null), rev('rev:total', null, null)), series: s.map, groups: s.groups, buckets: s.buckets };
    }
    case 'loyalty': {
      const [co, ra] = [cells('contacts'), cells('rating')];
      const [tco, tra] = [cells('contacts:total'), cells('rating:total')];
      const s = seriesOf(['contacts', 'rating'], (b, g) => loyaltyMetrics(co.get(b, g), ra.get(b, g)));
      return { totals: loyaltyMetrics(tco.get(null, null), tra.get(null, null)), series: s.map, groups: s.groups, buckets: s.buckets };
    }
    case 'heatmap': {
      const counts = new Array<number>(168).fill(0);
      for (const x of part('heat:total')) counts[(num(x.weekday) - 1) * 24 + num(x.hour)] += num(x.messages);
      return { cells: counts.map((messages, i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24, messages })) };
    }
    case 'cohorts': {
      const map = new Map<string, number[]>();
      for (const x of part('cohort:total')) {
        const list = map.get(x.cohort as string) ?? [];
        list[num(x.k)] = num(x.contacts);
        map.set(x.cohort as string, list);
      }
      return { cohorts: map };
    }
    case 'channels': {
      const [fc, reply, st, msg, co, ra] = ['fc', 'reply', 'started', 'msg', 'contacts', 'rating'].map(cells);
      const map = new Map<string, Record<string, unknown>>();
      for (const x of part('active')) {
        const ch = x.g as string;
        const rm = responseMetrics(fc.get(null, ch), reply.get(null, ch));
        const e = engagementMetrics(st.get(null, ch), fc.get(null, ch), msg.get(null, ch), rev('rev', null, ch));
        const l = loyaltyMetrics(co.get(null, ch), ra.get(null, ch));
        map.set(ch, {
          conversations: e.conversations,
          messagesIn: e.messagesIn,
          messagesOut: e.messagesOut,
          activeContacts: e.activeContacts,
          responseRate: rm.responseRate,
          firstResponseMedian: rm.firstResponseMedian,
          firstResponseP90: rm.firstResponseP90,
          replyMedian: rm.replyMedian,
          automationRate: e.automationRate,
          csatAverage: l.csatAverage,
          returningRate: l.returningRate,
          conversionRate: e.conversionRate,
          revenue: e.revenue,
        });
      }
      return { channels: map };
    }
    case 'campaigns': {
      const answers = cells('camp:answers');
      const rows = part('camp')
        .map((m) => ({ campaignId: m.g as string, firstUs: Number(m.first_us), metrics: campaignMetrics(m, answers.get(null, m.g as string), rev('camp:rev', null, m.g as string)) }))
        .sort((a, b) => a.firstUs - b.firstUs || byteOrder(a.campaignId, b.campaignId));
      const series = new Map<string, Record<string, unknown>>();
      for (const x of part('camp:series')) series.set(`${x.b}|${x.g}`, { sent: num(x.sent) });
      return {
        totals: campaignMetrics(cells('camp:total').get(null, null), cells('camp:answers:total').get(null, null), rev('camp:rev:total', null, null)),
        campaigns: rows.map(({ campaignId, metrics }) => ({ campaignId, metrics })),
        series,
      };
    }
    case 'overview': {
      const of = (suffix: string) => {
        const c = (n: string) => cells(`${n}${suffix}`).get(null, null);
        const rm = responseMetrics(c('fc'));
        const e = engagementMetrics(c('started'), c('fc'), c('msg'), rev(`rev${suffix}`, null, null));
        const l = loyaltyMetrics(c('contacts'), c('rating'));
        return {
          conversations: e.conversations,
          messagesIn: e.messagesIn,
          messagesOut: e.messagesOut,
          activeContacts: e.activeContacts,
          newContacts: l.newContacts,
          returningRate: l.returningRate,
          responseRate: rm.responseRate,
          firstResponseMedian: rm.firstResponseMedian,
          firstResponseP90: rm.firstResponseP90,
          automationRate: e.automationRate,
          csatAverage: l.csatAverage,
          csatResponses: l.csatResponses,
          conversionRate: e.conversionRate,
          revenue: e.revenue,
        };
      };
      return { current: of(':cur'), before: of(':prev') };
    }
  }
}

export interface Mismatch {
  path: string;
  api: unknown;
  duck: unknown;
}

/** Compares every value DuckDB computed with the API's; numbers within 1e-9 (relative). */
export function compareAnswers(r: MetricRequest, api: any, duck: DuckAnswer): { compared: number; mismatches: Mismatch[] } {
  const mismatches: Mismatch[] = [];
  let compared = 0;
  const same = (a: unknown, b: unknown): boolean => {
    if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
    if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    return a === b;
  };
  const check = (path: string, a: unknown, b: unknown) => {
    if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys((b ?? {}) as object)]);
      for (const k of keys) check(`${path}.${k}`, (a as any)[k], (b as any)?.[k]);
      return;
    }
    compared++;
    if (!same(a, b)) mismatches.push({ path, api: a, duck: b });
  };
  const metricsOf = (item: Record<string, unknown>) => {
    const { bucket: _b, group: _g, ...rest } = item;
    return rest;
  };
  switch (r.endpoint) {
    case 'response-times':
    case 'engagement':
    case 'loyalty': {
      check('totals', api.totals, duck.totals);
      const empty = r.endpoint === 'response-times' ? responseMetrics() : r.endpoint === 'engagement' ? engagementMetrics() : loyaltyMetrics();
      const apiKeys = new Set<string>();
      for (const item of api.series as Record<string, unknown>[]) {
        const key = `${(item.bucket as string).slice(0, 19)}|${(item.group as string | null | undefined) ?? null}`;
        apiKeys.add(key);
        check(`series[${key}]`, metricsOf(item), duck.series!.get(key) ?? empty);
      }
      for (const key of duck.series!.keys()) {
        compared++;
        if (!apiKeys.has(key)) mismatches.push({ path: `series[${key}]`, api: 'missing', duck: 'present' });
      }
      break;
    }
    case 'heatmap':
      check('cells', Object.fromEntries(api.cells.map((c: any) => [`${c.weekday}:${c.hour}`, c.messages])), Object.fromEntries(duck.cells!.map((c) => [`${c.weekday}:${c.hour}`, c.messages])));
      break;
    case 'cohorts': {
      const seen = new Set<string>();
      for (const c of api.cohorts as { cohort: string; size: number; retained: number[] }[]) {
        const label = c.cohort.slice(0, 19);
        seen.add(label);
        const d = duck.cohorts!.get(label) ?? [];
        check(`cohorts[${label}].size`, c.size, d[0] ?? 0);
        c.retained.forEach((n, k) => check(`cohorts[${label}].retained[${k}]`, n, d[k] ?? 0));
        if (d.length > c.retained.length) mismatches.push({ path: `cohorts[${label}]`, api: c.retained.length, duck: d.length });
      }
      for (const label of duck.cohorts!.keys()) {
        compared++;
        if (!seen.has(label)) mismatches.push({ path: `cohorts[${label}]`, api: 'missing', duck: 'present' });
      }
      break;
    }
    case 'channels': {
      const rows = new Map<string, Record<string, unknown>>((api.channels as Record<string, unknown>[]).map((c) => [c.channel as string, c]));
      for (const ch of new Set([...rows.keys(), ...duck.channels!.keys()])) {
        const a = rows.get(ch);
        const d = duck.channels!.get(ch);
        if (!a || !d) {
          compared++;
          mismatches.push({ path: `channels[${ch}]`, api: a ? 'present' : 'missing', duck: d ? 'present' : 'missing' });
          continue;
        }
        const { channel: _c, ...metrics } = a;
        check(`channels[${ch}]`, metrics, d);
      }
      break;
    }
    case 'overview':
      check('current', api.current, duck.current);
      check('before', api.before, duck.before);
      break;
    case 'campaigns': {
      check('totals', apiCampaignMetrics(api.totals), duck.totals);
      const apiRows = api.campaigns as Record<string, unknown>[];
      check('campaigns.order', apiRows.map((c) => c.campaignId).join(' '), duck.campaigns!.map((c) => c.campaignId).join(' '));
      const byId = new Map(duck.campaigns!.map((c) => [c.campaignId, c.metrics]));
      for (const c of apiRows) {
        const d = byId.get(c.campaignId as string);
        if (d) check(`campaigns[${c.campaignId}]`, apiCampaignMetrics(c), d);
        byId.delete(c.campaignId as string);
      }
      // (Rows only one side has are in campaigns.order already.)
      const listed = new Set(apiRows.map((c) => c.campaignId as string));
      const apiKeys = new Set<string>();
      for (const item of api.series as { bucket: string; group: string; sent: number }[]) {
        const key = `${item.bucket.slice(0, 19)}|${item.group}`;
        apiKeys.add(key);
        compared++;
        if (!listed.has(item.group)) mismatches.push({ path: `series[${key}]`, api: 'not a listed campaign', duck: null });
        check(`series[${key}].sent`, item.sent, duck.series!.get(key)?.sent ?? 0);
      }
      for (const key of duck.series!.keys()) {
        compared++;
        if (!apiKeys.has(key)) mismatches.push({ path: `series[${key}]`, api: 'missing', duck: 'present' });
      }
      break;
    }
  }
  return { compared, mismatches };
}
