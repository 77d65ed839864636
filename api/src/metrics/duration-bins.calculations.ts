/**
 * Duration histograms whose percentiles stay within the spec's bound (metrics.md: a rollup or
 * sketch may answer a percentile if it stays within 1%, or 1 second when that is larger, of the
 * exact value). The groundwork of issue "Performance II": percentiles from summed bins instead of
 * sorting every value of a 90-day period.
 *
 * Bins: 0.5 s wide below 100 s, then each 0.5% wider than the one before. A bin keeps the count
 * and the sum of its values, and answers a rank with its mean, which lies inside the bin: off by
 * less than its width w(v) ≤ max(0.5 s, 0.5% · v) for any value v in it. percentile_cont mixes
 * the values a ≤ b of two neighbouring ranks, (1 − f) · a + f · b = p, so its error is below
 * (1 − f) · w(a) + f · w(b) ≤ 0.5 + 0.005 · p ≤ max(1, 0.01 · p). Values that are alone in their
 * bin with their equals (whole seconds below 100 s, say) come back exactly.
 */

const LINEAR_WIDTH = 0.5;
const LINEAR_END = 100;
const LINEAR_BINS = LINEAR_END / LINEAR_WIDTH;
const RATIO = 1.005;
const LOG_RATIO = Math.log(RATIO);

/** The lower edge of bin k (seconds). */
export function binStart(k: number): number {
  return k < LINEAR_BINS ? k * LINEAR_WIDTH : LINEAR_END * RATIO ** (k - LINEAR_BINS);
}

/** The bin of a duration ≥ 0 (seconds): binStart(k) ≤ seconds < binStart(k + 1). */
export function binOf(seconds: number): number {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError(`a duration must be finite and ≥ 0, got ${seconds}`);
  if (seconds < LINEAR_END) return Math.floor(seconds / LINEAR_WIDTH);
  let k = LINEAR_BINS + Math.floor(Math.log(seconds / LINEAR_END) / LOG_RATIO);
  // The logarithm may land one bin off at an edge: the edges decide.
  while (k > LINEAR_BINS && seconds < binStart(k)) k--;
  while (seconds >= binStart(k + 1)) k++;
  return k;
}

/** One bin of a histogram: its number, how many values and their sum (seconds). */
export interface Bin {
  bin: number;
  count: number;
  sum: number;
}

/** The histogram of some durations, by bin ascending. */
export function histogramOf(values: number[]): Bin[] {
  const bins = new Map<number, Bin>();
  for (const v of values) {
    const k = binOf(v);
    const b = bins.get(k);
    if (b) {
      b.count++;
      b.sum += v;
    } else bins.set(k, { bin: k, count: 1, sum: v });
  }
  return [...bins.values()].sort((a, b) => a.bin - b.bin);
}

/** Bins of several histograms added up (the same bin numbers summed), ascending; empty bins left out. */
export function addHistograms(parts: Bin[][]): Bin[] {
  const bins = new Map<number, Bin>();
  for (const part of parts)
    for (const b of part) {
      const x = bins.get(b.bin);
      if (x) {
        x.count += b.count;
        x.sum += b.sum;
      } else bins.set(b.bin, { ...b });
    }
  return [...bins.values()].filter((b) => b.count > 0).sort((a, b) => a.bin - b.bin);
}

/**
 * The continuous percentile p ∈ [0, 1] (percentile_cont) of the values a histogram holds, each
 * rank answered by its bin's mean; null for no values. `bins` ascending, counts > 0.
 */
export function histogramPercentile(bins: Bin[], p: number): number | null {
  const total = bins.reduce((n, b) => n + b.count, 0);
  if (total === 0) return null;
  const h = (total - 1) * p;
  const lower = Math.floor(h);
  const upper = Math.ceil(h);
  const at = (rank: number): number => {
    let seen = 0;
    for (const b of bins) {
      seen += b.count;
      if (rank < seen) return b.sum / b.count;
    }
    const last = bins[bins.length - 1];
    return last.sum / last.count;
  };
  const a = at(lower);
  return upper === lower ? a : a + (h - lower) * (at(upper) - a);
}

/** The spec's bound on a percentile answered by a sketch: 1% of the exact value, or 1 second when that is larger. */
export function allowedError(exact: number): number {
  return Math.max(1, 0.01 * Math.abs(exact));
}
