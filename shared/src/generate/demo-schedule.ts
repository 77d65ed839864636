/**
 * The demo workspace's business-hours schedule (docs/api.md, "Business hours"): Monday to Thursday
 * 09:00–17:30, Friday 09:00–16:00, in the demo's zone, closed on weekends and on one holiday.
 *
 * The holiday is relative to the seed's end rather than taken from a public-holiday list, so it
 * always falls inside the seeded 90 days whenever the demo is seeded: the Monday 22–28 days before
 * the end's local date (a long weekend, 3–4 weeks back: old enough to sit in last month's figures,
 * recent enough to show in a 30-day range). The generator staffs that day like a Saturday.
 */
import type { BusinessHoursRequest } from '../business-hours.js';
import { DEMO_TIME_ZONE } from './demo-profile.js';
import { TimeZone } from './time-zone.js';

const DAY = 86_400_000;
const zone = new TimeZone(DEMO_TIME_ZONE);

/** The holiday as a local day number (days since 1970-01-01 in the demo's zone). */
export function demoHolidayDay(endMs: number): number {
  let day = zone.local(endMs).day - 22;
  // 1970-01-01 was a Thursday: weekday 1 = Monday … 7 = Sunday.
  while ((((day + 3) % 7) + 7) % 7 !== 0) day--;
  return day;
}

/** The demo workspace's schedule for a seed ending at `endMs` (a body PUT /settings/business-hours accepts). */
export function demoBusinessHours(endMs: number): BusinessHoursRequest {
  const weekday: [string, string][] = [['09:00', '17:30']];
  return {
    timeZone: DEMO_TIME_ZONE,
    mon: weekday,
    tue: weekday,
    wed: weekday,
    thu: weekday,
    fri: [['09:00', '16:00']],
    sat: [],
    sun: [],
    holidays: [new Date(demoHolidayDay(endMs) * DAY).toISOString().slice(0, 10)],
  };
}
