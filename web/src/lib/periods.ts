/**
 * Which buckets of a chart are not whole, and what a comparison is against: pure, so the chart,
 * its table and the cards say the same (unit tests: periods.test.ts).
 *
 * A bucket is incomplete when it is not fully inside the period: the current hour, day, week or
 * month of a running period ("so far"), and a first or last week or month the period cuts
 * (90 days by week starting on a Thursday: "partial: 27–30 Aug").
 */
import type { Grain } from '@parley/shared';
import { addDays, monthStart, zonedMidnightMs } from './dates';
import { type Locale, formatClock, formatDayRange } from './format';
import type { ResolvedPeriod } from './url-state';

export type CoverageStatus = 'complete' | 'current' | 'partial';

export interface BucketCoverage {
  bucket: string;
  status: CoverageStatus;
  /** The days of the period the bucket covers (inclusive, in the period's zone). */
  first: string;
  last: string;
}

/** What bucketCoverage needs of a resolved period. */
export type PeriodBounds = Pick<ResolvedPeriod, 'from' | 'last' | 'startMs' | 'endMs' | 'running' | 'tz'>;

const HOUR_MS = 3_600_000;

/** The instant the bucket starting at `bucket` (local start with offset, as the API names it) ends. */
export function bucketEndMs(bucket: string, grain: Grain, tz: string): number {
  // The API's labels are local wall time, so their first ten characters are the local date.
  const day = bucket.slice(0, 10);
  switch (grain) {
    case 'hour':
      return Date.parse(bucket) + HOUR_MS;
    case 'day':
      return zonedMidnightMs(addDays(day, 1), tz);
    case 'week':
      return zonedMidnightMs(addDays(day, 7), tz);
    case 'month':
      return zonedMidnightMs(monthStart(day, 1), tz);
  }
}

/** Each bucket's coverage by the period: complete, current (the running period ends in it), or partial (cut). */
export function bucketCoverage(buckets: string[], grain: Grain, period: PeriodBounds): BucketCoverage[] {
  return buckets.map((bucket) => {
    const startMs = Date.parse(bucket);
    const endMs = bucketEndMs(bucket, grain, period.tz);
    const day = bucket.slice(0, 10);
    const cutStart = startMs < period.startMs;
    const cutEnd = endMs > period.endMs;
    const first = cutStart ? period.from : day;
    // The last day touched: the period's (today while running) or the bucket's own.
    const last = cutEnd ? period.last : grain === 'hour' ? day : addDays(endDay(day, grain), -1);
    let status: CoverageStatus = 'complete';
    if (period.running && cutEnd && startMs < period.endMs) status = 'current';
    else if (cutStart || cutEnd) status = 'partial';
    return { bucket, status, first, last: last < first ? first : last };
  });
}

function endDay(day: string, grain: Exclude<Grain, 'hour'>): string {
  return grain === 'day' ? addDays(day, 1) : grain === 'week' ? addDays(day, 7) : monthStart(day, 1);
}

/** What a chart, a tooltip and a table row say of an incomplete bucket ('' for a complete one). */
export function coverageNote(c: Pick<BucketCoverage, 'status' | 'first' | 'last'> | undefined, locale?: Locale): string {
  if (!c || c.status === 'complete') return '';
  if (c.status === 'current') return 'so far';
  return `partial: ${formatDayRange(c.first, c.last, locale)}`;
}

/**
 * What the period is compared with, for the deltas' titles: "yesterday until 14:24" for today
 * while it runs, else the previous period's days ("4 – 10 Nov 2026"), "(the last day until 14:24)" when cut.
 */
export function comparisonLabel(period: Pick<ResolvedPeriod, 'days' | 'running' | 'previous' | 'endMs' | 'tz'>, locale?: Locale): string {
  const { first, last } = period.previous;
  // The compared period is cut at the wall time the period is (previous.until), written as the locale does.
  const until = period.previous.until ? formatClock(period.endMs, period.tz, locale) : null;
  if (period.days === 1 && period.running) return until ? `yesterday until ${until}` : 'yesterday';
  const days = formatDayRange(first, last, locale);
  return until ? `${days} (the last day until ${until})` : days;
}
