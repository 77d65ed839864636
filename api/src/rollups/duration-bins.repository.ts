import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * SQL: reply times (`rows`: REPLY_DURATION and a sign) as the durations they count as (migration
 * ResponderBins): under their measure, 0 (any responder) or 1 (agent), and under 16 + that
 * measure by the first responder of their responder (reply_waits.responder; '' for none).
 */
export const replyDurations = (rows: string) => `
  SELECT r.workspace_id, g.measure, r.channel, g.responder, r.at, r.seconds, r.sign FROM (${rows}) r
   CROSS JOIN LATERAL (VALUES (r.measure, ''::text), (r.measure + 16, coalesce(r.responder, ''))) AS g(measure, responder)`;

/**
 * The statement that records a set of durations' change (migration DurationBins): `ctes` defines
 * `changes` (workspace_id, measure, channel, responder, at, seconds, sign: +1 or −1). Ingest only
 * appends their net count and sum per measure, channel, responder, UTC hour and bin to
 * duration_deltas (what nets to zero, a wait deleted and written again unchanged, is left out):
 * rewriting duration_bins' rows there cost ingest a fifth of its speed when a batch's
 * conversations spread over many hours. foldDeltas moves them into duration_bins later; reads add
 * those not folded yet.
 */
export const addDurations = (ctes: string) => `
  WITH ${ctes}
  INSERT INTO duration_deltas (workspace_id, measure, channel, responder, hour, bin, n, us)
  SELECT workspace_id, measure, channel, responder, date_bin('1 hour', at, TIMESTAMPTZ 'epoch'), duration_bin(seconds), sum(sign)::integer,
         sum(sign * round(seconds * 1e6)::bigint)
    FROM changes GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(sign) <> 0 OR sum(sign * round(seconds * 1e6)::bigint) <> 0`;

/**
 * The statement that adds counts into duration_bins: `ctes` defines `hours` (workspace_id,
 * measure, channel, responder, at: a UTC hour, bin, n, us). Each count goes under its channel and '*' (all
 * channels), into its UTC hour's row and its UTC day's row. A row keeps its non-zero bins as two
 * arrays (bins[i] holds ns[i] values, in order of bin) and the sum of its durations in whole µs
 * (exact in any order, as the facts' sums are read). Rows are written in key order, so two
 * statements lock them in the same order.
 */
export const addToBins = (ctes: string) => `
  WITH ${ctes},
  cells AS (
    SELECT workspace_id, measure, channel, responder, false AS day, at, bin, n, us FROM hours
    UNION ALL
    SELECT workspace_id, measure, '*', responder, false, at, bin, sum(n)::integer, sum(us) FROM hours GROUP BY workspace_id, measure, responder, at, bin
    UNION ALL
    SELECT workspace_id, measure, channel, responder, true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer, sum(us) FROM hours GROUP BY 1, 2, 3, 4, 6, 7
    UNION ALL
    SELECT workspace_id, measure, '*', responder, true, date_bin('1 day', at, TIMESTAMPTZ 'epoch'), bin, sum(n)::integer, sum(us) FROM hours GROUP BY 1, 2, 4, 6, 7
  )
  INSERT INTO duration_bins AS d (workspace_id, measure, channel, responder, day, at, bins, ns, sum_us)
  SELECT workspace_id, measure, channel, responder, day, at, coalesce(array_agg(bin ORDER BY bin) FILTER (WHERE n <> 0), '{}'),
         coalesce(array_agg(n ORDER BY bin) FILTER (WHERE n <> 0), '{}'), sum(us)
    FROM cells WHERE n <> 0 OR us <> 0 GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 5, 6, 3, 4
  ON CONFLICT (workspace_id, measure, day, at, channel, responder) DO UPDATE
    SET (bins, ns) = (SELECT a.bins, a.ns FROM duration_bins_add(d.bins, d.ns, excluded.bins, excluded.ns) a), sum_us = d.sum_us + excluded.sum_us`;

/** Deltas one fold moves at most: a fold stays short however many a bulk import left (reads add the rest). */
export const FOLD_LIMIT = 50_000;

/** How long a fold waits for a row lock (a rebuild's) before it gives up. */
export const FOLD_LOCK_WAIT_MS = 1_000;

/** The advisory lock class of a workspace's fold (7341 is the workspace's ingest lock, DerivedRepository). */
export const FOLD_LOCK = 7342;

/**
 * Moves up to FOLD_LIMIT of a workspace's duration_deltas into duration_bins in one statement
 * (under a transaction-scoped advisory lock, so one fold runs at a time per workspace; deltas
 * committed meanwhile wait for the next).
 */
const FOLD_DELTAS = addToBins(`
  folded AS (
    DELETE FROM duration_deltas WHERE workspace_id = $1 AND (measure, hour, delta_id) IN (
      SELECT measure, hour, delta_id FROM duration_deltas WHERE workspace_id = $1 ORDER BY measure, hour, delta_id LIMIT ${FOLD_LIMIT})
    RETURNING workspace_id, measure, channel, responder, hour, bin, n, us),
  hours AS (SELECT workspace_id, measure, channel, responder, hour AS at, bin, sum(n)::integer AS n, sum(us)::bigint AS us FROM folded GROUP BY 1, 2, 3, 4, 5, 6)`);

/** reply_waits columns (table or RETURNING) as durations: measure 0 (any responder) or 1 (agent), with the row's first responder (replyDurations). */
export const REPLY_DURATION = `workspace_id, agent::int AS measure, channel, opened_at AS at, seconds, responder`;

/**
 * The calendar durations of conversation_facts rows (`from`, aliased f), one row per measure they
 * have: first response 4 (any responder) and 5 (agent) at firstCustomerAt, resolution 8 at
 * resolvedAt, assignment response 12 at firstAssignedAt (responder ''); and each again under the
 * conversation's first responder ('' for none) of the responders that group it, 16 (or 17, the
 * agent first responder's) on: 20, 21, 24, 25, 28, 29 (migration ResponderBins).
 */
const factDurations = (from: string) => `
  SELECT f.workspace_id, f.conversation_id, m.measure::smallint AS measure, m.at, m.seconds, f.channel, coalesce(m.responder, '') AS responder FROM ${from} f
  CROSS JOIN LATERAL (VALUES (4, f.first_customer_at, f.first_response_time, ''), (5, f.first_customer_at, f.agent_first_response_time, ''),
                             (8, f.resolved_at, f.resolution_time, ''), (12, f.first_assigned_at, f.assignment_response_time, ''),
                             (20, f.first_customer_at, f.first_response_time, f.first_responder),
                             (21, f.first_customer_at, f.agent_first_response_time, f.agent_first_responder),
                             (24, f.resolved_at, f.resolution_time, f.first_responder), (25, f.resolved_at, f.resolution_time, f.agent_first_responder),
                             (28, f.first_assigned_at, f.assignment_response_time, f.first_responder),
                             (29, f.first_assigned_at, f.assignment_response_time, f.agent_first_responder)) AS m(measure, at, seconds, responder)
   WHERE m.at IS NOT NULL AND m.seconds IS NOT NULL`;

/**
 * duration_bins, duration_deltas and fact_durations (migration DurationBins): the counts of
 * calendar durations per bin, UTC hour or day, measure and channel, the changes not yet folded
 * into them, and the facts' durations as rows. Ingest appends the changes in the statements that
 * write reply_waits (ReplyWaitsRepository) and here after the facts; a rebuild makes the counts
 * from the whole tables at its end.
 */
@Injectable()
export class DurationBinsRepository {
  /**
   * After the conversations' facts are written: fact_durations gets the durations that changed
   * (removed, changed or new; most batches change few), and duration_deltas their difference.
   */
  async recomputeFacts(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    const cols = 'workspace_id, conversation_id, measure, at, seconds, channel, responder';
    await tx.query(
      addDurations(`
        now_ AS (${factDurations('(SELECT * FROM conversation_facts WHERE workspace_id = $1 AND conversation_id = ANY($2::text[]))')}),
        was AS (SELECT ${cols} FROM fact_durations WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])),
        gone AS (SELECT * FROM was EXCEPT ALL SELECT * FROM now_),
        came AS (SELECT * FROM now_ EXCEPT ALL SELECT * FROM was),
        removed AS (
          DELETE FROM fact_durations d USING gone g
           WHERE d.workspace_id = g.workspace_id AND d.conversation_id = g.conversation_id AND d.measure = g.measure
             AND NOT EXISTS (SELECT FROM came c WHERE c.conversation_id = g.conversation_id AND c.measure = g.measure)),
        written AS (
          INSERT INTO fact_durations AS d (${cols}) SELECT ${cols} FROM came ORDER BY 1, 2, 3
          ON CONFLICT (workspace_id, conversation_id, measure) DO UPDATE
            SET at = excluded.at, seconds = excluded.seconds, channel = excluded.channel, responder = excluded.responder),
        changes AS (SELECT workspace_id, measure, channel, responder, at, seconds, -1 AS sign FROM gone
                    UNION ALL SELECT workspace_id, measure, channel, responder, at, seconds, 1 FROM came)`),
      [workspaceId, conversationIds],
    );
  }

  /**
   * Folds up to FOLD_LIMIT of the workspace's deltas into duration_bins inside tx (DeltaFolder),
   * unless another fold of it holds the lock. True when deltas remain (more than one fold's worth,
   * or the other fold's).
   */
  async fold(tx: EntityManager, workspaceId: number): Promise<boolean> {
    // A rebuild of the workspace holds its deltas' rows until it commits (minutes): give up soon
    // rather than hold a read or the folder for the statement timeout.
    await tx.query(`SELECT set_config('lock_timeout', '${FOLD_LOCK_WAIT_MS}ms', true)`);
    const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock(${FOLD_LOCK}, $1) AS locked`, [workspaceId]);
    if (!locked) return false;
    await tx.query(FOLD_DELTAS, [workspaceId]);
    const [{ more }] = await tx.query(`SELECT EXISTS (SELECT FROM duration_deltas WHERE workspace_id = $1) AS more`, [workspaceId]);
    return more;
  }

  /** The workspaces that have deltas not folded yet (one index probe per workspace, not a scan). */
  async workspacesWithDeltas(m: EntityManager): Promise<number[]> {
    const rows: { id: number }[] = await m.query(`
      WITH RECURSIVE w AS (
        SELECT min(workspace_id) AS id FROM duration_deltas
        UNION ALL SELECT (SELECT min(workspace_id) FROM duration_deltas WHERE workspace_id > w.id) FROM w WHERE w.id IS NOT NULL)
      SELECT id FROM w WHERE id IS NOT NULL`);
    return rows.map((r) => r.id);
  }

  /**
   * Makes the workspace's rows again from its conversation_facts and reply_waits: a rebuild's
   * last step (page-by-page deltas would rewrite every row of the workspace on each page, as
   * pages are by conversation, not by time). fact_durations in key order; then the counts in two
   * steps: every duration once per measure it counts in (replyDurations, fact_durations' grouped
   * rows) into cells per measure, channel, responder, UTC hour and bin, then each kind
   * of row (channel or '*', hour or day) from those cells, with plain inserts (the workspace has
   * no rows left). One statement through addToBins sorted all four kinds' cells together, spilling
   * to disk: 34 s of a 10M rebuild against 23–27 s so (docs/scaling.md).
   */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM fact_durations WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(`DELETE FROM duration_deltas WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(`DELETE FROM duration_bins WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(
      `INSERT INTO fact_durations (workspace_id, conversation_id, measure, at, seconds, channel, responder)
       ${factDurations('(SELECT * FROM conversation_facts WHERE workspace_id = $1)')} ORDER BY 2, 3`,
      [workspaceId],
    );
    await tx.query(
      `CREATE TEMPORARY TABLE rebuild_bin_cells ON COMMIT DROP AS
       SELECT measure, channel, responder, date_bin('1 hour', at, TIMESTAMPTZ 'epoch') AS at, duration_bin(seconds) AS bin, count(*)::integer AS n,
              sum(round(seconds * 1e6)::bigint)::bigint AS us
         FROM (${replyDurations(`SELECT ${REPLY_DURATION}, 1 AS sign FROM reply_waits WHERE workspace_id = $1`)}
               UNION ALL SELECT workspace_id, measure, channel, responder, at, seconds, 1 FROM fact_durations WHERE workspace_id = $1) v
        GROUP BY 1, 2, 3, 4, 5`,
      [workspaceId],
    );
    // Each kind of row from its cells: the channel's hours are the cells themselves; the others
    // add them up by their key (measure, [channel,] hour or day) and bin.
    const regroup = (keys: string[]) =>
      `(SELECT ${keys.join(', ')}, bin, sum(n)::integer AS n, sum(us)::bigint AS us FROM rebuild_bin_cells GROUP BY ${keys.map((_, i) => i + 1).join(', ')}, bin)`;
    const day = `date_bin('1 day', at, TIMESTAMPTZ 'epoch') AS at`;
    const kinds = [
      { channel: true, day: false, cells: 'rebuild_bin_cells' },
      { channel: false, day: false, cells: regroup(['measure', 'responder', 'at']) },
      { channel: true, day: true, cells: regroup(['measure', 'channel', 'responder', day]) },
      { channel: false, day: true, cells: regroup(['measure', 'responder', day]) },
    ];
    for (const k of kinds)
      await tx.query(
        `INSERT INTO duration_bins (workspace_id, measure, channel, responder, day, at, bins, ns, sum_us)
         SELECT $1, measure, ${k.channel ? 'channel' : `'*'`}, responder, ${k.day}, at, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin), sum(us)
           FROM ${k.cells} c GROUP BY measure, ${k.channel ? 'channel, ' : ''}responder, at`,
        [workspaceId],
      );
  }
}
