/**
 * Periods and calendar buckets (metrics.md, "Period, buckets, time zone"; metrics-decisions.md,
 * "Requests"). Every expected instant is written by hand with Date.UTC (months are 0-based there:
 * 9 = October), with the local time it stands for in a comment.
 *
 * The daylight-saving changes used (2026):
 * - Europe/Berlin: spring forward Sun 2026-03-29 02:00 CET → 03:00 CEST (01:00Z);
 *                  fall back     Sun 2026-10-25 03:00 CEST → 02:00 CET (01:00Z).
 * - America/New_York: spring forward Sun 2026-03-08 02:00 EST → 03:00 EDT (07:00Z);
 *                     fall back     Sun 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
 */
import { Temporal } from 'temporal-polyfill';
import { type Bucket, boundInRange, bucketStartMs, bucketsOf, formatLocal, formatLocalMicros, liveWindows, onWholeHours, parseBound } from './period.calculations.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

/** Bucket lengths in hours (the last one up to the next bucket's start). */
const lengthsInHours = (buckets: Bucket[]) => buckets.slice(1).map((b, i) => (b.startMs - buckets[i].startMs) / HOUR);
const labels = (buckets: Bucket[]) => buckets.map((b) => b.label);

describe('bucketsOf: day buckets across daylight-saving changes', () => {
  it('Europe/Berlin fall back (2026-10-25): a 25-hour day, the offset changes at the next label', () => {
    // [2026-10-24 00:00+02:00, 2026-10-27 00:00+01:00)
    const from = Date.UTC(2026, 9, 23, 22); // 2026-10-24T00:00+02:00
    const to = Date.UTC(2026, 9, 26, 23); // 2026-10-27T00:00+01:00
    expect(bucketsOf(from, to, 'day', BERLIN)).toEqual([
      { startMs: Date.UTC(2026, 9, 23, 22), label: '2026-10-24T00:00:00+02:00' },
      { startMs: Date.UTC(2026, 9, 24, 22), label: '2026-10-25T00:00:00+02:00' },
      { startMs: Date.UTC(2026, 9, 25, 23), label: '2026-10-26T00:00:00+01:00' },
    ]);
    // 10-24 is 24 h; 10-25 runs 22:00Z → 23:00Z next day = 25 h.
    expect(lengthsInHours(bucketsOf(from, to, 'day', BERLIN))).toEqual([24, 25]);
  });

  it('Europe/Berlin spring forward (2026-03-29): a 23-hour day', () => {
    const from = Date.UTC(2026, 2, 27, 23); // 2026-03-28T00:00+01:00
    const to = Date.UTC(2026, 2, 30, 22); // 2026-03-31T00:00+02:00
    const buckets = bucketsOf(from, to, 'day', BERLIN);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 2, 27, 23), label: '2026-03-28T00:00:00+01:00' },
      { startMs: Date.UTC(2026, 2, 28, 23), label: '2026-03-29T00:00:00+01:00' },
      { startMs: Date.UTC(2026, 2, 29, 22), label: '2026-03-30T00:00:00+02:00' },
    ]);
    // 03-29 runs 23:00Z → 22:00Z next day = 23 h.
    expect(lengthsInHours(buckets)).toEqual([24, 23]);
  });

  it('America/New_York spring forward (2026-03-08): a 23-hour day', () => {
    const from = Date.UTC(2026, 2, 7, 5); // 2026-03-07T00:00-05:00
    const to = Date.UTC(2026, 2, 10, 4); // 2026-03-10T00:00-04:00
    const buckets = bucketsOf(from, to, 'day', NEW_YORK);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 2, 7, 5), label: '2026-03-07T00:00:00-05:00' },
      { startMs: Date.UTC(2026, 2, 8, 5), label: '2026-03-08T00:00:00-05:00' },
      { startMs: Date.UTC(2026, 2, 9, 4), label: '2026-03-09T00:00:00-04:00' },
    ]);
    // 03-08 runs 05:00Z → 04:00Z next day = 23 h.
    expect(lengthsInHours(buckets)).toEqual([24, 23]);
  });

  it('America/New_York fall back (2026-11-01): a 25-hour day', () => {
    const from = Date.UTC(2026, 9, 31, 4); // 2026-10-31T00:00-04:00
    const to = Date.UTC(2026, 10, 3, 5); // 2026-11-03T00:00-05:00
    const buckets = bucketsOf(from, to, 'day', NEW_YORK);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 9, 31, 4), label: '2026-10-31T00:00:00-04:00' },
      { startMs: Date.UTC(2026, 10, 1, 4), label: '2026-11-01T00:00:00-04:00' },
      { startMs: Date.UTC(2026, 10, 2, 5), label: '2026-11-02T00:00:00-05:00' },
    ]);
    // 11-01 runs 04:00Z → 05:00Z next day = 25 h.
    expect(lengthsInHours(buckets)).toEqual([24, 25]);
  });

  it('UTC days are labelled +00:00', () => {
    const from = Date.UTC(2026, 10, 1); // 2026-11-01T00:00Z
    const to = Date.UTC(2026, 10, 3); // 2026-11-03T00:00Z
    expect(bucketsOf(from, to, 'day', 'UTC')).toEqual([
      { startMs: Date.UTC(2026, 10, 1), label: '2026-11-01T00:00:00+00:00' },
      { startMs: Date.UTC(2026, 10, 2), label: '2026-11-02T00:00:00+00:00' },
    ]);
  });

  it('a partial day at either end is named by its calendar start', () => {
    // from 2026-11-01T10:00Z (inside 11-01), to 2026-11-03T00:00:01Z (one second into 11-03).
    const buckets = bucketsOf(Date.UTC(2026, 10, 1, 10), Date.UTC(2026, 10, 3, 0, 0, 1), 'day', 'UTC');
    expect(labels(buckets)).toEqual(['2026-11-01T00:00:00+00:00', '2026-11-02T00:00:00+00:00', '2026-11-03T00:00:00+00:00']);
    expect(buckets[0].startMs).toBe(Date.UTC(2026, 10, 1)); // before `from`
  });

  it('a bucket that starts exactly at `to` is not listed (to is exclusive)', () => {
    const buckets = bucketsOf(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 2), 'day', 'UTC');
    expect(labels(buckets)).toEqual(['2026-11-01T00:00:00+00:00']);
  });

  it('a period of 30 whole days has 30 day buckets, a day off the hour grid 31', () => {
    expect(bucketsOf(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 1) + 30 * DAY, 'day', 'UTC')).toHaveLength(30);
    // [11-01T12:00Z, 12-01T12:00Z): partial 11-01, 11-02 … 11-30, partial 12-01 = 31 buckets.
    expect(bucketsOf(Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 10, 1, 12) + 30 * DAY, 'day', 'UTC')).toHaveLength(31);
  });

  it('Asia/Kolkata (+05:30) days start at 18:30Z', () => {
    const buckets = bucketsOf(Date.UTC(2026, 10, 19, 18, 30), Date.UTC(2026, 10, 21, 18, 30), 'day', 'Asia/Kolkata');
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 10, 19, 18, 30), label: '2026-11-20T00:00:00+05:30' },
      { startMs: Date.UTC(2026, 10, 20, 18, 30), label: '2026-11-21T00:00:00+05:30' },
    ]);
  });

  it('a day that starts in a DST gap (America/Santiago 2026-09-06, 00:00 → 01:00) starts at its first instant', () => {
    // 2026-09-05T00:00-04:00 = 04:00Z; 2026-09-06 has no 00:00, first instant 01:00-03:00 = 04:00Z.
    const buckets = bucketsOf(Date.UTC(2026, 8, 5, 4), Date.UTC(2026, 8, 7, 3), 'day', 'America/Santiago');
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 8, 5, 4), label: '2026-09-05T00:00:00-04:00' },
      { startMs: Date.UTC(2026, 8, 6, 4), label: '2026-09-06T01:00:00-03:00' },
    ]);
  });
});

describe('bucketsOf: hour buckets are real hours', () => {
  it('Europe/Berlin fall-back night: two 02:00 buckets, +02:00 then +01:00', () => {
    // [2026-10-25T00:00+02:00 (22:00Z on the 24th), 2026-10-25T05:00+01:00 (04:00Z)) = 6 real hours.
    const buckets = bucketsOf(Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 4), 'hour', BERLIN);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 9, 24, 22), label: '2026-10-25T00:00:00+02:00' },
      { startMs: Date.UTC(2026, 9, 24, 23), label: '2026-10-25T01:00:00+02:00' },
      { startMs: Date.UTC(2026, 9, 25, 0), label: '2026-10-25T02:00:00+02:00' },
      { startMs: Date.UTC(2026, 9, 25, 1), label: '2026-10-25T02:00:00+01:00' },
      { startMs: Date.UTC(2026, 9, 25, 2), label: '2026-10-25T03:00:00+01:00' },
      { startMs: Date.UTC(2026, 9, 25, 3), label: '2026-10-25T04:00:00+01:00' },
    ]);
  });

  it('Europe/Berlin spring-forward night: no 02:00 bucket', () => {
    // [2026-03-29T00:00+01:00 (23:00Z on the 28th), 2026-03-29T04:00+02:00 (02:00Z)) = 3 real hours.
    const buckets = bucketsOf(Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 2), 'hour', BERLIN);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 2, 28, 23), label: '2026-03-29T00:00:00+01:00' },
      { startMs: Date.UTC(2026, 2, 29, 0), label: '2026-03-29T01:00:00+01:00' },
      { startMs: Date.UTC(2026, 2, 29, 1), label: '2026-03-29T03:00:00+02:00' },
    ]);
  });

  it('America/New_York fall-back night: two 01:00 buckets', () => {
    // [2026-11-01T00:00-04:00 (04:00Z), 2026-11-01T03:00-05:00 (08:00Z)) = 4 real hours.
    expect(labels(bucketsOf(Date.UTC(2026, 10, 1, 4), Date.UTC(2026, 10, 1, 8), 'hour', NEW_YORK))).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
    ]);
  });

  it('a full fall-back day in Berlin has 25 hour buckets, a spring-forward day 23', () => {
    expect(bucketsOf(Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23), 'hour', BERLIN)).toHaveLength(25);
    expect(bucketsOf(Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22), 'hour', BERLIN)).toHaveLength(23);
  });

  it('a `from` inside the second 02:00 hour starts at that hour, not the first', () => {
    // 01:30Z on 2026-10-25 = 02:30+01:00 (the second 02:00 hour starts at 01:00Z).
    const buckets = bucketsOf(Date.UTC(2026, 9, 25, 1, 30), Date.UTC(2026, 9, 25, 2, 30), 'hour', BERLIN);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 9, 25, 1), label: '2026-10-25T02:00:00+01:00' },
      { startMs: Date.UTC(2026, 9, 25, 2), label: '2026-10-25T03:00:00+01:00' },
    ]);
  });

  it('Asia/Kolkata (+05:30) hour buckets start at :30 UTC', () => {
    // from 2026-11-20T10:15+05:30 = 04:45Z → the bucket 10:00+05:30 = 04:30Z; to 12:00+05:30 = 06:30Z.
    expect(bucketsOf(Date.UTC(2026, 10, 20, 4, 45), Date.UTC(2026, 10, 20, 6, 30), 'hour', 'Asia/Kolkata')).toEqual([
      { startMs: Date.UTC(2026, 10, 20, 4, 30), label: '2026-11-20T10:00:00+05:30' },
      { startMs: Date.UTC(2026, 10, 20, 5, 30), label: '2026-11-20T11:00:00+05:30' },
    ]);
  });

  it('America/St_Johns (−03:30 / −02:30) fall back 2026-11-01 02:00 NDT → 01:00 NST: two 01:00 buckets at :30 UTC', () => {
    // [2026-11-01T00:00-02:30 (02:30Z), 2026-11-01T03:00-03:30 (06:30Z)) = 4 real hours.
    expect(bucketsOf(Date.UTC(2026, 10, 1, 2, 30), Date.UTC(2026, 10, 1, 6, 30), 'hour', 'America/St_Johns')).toEqual([
      { startMs: Date.UTC(2026, 10, 1, 2, 30), label: '2026-11-01T00:00:00-02:30' },
      { startMs: Date.UTC(2026, 10, 1, 3, 30), label: '2026-11-01T01:00:00-02:30' },
      { startMs: Date.UTC(2026, 10, 1, 4, 30), label: '2026-11-01T01:00:00-03:30' },
      { startMs: Date.UTC(2026, 10, 1, 5, 30), label: '2026-11-01T02:00:00-03:30' },
    ]);
  });

  it('UTC hours: partial last hour listed', () => {
    expect(labels(bucketsOf(Date.UTC(2026, 10, 1, 22), Date.UTC(2026, 10, 2, 0, 1), 'hour', 'UTC'))).toEqual([
      '2026-11-01T22:00:00+00:00',
      '2026-11-01T23:00:00+00:00',
      '2026-11-02T00:00:00+00:00',
    ]);
  });
});

describe('bucketsOf: week buckets start Monday', () => {
  it('a mid-week `from` gives a first bucket starting the Monday before, named by its calendar start', () => {
    // from Wed 2026-10-21T12:00+02:00 (10:00Z); to Tue 2026-11-03T00:00+01:00 (2026-11-02T23:00Z).
    const buckets = bucketsOf(Date.UTC(2026, 9, 21, 10), Date.UTC(2026, 10, 2, 23), 'week', BERLIN);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 9, 18, 22), label: '2026-10-19T00:00:00+02:00' }, // Mon 10-19, CEST
      { startMs: Date.UTC(2026, 9, 25, 23), label: '2026-10-26T00:00:00+01:00' }, // Mon 10-26, CET
      { startMs: Date.UTC(2026, 10, 1, 23), label: '2026-11-02T00:00:00+01:00' }, // Mon 11-02, partial
    ]);
    // The week of the fall-back Sunday is 7 × 24 + 1 = 169 h.
    expect(lengthsInHours(buckets)).toEqual([169, 168]);
  });

  it('a Sunday belongs to the week of the Monday before; a Monday midnight starts its own week', () => {
    // Sun 2026-11-01T12:00Z → week of Mon 2026-10-26.
    expect(labels(bucketsOf(Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 10, 1, 13), 'week', 'UTC'))).toEqual(['2026-10-26T00:00:00+00:00']);
    // Mon 2026-11-02T00:00Z exactly.
    expect(labels(bucketsOf(Date.UTC(2026, 10, 2), Date.UTC(2026, 10, 16), 'week', 'UTC'))).toEqual([
      '2026-11-02T00:00:00+00:00',
      '2026-11-09T00:00:00+00:00',
    ]);
  });

  it('the spring-forward week in New York is 167 hours', () => {
    // Mon 2026-03-02T00:00-05:00 (05:00Z) … Mon 2026-03-09T00:00-04:00 (04:00Z).
    const buckets = bucketsOf(Date.UTC(2026, 2, 2, 5), Date.UTC(2026, 2, 9, 5), 'week', NEW_YORK);
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 2, 2, 5), label: '2026-03-02T00:00:00-05:00' },
      { startMs: Date.UTC(2026, 2, 9, 4), label: '2026-03-09T00:00:00-04:00' },
    ]);
    expect(lengthsInHours(buckets)).toEqual([167]);
  });
});

describe('bucketsOf: month buckets', () => {
  it('Jan 31 → Feb → Mar (no day-of-month overflow)', () => {
    // from 2026-01-31T12:00Z, to 2026-03-15T00:00Z.
    const buckets = bucketsOf(Date.UTC(2026, 0, 31, 12), Date.UTC(2026, 2, 15), 'month', 'UTC');
    expect(buckets).toEqual([
      { startMs: Date.UTC(2026, 0, 1), label: '2026-01-01T00:00:00+00:00' },
      { startMs: Date.UTC(2026, 1, 1), label: '2026-02-01T00:00:00+00:00' },
      { startMs: Date.UTC(2026, 2, 1), label: '2026-03-01T00:00:00+00:00' },
    ]);
    // January 31 days, February 2026 28 days.
    expect(lengthsInHours(buckets)).toEqual([31 * 24, 28 * 24]);
  });

  it('leap year: February 2028 has 29 days; day buckets list 2028-02-29', () => {
    const months = bucketsOf(Date.UTC(2028, 1, 1), Date.UTC(2028, 2, 2), 'month', 'UTC');
    expect(labels(months)).toEqual(['2028-02-01T00:00:00+00:00', '2028-03-01T00:00:00+00:00']);
    expect(lengthsInHours(months)).toEqual([29 * 24]);
    expect(labels(bucketsOf(Date.UTC(2028, 1, 28), Date.UTC(2028, 2, 2), 'day', 'UTC'))).toEqual([
      '2028-02-28T00:00:00+00:00',
      '2028-02-29T00:00:00+00:00',
      '2028-03-01T00:00:00+00:00',
    ]);
  });

  it('Europe/Berlin months across both changes carry their own offsets', () => {
    // from 2026-03-01T00:00+01:00 (2026-02-28T23:00Z) to 2026-12-01T00:00+01:00 (2026-11-30T23:00Z).
    const buckets = bucketsOf(Date.UTC(2026, 1, 28, 23), Date.UTC(2026, 10, 30, 23), 'month', BERLIN);
    expect(buckets[0]).toEqual({ startMs: Date.UTC(2026, 1, 28, 23), label: '2026-03-01T00:00:00+01:00' });
    expect(buckets[1]).toEqual({ startMs: Date.UTC(2026, 2, 31, 22), label: '2026-04-01T00:00:00+02:00' });
    expect(buckets[7]).toEqual({ startMs: Date.UTC(2026, 8, 30, 22), label: '2026-10-01T00:00:00+02:00' });
    expect(buckets[8]).toEqual({ startMs: Date.UTC(2026, 9, 31, 23), label: '2026-11-01T00:00:00+01:00' });
    expect(buckets).toHaveLength(9);
    // March: 31 × 24 − 1 = 743 h; October: 31 × 24 + 1 = 745 h.
    expect(lengthsInHours(buckets)[0]).toBe(743);
    expect(lengthsInHours(buckets)[7]).toBe(745);
  });

  it('a mid-month `from` gives the month it falls in; the partial last month is listed', () => {
    // 2026-10-31T23:30Z = 2026-11-01T00:30+01:00 in Berlin → the November bucket.
    expect(labels(bucketsOf(Date.UTC(2026, 9, 31, 23, 30), Date.UTC(2026, 11, 1), 'month', BERLIN))).toEqual([
      '2026-11-01T00:00:00+01:00',
      '2026-12-01T00:00:00+01:00', // starts 2026-11-30T23:00Z, before `to`
    ]);
  });
});

describe('parseBound', () => {
  it('a date alone is local midnight in tz', () => {
    expect(parseBound('2026-11-01', BERLIN)).toBe(Date.UTC(2026, 9, 31, 23)); // 00:00+01:00
    expect(parseBound('2026-10-25', BERLIN)).toBe(Date.UTC(2026, 9, 24, 22)); // 00:00+02:00
    expect(parseBound('2026-11-01', NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 4)); // 00:00-04:00
    expect(parseBound('2026-11-01', 'UTC')).toBe(Date.UTC(2026, 10, 1));
    expect(parseBound('2026-11-01', 'Asia/Kolkata')).toBe(Date.UTC(2026, 9, 31, 18, 30)); // 00:00+05:30
    expect(parseBound('2028-02-29', 'UTC')).toBe(Date.UTC(2028, 1, 29));
  });

  it('a date whose midnight is in a DST gap is the first instant of that day', () => {
    // America/Santiago 2026-09-06: 00:00-04:00 jumps to 01:00-03:00 = 04:00Z.
    expect(parseBound('2026-09-06', 'America/Santiago')).toBe(Date.UTC(2026, 8, 6, 4));
  });

  it('a local date-time without offset is wall time in tz', () => {
    expect(parseBound('2026-11-01T08:00', BERLIN)).toBe(Date.UTC(2026, 10, 1, 7)); // 08:00+01:00
    expect(parseBound('2026-11-01T08:00:30', BERLIN)).toBe(Date.UTC(2026, 10, 1, 7, 0, 30));
    expect(parseBound('2026-11-01T08:00:30.250', BERLIN)).toBe(Date.UTC(2026, 10, 1, 7, 0, 30, 250));
    expect(parseBound('2026-07-01T08:00', BERLIN)).toBe(Date.UTC(2026, 6, 1, 6)); // 08:00+02:00
    expect(parseBound('2026-11-01T08:00', NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 13)); // 08:00-05:00
  });

  it('a local time that exists twice or not at all is read like JavaScript Date (earlier / shifted forward)', () => {
    // Implementation choice (not fixed by the docs): 02:30 on the fall-back night is the first (+02:00) one.
    expect(parseBound('2026-10-25T02:30', BERLIN)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    // 02:30 on the spring-forward night does not exist: read as 03:30+02:00.
    expect(parseBound('2026-03-29T02:30', BERLIN)).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('a date-time with an offset or Z is that instant, whatever tz', () => {
    expect(parseBound('2026-11-01T08:00:00+01:00', NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 7));
    expect(parseBound('2026-11-01T08:00:00-05:00', BERLIN)).toBe(Date.UTC(2026, 10, 1, 13));
    expect(parseBound('2026-11-01T08:00:00Z', BERLIN)).toBe(Date.UTC(2026, 10, 1, 8));
    expect(parseBound('2026-11-01T08:00Z', BERLIN)).toBe(Date.UTC(2026, 10, 1, 8));
    expect(parseBound('2026-11-01T08:00:00.123Z', 'UTC')).toBe(Date.UTC(2026, 10, 1, 8, 0, 0, 123));
    expect(parseBound('2026-11-01T08:00:00+05:30', 'UTC')).toBe(Date.UTC(2026, 10, 1, 2, 30));
    expect(parseBound('2026-10-25T02:30:00+01:00', BERLIN)).toBe(Date.UTC(2026, 9, 25, 1, 30)); // the second 02:30
  });

  it.each([
    '2026-02-30',
    '2026-02-29', // 2026 is not a leap year
    '2026-13-01',
    '2026-00-10',
    '2026-11-31',
    '2026-11-01T24:30',
    '2026-11-01T08:61',
    '2026-02-30T08:00:00Z',
    '2026-02-30T08:00',
    '2026-11-01T08:00:00+25:00',
    'garbage',
    '',
    'yesterday',
    '1762000000000',
    '2026-11',
    '2026-11-01T',
    '2026-11-01Tnoon+01:00',
    '2026-11-01T08:00:00.1234567891Z', // 10 fractional digits
    '2026-11-01T08:00:00.1234567891', // and as wall time
    '+275760-09-13',
    '275760-09-13',
    '-000001-01-01',
    '+002026-11-01T00:00:00Z',
    '2026-11-01\u0000',
    '\u00002026-11-01',
  ])('%j is invalid (null)', (text) => {
    expect(parseBound(text, BERLIN)).toBeNull();
  });

  it.each(['2016-12-31T23:59:60Z', '2016-12-31T23:59:60', '2016-12-31T23:59:60.5+00:00', '2026-11-01t08:00:60z'])(
    'a leap second %j is invalid, not read as second 59',
    (text) => {
      expect(parseBound(text, 'UTC')).toBeNull();
    },
  );

  it('accepts 9 fractional digits (milliseconds kept)', () => {
    expect(parseBound('2026-11-01T08:00:00.123456789Z', 'UTC')).toBe(Date.UTC(2026, 10, 1, 8, 0, 0, 123));
  });
});

describe('boundInRange: 2000-01-01T00:00 to 9999-12-31T00:00 as wall time in tz', () => {
  it('takes both ends exactly, in any zone', () => {
    for (const tz of ['UTC', BERLIN, 'Pacific/Kiritimati', 'Etc/GMT+12']) {
      expect(boundInRange(parseBound('2000-01-01', tz)!, tz)).toBe(true);
      expect(boundInRange(parseBound('9999-12-31', tz)!, tz)).toBe(true);
    }
    // 2000-01-01T00:00+14:00 is 1999-12-31T10:00Z: the local date counts, not the UTC one.
    expect(parseBound('2000-01-01', 'Pacific/Kiritimati')).toBe(Date.UTC(1999, 11, 31, 10));
  });

  it('refuses one millisecond outside either end', () => {
    expect(boundInRange(Date.UTC(1999, 11, 31, 23, 59, 59, 999), 'UTC')).toBe(false);
    expect(boundInRange(Date.UTC(9999, 11, 31, 0, 0, 0, 1), 'UTC')).toBe(false);
    // Berlin is UTC+1 in winter: its 2000-01-01T00:00 is 1999-12-31T23:00Z.
    expect(boundInRange(Date.UTC(1999, 11, 31, 22, 59, 59, 999), BERLIN)).toBe(false);
    expect(boundInRange(Date.UTC(1999, 11, 31, 23), BERLIN)).toBe(true);
  });

  it.each([
    ['0001-01-01', 'UTC'],
    ['0000-01-01', 'UTC'],
    ['1999-12-31', 'UTC'],
    ['1970-01-01', BERLIN],
    ['9999-12-31T00:00:01', 'UTC'],
    ['9999-12-31T23:59:59', 'Etc/GMT+12'], // would be 10000-01-01T11:59:59Z
  ])('refuses %s in %s', (text, tz) => {
    const ms = parseBound(text, tz);
    expect(ms).not.toBeNull();
    expect(boundInRange(ms!, tz)).toBe(false);
  });

  it('keeps every accepted bound in four-digit UTC years (what Postgres reads back from an ISO string)', () => {
    // The zones with the largest offsets each way: +14:00 and -12:00.
    expect(new Date(parseBound('2000-01-01', 'Pacific/Kiritimati')!).toISOString()).toBe('1999-12-31T10:00:00.000Z');
    expect(new Date(parseBound('9999-12-31', 'Etc/GMT+12')!).toISOString()).toBe('9999-12-31T12:00:00.000Z');
  });
});

describe('formatLocalMicros', () => {
  const us = (ms: number, extra = 0) => BigInt(ms) * 1000n + BigInt(extra);
  it('as formatLocal for whole seconds and milliseconds', () => {
    expect(formatLocalMicros(us(Date.UTC(2026, 10, 1, 7)), BERLIN)).toBe('2026-11-01T08:00:00+01:00');
    expect(formatLocalMicros(us(Date.UTC(2026, 10, 1, 7, 0, 0, 120)), BERLIN)).toBe('2026-11-01T08:00:00.120+01:00');
    expect(formatLocalMicros(us(Date.UTC(2026, 10, 1)), 'UTC')).toBe('2026-11-01T00:00:00+00:00');
  });
  it('six digits when there are microseconds; before 1970 too', () => {
    expect(formatLocalMicros(us(Date.UTC(2026, 10, 4, 6), 250), BERLIN)).toBe('2026-11-04T07:00:00.000250+01:00');
    expect(formatLocalMicros(us(Date.UTC(2026, 10, 4, 6, 0, 0, 1), 1), 'Asia/Kolkata')).toBe('2026-11-04T11:30:00.001001+05:30');
    expect(formatLocalMicros(-1n, 'UTC')).toBe('1969-12-31T23:59:59.999999+00:00');
  });
});

describe('formatLocal', () => {
  it('gives local time with offset, seconds always', () => {
    expect(formatLocal(Date.UTC(2026, 10, 1, 7), BERLIN)).toBe('2026-11-01T08:00:00+01:00');
    expect(formatLocal(Date.UTC(2026, 6, 1, 6), BERLIN)).toBe('2026-07-01T08:00:00+02:00');
    expect(formatLocal(Date.UTC(2026, 10, 1, 7), NEW_YORK)).toBe('2026-11-01T02:00:00-05:00');
    expect(formatLocal(Date.UTC(2026, 10, 20, 4, 45), 'Asia/Kolkata')).toBe('2026-11-20T10:15:00+05:30');
  });

  it('UTC as +00:00', () => {
    expect(formatLocal(Date.UTC(2026, 10, 1), 'UTC')).toBe('2026-11-01T00:00:00+00:00');
  });

  it('milliseconds only when there are some', () => {
    expect(formatLocal(Date.UTC(2026, 10, 1, 7, 0, 0, 123), BERLIN)).toBe('2026-11-01T08:00:00.123+01:00');
    expect(formatLocal(Date.UTC(2026, 10, 1, 7, 0, 0, 5), BERLIN)).toBe('2026-11-01T08:00:00.005+01:00');
  });

  it('tells the two 02:30 of the fall-back night apart', () => {
    expect(formatLocal(Date.UTC(2026, 9, 25, 0, 30), BERLIN)).toBe('2026-10-25T02:30:00+02:00');
    expect(formatLocal(Date.UTC(2026, 9, 25, 1, 30), BERLIN)).toBe('2026-10-25T02:30:00+01:00');
  });

  it('round-trips with parseBound', () => {
    for (const ms of [Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 10, 1, 7, 0, 0, 123)])
      expect(parseBound(formatLocal(ms, BERLIN), 'UTC')).toBe(ms);
  });
});

describe('bucketStartMs', () => {
  it('hour: the real hour, also in the second 02:00 of a fall-back night', () => {
    expect(bucketStartMs(Date.UTC(2026, 9, 25, 0, 45), 'hour', BERLIN)).toBe(Date.UTC(2026, 9, 25, 0)); // 02:45+02:00 → 02:00+02:00
    expect(bucketStartMs(Date.UTC(2026, 9, 25, 1, 45), 'hour', BERLIN)).toBe(Date.UTC(2026, 9, 25, 1)); // 02:45+01:00 → 02:00+01:00
    expect(bucketStartMs(Date.UTC(2026, 10, 20, 5, 10), 'hour', 'Asia/Kolkata')).toBe(Date.UTC(2026, 10, 20, 4, 30)); // 10:40+05:30 → 10:00
  });

  it('day: local midnight', () => {
    // 2026-10-25T23:30Z = 2026-10-26T00:30+01:00 → 2026-10-26T00:00+01:00.
    expect(bucketStartMs(Date.UTC(2026, 9, 25, 23, 30), 'day', BERLIN)).toBe(Date.UTC(2026, 9, 25, 23));
    // 2026-10-25T22:30Z = 2026-10-25T23:30+01:00 → 2026-10-25T00:00+02:00 (the 25-hour day).
    expect(bucketStartMs(Date.UTC(2026, 9, 25, 22, 30), 'day', BERLIN)).toBe(Date.UTC(2026, 9, 24, 22));
    // 2026-11-01T03:00Z = 2026-10-31T23:00-04:00 in New York → 2026-10-31T00:00-04:00.
    expect(bucketStartMs(Date.UTC(2026, 10, 1, 3), 'day', NEW_YORK)).toBe(Date.UTC(2026, 9, 31, 4));
  });

  it('week: the Monday before (or the same Monday), across a DST change', () => {
    // Sun 2026-03-29T12:00Z (14:00+02:00) → Mon 2026-03-23T00:00+01:00 = 2026-03-22T23:00Z.
    expect(bucketStartMs(Date.UTC(2026, 2, 29, 12), 'week', BERLIN)).toBe(Date.UTC(2026, 2, 22, 23));
    // Sun 2026-11-01T10:00Z → Mon 2026-10-26T00:00+01:00 = 2026-10-25T23:00Z.
    expect(bucketStartMs(Date.UTC(2026, 10, 1, 10), 'week', BERLIN)).toBe(Date.UTC(2026, 9, 25, 23));
    // Mon 2026-10-26T00:00+01:00 itself.
    expect(bucketStartMs(Date.UTC(2026, 9, 25, 23), 'week', BERLIN)).toBe(Date.UTC(2026, 9, 25, 23));
  });

  it('month: the first of the local month', () => {
    // 2026-10-31T23:30Z = 2026-11-01T00:30+01:00 → 2026-11-01T00:00+01:00.
    expect(bucketStartMs(Date.UTC(2026, 9, 31, 23, 30), 'month', BERLIN)).toBe(Date.UTC(2026, 9, 31, 23));
    // 2026-10-31T22:30Z = 2026-10-31T23:30+01:00 → 2026-10-01T00:00+02:00.
    expect(bucketStartMs(Date.UTC(2026, 9, 31, 22, 30), 'month', BERLIN)).toBe(Date.UTC(2026, 8, 30, 22));
    expect(bucketStartMs(Date.UTC(2028, 1, 29, 23, 59), 'month', 'UTC')).toBe(Date.UTC(2028, 1, 1));
  });

  it('agrees with bucketsOf: every instant lies in the bucket bucketStartMs names', () => {
    for (const grain of ['hour', 'day', 'week', 'month'] as const) {
      const from = Date.UTC(2026, 9, 20);
      const to = Date.UTC(2026, 10, 5);
      const starts = bucketsOf(from, to, grain, BERLIN).map((b) => b.startMs);
      for (let ms = from; ms < to; ms += 37 * 60_000) {
        const s = bucketStartMs(ms, grain, BERLIN);
        expect(starts).toContain(s);
        const i = starts.indexOf(s);
        expect(ms).toBeGreaterThanOrEqual(s);
        if (i + 1 < starts.length) expect(ms).toBeLessThan(starts[i + 1]);
      }
    }
  });
});

describe('onWholeHours', () => {
  const ms = (iso: string) => Date.parse(iso);
  it('is true for dates as bounds in a whole-hour zone, day buckets across a DST change included', () => {
    const from = parseBound('2026-10-20', 'Europe/Berlin')!;
    const to = parseBound('2026-10-30', 'Europe/Berlin')!;
    expect(onWholeHours(from, to, bucketsOf(from, to, 'day', 'Europe/Berlin').map((b) => b.startMs))).toBe(true);
  });
  it('ignores a first bucket start before from, which the period cuts', () => {
    const from = ms('2026-10-21T05:00:00Z');
    const to = ms('2026-10-30T00:00:00Z');
    expect(bucketsOf(from, to, 'week', 'UTC')[0].startMs).toBeLessThan(from);
    expect(onWholeHours(from, to, bucketsOf(from, to, 'week', 'UTC').map((b) => b.startMs))).toBe(true);
  });
  it('is false when from or to is not on a whole hour', () => {
    expect(onWholeHours(ms('2026-10-21T05:15:00Z'), ms('2026-10-22T00:00:00Z'), [ms('2026-10-21T00:00:00Z')])).toBe(false);
    expect(onWholeHours(ms('2026-10-21T05:00:00Z'), ms('2026-10-22T00:00:00.001Z'), [ms('2026-10-21T00:00:00Z')])).toBe(false);
  });
  it('is false for a half-hour zone whose day buckets start at :30 UTC', () => {
    const from = ms('2026-10-20T00:00:00Z');
    const to = ms('2026-10-25T00:00:00Z');
    expect(onWholeHours(from, to, bucketsOf(from, to, 'day', 'Asia/Kolkata').map((b) => b.startMs))).toBe(false);
  });
});

describe('hour buckets (the fast path) equal one Temporal step per hour', () => {
  /** The general way: floor to the hour on the exact timeline, then add one hour at a time. */
  function slowHours(fromMs: number, toMs: number, tz: string): Bucket[] {
    const out: Bucket[] = [];
    let zdt = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(tz).round({ smallestUnit: 'hour', roundingMode: 'floor' });
    while (zdt.epochMilliseconds < toMs) {
      out.push({ startMs: zdt.epochMilliseconds, label: zdt.toString({ timeZoneName: 'never', smallestUnit: 'second' }) });
      zdt = zdt.add({ hours: 1 });
    }
    return out;
  }

  it.each([
    // Both 2026 changes in Berlin and New York, a 30-minute zone, a 45-minute zone, a zone whose DST
    // shift is 30 minutes, Chatham (+12:45/+13:45), UTC, and bounds that are not on the hour.
    ['Europe/Berlin', '2026-03-20T00:00:00Z', '2026-11-05T00:00:00Z'],
    ['America/New_York', '2026-03-01T05:00:00Z', '2026-11-08T05:00:00Z'],
    ['Asia/Kolkata', '2026-10-01T00:00:00Z', '2026-10-09T00:00:00Z'],
    ['Asia/Kathmandu', '2026-10-01T00:10:00Z', '2026-10-03T07:00:00Z'],
    ['Australia/Lord_Howe', '2026-03-30T00:00:00Z', '2026-04-12T00:00:00Z'],
    ['Australia/Lord_Howe', '2026-09-28T00:00:00Z', '2026-10-10T00:00:00Z'],
    ['Pacific/Chatham', '2026-04-01T00:00:00Z', '2026-04-10T00:00:00Z'],
    ['UTC', '2026-08-28T00:00:00Z', '2026-11-26T00:00:00Z'],
    ['Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T03:15:00Z'],
  ])('%s from %s to %s', (tz, from, to) => {
    const fast = bucketsOf(Date.parse(from), Date.parse(to), 'hour', tz);
    expect(fast.length).toBeGreaterThan(2);
    expect(fast).toEqual(slowHours(Date.parse(from), Date.parse(to), tz));
  });
});

describe('liveWindows (GET /live: today and the same hours a week before)', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const windows = (asOf: string, tz: string) => {
    const w = liveWindows(Date.parse(asOf), tz);
    return { today: [iso(w.today.fromMs), iso(w.today.toMs)], lastWeek: [iso(w.lastWeek.fromMs), iso(w.lastWeek.toMs)] };
  };

  it('is local midnight until now, and the same wall-clock hours 7 days earlier', () => {
    // Thursday 2026-11-12 14:30 in Berlin (UTC+1): from 00:00+01:00; a week before, also UTC+1.
    expect(windows('2026-11-12T13:30:00.250Z', 'Europe/Berlin')).toEqual({
      today: ['2026-11-11T23:00:00.000Z', '2026-11-12T13:30:00.250Z'],
      lastWeek: ['2026-11-04T23:00:00.000Z', '2026-11-05T13:30:00.250Z'],
    });
  });

  it('keeps wall-clock hours across a DST change: the week before was in summer time', () => {
    // Monday 2026-10-26 10:00 CET (UTC+1); a week before, Monday 2026-10-19 10:00 CEST (UTC+2).
    expect(windows('2026-10-26T09:00:00.000Z', 'Europe/Berlin')).toEqual({
      today: ['2026-10-25T23:00:00.000Z', '2026-10-26T09:00:00.000Z'],
      lastWeek: ['2026-10-18T22:00:00.000Z', '2026-10-19T08:00:00.000Z'],
    });
  });

  it('reads a skipped clock time a week before as the later one (America/New_York, 8 March 2026, 02:30)', () => {
    // Sunday 2026-03-15 02:30 EDT; on 2026-03-08 02:30 did not exist (02:00 → 03:00): 03:30 EDT.
    expect(windows('2026-03-15T06:30:00.000Z', 'America/New_York')).toEqual({
      today: ['2026-03-15T04:00:00.000Z', '2026-03-15T06:30:00.000Z'],
      lastWeek: ['2026-03-08T05:00:00.000Z', '2026-03-08T07:30:00.000Z'],
    });
  });

  it('is empty at local midnight', () => {
    expect(windows('2026-11-11T23:00:00.000Z', 'Europe/Berlin')).toEqual({
      today: ['2026-11-11T23:00:00.000Z', '2026-11-11T23:00:00.000Z'],
      lastWeek: ['2026-11-04T23:00:00.000Z', '2026-11-04T23:00:00.000Z'],
    });
  });
});
