import { BUSINESS_DAYS, type BusinessHours, wallMinutes } from '@parley/shared';
import { Temporal } from 'temporal-polyfill';

/*
 * Business time (metrics.md, "Business hours"): the length of the part of [start, end) inside the
 * schedule's open intervals. An interval is its wall-clock times on its local date in the schedule's
 * zone: a skipped wall time is the first instant after the gap, a repeated one its first occurrence,
 * 24:00 the next local midnight; a holiday closes its whole local date.
 *
 * Speed: only the first and last local dates of a span are resolved exactly. Every date in between
 * is wholly inside the span, so it contributes its full open length, which is the nominal one (wall
 * minutes × 60) unless the date is a holiday or the zone's offset changes on it or at its end; those
 * few dates are found (holidays from the list, offset changes from the zone's transitions) and
 * corrected, the rest are counted in whole weeks. Cost grows with transitions and holidays, not with
 * minutes or days.
 */

/** The instant a wall time `HH:MM` on `date` denotes in `tz` (see the rules above). */
export function wallInstant(date: Temporal.PlainDate, hhmm: string, tz: string): number {
  const minutes = wallMinutes(hhmm, true);
  if (minutes === null) throw new Error(`bad wall time ${hhmm}`);
  // 24:00 and 00:00 are local midnights: startOfDay already gives the first instant after a gap.
  if (minutes === 24 * 60) return date.add({ days: 1 }).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
  const wall = date.toPlainDateTime({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
  // 'earlier' is the first occurrence of a repeated time; in a gap it lands before the gap instead.
  const earlier = wall.toZonedDateTime(tz, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), wall) === 0) return earlier.epochMilliseconds;
  return earlier.getTimeZoneTransition('next')!.epochMilliseconds;
}

/** The open intervals of one local date as instants [start, end) (none on a holiday). */
export function openInstants(date: Temporal.PlainDate, schedule: BusinessHours): [number, number][] {
  if (schedule.holidays.includes(date.toString())) return [];
  const day = BUSINESS_DAYS[date.dayOfWeek - 1];
  return schedule[day].map(([s, e]) => [wallInstant(date, s, schedule.timeZone), wallInstant(date, e, schedule.timeZone)]);
}

function clippedLength(date: Temporal.PlainDate, schedule: BusinessHours, startMs: number, endMs: number): number {
  let ms = 0;
  for (const [s, e] of openInstants(date, schedule)) ms += Math.max(0, Math.min(e, endMs) - Math.max(s, startMs));
  return ms;
}

/** Nominal open milliseconds per weekday (Monday first): wall minutes, as on a day without an offset change. */
function nominalWeek(schedule: BusinessHours): number[] {
  return BUSINESS_DAYS.map((d) => schedule[d].reduce((sum, [s, e]) => sum + (wallMinutes(e, true)! - wallMinutes(s)!) * 60_000, 0));
}

/** Dates in [from, to] whose open length may differ from nominal because the offset changes on them or at their end. */
function transitionDates(from: Temporal.PlainDate, to: Temporal.PlainDate, tz: string): Set<string> {
  const dates = new Set<string>();
  const stop = to.add({ days: 1 }).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
  // From just before the date's first instant: where midnight is skipped (America/Santiago), that
  // instant is the transition itself, which 'next' from it would pass over.
  let at: Temporal.ZonedDateTime | null = Temporal.Instant.fromEpochMilliseconds(from.toZonedDateTime({ timeZone: tz }).epochMilliseconds - 1).toZonedDateTimeISO(tz);
  while ((at = at.getTimeZoneTransition('next')) && at.epochMilliseconds <= stop) {
    const local = at.toPlainDate();
    // The transition's own date, and the one before (its 24:00 is this midnight).
    for (const d of [local, local.subtract({ days: 1 })]) {
      if (Temporal.PlainDate.compare(d, from) >= 0 && Temporal.PlainDate.compare(d, to) <= 0) dates.add(d.toString());
    }
  }
  return dates;
}

/** Seconds of [startMs, endMs) inside the schedule's open intervals; 0 for empty or reversed spans. */
export function businessSeconds(startMs: number, endMs: number, schedule: BusinessHours): number {
  if (!(endMs > startMs)) return 0;
  const tz = schedule.timeZone;
  const first = Temporal.Instant.fromEpochMilliseconds(startMs).toZonedDateTimeISO(tz).toPlainDate();
  const last = Temporal.Instant.fromEpochMilliseconds(endMs).toZonedDateTimeISO(tz).toPlainDate();
  // The day before `first` ends at or before its midnight ≤ start: nothing of it is in the span.
  let ms = clippedLength(first, schedule, startMs, endMs);
  if (Temporal.PlainDate.compare(first, last) === 0) return ms / 1000;
  ms += clippedLength(last, schedule, startMs, endMs);

  const from = first.add({ days: 1 });
  const to = last.subtract({ days: 1 });
  const days = from.until(last, { largestUnit: 'days' }).days; // dates in [from, to]
  if (days <= 0) return ms / 1000;
  const week = nominalWeek(schedule);
  const weekTotal = week.reduce((a, b) => a + b, 0);
  ms += Math.floor(days / 7) * weekTotal;
  for (let i = 0, d = from.dayOfWeek - 1; i < days % 7; i++, d = (d + 1) % 7) ms += week[d];

  // Correct the few dates that are not nominal: holidays and offset changes.
  const special = transitionDates(from, to, tz);
  const lo = from.toString();
  const hi = to.toString();
  for (const h of schedule.holidays) if (h >= lo && h <= hi) special.add(h);
  for (const text of special) {
    const date = Temporal.PlainDate.from(text);
    const exact = clippedLength(date, schedule, -Infinity, Infinity);
    ms += exact - week[date.dayOfWeek - 1];
  }
  return ms / 1000;
}
