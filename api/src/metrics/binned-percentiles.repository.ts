import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BINS, type BinnedCell, type ValueRead } from './binned-percentiles.calculations.js';

/** A row of duration_bins: its channel ('*': all), day or hour, start (ms), bin counts and sum (µs). */
export interface CountsRow {
  channel: string;
  day: boolean;
  at: number;
  counts: Int32Array;
  sumUs: bigint;
}

/** A row's non-zero bins ("{3,17,…}" and their counts, int[] as text) as a dense array of BINS counts. */
function denseCounts(bins: string, ns: string): Int32Array {
  const out = new Int32Array(BINS);
  if (bins.length <= 2) return out;
  const b = bins.slice(1, -1).split(',');
  const n = ns.slice(1, -1).split(',');
  for (let i = 0; i < b.length; i++) out[+b[i]] += +n[i];
  return out;
}

/**
 * The reads of exact binned percentiles (binned-percentiles.calculations.ts): duration_bins'
 * counts, then the values of single bins by the bin indexes of reply_waits and fact_durations
 * (migration DurationBins).
 * Both phases run in one snapshot, so the values are those the counts counted.
 */
@Injectable()
export class BinnedPercentilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `fn` in a read-only REPEATABLE READ transaction: one snapshot for both phases. */
  snapshot<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      return fn(m);
    });
  }

  /**
   * The rows of a measure at the given days and hours (ISO instants), of the given channels
   * (null: every channel's own rows, not '*').
   */
  async counts(m: EntityManager, workspaceId: number, measure: number, channels: string[] | null, days: string[], hours: string[]): Promise<CountsRow[]> {
    // Written per case: an OR of both would keep the planner from the channels' index ranges.
    const channel = channels === null ? `channel <> '*'` : `channel = ANY($5::text[])`;
    const rows: { channel: string; day: boolean; at: Date; bins: string; ns: string; sum_us: string }[] = await m.query(
      `SELECT channel, day, at, bins::text AS bins, ns::text AS ns, sum_us FROM duration_bins
        WHERE workspace_id = $1 AND measure = $2 AND ${channel} AND day AND at = ANY($3::timestamptz[])
       UNION ALL
       SELECT channel, day, at, bins::text, ns::text, sum_us FROM duration_bins
        WHERE workspace_id = $1 AND measure = $2 AND ${channel} AND NOT day AND at = ANY($4::timestamptz[])`,
      [workspaceId, measure, days, hours, ...(channels === null ? [] : [channels])],
    );
    return rows.map((r) => ({ channel: r.channel, day: r.day, at: r.at.getTime(), counts: denseCounts(r.bins, r.ns), sumUs: BigInt(r.sum_us) }));
  }

  /**
   * The bin of `sla` (duration_bin: the database decides, so the edges are its own) and, per
   * cell, how many values of fact_durations' measure in that bin and the cell's range are ≤ sla.
   */
  async countUpTo(m: EntityManager, workspaceId: number, measure: number, channels: string[] | null, cells: BinnedCell[], sla: number): Promise<{ bin: number; inBin: number[] }> {
    const iso = (ms: number) => new Date(ms).toISOString();
    const rows: { bin: number; n: string | null }[] = await m.query(
      `WITH sb AS (SELECT duration_bin($3::float8) AS bin)
       SELECT sb.bin, x.n FROM sb LEFT JOIN LATERAL (
         SELECT r.i, (SELECT count(*) FROM fact_durations
                       WHERE workspace_id = $1 AND measure = $2 AND duration_bin(seconds) = sb.bin AND at >= r.lo AND at < r.hi AND seconds <= $3::float8
                         AND (r.channel IS NULL OR channel = r.channel) AND ($7::text[] IS NULL OR channel = ANY($7::text[]))) AS n
           FROM unnest($4::timestamptz[], $5::timestamptz[], $6::text[]) WITH ORDINALITY AS r(lo, hi, channel, i)) x ON true
       ORDER BY x.i`,
      [workspaceId, measure, sla, cells.map((c) => iso(c.lo)), cells.map((c) => iso(c.hi)), cells.map((c) => c.channel), channels],
    );
    return { bin: rows[0].bin, inBin: cells.map((_, i) => Number(rows[i]?.n ?? 0)) };
  }

  /**
   * The values of measure `measure` (duration_bins' numbering) for each read: those of its bin at
   * instants in [lo, hi), of its channel (null: any) and of `channels` (null: all), in order of
   * value, from offset to limit. values[i] answers reads[i]. Reply times are in reply_waits
   * (measures 0 and 1: agent), the others in fact_durations.
   */
  async values(m: EntityManager, workspaceId: number, measure: number, channels: string[] | null, reads: ValueRead[]): Promise<number[][]> {
    if (reads.length === 0) return [];
    const reply = measure < 4;
    const source = reply
      ? `reply_waits WHERE workspace_id = $1 AND agent = $2 AND duration_bin(seconds) = r.bin AND opened_at >= r.lo AND opened_at < r.hi`
      : `fact_durations WHERE workspace_id = $1 AND measure = $2 AND duration_bin(seconds) = r.bin AND at >= r.lo AND at < r.hi`;
    const iso = (ms: number) => new Date(ms).toISOString();
    const rows: { i: string; s: number }[] = await m.query(
      `SELECT r.i, v.s FROM unnest($3::timestamptz[], $4::timestamptz[], $5::text[], $6::int[], $7::int[], $8::int[]) WITH ORDINALITY AS r(lo, hi, channel, bin, off, lim, i)
       CROSS JOIN LATERAL (
         SELECT seconds AS s FROM ${source}
            AND (r.channel IS NULL OR channel = r.channel) AND ($9::text[] IS NULL OR channel = ANY($9::text[]))
          ORDER BY 1 OFFSET r.off LIMIT r.lim) v`,
      [
        workspaceId,
        reply ? measure === 1 : measure,
        reads.map((r) => iso(r.lo)),
        reads.map((r) => iso(r.hi)),
        reads.map((r) => r.channel),
        reads.map((r) => r.bin),
        reads.map((r) => r.offset),
        reads.map((r) => r.limit),
        channels,
      ],
    );
    const values: number[][] = reads.map(() => []);
    for (const { i, s } of rows) values[Number(i) - 1].push(s);
    for (const v of values) v.sort((a, b) => a - b);
    return values;
  }
}
