import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bins per row: bin 0 holds durations under 1 s, bins 1 … 510 are log-spaced up to 90 days, 511 the rest. */
const BINS = 512;
/** 510 / ln(90 days in seconds): bin = 1 + floor(ln(s) · K). */
const K = 510 / Math.log(90 * 86400);

/**
 * Adds a set of durations (`changes`: workspace_id, measure, channel, at, seconds and a sign, +1
 * or −1) into duration_bins: each value counts in its measure and bin, under its channel and '*'
 * (all channels), in its UTC hour's row and its UTC day's row. A row keeps its non-zero bins as
 * two arrays, bins[i] holding ns[i] values (in no particular order). Written in key order, so
 * two statements lock rows in the same order.
 */
const apply = (changes: string) => `
  WITH hours AS (
    SELECT workspace_id, measure, channel, date_bin('1 hour', at, TIMESTAMPTZ 'epoch') AS at, duration_bin(seconds) AS bin, sum(sign)::integer AS n
      FROM (${changes}) c GROUP BY 1, 2, 3, 4, 5
  ),
  cells AS (
    SELECT workspace_id, measure, channel, false AS day, at, bin, n FROM hours
    UNION ALL
    SELECT workspace_id, measure, '*', false, at, bin, sum(n)::integer FROM hours GROUP BY workspace_id, measure, at, bin
    UNION ALL
    SELECT workspace_id, measure, channel, true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer FROM hours GROUP BY 1, 2, 3, 5, 6
    UNION ALL
    SELECT workspace_id, measure, '*', true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer FROM hours GROUP BY 1, 2, 5, 6
  )
  INSERT INTO duration_bins AS d (workspace_id, measure, channel, day, at, bins, ns)
  SELECT workspace_id, measure, channel, day, at, array_agg(bin), array_agg(n) FROM cells WHERE n <> 0 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, measure, channel, day, at) DO UPDATE SET (bins, ns) = (SELECT a.bins, a.ns FROM duration_bins_add(d.bins, d.ns, excluded.bins, excluded.ns) a)`;

/** reply_waits rows `r` as durations: measure agent + 2 · business (0 … 3). */
const replyDurations = (from: string, sign: string) => `
  SELECT workspace_id, agent::int AS measure, channel, opened_at AS at, seconds, ${sign} AS sign FROM ${from}
  UNION ALL
  SELECT workspace_id, 2 + agent::int, channel, opened_at, biz_seconds, ${sign} FROM ${from} WHERE biz_seconds IS NOT NULL`;

/**
 * The durations of conversation_facts rows (`from`), one per measure they have: first response
 * 4 + agent + 2 · business (4 … 7) at firstCustomerAt, resolution 8 + 2 · business at resolvedAt,
 * assignment response 12 + 2 · business at firstAssignedAt.
 */
const factDurations = (from: string) => `
  SELECT f.workspace_id, f.conversation_id, m.measure, m.at, m.seconds, f.channel FROM ${from} f
  CROSS JOIN LATERAL (VALUES
    (4, f.first_customer_at, f.first_response_time), (5, f.first_customer_at, f.agent_first_response_time),
    (6, f.first_customer_at, f.biz_first_response_time), (7, f.first_customer_at, f.biz_agent_first_response_time),
    (8, f.resolved_at, f.resolution_time), (10, f.resolved_at, f.biz_resolution_time),
    (12, f.first_assigned_at, f.assignment_response_time), (14, f.first_assigned_at, f.biz_assignment_response_time)
  ) AS m(measure, at, seconds)
  WHERE m.at IS NOT NULL AND m.seconds IS NOT NULL`;

const FACT_COLUMNS = 'workspace_id, measure, channel, at, seconds';

/** The statement trigger function `name` on a table: `insert`, `remove` and `update` given the transition tables new_rows / old_rows. */
const triggerFunction = (name: string, body: { insert: string; remove: string; update: string }) => `
  CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF current_setting('parley.duration_bins', true) = 'off' THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' THEN ${body.insert};
    ELSIF TG_OP = 'DELETE' THEN ${body.remove};
    ELSE ${body.update};
    END IF;
    RETURN NULL;
  END $$`;

async function statementTriggers(q: QueryRunner, table: string, fn: string): Promise<void> {
  await q.query(`CREATE TRIGGER tr_${table}_bins_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  await q.query(`CREATE TRIGGER tr_${table}_bins_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  await q.query(`CREATE TRIGGER tr_${table}_bins_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
}

/**
 * Exact percentiles of durations without sorting a period's values (issue "Performance II",
 * docs/architecture.md "Exact percentiles"): duration_bins holds, per workspace, measure, channel
 * (and '*') and UTC hour or day, the counts of 512 log-spaced bins. A read sums the rows of a
 * bucket, finds the bin of each rank percentile_cont interpolates, and reads only that bin's
 * values in the bucket by index (metrics/binned-percentiles.*).
 *
 * The values: reply times in reply_waits (new indexes by bin), and the first response, resolution
 * and assignment response times of conversation_facts copied as rows into fact_durations (one
 * narrow table with one index, written only when a value changes, instead of eight indexes on the
 * facts, which ingest rewrites on every event).
 *
 * Statement triggers with transition tables keep fact_durations and the counts whatever writes
 * (ingest, erasure, business-hours recomputation); a rebuild turns them off for its transaction
 * (parley.duration_bins = 'off') and recounts the workspace at the end (duration_bins_rebuild),
 * as page-by-page deltas would rewrite every row of the workspace on each page.
 */
export class DurationBins1766300000000 implements MigrationInterface {
  name = 'DurationBins1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION duration_bin(s double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT CASE WHEN s < 1 THEN 0 ELSE least(${BINS - 1}, 1 + floor(ln(s) * ${K})::integer) END $$`);
    // Two rows' bins added; bins that come to zero are left out.
    await q.query(`
      CREATE FUNCTION duration_bins_add(a_bins integer[], a_ns integer[], b_bins integer[], b_ns integer[], OUT bins integer[], OUT ns integer[])
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT coalesce(array_agg(bin), '{}'), coalesce(array_agg(n), '{}')
              FROM (SELECT bin, sum(n)::integer AS n FROM (SELECT * FROM unnest(a_bins, a_ns) UNION ALL SELECT * FROM unnest(b_bins, b_ns)) u(bin, n)
                     GROUP BY bin HAVING sum(n) <> 0) s $$`);
    await q.query(`
      CREATE TABLE duration_bins (
        workspace_id integer NOT NULL,
        measure smallint NOT NULL,
        channel text NOT NULL,
        day boolean NOT NULL,
        at timestamptz NOT NULL,
        bins integer[] NOT NULL,
        ns integer[] NOT NULL,
        CONSTRAINT pk_duration_bins PRIMARY KEY (workspace_id, measure, channel, day, at)
      )`);
    await q.query(`
      CREATE TABLE fact_durations (
        workspace_id integer NOT NULL,
        conversation_id text COLLATE "C" NOT NULL,
        measure smallint NOT NULL,
        at timestamptz NOT NULL,
        seconds double precision NOT NULL,
        channel text NOT NULL,
        CONSTRAINT pk_fact_durations PRIMARY KEY (workspace_id, conversation_id, measure)
      )`);
    // The values of one bin in a range of instants, in order of value, from the index alone.
    await q.query(`CREATE INDEX ix_reply_waits_bin ON reply_waits (workspace_id, agent, duration_bin(seconds), opened_at) INCLUDE (seconds, channel)`);
    await q.query(`
      CREATE INDEX ix_reply_waits_biz_bin ON reply_waits (workspace_id, agent, duration_bin(biz_seconds), opened_at)
      INCLUDE (biz_seconds, channel) WHERE biz_seconds IS NOT NULL`);
    await q.query(`CREATE INDEX ix_fact_durations_bin ON fact_durations (workspace_id, measure, duration_bin(seconds), at) INCLUDE (seconds, channel)`);

    await q.query(
      triggerFunction('reply_waits_bins', {
        insert: apply(replyDurations('new_rows', '1')),
        remove: apply(replyDurations('old_rows', '-1')),
        update: apply(`${replyDurations('new_rows', '1')} UNION ALL ${replyDurations('old_rows', '-1')}`),
      }),
    );
    await statementTriggers(q, 'reply_waits', 'reply_waits_bins');
    await q.query(
      triggerFunction('fact_durations_bins', {
        insert: apply(`SELECT ${FACT_COLUMNS}, 1 AS sign FROM new_rows`),
        remove: apply(`SELECT ${FACT_COLUMNS}, -1 AS sign FROM old_rows`),
        update: apply(`SELECT ${FACT_COLUMNS}, 1 AS sign FROM new_rows UNION ALL SELECT ${FACT_COLUMNS}, -1 FROM old_rows`),
      }),
    );
    await statementTriggers(q, 'fact_durations', 'fact_durations_bins');
    // The facts' durations that changed: those gone (or changed) deleted, the new (or changed) written.
    const gone = `SELECT workspace_id, conversation_id, measure FROM (${factDurations('old_rows')} EXCEPT ${factDurations('new_rows')}) g`;
    const came = `${factDurations('new_rows')} EXCEPT ${factDurations('old_rows')}`;
    const upsert = (rows: string) => `
      INSERT INTO fact_durations AS d (workspace_id, conversation_id, measure, at, seconds, channel) ${rows} ORDER BY 1, 2, 3
      ON CONFLICT (workspace_id, conversation_id, measure) DO UPDATE SET at = excluded.at, seconds = excluded.seconds, channel = excluded.channel`;
    const remove = (rows: string) => `DELETE FROM fact_durations d USING (${rows}) g WHERE d.workspace_id = g.workspace_id AND d.conversation_id = g.conversation_id AND d.measure = g.measure`;
    await q.query(
      triggerFunction('conversation_facts_durations', {
        insert: upsert(factDurations('new_rows')),
        remove: remove(`SELECT workspace_id, conversation_id, measure FROM (${factDurations('old_rows')}) g`),
        // A changed value is in both: deleted, then written again.
        update: `${remove(gone)}; ${upsert(came)}`,
      }),
    );
    await statementTriggers(q, 'conversation_facts', 'conversation_facts_durations');

    // A workspace's fact_durations and counts from its facts and reply_waits (a rebuild's last step, after `pause`).
    await q.query(`
      CREATE FUNCTION duration_bins_rebuild(ws integer) RETURNS void LANGUAGE sql AS $$
        DELETE FROM fact_durations WHERE workspace_id = ws;
        INSERT INTO fact_durations (workspace_id, conversation_id, measure, at, seconds, channel) ${factDurations('(SELECT * FROM conversation_facts WHERE workspace_id = ws)')} ORDER BY 2, 3;
        DELETE FROM duration_bins WHERE workspace_id = ws;
        ${apply(`${replyDurations('(SELECT * FROM reply_waits WHERE workspace_id = ws) r', '1')} UNION ALL SELECT ${FACT_COLUMNS}, 1 FROM fact_durations WHERE workspace_id = ws`)};
      $$`);
    await q.query(`SELECT set_config('parley.duration_bins', 'off', true)`);
    await q.query(`SELECT duration_bins_rebuild(workspace_id) FROM workspaces ORDER BY workspace_id`);
    await q.query(`SELECT set_config('parley.duration_bins', '', true)`);
    for (const table of ['duration_bins', 'fact_durations']) await q.query(`ALTER TABLE ${table} SET (autovacuum_analyze_scale_factor = 0.005)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['reply_waits', 'fact_durations', 'conversation_facts'])
      for (const op of ['insert', 'delete', 'update']) await q.query(`DROP TRIGGER tr_${table}_bins_${op} ON ${table}`);
    await q.query(`DROP FUNCTION conversation_facts_durations()`);
    await q.query(`DROP FUNCTION fact_durations_bins()`);
    await q.query(`DROP FUNCTION reply_waits_bins()`);
    await q.query(`DROP FUNCTION duration_bins_rebuild(integer)`);
    await q.query(`DROP INDEX ix_reply_waits_biz_bin`);
    await q.query(`DROP INDEX ix_reply_waits_bin`);
    await q.query(`DROP TABLE fact_durations`);
    await q.query(`DROP TABLE duration_bins`);
    await q.query(`DROP FUNCTION duration_bins_add(integer[], integer[], integer[], integer[])`);
    await q.query(`DROP FUNCTION duration_bin(double precision)`);
  }
}
