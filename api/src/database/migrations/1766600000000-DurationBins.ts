import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bins per measure: bin 0 holds durations under 1 µs, bins 1 … 1022 are log-spaced (each ≈ 3 %
 * wider than the one before) from 1 µs up to 90 days, 1023 the rest. Bots answer in well under a
 * second: one bin for all of that would make its values the ones read.
 */
const BINS = 1024;
/** 1022 / ln(90 days / 1 µs): bin = 1 + floor(ln(s / 1 µs) · K). */
const K = 1022 / Math.log((90 * 86400) / 1e-6);

/**
 * Exact duration percentiles without sorting a period's values (issue "Performance II",
 * docs/architecture.md "Exact percentiles"): duration_bins holds, per workspace, measure, channel
 * (and '*': all) and UTC hour or day, the counts of 1024 log-spaced bins of calendar durations.
 * A read sums a bucket's rows, finds the bin of each rank percentile_cont interpolates, and reads
 * only that bin's values in the bucket by index (metrics/binned-percentiles.*).
 *
 * The values: reply times in reply_waits (an index by bin), the first response, resolution and
 * assignment response times of conversation_facts copied into the narrow fact_durations (written
 * only when a value changes; an index on the facts would be rewritten on every event).
 *
 * Each row also keeps the sum of its durations in whole µs (the mean first response time), and
 * hourly_conversations gains the conversations by firstAssignedAt: with hourly_conversations'
 * other counts, they answer the counts beside the percentiles without reading the facts.
 *
 * Kept by the statements that write reply_waits and conversation_facts, by difference
 * (rollups/duration-bins.repository.ts): no triggers, whose transition tables cost every write.
 * Ingest appends its changes to duration_deltas (per UTC hour, channel and bin; no rewrite of a
 * bins row), and reads fold them into duration_bins (adding those not folded yet).
 * Measures: reply time 0 (any responder) and 1 (agent), first response 4 and 5, resolution 8,
 * assignment response 12 (business-hours durations are sorted; the numbers leave room for them).
 */
export class DurationBins1766600000000 implements MigrationInterface {
  name = 'DurationBins1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION duration_bin(s double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT CASE WHEN s < 0.000001 THEN 0 ELSE least(${BINS - 1}, 1 + floor(ln(s * 1000000) * ${K})::integer) END $$`);
    // Two rows' bins added; bins that come to zero are left out.
    await q.query(`
      CREATE FUNCTION duration_bins_add(a_bins integer[], a_ns integer[], b_bins integer[], b_ns integer[], OUT bins integer[], OUT ns integer[])
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT coalesce(array_agg(bin ORDER BY bin), '{}'), coalesce(array_agg(n ORDER BY bin), '{}')
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
        sum_us bigint NOT NULL,
        CONSTRAINT pk_duration_bins PRIMARY KEY (workspace_id, measure, day, at, channel)
      )`);
    // Changes appended by ingest, folded into duration_bins by the reads (rollups/duration-bins.repository.ts).
    await q.query(`
      CREATE TABLE duration_deltas (
        workspace_id integer NOT NULL,
        measure smallint NOT NULL,
        hour timestamptz NOT NULL,
        delta_id bigint GENERATED ALWAYS AS IDENTITY,
        channel text NOT NULL,
        bin integer NOT NULL,
        n integer NOT NULL,
        us bigint NOT NULL,
        CONSTRAINT pk_duration_deltas PRIMARY KEY (workspace_id, measure, hour, delta_id)
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
    await q.query(`CREATE INDEX ix_fact_durations_bin ON fact_durations (workspace_id, measure, duration_bin(seconds), at) INCLUDE (seconds, channel)`);
    for (const table of ['duration_bins', 'duration_deltas', 'fact_durations']) await q.query(`ALTER TABLE ${table} SET (autovacuum_analyze_scale_factor = 0.005)`);

    // Existing workspaces (the statements of DurationBinsRepository.rebuild, frozen here).
    await q.query(`
      INSERT INTO fact_durations (workspace_id, conversation_id, measure, at, seconds, channel)
      SELECT f.workspace_id, f.conversation_id, m.measure, m.at, m.seconds, f.channel FROM conversation_facts f
      CROSS JOIN LATERAL (VALUES (4, f.first_customer_at, f.first_response_time), (5, f.first_customer_at, f.agent_first_response_time),
                                 (8, f.resolved_at, f.resolution_time), (12, f.first_assigned_at, f.assignment_response_time)) AS m(measure, at, seconds)
       WHERE m.at IS NOT NULL AND m.seconds IS NOT NULL
       ORDER BY 1, 2, 3`);
    await q.query(`
      WITH hours AS (
        SELECT workspace_id, measure, channel, date_bin('1 hour', at, TIMESTAMPTZ 'epoch') AS at, duration_bin(seconds) AS bin, count(*)::integer AS n,
               sum(round(seconds * 1e6)::bigint) AS us
          FROM (SELECT workspace_id, agent::int AS measure, channel, opened_at AS at, seconds FROM reply_waits
                UNION ALL SELECT workspace_id, measure, channel, at, seconds FROM fact_durations) c
         GROUP BY 1, 2, 3, 4, 5
      ),
      cells AS (
        SELECT workspace_id, measure, channel, false AS day, at, bin, n, us FROM hours
        UNION ALL
        SELECT workspace_id, measure, '*', false, at, bin, sum(n)::integer, sum(us) FROM hours GROUP BY workspace_id, measure, at, bin
        UNION ALL
        SELECT workspace_id, measure, channel, true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer, sum(us) FROM hours GROUP BY 1, 2, 3, 5, 6
        UNION ALL
        SELECT workspace_id, measure, '*', true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer, sum(us) FROM hours GROUP BY 1, 2, 5, 6
      )
      INSERT INTO duration_bins (workspace_id, measure, channel, day, at, bins, ns, sum_us)
      SELECT workspace_id, measure, channel, day, at, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin), sum(us)
        FROM cells GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 4, 5, 3`);
    // Conversations by firstAssignedAt (the assignment counts beside their percentiles), from the facts.
    await q.query(`ALTER TABLE hourly_conversations ADD COLUMN assigned bigint NOT NULL DEFAULT 0`);
    await q.query(`
      INSERT INTO hourly_conversations AS h (workspace_id, cut, hour, cut_value, channel, started, messages, converted, first_customer, with_response, automated,
                                             ratings, rating_sum, satisfied, assigned)
      SELECT f.workspace_id, cr.cut, date_bin('1 hour', f.first_assigned_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), cr.cut_value, f.channel, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
        FROM conversation_facts f
       CROSS JOIN LATERAL (
         SELECT ''::text AS cut, ''::text AS cut_value
         UNION ALL SELECT 'team', coalesce(f.team, '')
         UNION ALL SELECT 'tag', t FROM unnest(CASE WHEN cardinality(f.tags) = 0 THEN ARRAY['']::text[] ELSE f.tags END) AS t) AS cr
       WHERE f.first_assigned_at IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (workspace_id, cut, hour, cut_value, channel) DO UPDATE SET assigned = excluded.assigned`);
    // Planned on real counts from the first read (a read plans on (workspace, measure, day, instant)).
    await q.query(`ANALYZE duration_bins, fact_durations, hourly_conversations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hourly_conversations DROP COLUMN assigned`);
    await q.query(`DROP INDEX ix_reply_waits_bin`);
    await q.query(`DROP TABLE fact_durations`);
    await q.query(`DROP TABLE duration_deltas`);
    await q.query(`DROP TABLE duration_bins`);
    await q.query(`DROP FUNCTION duration_bins_add(integer[], integer[], integer[], integer[])`);
    await q.query(`DROP FUNCTION duration_bin(double precision)`);
  }
}
