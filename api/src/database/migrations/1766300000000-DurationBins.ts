import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bins per row: bin 0 holds durations under 1 s, bins 1 … 510 are log-spaced up to 90 days, 511 the rest. */
const BINS = 512;
/** 510 / ln(90 days in seconds): bin = 1 + floor(ln(s) · K). */
const K = 510 / Math.log(90 * 86400);

/**
 * The reply-time rows of a set of reply_waits rows (`changes`: workspace_id, agent, opened_at,
 * seconds, biz_seconds, channel and a sign, +1 or −1), added into duration_bins. Each value counts
 * in its measure (agent + 2 · business) and its bin, under its channel and '*' (all channels),
 * in its UTC hour's row and its UTC day's row. Written in workspace and key order, so two
 * statements lock rows in the same order.
 */
const apply = (changes: string) => `
  WITH changes AS (${changes}),
  vals AS (
    SELECT workspace_id, agent::int AS measure, channel, opened_at, duration_bin(seconds) AS bin, sign FROM changes
    UNION ALL
    SELECT workspace_id, 2 + agent::int, channel, opened_at, duration_bin(biz_seconds), sign FROM changes WHERE biz_seconds IS NOT NULL
  ),
  hours AS (
    SELECT workspace_id, measure, channel, date_bin('1 hour', opened_at, TIMESTAMPTZ 'epoch') AS hour, bin, sum(sign) AS n
      FROM vals GROUP BY 1, 2, 3, 4, 5
  ),
  cells AS (
    SELECT workspace_id, measure, coalesce(channel, '*') AS channel, day, at, bin, sum(n)::int AS n
      FROM (SELECT workspace_id, measure, channel, false AS day, hour AS at, bin, n FROM hours
            UNION ALL
            SELECT workspace_id, measure, channel, true, date_bin('1 day', hour, TIMESTAMPTZ 'epoch'), bin, n FROM hours) x
     GROUP BY GROUPING SETS ((workspace_id, measure, channel, day, at, bin), (workspace_id, measure, day, at, bin))
    HAVING sum(n) <> 0
  )
  INSERT INTO duration_bins AS d (workspace_id, measure, channel, day, at, counts)
  SELECT workspace_id, measure, channel, day, at, duration_bins_dense(array_agg(bin), array_agg(n))
    FROM cells GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, measure, channel, day, at) DO UPDATE SET counts = duration_bins_add(d.counts, excluded.counts)`;

const COLUMNS = 'workspace_id, agent, opened_at, seconds, biz_seconds, channel';

/**
 * Exact percentiles of reply times without sorting a period's values (issue "Performance II",
 * docs/scaling.md "Percentiles"): duration_bins holds, per workspace, measure, channel (and '*')
 * and UTC hour or day, the counts of 512 log-spaced bins. A read sums the rows of a bucket,
 * finds the bin of each rank percentile_cont interpolates, and reads only that bin's values in
 * the bucket by the new indexes (metrics/binned-percentiles.*).
 *
 * Statement triggers with transition tables keep the counts whatever writes reply_waits (ingest,
 * erasure, business-hours changes); a rebuild turns them off for its transaction
 * (parley.duration_bins = 'off') and recounts the workspace in one statement
 * (duration_bins_rebuild), as page-by-page deltas would touch every row of the workspace per page.
 */
export class DurationBins1766300000000 implements MigrationInterface {
  name = 'DurationBins1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION duration_bin(s double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT CASE WHEN s < 1 THEN 0 ELSE least(${BINS - 1}, 1 + floor(ln(s) * ${K})::integer) END $$`);
    await q.query(`
      CREATE FUNCTION duration_bins_dense(bins integer[], ns integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT array_agg(coalesce(u.n, 0) ORDER BY k) FROM generate_series(0, ${BINS - 1}) k LEFT JOIN unnest(bins, ns) AS u(bin, n) ON u.bin = k $$`);
    await q.query(`
      CREATE FUNCTION duration_bins_add(a integer[], b integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$`);
    await q.query(`
      CREATE TABLE duration_bins (
        workspace_id integer NOT NULL,
        measure smallint NOT NULL,
        channel text NOT NULL,
        day boolean NOT NULL,
        at timestamptz NOT NULL,
        counts integer[] NOT NULL,
        CONSTRAINT pk_duration_bins PRIMARY KEY (workspace_id, measure, channel, day, at)
      )`);
    // The values of one bin in a range of instants, in order of value, from the index alone.
    await q.query(`CREATE INDEX ix_reply_waits_bin ON reply_waits (workspace_id, agent, duration_bin(seconds), opened_at) INCLUDE (seconds, channel)`);
    await q.query(`
      CREATE INDEX ix_reply_waits_biz_bin ON reply_waits (workspace_id, agent, duration_bin(biz_seconds), opened_at)
      INCLUDE (biz_seconds, channel) WHERE biz_seconds IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION reply_waits_bins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('parley.duration_bins', true) = 'off' THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          ${apply(`SELECT ${COLUMNS}, 1 AS sign FROM new_rows`)};
        ELSIF TG_OP = 'DELETE' THEN
          ${apply(`SELECT ${COLUMNS}, -1 AS sign FROM old_rows`)};
        ELSE
          ${apply(`SELECT ${COLUMNS}, 1 AS sign FROM new_rows UNION ALL SELECT ${COLUMNS}, -1 FROM old_rows`)};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tr_reply_waits_bins_insert AFTER INSERT ON reply_waits REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reply_waits_bins()`);
    await q.query(`CREATE TRIGGER tr_reply_waits_bins_delete AFTER DELETE ON reply_waits REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reply_waits_bins()`);
    await q.query(`
      CREATE TRIGGER tr_reply_waits_bins_update AFTER UPDATE ON reply_waits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION reply_waits_bins()`);
    await q.query(`
      CREATE FUNCTION duration_bins_rebuild(ws integer) RETURNS void LANGUAGE sql AS $$
        DELETE FROM duration_bins WHERE workspace_id = ws;
        ${apply(`SELECT ${COLUMNS}, 1 AS sign FROM reply_waits WHERE workspace_id = ws`)};
      $$`);
    await q.query(`SELECT duration_bins_rebuild(workspace_id) FROM workspaces ORDER BY workspace_id`);
    await q.query(`ALTER TABLE duration_bins SET (autovacuum_analyze_scale_factor = 0.005)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_reply_waits_bins_insert ON reply_waits`);
    await q.query(`DROP TRIGGER tr_reply_waits_bins_delete ON reply_waits`);
    await q.query(`DROP TRIGGER tr_reply_waits_bins_update ON reply_waits`);
    await q.query(`DROP FUNCTION reply_waits_bins()`);
    await q.query(`DROP FUNCTION duration_bins_rebuild(integer)`);
    await q.query(`DROP INDEX ix_reply_waits_biz_bin`);
    await q.query(`DROP INDEX ix_reply_waits_bin`);
    await q.query(`DROP TABLE duration_bins`);
    await q.query(`DROP FUNCTION duration_bins_add(integer[], integer[])`);
    await q.query(`DROP FUNCTION duration_bins_dense(integer[], integer[])`);
    await q.query(`DROP FUNCTION duration_bin(double precision)`);
  }
}
