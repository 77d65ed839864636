import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type BinnedCell, type SparseBins, type ValueRead, integers, valueSource } from './binned-percentiles.calculations.js';

/**
 * A row of duration_bins: its channel ('*': all), first responder ('' in the plain measures), day
 * or hour, start (ms), non-zero bins with their counts, and sum (µs).
 */
export interface CountsRow extends SparseBins {
  channel: string;
  responder: string;
  day: boolean;
  at: number;
  sumUs: bigint;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A read's first responder ('' none; null: any) against the column that holds its group (valueSource). */
const groupFilter = (column: string | null) => (column === null ? 'true' : `(r.responder IS NULL OR coalesce(${column}, '') = r.responder)`);

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
    // The deltas not folded yet, as more rows of the same pieces: per channel, or as '*' when the
    // '*' rows are read (channels = ['*']).
    const all = channels?.length === 1 && channels[0] === '*';
    const deltaChannel = all ? `'*'` : 'x.channel';
    const deltaFilter = all ? '' : channels === null ? '' : 'AND x.channel = ANY($5::text[])';
    const rows: { channel: string; responder: string; day: boolean; at: Date; bins: string; ns: string; sum_us: string }[] = await m.query(
      `SELECT channel, responder, day, at, bins::text AS bins, ns::text AS ns, sum_us FROM duration_bins
        WHERE workspace_id = $1 AND measure = $2 AND day AND at = ANY($3::timestamptz[]) AND ${channel}
       UNION ALL
       SELECT channel, responder, day, at, bins::text, ns::text, sum_us FROM duration_bins
        WHERE workspace_id = $1 AND measure = $2 AND NOT day AND at = ANY($4::timestamptz[]) AND ${channel}
       UNION ALL
       SELECT ch, responder, day, at, array_agg(bin ORDER BY bin)::text, array_agg(n ORDER BY bin)::text, sum(us)::bigint FROM (
         SELECT ${deltaChannel} AS ch, x.responder, p.day, p.at, x.bin, sum(x.n)::integer AS n, sum(x.us) AS us
           FROM (SELECT true AS day, d AS at FROM unnest($3::timestamptz[]) d UNION ALL SELECT false, h FROM unnest($4::timestamptz[]) h) p
           JOIN duration_deltas x ON x.workspace_id = $1 AND x.measure = $2 AND x.hour >= p.at AND x.hour < p.at + CASE WHEN p.day THEN interval '1 day' ELSE interval '1 hour' END
          WHERE true ${deltaFilter}
          GROUP BY 1, 2, 3, 4, 5) d
        GROUP BY 1, 2, 3, 4`,
      [workspaceId, measure, days, hours, ...(channels === null ? [] : [channels])],
    );
    return rows.map((r) => ({
      channel: r.channel,
      responder: r.responder,
      day: r.day,
      at: r.at.getTime(),
      bins: integers(r.bins),
      ns: integers(r.ns),
      sumUs: BigInt(r.sum_us),
    }));
  }

  /**
   * The bin of `sla` (duration_bin: the database decides, so the edges are its own) and, per
   * cell, how many values of fact_durations' measure in that bin and the cell's range are ≤ sla.
   */
  async countUpTo(m: EntityManager, workspaceId: number, measure: number, channels: string[] | null, cells: BinnedCell[], sla: number): Promise<{ bin: number; inBin: number[] }> {
    const source = valueSource(measure);
    if (source.reply) throw new Error('the SLA counts first responses, not reply times');
    const rows: { bin: number; n: string | null }[] = await m.query(
      `WITH sb AS (SELECT duration_bin($3::float8) AS bin)
       SELECT sb.bin, x.n FROM sb LEFT JOIN LATERAL (
         SELECT r.i, (SELECT count(*) FROM fact_durations
                       WHERE workspace_id = $1 AND measure = $2 AND duration_bin(seconds) = sb.bin AND at >= r.lo AND at < r.hi AND seconds <= $3::float8
                         AND (r.channel IS NULL OR channel = r.channel) AND ($7::text[] IS NULL OR channel = ANY($7::text[]))
                         AND ${groupFilter(source.group)}) AS n
           FROM unnest($4::timestamptz[], $5::timestamptz[], $6::text[], $8::text[]) WITH ORDINALITY AS r(lo, hi, channel, responder, i)) x ON true
       ORDER BY x.i`,
      [workspaceId, source.measure, sla, cells.map((c) => iso(c.lo)), cells.map((c) => iso(c.hi)), cells.map((c) => c.channel), channels, cells.map((c) => c.responder)],
    );
    return { bin: rows[0].bin, inBin: cells.map((_, i) => Number(rows[i]?.n ?? 0)) };
  }

  /**
   * The values of measure `measure` (duration_bins' numbering) for each read: those of its bin at
   * instants in [lo, hi), of its channel (null: any) and of `channels` (null: all), in order of
   * value, at the read's offsets. values[i][j] is reads[i]'s value at offsets[j]. Reply times are in reply_waits
   * (measures 0 and 1: agent), the others in fact_durations.
   */
  async values(m: EntityManager, workspaceId: number, measure: number, channels: string[] | null, reads: ValueRead[]): Promise<number[][]> {
    if (reads.length === 0) return [];
    const from = valueSource(measure);
    const source = from.reply
      ? `reply_waits WHERE workspace_id = $1 AND agent = $2 AND duration_bin(seconds) = r.bin AND opened_at >= r.lo AND opened_at < r.hi`
      : `fact_durations WHERE workspace_id = $1 AND measure = $2 AND duration_bin(seconds) = r.bin AND at >= r.lo AND at < r.hi`;
    // Each read's values in order up to its last offset (a bounded sort), numbered in that order (a
    // window without ORDER BY numbers its input as it comes), and only its offsets sent back.
    const rows: { i: string; k: string; s: number }[] = await m.query(
      `SELECT r.i, v.k, v.s FROM unnest($3::timestamptz[], $4::timestamptz[], $5::text[], $6::int[], $7::int[], $8::text[], $10::text[]) WITH ORDINALITY AS r(lo, hi, channel, bin, upto, ks, responder, i)
       CROSS JOIN LATERAL (
         SELECT x.k, x.s FROM (
           SELECT y.s, row_number() OVER () - 1 AS k FROM (
             SELECT seconds AS s FROM ${source}
                AND (r.channel IS NULL OR channel = r.channel) AND ($9::text[] IS NULL OR channel = ANY($9::text[])) AND ${groupFilter(from.group)}
              ORDER BY 1 LIMIT r.upto + 1) y) x
          WHERE x.k = ANY(r.ks::int[])) v`,
      [
        workspaceId,
        from.reply ? from.agent : from.measure,
        reads.map((r) => iso(r.lo)),
        reads.map((r) => iso(r.hi)),
        reads.map((r) => r.channel),
        reads.map((r) => r.bin),
        reads.map((r) => r.offsets[r.offsets.length - 1]),
        // A read's offsets as an int[] literal (arrays of arrays cannot be ragged).
        reads.map((r) => `{${r.offsets.join(',')}}`),
        channels,
        reads.map((r) => r.responder),
      ],
    );
    const values: number[][] = reads.map((r) => new Array<number>(r.offsets.length));
    for (const { i, k, s } of rows) {
      const read = reads[Number(i) - 1];
      values[Number(i) - 1][read.offsets.indexOf(Number(k))] = s;
    }
    return values;
  }
}
