/**
 * Exact percentiles in two phases (issue "Performance II", docs/scaling.md "Percentiles"):
 *
 * 1. Counts: duration_bins holds the counts of 1024 bins per UTC hour and per UTC day. A bucket
 *    on whole hours is a signed sum of such rows (rangePieces); summed, its counts give the
 *    bin of each rank percentile_cont interpolates between, and that rank's place in the bin.
 * 2. Values: only those bins' values in the bucket are read, in order (planReads), and the
 *    answer is interpolated exactly as Postgres does (resolve).
 *
 * So the answer is percentile_cont's, bit for bit, while a 90-day period reads a few hundred
 * rows of counts and a few thousand values instead of sorting millions. Pure.
 */

import type { AssignmentRow, ConversationRow } from './scope.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Bins per measure (migration DurationBins: bin 0 under 1 µs, 1 … 1022 log-spaced to 90 days, 1023 beyond). */
export const BINS = 1024;

/** One stored row of counts, added (+1) or taken away (−1): the UTC day or hour starting at `at`. */
export interface Piece {
  day: boolean;
  at: number;
  sign: 1 | -1;
}

const hours = (from: number, to: number, sign: 1 | -1): Piece[] => {
  const out: Piece[] = [];
  for (let t = from; t < to; t += HOUR) out.push({ day: false, at: t, sign });
  return out;
};

/**
 * The fewest rows whose signed sum is the range [lo, hi) (both on whole UTC hours, lo < hi):
 * its whole UTC days, and at each end the hours left over, or the day they are in less the
 * hours outside the range, whichever is fewer rows (a New York day: its UTC day less 5 hours plus
 * 5 hours of the next, 11 rows instead of 24).
 */
export function rangePieces(lo: number, hi: number): Piece[] {
  if (lo % HOUR !== 0 || hi % HOUR !== 0 || !(lo < hi)) throw new RangeError(`a range on whole hours is needed, got [${lo}, ${hi})`);
  const loDay = Math.floor(lo / DAY) * DAY;
  const hiDay = Math.floor(hi / DAY) * DAY;
  const inHours = (from: number, to: number) => (to - from) / HOUR;
  if (loDay === hiDay) {
    // Inside one UTC day: its hours, or the day less the hours either side.
    const asDay = 1 + inHours(loDay, lo) + inHours(hi, loDay + DAY);
    return inHours(lo, hi) <= asDay ? hours(lo, hi, 1) : [{ day: true, at: loDay, sign: 1 }, ...hours(loDay, lo, -1), ...hours(hi, loDay + DAY, -1)];
  }
  const out: Piece[] = [];
  // The head [lo, first whole day).
  let firstDay = loDay;
  if (lo !== loDay) {
    firstDay = loDay + DAY;
    if (inHours(lo, firstDay) <= 1 + inHours(loDay, lo)) out.push(...hours(lo, firstDay, 1));
    else out.push({ day: true, at: loDay, sign: 1 }, ...hours(loDay, lo, -1));
  }
  for (let d = firstDay; d < hiDay; d += DAY) out.push({ day: true, at: d, sign: 1 });
  // The tail [last whole day's end, hi).
  if (hi !== hiDay) {
    if (inHours(hiDay, hi) <= 1 + inHours(hi, hiDay + DAY)) out.push(...hours(hiDay, hi, 1));
    else out.push({ day: true, at: hiDay, sign: 1 }, ...hours(hi, hiDay + DAY, -1));
  }
  return out;
}

/** A row's key in the counts read: day or hour, and its start. */
export const pieceKey = (day: boolean, at: number) => `${day ? 'd' : 'h'}${at}`;

/** A stored row's non-zero bins: bins[i] holds ns[i] values. */
export interface SparseBins {
  bins: ArrayLike<number>;
  ns: ArrayLike<number>;
}

/**
 * An integer[] as Postgres writes it ("{3,-17,…}") → its numbers, parsed by hand: split and Number
 * took most of a 90-day request's time (thousands of rows of hundreds of bins).
 */
export function integers(text: string): Int32Array {
  let commas = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) commas++;
  const out = new Int32Array(text.length <= 2 ? 0 : commas + 1);
  let n = 0;
  let sign = 1;
  let at = 0;
  for (let i = 1; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      out[at++] = sign * n;
      n = 0;
      sign = 1;
    } else if (c === 45) sign = -1;
    else n = n * 10 + (c - 48);
  }
  if (out.length > 0) out[at] = sign * n;
  return out;
}

/** The signed sum of the rows of `pieces` (each piece's rows: one per channel added up; a missing row counts nothing), `bins` long. */
export function sumPieces(pieces: Piece[], rows: Map<string, SparseBins[]>, bins: number): Float64Array {
  const sum = new Float64Array(bins);
  for (const p of pieces)
    for (const row of rows.get(pieceKey(p.day, p.at)) ?? []) for (let i = 0; i < row.bins.length; i++) sum[row.bins[i]] += p.sign * row.ns[i];
  return sum;
}

/**
 * The 0-based ranks percentile_cont(p) reads among n sorted values and how it mixes them, as
 * Postgres computes them (percentile_cont_final_common): first = floor(p · (n − 1)),
 * second = ceil(p · (n − 1)), fraction = p · (n − 1) − first. Null when n = 0.
 */
export function percentileRanks(p: number, n: number): { first: number; second: number; fraction: number } | null {
  if (n === 0) return null;
  const pos = p * (n - 1);
  const first = Math.floor(pos);
  return { first, second: Math.ceil(pos), fraction: pos - first };
}

/** Postgres's float8 interpolation (float8_lerp): a + (b − a) · f; the first value alone when both ranks are one. */
export const interpolate = (a: number, b: number, fraction: number, sameRank: boolean) => (sameRank ? a : a + (b - a) * fraction);

/** The bin holding the 0-based `rank` of the values counted in `counts`, and its rank inside that bin. */
export function locateRank(counts: ArrayLike<number>, rank: number): { bin: number; offset: number } {
  let before = 0;
  for (let k = 0; k < counts.length; k++) {
    if (rank < before + counts[k]) return { bin: k, offset: rank - before };
    before += counts[k];
  }
  throw new RangeError(`rank ${rank} is beyond the ${before} values counted`);
}

/**
 * duration_bins' measure (migration ResponderBins) for a base measure (reply time 0, first
 * response 4, resolution 8, assignment response 12), the scope's responder and whether it is
 * grouped by first responder: + 1 for the agent's reply and first response times (and, grouped,
 * for all four: resolution and assignment are then grouped by the agent first responder), + 16
 * grouped.
 */
export function binMeasure(base: 0 | 4 | 8 | 12, responder: 'any' | 'agent', byResponder: boolean): number {
  const agent = responder === 'agent' && (byResponder || base < 8) ? 1 : 0;
  return base + agent + (byResponder ? 16 : 0);
}

/**
 * Where a measure's values are: reply times in reply_waits (`agent`: its agent column; grouped:
 * by its responder column), the others in fact_durations' rows of the measure itself (the grouped
 * ones under their group: migration ResponderBins).
 */
export function valueSource(measure: number): { reply: true; agent: boolean; grouped: boolean } | { reply: false; measure: number } {
  const m = measure % 16;
  return m < 4 ? { reply: true, agent: m === 1, grouped: measure >= 16 } : { reply: false, measure };
}

/**
 * One (bucket, group) to answer: its range, the channel its values are of (null: the scope's),
 * the first responder they are of ('' none; null: any), its summed counts.
 */
export interface BinnedCell {
  lo: number;
  hi: number;
  channel: string | null;
  responder: string | null;
  counts: ArrayLike<number>;
}

/**
 * A read of the values of one bin in [lo, hi): those at `offsets` (ascending, distinct) in order
 * of value. Only those come back: two percentiles in one big bin are far apart in it.
 */
export interface ValueRead {
  lo: number;
  hi: number;
  channel: string | null;
  responder: string | null;
  bin: number;
  /** How many values the bin holds in the read's range (the cell's count): a hot bin is read by value (valuesAt). */
  inBin: number;
  offsets: number[];
}

/** Where a value is: a read and its index in that read's values. */
type Place = { read: number; index: number };

/** Where one answer's two values are. */
interface Pick {
  first: Place;
  second: Place;
  fraction: number;
  sameRank: boolean;
}

/**
 * The value reads that answer percentiles `ps` of every cell: per cell and bin, one read from the
 * lowest rank needed in it to the highest. picks[c][i] locates percentile ps[i] of cell c (null:
 * no values).
 */
export function planReads(cells: BinnedCell[], ps: number[]): { reads: ValueRead[]; picks: (Pick | null)[][] } {
  const reads: ValueRead[] = [];
  const picks = cells.map((cell) => {
    let n = 0;
    for (let k = 0; k < cell.counts.length; k++) n += cell.counts[k];
    const ranks = ps.map((p) => percentileRanks(p, n));
    // Per bin of this cell, the offsets needed in it.
    const perBin = new Map<number, number[]>();
    const located = ranks.map((r) => {
      if (r === null) return null;
      const pair = [locateRank(cell.counts, r.first), locateRank(cell.counts, r.second)];
      for (const { bin, offset } of pair) perBin.set(bin, [...(perBin.get(bin) ?? []), offset]);
      return pair;
    });
    const readOf = new Map<number, { read: number; offsets: number[] }>();
    for (const [bin, needed] of perBin) {
      const offsets = [...new Set(needed)].sort((a, b) => a - b);
      readOf.set(bin, { read: reads.length, offsets });
      reads.push({ lo: cell.lo, hi: cell.hi, channel: cell.channel, responder: cell.responder, bin, inBin: cell.counts[bin], offsets });
    }
    return located.map((pair, i) => {
      if (pair === null) return null;
      const at = ({ bin, offset }: { bin: number; offset: number }): Place => ({ read: readOf.get(bin)!.read, index: readOf.get(bin)!.offsets.indexOf(offset) });
      const r = ranks[i]!;
      return { first: at(pair[0]), second: at(pair[1]), fraction: r.fraction, sameRank: r.first === r.second };
    });
  });
  return { reads, picks };
}

/**
 * A read's values at `offsets` (ascending) from its bin's distinct values and how many times each
 * occurs, in any order: the value at offset k is the one whose run in sorted order covers k.
 */
export function valuesAt(distinct: { s: number; n: number }[], offsets: number[]): number[] {
  const sorted = [...distinct].sort((a, b) => a.s - b.s);
  const out: number[] = [];
  let i = 0;
  let before = 0;
  for (const k of offsets) {
    while (i < sorted.length && before + sorted[i].n <= k) before += sorted[i++].n;
    if (i === sorted.length) throw new RangeError(`offset ${k} is beyond the ${before} values read`);
    out.push(sorted[i].s);
  }
  return out;
}

/** The percentiles of each cell from the values of its reads (values[r][j]: read r's value at its offsets[j]). */
export function resolve(picks: (Pick | null)[][], values: number[][]): (number | null)[][] {
  const value = ({ read, index }: Place) => {
    const v = values[read]?.[index];
    if (v === undefined) throw new Error(`read ${read} returned fewer values than its counts promised`);
    return v;
  };
  return picks.map((row) => row.map((p) => (p === null ? null : interpolate(value(p.first), value(p.second), p.fraction, p.sameRank))));
}

/** How many values are ≤ x: those of the bins below x's bin, and `inBin` of its bin (counted there, by value). */
export function countAtMost(counts: ArrayLike<number>, binOfX: number, inBin: number): number {
  let below = 0;
  for (let k = 0; k < binOfX && k < counts.length; k++) below += counts[k];
  return below + inBin;
}

/** The signed sum of the pieces' sums (a missing row adds nothing). */
export function sumPieceTotals(pieces: Piece[], sums: Map<string, bigint>): bigint {
  let total = 0n;
  for (const p of pieces) total += BigInt(p.sign) * (sums.get(pieceKey(p.day, p.at)) ?? 0n);
  return total;
}

/** A bucket's and group's values of a measure: how many, their sum in µs, the percentiles asked for, how many ≤ the SLA. */
export interface BinnedResult {
  b: number;
  g: string | null;
  n: number;
  sumUs: bigint;
  values: (number | null)[];
  within: number;
}

const cellKey = (b: number, g: string | null) => (g === null ? `${b}\u0000-` : `${b}\u0000+${g}`);

/** The binned cells by bucket and group. */
const byCell = (cells: BinnedResult[]) => new Map(cells.map((c) => [cellKey(c.b, c.g), c]));

/**
 * The rows of FactsMetricsRepository.conversationsByFirstCustomer from hourly_conversations'
 * counts (one row per bucket and group with a conversation) and the first response cells: a row
 * without responses has no statistics and no sum (SQL's sum of nothing is null).
 */
export function firstResponseRows(
  counted: { b: number; g: string | null; conversations: number; with_response: number; automated: number }[],
  cells: BinnedResult[],
): ConversationRow[] {
  const found = byCell(cells);
  return counted.map((r) => {
    const c = found.get(cellKey(r.b, r.g));
    if (!c) return { ...r, responded: 0, frt_median: null, frt_p90: null, frt_sum_us: null, within_sla: 0 };
    return { ...r, responded: c.n, frt_median: c.values[0], frt_p90: c.values[1], frt_sum_us: c.sumUs.toString(), within_sla: c.within };
  });
}

/** The rows of FactsMetricsRepository.assignments from hourly_conversations' counts and the assignment response cells. */
export function assignmentRows(counted: { b: number; g: string | null; assigned: number }[], cells: BinnedResult[]): AssignmentRow[] {
  const found = byCell(cells);
  return counted.map((r) => {
    const c = found.get(cellKey(r.b, r.g));
    return { ...r, assign_median: c?.values[0] ?? null, assign_p90: c?.values[1] ?? null };
  });
}
