import { describe, expect, it } from '@jest/globals';
import { addDecimal, addRevenue, addRows, partialHourStart } from './partial-hour.calculations.js';

const ms = (iso: string) => Date.parse(iso);

describe('partialHourStart', () => {
  it('is the last hour of a period from a whole hour to a minute inside one', () => {
    expect(partialHourStart(ms('2026-12-06T00:00:00Z'), ms('2026-12-06T12:45:03.469Z'), [ms('2026-12-06T00:00:00Z')])).toBe(ms('2026-12-06T12:00:00Z'));
    // Hour buckets: each bound a whole hour (the last one is the partial hour's own start).
    const hours = Array.from({ length: 13 }, (_, i) => ms('2026-12-06T00:00:00Z') + i * 3_600_000);
    expect(partialHourStart(hours[0], ms('2026-12-06T12:00:00.001Z'), hours)).toBe(ms('2026-12-06T12:00:00Z'));
  });
  it('is null when there is nothing to split or the rollups cannot answer the rest', () => {
    // Ends on a whole hour: the rollups answer it all.
    expect(partialHourStart(ms('2026-12-06T00:00:00Z'), ms('2026-12-06T12:00:00Z'), [ms('2026-12-06T00:00:00Z')])).toBeNull();
    // Starts off the hour (a +05:30 midnight).
    expect(partialHourStart(ms('2026-12-05T18:30:00Z'), ms('2026-12-06T12:45:00Z'), [ms('2026-12-05T18:30:00Z')])).toBeNull();
    // Within its first hour: no whole hour.
    expect(partialHourStart(ms('2026-12-06T12:00:00Z'), ms('2026-12-06T12:45:00Z'), [ms('2026-12-06T12:00:00Z')])).toBeNull();
    // A bucket bound off the hour after fromMs.
    expect(partialHourStart(ms('2026-12-06T00:00:00Z'), ms('2026-12-06T12:45:00Z'), [ms('2026-12-06T00:00:00Z'), ms('2026-12-06T06:30:00Z')])).toBeNull();
    // A bound before fromMs (the first bucket's start) may be anything.
    expect(partialHourStart(ms('2026-12-06T00:00:00Z'), ms('2026-12-06T12:45:00Z'), [ms('2026-12-05T23:30:00Z')])).toBe(ms('2026-12-06T12:00:00Z'));
  });
});

describe('addRows', () => {
  it('sums the fields per bucket and group, keeping pairs of one part', () => {
    const a = [
      { b: 1, g: null, n: 2, m: 1 },
      { b: 2, g: 'sms', n: 1, m: 0 },
    ];
    const b = [
      { b: 2, g: 'sms', n: 3, m: 4 },
      { b: 2, g: 'email', n: 1, m: 1 },
    ];
    expect(addRows(a, b, ['n', 'm'])).toEqual([
      { b: 1, g: null, n: 2, m: 1 },
      { b: 2, g: 'sms', n: 4, m: 4 },
      { b: 2, g: 'email', n: 1, m: 1 },
    ]);
    // The inputs are left as they were.
    expect(a[1]).toEqual({ b: 2, g: 'sms', n: 1, m: 0 });
  });
});

describe('addDecimal and addRevenue: exact', () => {
  it('adds decimal text without floating point', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('12.50', '7.5')).toBe('20.00');
    expect(addDecimal('99999999999999999.99', '0.01')).toBe('100000000000000000.00');
    expect(addDecimal('3', '4')).toBe('7');
    expect(addDecimal('-1.25', '1')).toBe('-0.25');
    expect(addDecimal('1.25', '-1.25')).toBe('0.00');
    expect(() => addDecimal('1e5', '1')).toThrow(/not a decimal/);
  });
  it('sums each currency of a bucket and group apart', () => {
    const a = [{ b: 1, g: null, currency: 'EUR', amount: '10.10' }];
    const b = [
      { b: 1, g: null, currency: 'EUR', amount: '0.90' },
      { b: 1, g: null, currency: 'USD', amount: '5' },
    ];
    expect(addRevenue(a, b)).toEqual([
      { b: 1, g: null, currency: 'EUR', amount: '11.00' },
      { b: 1, g: null, currency: 'USD', amount: '5' },
    ]);
  });
});
