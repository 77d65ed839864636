import { type BusinessHours, BusinessHoursRequestSchema } from '@parley/shared';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { businessSeconds, openInstants } from './business-hours.calculations.js';

const schedule = (body: Record<string, unknown>): BusinessHours => BusinessHoursRequestSchema.parse(body);
const z = (iso: string) => Date.parse(iso); // instants written in UTC
const H = 3600;

describe('businessSeconds: Europe/Berlin DST nights of 2026', () => {
  // 29 March 2026 (Sunday): 02:00 CET (+01:00) jumps to 03:00 CEST (+02:00) at 01:00Z.
  // 25 October 2026 (Sunday): 03:00 CEST (+02:00) falls back to 02:00 CET (+01:00) at 01:00Z.
  const berlin = (sun: [string, string][]) => schedule({ timeZone: 'Europe/Berlin', sun });
  const march29 = [z('2026-03-28T23:00Z'), z('2026-03-29T22:00Z')] as const; // local midnight to midnight
  const october25 = [z('2026-10-24T22:00Z'), z('2026-10-25T23:00Z')] as const;

  it('01:00–04:00 lasts 2 real hours on the spring night and 4 on the autumn night', () => {
    // 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z → 2 h.
    expect(businessSeconds(...march29, berlin([['01:00', '04:00']]))).toBe(2 * H);
    // 01:00 CEST = 23:00Z (24 Oct), 04:00 CET = 03:00Z → 4 h.
    expect(businessSeconds(...october25, berlin([['01:00', '04:00']]))).toBe(4 * H);
  });
  it('a wall time in the spring gap means the first instant after it (03:00 CEST = 01:00Z)', () => {
    // 02:30 → 01:00Z; 04:00 CEST = 02:00Z → 1 h.
    expect(businessSeconds(...march29, berlin([['02:30', '04:00']]))).toBe(1 * H);
    // 01:00 CET = 00:00Z; 02:30 → 01:00Z → 1 h.
    expect(businessSeconds(...march29, berlin([['01:00', '02:30']]))).toBe(1 * H);
    // Both ends in the gap → both 01:00Z → nothing.
    expect(businessSeconds(...march29, berlin([['02:00', '02:59']]))).toBe(0);
    const [s, e] = openInstants(Temporal.PlainDate.from('2026-03-29'), berlin([['02:15', '03:00']]))[0];
    expect([s, e]).toEqual([z('2026-03-29T01:00Z'), z('2026-03-29T01:00Z')]);
  });
  it('a repeated wall time means its first occurrence (CEST)', () => {
    // 02:30 CEST = 00:30Z; 03:00 exists once, CET = 02:00Z → 1.5 h.
    expect(businessSeconds(...october25, berlin([['02:30', '03:00']]))).toBe(1.5 * H);
    // 01:00 CEST = 23:00Z; 02:30 first occurrence = 00:30Z → 1.5 h (the second 02:00–02:30 is closed).
    expect(businessSeconds(...october25, berlin([['01:00', '02:30']]))).toBe(1.5 * H);
    // 02:00 CEST = 00:00Z; 03:00 CET = 02:00Z → both passes of the repeated hour: 2 h.
    expect(businessSeconds(...october25, berlin([['02:00', '03:00']]))).toBe(2 * H);
  });
  it('clips the autumn interval to a span starting and ending inside it', () => {
    // Open 23:00Z–03:00Z; span 01:30Z–05:00Z → 01:30Z–03:00Z = 1.5 h.
    expect(businessSeconds(z('2026-10-25T01:30Z'), z('2026-10-25T05:00Z'), berlin([['01:00', '04:00']]))).toBe(1.5 * H);
  });
  it('24:00 is the next local midnight, also on a DST day', () => {
    // 25 Oct: 20:00 CET = 19:00Z to midnight 26 Oct CET = 23:00Z → 4 h.
    expect(businessSeconds(...october25, berlin([['20:00', '24:00']]))).toBe(4 * H);
    // 29 Mar: 00:00 CET = 28 Mar 23:00Z to 24:00 = 22:00Z → the whole 23-hour day.
    expect(businessSeconds(...march29, berlin([['00:00', '24:00']]))).toBe(23 * H);
    expect(businessSeconds(...october25, berlin([['00:00', '24:00']]))).toBe(25 * H);
  });
  it('a week spanning a DST night: nominal week ± the hour lost or gained', () => {
    const allWeek = schedule({ timeZone: 'Europe/Berlin', ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])) });
    // Mon 23 Mar 00:00 CET (22 Mar 23:00Z) to Mon 30 Mar 00:00 CEST (29 Mar 22:00Z): 7 × 24 h − 1 h.
    expect(businessSeconds(z('2026-03-22T23:00Z'), z('2026-03-29T22:00Z'), allWeek)).toBe(167 * H);
    expect(businessSeconds(z('2026-10-18T22:00Z'), z('2026-10-25T23:00Z'), allWeek)).toBe(169 * H);
  });
});

describe('businessSeconds: ordinary weeks, holidays, edges', () => {
  // Mon–Fri 09:00–17:30 (8.5 h), Sat 10:00–14:00 (4 h): a week is 46.5 h. June 2026 has no DST change.
  const office = schedule({
    timeZone: 'Europe/Berlin',
    ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:30']]])),
    sat: [['10:00', '14:00']],
  });
  const week = 46.5 * H;

  it('a whole week is the sum of its intervals; five weeks from any instant five times that', () => {
    // Mon 1 June 2026 00:00 CEST = 31 May 22:00Z to Mon 8 June 00:00 CEST.
    expect(businessSeconds(z('2026-05-31T22:00Z'), z('2026-06-07T22:00Z'), office)).toBe(week);
    expect(businessSeconds(z('2026-06-03T11:17Z'), z('2026-07-08T11:17Z'), office)).toBe(5 * week);
  });
  it('a holiday closes its whole local date', () => {
    // Wed 3 June closed: 46.5 − 8.5 = 38 h.
    const withHoliday = { ...office, holidays: ['2026-06-03'] };
    expect(businessSeconds(z('2026-05-31T22:00Z'), z('2026-06-07T22:00Z'), withHoliday)).toBe(38 * H);
    // A span inside the holiday's open hours counts nothing.
    expect(businessSeconds(z('2026-06-03T08:00Z'), z('2026-06-03T12:00Z'), withHoliday)).toBe(0);
  });
  it('spans starting or ending inside and outside an interval', () => {
    // Mon 1 June: open 07:00Z–15:30Z.
    expect(businessSeconds(z('2026-06-01T10:00Z'), z('2026-06-01T20:00Z'), office)).toBe(5.5 * H); // starts inside
    expect(businessSeconds(z('2026-06-01T05:00Z'), z('2026-06-01T08:00Z'), office)).toBe(1 * H); // ends inside
    expect(businessSeconds(z('2026-06-01T08:00Z'), z('2026-06-01T09:00Z'), office)).toBe(1 * H); // both inside
    expect(businessSeconds(z('2026-06-01T16:00Z'), z('2026-06-02T06:59Z'), office)).toBe(0); // the night: crosses nothing
  });
  it('an overnight closure and a weekend: Friday 17:00 to Monday 10:00 local', () => {
    // Fri 5 June 17:00 CEST (15:00Z) → 0.5 h Friday, Sat 4 h, Sun 0, Mon 09:00–10:00 → 1 h.
    expect(businessSeconds(z('2026-06-05T15:00Z'), z('2026-06-08T08:00Z'), office)).toBe(5.5 * H);
  });
  it('zero-length and reversed spans are 0; an empty schedule is 0', () => {
    expect(businessSeconds(z('2026-06-01T10:00Z'), z('2026-06-01T10:00Z'), office)).toBe(0);
    expect(businessSeconds(z('2026-06-01T12:00Z'), z('2026-06-01T10:00Z'), office)).toBe(0);
    expect(businessSeconds(z('2026-01-01T00:00Z'), z('2027-01-01T00:00Z'), schedule({ timeZone: 'UTC' }))).toBe(0);
  });
  it('is fast over long spans (a year of office weeks, no minute loop)', () => {
    const t = performance.now();
    // 2026-01-05 is a Monday; 52 weeks later is 2027-01-04. Both DST changes fall on Sundays (closed).
    expect(businessSeconds(z('2026-01-04T23:00Z'), z('2027-01-03T23:00Z'), office)).toBe(52 * week);
    expect(performance.now() - t).toBeLessThan(200);
  });
});

describe('businessSeconds: other zones', () => {
  it('America/New_York: 8 Mar 2026 has 23 hours, 1 Nov 2026 has 25', () => {
    const ny = schedule({ timeZone: 'America/New_York', sun: [['00:00', '24:00']] });
    // 8 Mar: 00:00 EST = 05:00Z to 9 Mar 00:00 EDT = 04:00Z.
    expect(businessSeconds(z('2026-03-08T00:00Z'), z('2026-03-10T00:00Z'), ny)).toBe(23 * H);
    // 1 Nov: 00:00 EDT = 04:00Z to 2 Nov 00:00 EST = 05:00Z.
    expect(businessSeconds(z('2026-11-01T00:00Z'), z('2026-11-03T00:00Z'), ny)).toBe(25 * H);
  });
  it('Australia/Lord_Howe: a 30-minute DST change', () => {
    const lh = (sun: [string, string][]) => schedule({ timeZone: 'Australia/Lord_Howe', sun });
    // 5 Apr 2026: 02:00 (+11:00) falls back to 01:30 (+10:30) → a 24.5-hour day.
    expect(businessSeconds(z('2026-04-04T00:00Z'), z('2026-04-06T00:00Z'), lh([['00:00', '24:00']]))).toBe(24.5 * H);
    // 4 Oct 2026: 02:00 (+10:30) jumps to 02:30 (+11:00) → 23.5 h; 01:00–04:00 lasts 2.5 h;
    // 02:00–02:15 lies in the gap → 0.
    expect(businessSeconds(z('2026-10-03T00:00Z'), z('2026-10-05T00:00Z'), lh([['00:00', '24:00']]))).toBe(23.5 * H);
    expect(businessSeconds(z('2026-10-03T00:00Z'), z('2026-10-05T00:00Z'), lh([['01:00', '04:00']]))).toBe(2.5 * H);
    expect(businessSeconds(z('2026-10-03T00:00Z'), z('2026-10-05T00:00Z'), lh([['02:00', '02:15']]))).toBe(0);
  });
  it('America/Santiago: a midnight the clocks skip, inside a span of several dates, is the first instant after the gap', () => {
    // 2026-09-06 starts at 01:00 (-03) = 04:00Z: 00:00 and 00:15 both mean that instant, so a
    // Sunday 00:00–00:15 interval is empty that day. The span runs Sat 23:59 (-04) to Mon 00:00 (-03).
    const santiago = schedule({ timeZone: 'America/Santiago', sun: [['00:00', '00:15']] });
    expect(businessSeconds(z('2026-09-06T03:59Z'), z('2026-09-07T03:00Z'), santiago)).toBe(0);
    // A week later the same Sunday interval lasts its 15 minutes.
    expect(businessSeconds(z('2026-09-13T02:59Z'), z('2026-09-14T03:00Z'), santiago)).toBe(900);
  });

  it('Asia/Kolkata (+05:30, no DST)', () => {
    const kol = schedule({ timeZone: 'Asia/Kolkata', mon: [['09:00', '17:00']] });
    // Mon 1 June: 09:00 IST = 03:30Z to 17:00 IST = 11:30Z.
    expect(businessSeconds(z('2026-06-01T00:00Z'), z('2026-06-02T00:00Z'), kol)).toBe(8 * H);
    expect(businessSeconds(z('2026-06-01T05:00Z'), z('2026-06-02T00:00Z'), kol)).toBe(6.5 * H);
  });
});

describe('businessSeconds against a minute-by-minute reference', () => {
  const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const hhmm = (q: number) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
  // A day: an even number of distinct quarter-hour cut points in 0..96 paired into intervals.
  const day = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const out: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hhmm(sorted[i]), sorted[i + 1] === 96 ? '24:00' : hhmm(sorted[i + 1])]);
    return out;
  });
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'];
  // Spans near each zone's 2026 changes, so most runs cross a DST night.
  const anchors = [z('2026-03-29T01:00Z'), z('2026-10-25T01:00Z'), z('2026-03-08T07:00Z'), z('2026-11-01T06:00Z'), z('2026-04-04T15:00Z'), z('2026-10-03T15:30Z'), z('2026-04-05T03:00Z'), z('2026-09-06T04:00Z')];

  /** Counts minute by minute which instants lie in a resolved open interval of their date or the day before. */
  function reference(startMs: number, endMs: number, s: BusinessHours): number {
    if (endMs <= startMs) return 0;
    const first = Temporal.Instant.fromEpochMilliseconds(startMs).toZonedDateTimeISO(s.timeZone).toPlainDate().subtract({ days: 1 });
    const last = Temporal.Instant.fromEpochMilliseconds(endMs).toZonedDateTimeISO(s.timeZone).toPlainDate();
    const open: [number, number][] = [];
    for (let d = first; Temporal.PlainDate.compare(d, last) <= 0; d = d.add({ days: 1 })) open.push(...openInstants(d, s));
    let minutes = 0;
    for (let t = startMs; t < endMs; t += 60_000) if (open.some(([a, b]) => a <= t && t < b)) minutes++;
    return minutes * 60;
  }

  it('agrees on random schedules, holidays and spans in zones with DST', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.tuple(day, day, day, day, day, day, day),
        fc.constantFrom(...anchors),
        fc.integer({ min: -12 * 24 * 60, max: 2 * 24 * 60 }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.uniqueArray(fc.integer({ min: -12, max: 20 }), { maxLength: 3 }),
        (timeZone, days, anchor, offsetMin, lengthMin, holidayOffsets) => {
          const start = anchor + offsetMin * 60_000;
          const holidays = holidayOffsets.map((n) => Temporal.Instant.fromEpochMilliseconds(anchor).toZonedDateTimeISO(timeZone).toPlainDate().add({ days: n }).toString());
          const s = schedule({ timeZone, ...Object.fromEntries(DAYS.map((d, i) => [d, days[i]])), holidays });
          expect(businessSeconds(start, start + lengthMin * 60_000, s)).toBe(reference(start, start + lengthMin * 60_000, s));
        },
      ),
      { numRuns: 150 },
    );
  });
});
