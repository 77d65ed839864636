import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * groupBy=agent from the rollups (issue "Performance II"): its duration percentiles sorted every
 * value of the period per request (0.2–1.3 s a statement at 10M events), and its counts read the
 * facts.
 *
 * - duration_bins and duration_deltas gain `responder`: '' in the plain measures' rows, the first
 *   responder ('' for none) in the rows of the grouped measures, 16 + the plain measure, + 1 when
 *   grouped by the agent first responder (responder=agent): reply time 16 (any) and 17 (agent),
 *   first response 20 and 21, resolution 24 and 25, assignment response 28 and 29
 *   (binMeasure in metrics/binned-percentiles.calculations.ts; replyDurations and factDurations in
 *   rollups/duration-bins.repository.ts).
 * - fact_durations gains the grouped measures' rows (20, 21, 24, 25, 28, 29) under their group
 *   (`responder`; '' in the plain measures' rows), and its bin index leads with the group: one
 *   group's values of a bin are read without the others' (a bin can hold 400k values in 90 days).
 *   reply_waits' bin index carries its rows' first responder.
 * - hourly_conversations gains the cuts 'responder' and 'agent_responder' (rollups/cut-rows.ts)
 *   and `bot_first`, the conversations whose first response came from a bot (counted in the
 *   'responder' cut only): the counts, ratings and bot flags of groupBy=agent.
 *
 * Existing workspaces: the new columns and rows made from the facts and reply_waits, as a rebuild
 * makes them (the statements frozen here).
 */
export class ResponderBins1766700000000 implements MigrationInterface {
  name = 'ResponderBins1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE duration_bins ADD COLUMN responder text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE duration_bins DROP CONSTRAINT pk_duration_bins`);
    await q.query(`ALTER TABLE duration_bins ADD CONSTRAINT pk_duration_bins PRIMARY KEY (workspace_id, measure, day, at, channel, responder)`);
    await q.query(`ALTER TABLE duration_deltas ADD COLUMN responder text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE fact_durations ADD COLUMN responder text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE hourly_conversations ADD COLUMN bot_first bigint NOT NULL DEFAULT 0`);

    // The grouped measures' values as fact_durations rows of their own, under their group.
    await q.query(`
      INSERT INTO fact_durations (workspace_id, conversation_id, measure, at, seconds, channel, responder)
      SELECT f.workspace_id, f.conversation_id, m.measure, m.at, m.seconds, f.channel, coalesce(m.responder, '') FROM conversation_facts f
      CROSS JOIN LATERAL (VALUES (20, f.first_customer_at, f.first_response_time, f.first_responder),
                                 (21, f.first_customer_at, f.agent_first_response_time, f.agent_first_responder),
                                 (24, f.resolved_at, f.resolution_time, f.first_responder), (25, f.resolved_at, f.resolution_time, f.agent_first_responder),
                                 (28, f.first_assigned_at, f.assignment_response_time, f.first_responder),
                                 (29, f.first_assigned_at, f.assignment_response_time, f.agent_first_responder)) AS m(measure, at, seconds, responder)
       WHERE m.at IS NOT NULL AND m.seconds IS NOT NULL
       ORDER BY 1, 2, 3`);
    // One group's values of a bin in a range of instants, from the index alone: the group leads
    // (the plain measures' rows all have ''), so a group's read skips the others' values (a bin
    // can hold 400k values in 90 days). reply_waits' rows are read by group through their bin
    // index, which carries the group.
    await q.query(`DROP INDEX ix_fact_durations_bin`);
    await q.query(`CREATE INDEX ix_fact_durations_bin ON fact_durations (workspace_id, measure, responder, duration_bin(seconds), at) INCLUDE (seconds, channel)`);
    await q.query(`DROP INDEX ix_reply_waits_bin`);
    await q.query(`CREATE INDEX ix_reply_waits_bin ON reply_waits (workspace_id, agent, duration_bin(seconds), opened_at) INCLUDE (seconds, channel, responder)`);

    // duration_bins' grouped rows: the reply times under their group (reply_waits.responder is the
    // first responder of the wait's responder) and the grouped fact_durations rows, in the four
    // kinds of row (channel or '*', hour or day) the DurationBins migration made.
    await q.query(`
      WITH hours AS (
        SELECT c.workspace_id, c.measure, c.channel, c.responder, date_bin('1 hour', c.at, TIMESTAMPTZ 'epoch') AS at, duration_bin(c.seconds) AS bin,
               count(*)::integer AS n, sum(round(c.seconds * 1e6)::bigint) AS us
          FROM (SELECT workspace_id, agent::int + 16 AS measure, channel, opened_at AS at, seconds, coalesce(responder, '') AS responder FROM reply_waits
                UNION ALL SELECT workspace_id, measure, channel, at, seconds, responder FROM fact_durations WHERE measure >= 16) c
         GROUP BY 1, 2, 3, 4, 5, 6
      ),
      cells AS (
        SELECT workspace_id, measure, channel, responder, false AS day, at, bin, n, us FROM hours
        UNION ALL
        SELECT workspace_id, measure, '*', responder, false, at, bin, sum(n)::integer, sum(us) FROM hours GROUP BY 1, 2, 4, 6, 7
        UNION ALL
        SELECT workspace_id, measure, channel, responder, true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer, sum(us) FROM hours GROUP BY 1, 2, 3, 4, 6, 7
        UNION ALL
        SELECT workspace_id, measure, '*', responder, true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer, sum(us) FROM hours GROUP BY 1, 2, 4, 6, 7
      )
      INSERT INTO duration_bins (workspace_id, measure, channel, responder, day, at, bins, ns, sum_us)
      SELECT workspace_id, measure, channel, responder, day, at, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin), sum(us)
        FROM cells GROUP BY 1, 2, 3, 4, 5, 6`);
    // Deltas not folded yet keep their plain measures and '' (folded as ever): the grouped rows
    // above come from the tables, which already hold what they change.
    const hour = (instant: string) => `date_bin('1 hour', ${instant}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
    await q.query(`
      INSERT INTO hourly_conversations (workspace_id, cut, hour, cut_value, channel, started, messages, converted, first_customer, with_response, automated,
                                        ratings, rating_sum, satisfied, assigned, bot_first)
      SELECT x.workspace_id, cr.cut, x.hour, cr.cut_value, x.channel, sum(started), sum(messages), sum(converted), sum(first_customer), sum(with_response),
             sum(automated), sum(ratings), sum(rating_sum), sum(satisfied), sum(assigned), sum(CASE WHEN cr.cut = 'responder' THEN bot_first ELSE 0 END)
        FROM (
          SELECT workspace_id, ${hour('started_at')} AS hour, channel, first_responder, agent_first_responder,
                 1 AS started, messages_in + messages_out AS messages, converted::int AS converted, 0 AS first_customer, 0 AS with_response, 0 AS automated,
                 0 AS ratings, 0 AS rating_sum, 0 AS satisfied, 0 AS assigned, 0 AS bot_first
            FROM conversation_facts
          UNION ALL
          SELECT workspace_id, ${hour('first_customer_at')}, channel, first_responder, agent_first_responder, 0, 0, 0, 1, has_response::int,
                 (has_response AND automated)::int, 0, 0, 0, 0, (first_responder IS NOT NULL AND first_response_at IS DISTINCT FROM agent_first_response_at)::int
            FROM conversation_facts WHERE first_customer_at IS NOT NULL
          UNION ALL
          SELECT workspace_id, ${hour('rated_at')}, channel, first_responder, agent_first_responder, 0, 0, 0, 0, 0, 0, 1, rating, (rating >= 4)::int, 0, 0
            FROM conversation_facts WHERE rated_at IS NOT NULL
          UNION ALL
          SELECT workspace_id, ${hour('first_assigned_at')}, channel, first_responder, agent_first_responder, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0
            FROM conversation_facts WHERE first_assigned_at IS NOT NULL) x
       CROSS JOIN LATERAL (VALUES ('responder', coalesce(x.first_responder, '')), ('agent_responder', coalesce(x.agent_first_responder, ''))) AS cr(cut, cut_value)
       GROUP BY 1, 2, 3, 4, 5`);
    await q.query(`ANALYZE duration_bins, fact_durations, reply_waits, hourly_conversations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM hourly_conversations WHERE cut IN ('responder', 'agent_responder')`);
    await q.query(`ALTER TABLE hourly_conversations DROP COLUMN bot_first`);
    await q.query(`DELETE FROM duration_bins WHERE measure >= 16`);
    await q.query(`DELETE FROM duration_deltas WHERE measure >= 16`);
    await q.query(`ALTER TABLE duration_bins DROP CONSTRAINT pk_duration_bins`);
    await q.query(`ALTER TABLE duration_bins DROP COLUMN responder`);
    await q.query(`ALTER TABLE duration_bins ADD CONSTRAINT pk_duration_bins PRIMARY KEY (workspace_id, measure, day, at, channel)`);
    await q.query(`ALTER TABLE duration_deltas DROP COLUMN responder`);
    await q.query(`DELETE FROM fact_durations WHERE measure >= 16`);
    await q.query(`DROP INDEX ix_fact_durations_bin`);
    await q.query(`ALTER TABLE fact_durations DROP COLUMN responder`);
    await q.query(`CREATE INDEX ix_fact_durations_bin ON fact_durations (workspace_id, measure, duration_bin(seconds), at) INCLUDE (seconds, channel)`);
    await q.query(`DROP INDEX ix_reply_waits_bin`);
    await q.query(`CREATE INDEX ix_reply_waits_bin ON reply_waits (workspace_id, agent, duration_bin(seconds), opened_at) INCLUDE (seconds, channel)`);
  }
}
