import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type BinnedCell, type SparseBins, type ValueRead, integers, valueSource, valuesAt } from './binned-percentiles.calculations.js';

/** A bin with more values than this in a read's range is read by value (valuesAt), not sorted. */
const HOT_BIN = 4096;

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

/**
 * The rows of a read of `measure` (valueSource) in its bin and range, and of its first responder
 * (r.responder: '' none; null: any) in a grouped measure: fact_durations' rows of the measure are
 * under their group ('' in the plain ones), which its bin index leads with; reply_waits' rows
 * carry theirs.
 */
function valueRows(measure: number, bin: string): string {
  const from = valueSource(measure);
  return from.reply
    ? `reply_waits WHERE workspace_id = $1 AND agent = ${from.agent} AND duration_bin(seconds) = ${bin} AND opened_at >= r.lo AND opened_at < r.hi
         ${from.grouped ? `AND coalesce(responder, '') = r.responder` : ''}`
    : `fact_durations WHERE workspace_id = $1 AND measure = ${from.measure} AND responder = coalesce(r.responder, '') AND duration_bin(seconds) = ${bin}
         AND at >= r.lo AND at < r.hi`;
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
    const rows: { bin: number; n: string | null }[] = await m.query(
      `WITH sb AS (SELECT duration_bin($2::float8) AS bin)
       SELECT sb.bin, x.n FROM sb LEFT JOIN LATERAL (
         SELECT r.i, (SELECT count(*) FROM ${valueRows(measure, 'sb.bin')} AND seconds <= $2::float8
                         AND (r.channel IS NULL OR channel = r.channel) AND ($6::text[] IS NULL OR channel = ANY($6::text[]))) AS n
           FROM unnest($3::timestamptz[], $4::timestamptz[], $5::text[], $7::text[]) WITH ORDINALITY AS r(lo, hi, channel, responder, i)) x ON true
       ORDER BY x.i`,
      [workspaceId, sla, cells.map((c) => iso(c.lo)), cells.map((c) => iso(c.hi)), cells.map((c) => c.channel), channels, cells.map((c) => c.responder)],
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
    const values: number[][] = reads.map((r) => new Array<number>(r.offsets.length));
    const hot = reads.flatMap((r, i) => (r.inBin > HOT_BIN ? [i] : []));
    const cool = reads.flatMap((r, i) => (r.inBin > HOT_BIN ? [] : [i]));
    if (cool.length > 0) {
      const rows = await this.readValues(m, workspaceId, measure, channels, cool.map((i) => reads[i]), false);
      for (const { i, k, s } of rows) {
        const read = cool[Number(i) - 1];
        values[read][reads[read].offsets.indexOf(Number(k))] = s;
      }
    }
    if (hot.length > 0) {
      // Counted by a hash: the planner sees one row per read and would sort the bin's values.
      await m.query('SET LOCAL enable_sort = off');
      const rows = await this.readValues(m, workspaceId, measure, channels, hot.map((i) => reads[i]), true);
      await m.query('SET LOCAL enable_sort = on');
      const distinct = hot.map(() => [] as { s: number; n: number }[]);
      for (const { i, k, s } of rows) distinct[Number(i) - 1].push({ s, n: Number(k) });
      hot.forEach((read, j) => (values[read] = valuesAt(distinct[j], reads[read].offsets)));
    }
    return values;
  }

  /**
   * The statement of `values`: per read (i, 1-based), its values at its offsets (k: the offset,
   * s: the value) or, `byValue`, its bin's distinct values with how many times each occurs (k: the
   * count): a bin of 400k equal values (assignment responses of 1 ms) is counted by a hash, not
   * sorted.
   */
  private readValues(m: EntityManager, workspaceId: number, measure: number, channels: string[] | null, reads: ValueRead[], byValue: boolean): Promise<{ i: string; k: string; s: number }[]> {
    const source = valueRows(measure, 'r.bin');
    const where = `AND (r.channel IS NULL OR channel = r.channel) AND ($8::text[] IS NULL OR channel = ANY($8::text[]))`;
    // Each read's values in order up to its last offset (a bounded sort), numbered in that order (a
    // window without ORDER BY numbers its input as it comes), and only its offsets sent back.
    const lateral = byValue
      ? `SELECT count(*) AS k, seconds AS s FROM ${source} ${where} GROUP BY seconds`
      : `SELECT x.k, x.s FROM (
           SELECT y.s, row_number() OVER () - 1 AS k FROM (
             SELECT seconds AS s FROM ${source} ${where}
              ORDER BY 1 LIMIT r.upto + 1) y) x
          WHERE x.k = ANY(r.ks::int[])`;
    return m.query(
      `SELECT r.i, v.k, v.s FROM unnest($2::timestamptz[], $3::timestamptz[], $4::text[], $5::int[], $6::int[], $7::text[], $9::text[]) WITH ORDINALITY AS r(lo, hi, channel, bin, upto, ks, responder, i)
       CROSS JOIN LATERAL (${lateral}) v`,
      [
        workspaceId,
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
  }
}
