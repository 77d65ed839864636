/** Local time via Intl: offsets, local fields and wall time → instant across DST changes. */
import { TimeZone } from './time-zone.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
/** A wall-clock time as ms "as if UTC". */
const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('TimeZone.offsetMs', () => {
  it('follows Berlin summer and winter time, also in years with other rules', () => {
    const berlin = new TimeZone('Europe/Berlin');
    expect(berlin.offsetMs(at('2026-03-29T00:59:59.999Z'))).toBe(HOUR);
    expect(berlin.offsetMs(at('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    expect(berlin.offsetMs(at('2026-10-25T00:59:59.999Z'))).toBe(2 * HOUR);
    expect(berlin.offsetMs(at('2026-10-25T01:00:00Z'))).toBe(HOUR);
    // Until 1995 summer time ended on the last Sunday of September.
    expect(berlin.offsetMs(at('1990-10-10T12:00:00Z'))).toBe(HOUR);
  });

  it('knows other zones: New York, quarter-hour and half-hour offsets, a 30-minute DST change', () => {
    const ny = new TimeZone('America/New_York');
    expect(ny.offsetMs(at('2026-03-08T06:59:00Z'))).toBe(-5 * HOUR);
    expect(ny.offsetMs(at('2026-03-08T07:00:00Z'))).toBe(-4 * HOUR);
    expect(new TimeZone('Asia/Kathmandu').offsetMs(at('2026-06-01T00:00:00Z'))).toBe(5 * HOUR + 45 * MINUTE);
    const lordHowe = new TimeZone('Australia/Lord_Howe');
    // Summer time starts on 2026-10-04 at 02:00 local (15:30 UTC the day before): +10:30 → +11.
    expect(lordHowe.offsetMs(at('2026-10-03T15:29:00Z'))).toBe(10.5 * HOUR);
    expect(lordHowe.offsetMs(at('2026-10-03T15:30:00Z'))).toBe(11 * HOUR);
  });

  it('refuses an unknown zone', () => {
    expect(() => new TimeZone('Mars/Olympus')).toThrow(RangeError);
  });
});

describe('TimeZone.local', () => {
  it('reads the local weekday, hour and day', () => {
    // Sunday 2026-10-25 00:30 UTC is 02:30 CEST, Sunday; 23:30 UTC is 00:30 CET on Monday the 26th.
    const berlin = new TimeZone('Europe/Berlin');
    expect(berlin.local(at('2026-10-25T00:30:00Z'))).toEqual({ weekday: 7, hour: 2, day: wall('2026-10-25T00:00') / (24 * HOUR) });
    expect(berlin.local(at('2026-10-25T23:30:00Z'))).toEqual({ weekday: 1, hour: 0, day: wall('2026-10-26T00:00') / (24 * HOUR) });
  });
});

describe('TimeZone.fromLocal', () => {
  const berlin = new TimeZone('Europe/Berlin');

  it('turns an ordinary local time into its instant', () => {
    expect(berlin.fromLocal(wall('2026-07-01T10:00'))).toBe(at('2026-07-01T08:00:00Z'));
    expect(berlin.fromLocal(wall('2026-12-01T10:00'))).toBe(at('2026-12-01T09:00:00Z'));
  });

  it('moves a skipped time forward by the gap, as Temporal does (compatible)', () => {
    expect(berlin.fromLocal(wall('2026-03-29T02:30'))).toBe(at('2026-03-29T01:30:00Z')); // 03:30 CEST
    expect(new TimeZone('America/New_York').fromLocal(wall('2026-03-08T02:30'))).toBe(at('2026-03-08T07:30:00Z')); // 03:30 EDT
    expect(new TimeZone('Australia/Lord_Howe').fromLocal(wall('2026-10-04T02:15'))).toBe(at('2026-10-03T15:45:00Z')); // 02:45 +11
  });

  it('takes the earlier of a repeated time', () => {
    expect(berlin.fromLocal(wall('2026-10-25T02:30'))).toBe(at('2026-10-25T00:30:00Z')); // 02:30 CEST, not CET
    expect(berlin.fromLocal(wall('2026-10-25T03:00'))).toBe(at('2026-10-25T02:00:00Z'));
  });

  it('is the inverse of local time outside the changes, all year, in several zones', () => {
    for (const name of ['Europe/Berlin', 'America/Sao_Paulo', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      const zone = new TimeZone(name);
      let repeated = 0;
      for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += 37 * MINUTE) {
        const back = zone.fromLocal(t + zone.offsetMs(t));
        if (back === t) continue;
        // Only the second pass of a repeated hour maps back to the first (a DST zone's one a year).
        expect(zone.offsetMs(back)).toBeGreaterThan(zone.offsetMs(t));
        repeated++;
      }
      expect(repeated).toBeLessThanOrEqual(2);
    }
  });
});
