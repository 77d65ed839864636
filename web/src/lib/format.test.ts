import { describe, expect, it } from '@jest/globals';
import {
  NO_VALUE,
  formatAxis,
  formatBucket,
  formatHourTick,
  formatChange,
  formatCompact,
  formatCurrency,
  formatDay,
  formatDayRange,
  formatDuration,
  formatDurationAxis,
  formatInstant,
  formatNumber,
  formatPercent,
  formatPoints,
  formatRevenue,
  formatScore,
  formatTimeZone,
  formatValue,
  hourName,
  hourShort,
  weekdayNames,
} from './format';

const en = 'en-US';
// Intl separates some parts with no-break or thin spaces; compare them as plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, ' ');

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.84, '0.8s'],
    [9.94, '9.9s'],
    [42.4, '42s'],
    [59.6, '1m 00s'],
    [252, '4m 12s'],
    [3599.4, '59m 59s'],
    [3600, '1h 00m'],
    [3780, '1h 03m'],
    [3 * 3600 + 59 * 60 + 50, '4h 00m'],
    [86_400, '1d 00h'],
    [2 * 86_400 + 4 * 3600 + 10, '2d 04h'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds, en)).toBe(text);
  });

  it('writes no value as a dash', () => {
    expect(formatDuration(null, en)).toBe(NO_VALUE);
    expect(formatDuration(undefined, en)).toBe(NO_VALUE);
    expect(formatDuration(Number.NaN, en)).toBe(NO_VALUE);
  });

  it('uses the locale for digits', () => {
    expect(formatDuration(2.5, 'de-DE')).toBe('2,5s');
  });

  it('keeps the sign of a negative duration', () => {
    expect(formatDuration(-252, en)).toBe('-4m 12s');
  });

  it('has a short form for axes', () => {
    expect(formatDurationAxis(45, en)).toBe('45s');
    expect(formatDurationAxis(240, en)).toBe('4m');
    expect(formatDurationAxis(5400, en)).toBe('1.5h');
    expect(formatDurationAxis(172_800, en)).toBe('2d');
  });
});

describe('numbers and percentages', () => {
  it('groups thousands in the locale', () => {
    expect(formatNumber(12345, en)).toBe('12,345');
    expect(formatNumber(12345, 'de-DE')).toBe('12.345');
    expect(formatNumber(3.456, en, 1)).toBe('3.5');
    expect(formatNumber(null, en)).toBe(NO_VALUE);
  });

  it('compacts large numbers for axes', () => {
    expect(formatCompact(1200, en)).toBe('1.2K');
    expect(formatCompact(3_400_000, en)).toBe('3.4M');
  });

  it('writes fractions as percentages', () => {
    expect(formatPercent(0.4213, en)).toBe('42.1%');
    expect(formatPercent(1, en)).toBe('100%');
    expect(formatPercent(0, en)).toBe('0%');
    expect(formatPercent(0.4213, en, 0)).toBe('42%');
    expect(formatPercent(null, en)).toBe(NO_VALUE);
  });

  it('writes CSAT with two decimals', () => {
    expect(formatScore(4.3, en)).toBe('4.30');
    expect(formatScore(null, en)).toBe(NO_VALUE);
  });

  it('writes changes with their sign', () => {
    expect(formatChange(0.12, en)).toBe('+12%');
    expect(formatChange(-0.034, en)).toBe('-3.4%');
    expect(formatChange(0, en)).toBe('0%');
    expect(formatPoints(0.021, en)).toBe('+2.1 pp');
    expect(formatPoints(-0.1, en)).toBe('-10 pp');
  });

  it('formats by value kind', () => {
    expect(formatValue('count', 1234, en)).toBe('1,234');
    expect(formatValue('decimal', 3.14159, en)).toBe('3.1');
    expect(formatValue('percent', 0.5, en)).toBe('50%');
    expect(formatValue('duration', 252, en)).toBe('4m 12s');
    expect(formatValue('score', 4, en)).toBe('4.00');
    expect(formatAxis('percent', 0.255, en)).toBe('26%');
    expect(formatAxis('duration', 120, en)).toBe('2m');
    expect(formatAxis('count', 15_000, en)).toBe('15K');
  });
});

describe('currencies', () => {
  it('formats with the currency of the amount', () => {
    expect(formatCurrency(1234.5, 'EUR', en)).toBe('€1,234.50');
    expect(plain(formatCurrency(1234.5, 'EUR', 'de-DE'))).toBe('1.234,50 €');
    expect(formatCurrency(300, 'USD', en)).toBe('$300.00');
    expect(formatCurrency(12_000, 'USD', en, true)).toBe('$12K');
  });

  it('falls back to the code for a currency Intl does not take', () => {
    expect(formatCurrency(10, 'NOT-A-CODE', en)).toBe('10 NOT-A-CODE');
  });

  it('lists revenue per currency, largest first', () => {
    expect(formatRevenue({ USD: 300, EUR: 1200 }, en)).toBe('€1,200.00 · $300.00');
    expect(formatRevenue({}, en)).toBe(NO_VALUE);
  });
});

describe('dates and buckets', () => {
  it('labels buckets in the chosen zone, whatever the offset they are written with', () => {
    // 00:00 in Berlin is 23:00 the day before in London (winter).
    expect(formatBucket('2026-11-20T00:00:00+01:00', 'day', 'Europe/Berlin', en)).toBe('Nov 20');
    expect(formatBucket('2026-11-20T00:00:00+01:00', 'hour', 'Europe/London', 'en-GB')).toBe('23:00');
    expect(formatBucket('2026-11-20T14:00:00+01:00', 'hour', 'Europe/Berlin', 'en-GB')).toBe('14:00');
  });

  it('shows both 02:00 hours of the night clocks go back', () => {
    const first = formatBucket('2026-10-25T02:00:00+02:00', 'hour', 'Europe/Berlin', 'en-GB');
    const second = formatBucket('2026-10-25T02:00:00+01:00', 'hour', 'Europe/Berlin', 'en-GB');
    expect(first).toBe('02:00');
    expect(second).toBe('02:00');
  });

  it('labels half-hour zones with their :30', () => {
    expect(formatBucket('2026-04-05T02:30:00+10:30', 'hour', 'Australia/Lord_Howe', 'en-GB')).toBe('02:30');
  });

  it('has long labels for tooltips and tables', () => {
    expect(formatBucket('2026-11-16T00:00:00+01:00', 'week', 'Europe/Berlin', en, true)).toBe('Week of Nov 16, 2026');
    expect(formatBucket('2026-11-01T00:00:00+01:00', 'month', 'Europe/Berlin', en, true)).toBe('November 2026');
    expect(formatBucket('2026-11-01T00:00:00+01:00', 'month', 'Europe/Berlin', en)).toBe('Nov 2026');
    expect(formatBucket('2026-09-01T00:00:00+02:00', 'month', 'Europe/Berlin', en)).toBe('Sep 2026');
    expect(formatBucket('2026-08-31T00:00:00+02:00', 'week', 'Europe/Berlin', 'en-GB')).toBe('w/c 31 Aug');
  });

  it('gives every tick of an hourly axis over several days its day', () => {
    expect(formatHourTick('2026-11-02T00:00:00+01:00', 'Europe/Berlin', 'en-GB')).toBe('Mon 2 Nov');
    expect(formatHourTick('2026-11-02T12:00:00+01:00', 'Europe/Berlin', 'en-GB')).toBe('Mon 2 Nov, 12:00');
    expect(formatHourTick('2026-11-02T00:00:00+01:00', 'Europe/Berlin', en)).toBe('Mon, Nov 2');
    expect(formatBucket('2026-11-20T00:00:00+01:00', 'day', 'Europe/Berlin', en, true)).toBe('Fri, Nov 20, 2026');
  });

  it('returns an unreadable bucket as it came', () => {
    expect(formatBucket('not a date', 'day', 'UTC', en)).toBe('not a date');
  });

  it('writes calendar dates and ranges without shifting them by a zone', () => {
    expect(formatDay('2026-11-01', en)).toBe('Nov 1, 2026');
    expect(plain(formatDayRange('2026-11-01', '2026-11-30', en))).toBe('Nov 1 – 30, 2026');
    expect(formatDayRange('2026-11-01', '2026-11-01', en)).toBe('Nov 1, 2026');
  });

  it('names weekdays Monday first and hours as the locale does', () => {
    expect(weekdayNames(en)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(hourName(0, 'en-GB')).toBe('00');
    expect(hourName(15, en)).toBe('3 PM');
  });

  it('gives the short hour label as the 24-hour number', () => {
    expect(hourShort(0)).toBe('0');
    expect(hourShort(21)).toBe('21');
  });
});

describe('formatInstant', () => {
  it('writes an instant as date and time in the given zone, and no instant as a dash', () => {
    expect(plain(formatInstant('2026-11-20T10:05:00.000Z', en, 'Europe/Berlin'))).toBe('Nov 20, 2026, 11:05 AM');
    expect(formatInstant(null, en)).toBe(NO_VALUE);
    expect(formatInstant('not a date', en)).toBe('not a date');
  });
});

describe('formatTimeZone', () => {
  it('names the zone with its offset at the given time, and an unknown zone as it is', () => {
    expect(formatTimeZone('Europe/Berlin', en, new Date('2026-11-20T10:00:00Z'))).toBe('Europe/Berlin (GMT+01:00)');
    expect(formatTimeZone('Europe/Berlin', en, new Date('2026-07-01T10:00:00Z'))).toBe('Europe/Berlin (GMT+02:00)');
    expect(formatTimeZone('Asia/Kolkata', en, new Date('2026-07-01T10:00:00Z'))).toBe('Asia/Kolkata (GMT+05:30)');
    expect(formatTimeZone('UTC', en)).toBe('UTC');
    expect(formatTimeZone('Mars/Olympus', en)).toBe('Mars/Olympus');
  });
});
