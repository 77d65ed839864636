/**
 * Periods and calendar buckets in any IANA time zone (metrics.md, "Period, buckets, time zone").
 * Pure: the SQL receives the bucket boundaries as instants, so it never does calendar arithmetic.
 */
import { Temporal } from 'temporal-polyfill';
import type { Grain } from '@parley/shared';

export interface Bucket {
  /** The bucket's calendar start (may be before the period's `from`). */
  startMs: number;
  /** Local start with its offset: `2026-10-25T00:00:00+02:00`. */
  label: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

// Temporal reads second 60 as 59; Parley's clock has no leap seconds, so it is refused instead.
const LEAP_SECOND = /T\d{2}:\d{2}:60/i;

/**
 * A period bound: a date (local midnight in tz, or the day's first instant when midnight falls
 * in a DST gap), a date-time with offset, or a local date-time (wall time in tz). Null if invalid.
 */
export function parseBound(text: string, tz: string): number | null {
  if (LEAP_SECOND.test(text)) return null;
  try {
    if (DATE_ONLY.test(text)) return Temporal.PlainDate.from(text, { overflow: 'reject' }).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
    if (LOCAL_DATE_TIME.test(text))
      return Temporal.PlainDateTime.from(text, { overflow: 'reject' }).toZonedDateTime(tz, { disambiguation: 'compatible' }).epochMilliseconds;
    if (/^\d{4}-\d{2}-\d{2}T/.test(text) && HAS_OFFSET.test(text)) return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return null;
  }
  return null;
}

/**
 * The range a period bound must lie in, as wall time in the query's zone (api.md): no event is
 * before 2000-01-01 (events.md), and the upper end keeps every bucket and bound in four-digit
 * years in UTC too (the SQL gets them as ISO strings, which Postgres reads only in years 1–9999).
 */
export const EARLIEST_BOUND = '2000-01-01';
export const LATEST_BOUND = '9999-12-31';
const EARLIEST = Temporal.PlainDateTime.from(`${EARLIEST_BOUND}T00:00`);
const LATEST = Temporal.PlainDateTime.from(`${LATEST_BOUND}T00:00`);

/** Whether the instant lies in [2000-01-01T00:00, 9999-12-31T00:00] as wall time in tz. */
export function boundInRange(ms: number, tz: string): boolean {
  const local = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toPlainDateTime();
  return Temporal.PlainDateTime.compare(local, EARLIEST) >= 0 && Temporal.PlainDateTime.compare(local, LATEST) <= 0;
}

/** The instant as local time with offset in tz; milliseconds only when there are some. */
export function formatLocal(ms: number, tz: string): string {
  const zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
  return zdt.toString({ timeZoneName: 'never', smallestUnit: zdt.millisecond ? 'millisecond' : 'second' });
}

/**
 * An event's instant (µs since the epoch, exact) as local time with offset in tz, like
 * formatLocal, with microseconds when there are some (Postgres keeps them; an event may have them).
 */
export function formatLocalMicros(us: bigint, tz: string): string {
  const zdt = Temporal.Instant.fromEpochNanoseconds(us * 1000n).toZonedDateTimeISO(tz);
  const smallestUnit = zdt.microsecond ? 'microsecond' : zdt.millisecond ? 'millisecond' : 'second';
  return zdt.toString({ timeZoneName: 'never', smallestUnit });
}

/** The calendar start of the grain bucket that contains `zdt`. */
function bucketStart(zdt: Temporal.ZonedDateTime, grain: Grain): Temporal.ZonedDateTime {
  switch (grain) {
    case 'hour':
      // Real hours: floor on the exact timeline, so both 02:00 hours of a fall-back night exist.
      return zdt.round({ smallestUnit: 'hour', roundingMode: 'floor' });
    case 'day':
      return zdt.startOfDay();
    case 'week':
      return zdt.subtract({ days: zdt.dayOfWeek - 1 }).startOfDay();
    case 'month':
      return zdt.with({ day: 1 }).startOfDay();
  }
  throw new Error(`unknown grain ${grain}`);
}

function nextStart(start: Temporal.ZonedDateTime, grain: Grain): Temporal.ZonedDateTime {
  switch (grain) {
    case 'hour':
      return start.add({ hours: 1 });
    case 'day':
      return start.toPlainDate().add({ days: 1 }).toZonedDateTime({ timeZone: start.timeZoneId });
    case 'week':
      return start.toPlainDate().add({ weeks: 1 }).toZonedDateTime({ timeZone: start.timeZoneId });
    case 'month':
      return start.toPlainDate().add({ months: 1 }).toZonedDateTime({ timeZone: start.timeZoneId });
  }
  throw new Error(`unknown grain ${grain}`);
}

const label = (zdt: Temporal.ZonedDateTime) => zdt.toString({ timeZoneName: 'never', smallestUnit: 'second' });

/** Every calendar bucket of grain in tz that overlaps [fromMs, toMs), in order. */
export function bucketsOf(fromMs: number, toMs: number, grain: Grain, tz: string): Bucket[] {
  if (grain === 'hour') return hoursOf(fromMs, toMs, tz);
  const out: Bucket[] = [];
  let start = bucketStart(Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(tz), grain);
  while (start.epochMilliseconds < toMs) {
    out.push({ startMs: start.epochMilliseconds, label: label(start) });
    start = nextStart(start, grain);
  }
  return out;
}

const HOUR_MS = 3_600_000;

/**
 * Hour buckets, as the general loop would make them (each start one exact hour after the last),
 * without a Temporal object per hour: the offset only changes at the zone's transitions, so each
 * stretch between two is labelled with plain arithmetic. 2,160 hours (90 days) took 65–150 ms
 * the general way, which was most of a heatmap request.
 */
function hoursOf(fromMs: number, toMs: number, tz: string): Bucket[] {
  const out: Bucket[] = [];
  let zdt = bucketStart(Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(tz), 'hour');
  let ms = zdt.epochMilliseconds;
  while (ms < toMs) {
    const offsetMs = zdt.offsetNanoseconds / 1e6;
    const next = zdt.getTimeZoneTransition('next');
    const until = next === null ? toMs : Math.min(next.epochMilliseconds, toMs);
    for (; ms < until; ms += HOUR_MS) out.push({ startMs: ms, label: new Date(ms + offsetMs).toISOString().slice(0, 19) + zdt.offset });
    if (ms < toMs) zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
  }
  return out;
}

/**
 * GET /live's two windows (api.md "Live"): today = [local midnight, asOf), and the same local
 * wall-clock hours of the date 7 days earlier (a clock time a DST change skipped that day is read
 * as Temporal's "compatible": the later one).
 */
export function liveWindows(asOfMs: number, tz: string): { today: { fromMs: number; toMs: number }; lastWeek: { fromMs: number; toMs: number } } {
  const now = Temporal.Instant.fromEpochMilliseconds(asOfMs).toZonedDateTimeISO(tz);
  const weekAgo = now.toPlainDateTime().subtract({ days: 7 });
  return {
    today: { fromMs: now.toPlainDate().toZonedDateTime({ timeZone: tz }).epochMilliseconds, toMs: asOfMs },
    lastWeek: {
      fromMs: weekAgo.toPlainDate().toZonedDateTime({ timeZone: tz }).epochMilliseconds,
      toMs: weekAgo.toZonedDateTime(tz, { disambiguation: 'compatible' }).epochMilliseconds,
    },
  };
}

/** The calendar bucket (grain) containing the instant: its start in ms. */
export function bucketStartMs(ms: number, grain: Grain, tz: string): number {
  return bucketStart(Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz), grain).epochMilliseconds;
}

/**
 * Whether a scope can be answered from the hourly rollups: the period's ends and every bucket
 * start inside the period fall on whole UTC hours (a bucket start before `from` does not matter,
 * the first bucket is cut at `from`). True for dates as bounds in every whole-hour-offset zone;
 * false for instants such as 10:15 or zones like Asia/Kolkata, which are answered from events.
 */
export function onWholeHours(fromMs: number, toMs: number, bounds: number[]): boolean {
  const whole = (ms: number) => ms % HOUR_MS === 0;
  return whole(fromMs) && whole(toMs) && bounds.every((b) => b < fromMs || whole(b));
}
