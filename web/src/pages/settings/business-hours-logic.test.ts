import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../api/client';
import {
  byField,
  dayText,
  draftFrom,
  draftProblems,
  mondayToWeekdays,
  problemCount,
  problemKeysFor,
  sameSchedule,
  saveProblems,
  starterDraft,
  tidyTime,
  toRequest,
  withHoliday,
  withInterval,
  withTime,
  withoutHoliday,
  withoutInterval,
} from './business-hours-logic';
import { storedHours } from './test-fixtures';

const stored = storedHours;

describe('business-hours editor rules', () => {
  it('starts from Mon–Fri 09:00–17:00 in the given zone, weekend closed, no holidays', () => {
    const d = starterDraft('Asia/Tokyo');
    expect(toRequest(d)).toEqual({
      timeZone: 'Asia/Tokyo',
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
      sat: [],
      sun: [],
      holidays: [],
    });
    expect(draftProblems(d)).toEqual({});
  });

  it('copies a stored schedule so edits never touch the cached answer', () => {
    const d = draftFrom(stored);
    expect(toRequest(d)).toEqual(stored);
    const edited = withTime(d, 'mon', 0, 0, '08:00');
    expect(stored.mon[0]).toEqual(['09:00', '12:00']);
    expect(d.mon[0]).toEqual(['09:00', '12:00']);
    expect(edited.mon[0]).toEqual(['08:00', '12:00']);
    expect(withTime(d, 'mon', 1, 1, '18:00').mon).toEqual([
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ]);
    expect(sameSchedule(d, stored)).toBe(true);
    expect(sameSchedule(edited, stored)).toBe(false);
    expect(sameSchedule(d, null)).toBe(false);
  });

  it('adds hours: 09:00–17:00 on a closed day, the hour after the last end, blank after midnight', () => {
    const d = draftFrom(stored);
    expect(withInterval(d, 'wed').wed).toEqual([['09:00', '17:00']]);
    expect(withInterval(d, 'tue').tue).toEqual([
      ['09:00', '17:30'],
      ['17:30', '18:30'],
    ]);
    expect(withInterval(withTime(d, 'tue', 0, 1, '23:30'), 'tue').tue[1]).toEqual(['23:30', '24:00']);
    expect(withInterval(d, 'fri').fri[1]).toEqual(['', '']);
    expect(withoutInterval(d, 'mon', 0).mon).toEqual([['13:00', '17:30']]);
    expect(withoutInterval(d, 'mon', 0).tue).toBe(d.tue);
  });

  it('copies Monday to Tuesday–Friday and leaves the weekend', () => {
    const d = mondayToWeekdays({ ...draftFrom(stored), sat: [['10:00', '14:00']] });
    for (const day of ['tue', 'wed', 'thu', 'fri'] as const) expect(d[day]).toEqual(stored.mon);
    expect(d.sat).toEqual([['10:00', '14:00']]);
    expect(d.sun).toEqual([]);
    // Copies, not the same arrays: editing Tuesday later leaves Monday alone.
    expect(withTime(d, 'tue', 0, 0, '07:00').mon[0]).toEqual(['09:00', '12:00']);
  });

  it('tidies a typed time into HH:MM where it clearly is one, and leaves the rest for the check', () => {
    expect(tidyTime('9')).toBe('09:00');
    expect(tidyTime('930')).toBe('09:30');
    expect(tidyTime('9:30')).toBe('09:30');
    expect(tidyTime('9.30')).toBe('09:30');
    expect(tidyTime('1730')).toBe('17:30');
    expect(tidyTime(' 24:00 ')).toBe('24:00');
    expect(tidyTime('noon')).toBe('noon');
    expect(tidyTime('')).toBe('');
  });

  it('adds a holiday in date order, and refuses an empty, impossible or repeated one', () => {
    const d = draftFrom(stored);
    const r = withHoliday(d, '2026-01-01');
    expect('draft' in r && r.draft.holidays).toEqual(['2026-01-01', '2026-12-25']);
    expect(withHoliday(d, '')).toEqual({ problem: 'Choose a date first.' });
    expect(withHoliday(d, '2026-02-30')).toEqual({ problem: '2026-02-30 is not a date YYYY-MM-DD.' });
    expect(withHoliday(d, '2026-12-25')).toEqual({ problem: '2026-12-25 is already a holiday.' });
    expect(withoutHoliday(d, '2026-12-25').holidays).toEqual([]);
  });

  it('checks a draft with the API’s rules and places each problem on its field', () => {
    let d = draftFrom(stored);
    d = withTime(d, 'mon', 1, 0, '11:00'); // overlaps 09:00–12:00
    d = withTime(d, 'tue', 0, 1, '25:00');
    d = withInterval(d, 'wed');
    d = withTime(withTime(d, 'wed', 0, 0, '17:00'), 'wed', 0, 1, '09:00');
    const p = draftProblems(d);
    expect(p).toEqual({
      mon: ['intervals 09:00–12:00 and 11:00–17:30 overlap'],
      'tue.0.1': ['end "25:00" is not a time HH:MM from 00:01 to 24:00'],
      'wed.0': ['interval 17:00–09:00: start must be before end'],
    });
    expect(problemCount(p)).toBe(3);
    // An end time shows its own problems, its interval's and its day's.
    expect(problemKeysFor('mon', 1, 0)).toEqual(['mon.1.0', 'mon.1', 'mon']);
    // Touching is allowed, and 24:00 only as an end.
    expect(draftProblems(withTime(draftFrom(stored), 'mon', 1, 0, '12:00'))).toEqual({});
    expect(draftProblems(withTime(draftFrom(stored), 'fri', 0, 0, '24:00'))).toEqual({ 'fri.0.0': ['start "24:00" is not a time HH:MM from 00:00 to 23:59'] });
  });

  it('maps the API’s 400 lines to fields, and any other failure to the form', () => {
    expect(byField(['mon.0.1: end "25:00" is bad', 'timeZone: not an IANA time zone', 'holidays.0: must be a date YYYY-MM-DD', 'monday: unknown key (expected timeZone, mon … sun, holidays)'])).toEqual({
      'mon.0.1': ['end "25:00" is bad'],
      timeZone: ['not an IANA time zone'],
      'holidays.0': ['must be a date YYYY-MM-DD'],
      '': ['monday: unknown key (expected timeZone, mon … sun, holidays)'],
    });
    const overlap = new ApiError(400, 'mon: intervals 09:00–12:00 and 11:00–13:00 overlap; tue.0: x', null, ['mon: intervals 09:00–12:00 and 11:00–13:00 overlap', 'tue.0: x']);
    expect(saveProblems(overlap)).toEqual({ mon: ['intervals 09:00–12:00 and 11:00–13:00 overlap'], 'tue.0': ['x'] });
    expect(saveProblems(new ApiError(403, 'only admins may change business hours'))).toEqual({ '': ['only admins may change business hours'] });
    expect(saveProblems(new ApiError(429, 'slow down', 20))).toEqual({ '': ['Too many requests. Wait 20 seconds and try again.'] });
  });

  it('says a day in a sentence', () => {
    expect(dayText(stored.mon)).toBe('09:00–12:00, 13:00–17:30');
    expect(dayText([])).toBe('Closed');
  });
});
