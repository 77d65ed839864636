import { describe, expect, it } from '@jest/globals';
import { dataRangeHint } from './data-range';
import { daysBetween } from './dates';

const BERLIN_2020 = { first: '2019-03-04T09:15:02.123456+01:00', last: '2020-12-20T18:02:11+01:00' };

describe('dataRangeHint', () => {
  it('offers the data when the period lies after all of it', () => {
    const hint = dataRangeHint(BERLIN_2020.first, BERLIN_2020.last, { from: '2026-11-03', to: '2026-12-03', tz: 'Europe/Berlin' });
    expect(hint).toEqual({ first: '2019-03-04', last: '2020-12-20', jump: { from: '2019-03-04', to: '2020-12-20' } });
  });

  it('offers at most the last 731 days of the data', () => {
    const hint = dataRangeHint('2015-01-01T00:00:00Z', '2020-12-20T12:00:00Z', { from: '2026-11-03', to: '2026-12-03', tz: 'UTC' });
    expect(hint?.jump).toEqual({ from: '2018-12-21', to: '2020-12-20' });
    expect(daysBetween(hint!.jump.from, hint!.jump.to) + 1).toBe(731);
    expect(hint?.first).toBe('2015-01-01');
  });

  it('offers the data when the period lies before all of it', () => {
    expect(dataRangeHint('2026-12-10T08:00:00Z', '2026-12-11T08:00:00Z', { from: '2026-11-01', to: '2026-12-01', tz: 'UTC' })?.jump).toEqual({ from: '2026-12-10', to: '2026-12-11' });
  });

  it('reads the days in the period’s zone', () => {
    // 23:30 UTC on Dec 20 is already Dec 21 in Berlin, and still Dec 20 in New York.
    const at = '2020-12-20T23:30:00Z';
    expect(dataRangeHint(at, at, { from: '2026-11-01', to: '2026-12-01', tz: 'Europe/Berlin' })?.last).toBe('2020-12-21');
    expect(dataRangeHint(at, at, { from: '2026-11-01', to: '2026-12-01', tz: 'America/New_York' })?.last).toBe('2020-12-20');
  });

  it('says nothing when the period overlaps the data, even by an instant at either end', () => {
    expect(dataRangeHint(BERLIN_2020.first, BERLIN_2020.last, { from: '2020-01-01', to: '2020-02-01', tz: 'Europe/Berlin' })).toBeNull();
    // The last event at 18:02 on Dec 20 (Berlin) is inside a period starting that day…
    expect(dataRangeHint(BERLIN_2020.first, BERLIN_2020.last, { from: '2020-12-20', to: '2021-01-01', tz: 'Europe/Berlin' })).toBeNull();
    // …and outside one starting the next day.
    expect(dataRangeHint(BERLIN_2020.first, BERLIN_2020.last, { from: '2020-12-21', to: '2021-01-01', tz: 'Europe/Berlin' })).not.toBeNull();
    // `to` is exclusive: a period ending at the midnight the first event follows does not hold it.
    expect(dataRangeHint('2019-03-04T00:00:00+01:00', BERLIN_2020.last, { from: '2019-02-01', to: '2019-03-04', tz: 'Europe/Berlin' })).not.toBeNull();
    expect(dataRangeHint('2019-03-04T00:00:00+01:00', BERLIN_2020.last, { from: '2019-02-01', to: '2019-03-05', tz: 'Europe/Berlin' })).toBeNull();
  });

  it('says nothing without data or with unreadable instants', () => {
    expect(dataRangeHint(null, null, { from: '2026-11-01', to: '2026-12-01', tz: 'UTC' })).toBeNull();
    expect(dataRangeHint(undefined, undefined, { from: '2026-11-01', to: '2026-12-01', tz: 'UTC' })).toBeNull();
    expect(dataRangeHint('soon', 'later', { from: '2026-11-01', to: '2026-12-01', tz: 'UTC' })).toBeNull();
  });
});
