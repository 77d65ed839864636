import { describe, expect, it } from '@jest/globals';
import { formatZonedMinute, zonedTimeMs } from './dates';
import { bucketCoverage, bucketEndMs, comparisonLabel, coverageNote } from './periods';
import { DEFAULT_STATE, type DashboardState, previousPeriod, resolvePeriod, runningEnd } from './url-state';

// 2026-11-20 13:23:10 UTC, a Friday: 14:23:10 in Berlin.
const NOW = Date.UTC(2026, 10, 20, 13, 23, 10);
const plain = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, ' ');
const at = (state: Partial<DashboardState>, tz = 'Europe/Berlin', now = NOW) => resolvePeriod({ ...DEFAULT_STATE, ...state }, tz, now);

describe('dates with wall times', () => {
  it('formats an instant as a date-time with its offset in the zone', () => {
    expect(formatZonedMinute(Date.UTC(2026, 10, 20, 13, 24), 'Europe/Berlin')).toBe('2026-11-20T14:24:00+01:00');
    expect(formatZonedMinute(Date.UTC(2026, 6, 1, 3, 0), 'America/New_York')).toBe('2026-06-30T23:00:00-04:00');
    expect(formatZonedMinute(Date.UTC(2026, 10, 20, 13, 24), 'Asia/Kathmandu')).toBe('2026-11-20T19:09:00+05:45');
  });

  it('finds a wall time on a day, across a clock change', () => {
    expect(zonedTimeMs('2026-10-25', 14 * 60 + 24, 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 13, 24));
    expect(zonedTimeMs('2026-10-24', 14 * 60 + 24, 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 24, 12, 24));
  });
});

describe('running periods', () => {
  it('today is asked until now rounded up to the next minute, with its offset; the dates stay for display', () => {
    const p = at({ period: 'today' });
    expect([p.from, p.to, p.last]).toEqual(['2026-11-20', '2026-11-21', '2026-11-20']);
    expect(p.request).toEqual({ from: '2026-11-20', to: '2026-11-20T14:24:00+01:00' });
    expect(p).toMatchObject({ running: true, until: '14:24', endMs: Date.UTC(2026, 10, 20, 13, 24), startMs: Date.UTC(2026, 10, 19, 23) });
    // The same request all minute long (stable cache keys), the next one a minute later.
    expect(at({ period: 'today' }, 'Europe/Berlin', Date.UTC(2026, 10, 20, 13, 23, 59)).request).toEqual(p.request);
    expect(at({ period: 'today' }, 'Europe/Berlin', Date.UTC(2026, 10, 20, 13, 24)).request.to).toBe('2026-11-20T14:25:00+01:00');
  });

  it('today is compared with yesterday until the same time', () => {
    const p = at({ period: 'today' });
    expect(p.previous).toEqual({ from: '2026-11-19', to: '2026-11-19T14:24:00+01:00', first: '2026-11-19', last: '2026-11-19', until: '14:24' });
    expect(comparisonLabel(p, 'en-GB')).toBe('yesterday until 14:24');
    expect(plain(comparisonLabel(p, 'en-US'))).toBe('yesterday until 02:24 PM');
  });

  it('7, 30 and 90 days: the days before, cut at the same time of their last day', () => {
    const seven = at({ period: '7d' });
    expect(seven.request).toEqual({ from: '2026-11-14', to: '2026-11-20T14:24:00+01:00' });
    expect(seven.previous).toEqual({ from: '2026-11-07', to: '2026-11-13T14:24:00+01:00', first: '2026-11-07', last: '2026-11-13', until: '14:24' });
    expect(plain(comparisonLabel(seven, 'en-GB'))).toBe('7 – 13 Nov 2026 (the last day until 14:24)');
    expect(at({ period: '30d' }).previous).toMatchObject({ from: '2026-09-22', to: '2026-10-21T14:24:00+02:00' });
    expect(at({ period: '90d' }).previous).toMatchObject({ from: '2026-05-25', to: '2026-08-22T14:24:00+02:00' });
  });

  it('this month: last month from its first day, until the same day and time; a shorter month is taken whole', () => {
    expect(at({ period: 'month' }).previous).toEqual({ from: '2026-10-01', to: '2026-10-20T14:24:00+02:00', first: '2026-10-01', last: '2026-10-20', until: '14:24' });
    // 31 March: February has no 31st, so all of February, and never a day of March.
    const march = at({ period: 'month' }, 'UTC', Date.UTC(2026, 2, 31, 9, 0));
    expect(march.previous).toEqual({ from: '2026-02-01', to: '2026-03-01', first: '2026-02-01', last: '2026-02-28', until: null });
  });

  it('a custom range reaching today runs too; one in the past is asked whole and compared with as many days before', () => {
    const running = at({ period: 'custom', from: '2026-11-18', to: '2026-11-20' });
    expect(running.request.to).toBe('2026-11-20T14:24:00+01:00');
    expect(running.previous).toMatchObject({ from: '2026-11-15', to: '2026-11-17T14:24:00+01:00' });
    const past = at({ period: 'custom', from: '2026-11-01', to: '2026-11-03' });
    expect(past).toMatchObject({ running: false, until: null, request: { from: '2026-11-01', to: '2026-11-04' } });
    expect(past.previous).toEqual({ from: '2026-10-29', to: '2026-11-01', first: '2026-10-29', last: '2026-10-31', until: null });
    expect(plain(comparisonLabel(past, 'en-GB'))).toBe('29 – 31 Oct 2026');
  });

  it('last month is compared with the month before it', () => {
    expect(at({ period: 'lastmonth' }).previous).toEqual({ from: '2026-09-01', to: '2026-10-01', first: '2026-09-01', last: '2026-09-30', until: null });
  });

  it('a period that has ended by the next minute, or not begun, is not running', () => {
    expect(runningEnd('2026-11-20', '2026-11-21', 'UTC', Date.UTC(2026, 10, 20, 23, 59, 30))).toBeNull();
    expect(runningEnd('2026-11-22', '2026-11-23', 'UTC', NOW)).toBeNull();
    // Just after midnight: one minute of today, never an empty period.
    expect(runningEnd('2026-11-20', '2026-11-21', 'UTC', Date.UTC(2026, 10, 20))).toMatchObject({ minutes: 1 });
    expect(previousPeriod('today', '2026-11-20', '2026-11-21', 'UTC', null)).toMatchObject({ from: '2026-11-19', to: '2026-11-20' });
  });
});

describe('bucketCoverage', () => {
  it('today by the hour: the current hour is "so far", the ones before complete, none after now', () => {
    const p = at({ period: 'today' });
    const buckets = ['2026-11-20T13:00:00+01:00', '2026-11-20T14:00:00+01:00'];
    expect(bucketCoverage(buckets, 'hour', p).map((c) => c.status)).toEqual(['complete', 'current']);
    expect(coverageNote(bucketCoverage(buckets, 'hour', p)[1])).toBe('so far');
  });

  it('90 days by week: the first week is cut (partial, with the days covered), the last is running', () => {
    // 90 days to Friday 2026-11-20 start on Sunday 2026-08-23, in the week of Monday 17 Aug.
    const p = at({ period: '90d', grain: 'week' }, 'UTC');
    const c = bucketCoverage(['2026-08-17T00:00:00+00:00', '2026-08-24T00:00:00+00:00', '2026-11-16T00:00:00+00:00'], 'week', p);
    expect(c.map((x) => x.status)).toEqual(['partial', 'complete', 'current']);
    expect(c[0]).toMatchObject({ first: '2026-08-23', last: '2026-08-23' });
    expect(c[1]).toMatchObject({ first: '2026-08-24', last: '2026-08-30' });
    expect(c[2]).toMatchObject({ first: '2026-11-16', last: '2026-11-20' });
    expect(plain(coverageNote(c[0], 'en-GB'))).toBe('partial: 23 Aug 2026');
  });

  it('a past custom range by month: cut first and last months are partial, never "so far"', () => {
    const p = at({ period: 'custom', from: '2026-06-15', to: '2026-09-10' }, 'Europe/Berlin');
    const c = bucketCoverage(['2026-06-01T00:00:00+02:00', '2026-07-01T00:00:00+02:00', '2026-08-01T00:00:00+02:00', '2026-09-01T00:00:00+02:00'], 'month', p);
    expect(c.map((x) => x.status)).toEqual(['partial', 'complete', 'complete', 'partial']);
    expect(plain(coverageNote(c[0], 'en-GB'))).toBe('partial: 15 – 30 Jun 2026');
    expect(plain(coverageNote(c[3], 'en-GB'))).toMatch(/^partial: 1 – 10 Sept? 2026$/);
    expect(coverageNote(c[1])).toBe('');
  });

  it('ends buckets at local midnights, across the autumn clock change', () => {
    expect(bucketEndMs('2026-10-25T00:00:00+02:00', 'day', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 23));
    expect(bucketEndMs('2026-10-01T00:00:00+02:00', 'month', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 31, 23));
    expect(bucketEndMs('2026-10-25T02:00:00+01:00', 'hour', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 2));
  });
});
