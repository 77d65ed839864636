import { BusinessHoursRequestSchema, businessHoursProblems, wallMinutes } from './business-hours';

const ok = (body: unknown) => BusinessHoursRequestSchema.parse(body);
const problems = businessHoursProblems;

describe('business-hours schedule schema', () => {
  it('normalises: missing days closed, intervals sorted, holidays sorted and deduplicated', () => {
    expect(ok({ timeZone: 'Europe/Berlin', mon: [['13:00', '17:30'], ['09:00', '12:00']], holidays: ['2026-12-26', '2026-12-25', '2026-12-26'] })).toEqual({
      timeZone: 'Europe/Berlin',
      mon: [['09:00', '12:00'], ['13:00', '17:30']],
      tue: [], wed: [], thu: [], fri: [], sat: [], sun: [],
      holidays: ['2026-12-25', '2026-12-26'],
    });
  });
  it('allows touching intervals, 24:00 as an end and 00:00 as a start', () => {
    expect(problems({ timeZone: 'UTC', tue: [['00:00', '12:00'], ['12:00', '24:00']] })).toEqual([]);
  });
  it('refuses 24:00 as a start and times out of range', () => {
    expect(problems({ timeZone: 'UTC', mon: [['24:00', '24:00']] })).toEqual(['mon.0.0: start "24:00" is not a time HH:MM from 00:00 to 23:59']);
    expect(problems({ timeZone: 'UTC', mon: [['09:00', '24:01']] })).toEqual(['mon.0.1: end "24:01" is not a time HH:MM from 00:01 to 24:00']);
    expect(problems({ timeZone: 'UTC', wed: [['9:00', '10:00']] })[0]).toMatch(/^wed\.0\.0: start "9:00"/);
    expect(problems({ timeZone: 'UTC', wed: [['09:60', '10:00']] })[0]).toMatch(/^wed\.0\.0: start/);
  });
  it('refuses start ≥ end', () => {
    expect(problems({ timeZone: 'UTC', thu: [['10:00', '10:00']] })).toEqual(['thu.0: interval 10:00–10:00: start must be before end']);
    expect(problems({ timeZone: 'UTC', thu: [['17:00', '09:00']] })).toEqual(['thu.0: interval 17:00–09:00: start must be before end']);
  });
  it('refuses overlapping intervals in any order, naming both', () => {
    expect(problems({ timeZone: 'UTC', mon: [['11:00', '13:00'], ['09:00', '12:00']] })).toEqual(['mon: intervals 09:00–12:00 and 11:00–13:00 overlap']);
    expect(problems({ timeZone: 'UTC', sun: [['09:00', '18:00'], ['10:00', '11:00']] })).toEqual(['sun: intervals 09:00–18:00 and 10:00–11:00 overlap']);
  });
  it('refuses a bad time zone, unknown keys, wrong shapes', () => {
    expect(problems({ timeZone: 'Mars/Olympus' })).toEqual(['timeZone: not an IANA time zone']);
    expect(problems({ mon: [] })[0]).toMatch(/^timeZone: /);
    expect(problems({ timeZone: 'UTC', monday: [] })).toEqual(['monday: unknown key (expected timeZone, mon … sun, holidays)']);
    expect(problems({ timeZone: 'UTC', fri: [['09:00']] })[0]).toMatch(/^fri\.0: /);
    expect(problems({ timeZone: 'UTC', fri: '09:00-17:00' })[0]).toMatch(/^fri: /);
    expect(problems({ timeZone: 'UTC', sat: [['09:00', '10:00', '11:00']] })[0]).toMatch(/^sat\.0: /);
    expect(problems(null)[0]).toMatch(/^body: /);
  });
  it('refuses holidays that are not valid dates', () => {
    expect(problems({ timeZone: 'UTC', holidays: ['2026-02-29'] })).toEqual(['holidays.0: must be a date YYYY-MM-DD']);
    expect(problems({ timeZone: 'UTC', holidays: ['2028-02-29'] })).toEqual([]);
    expect(problems({ timeZone: 'UTC', holidays: ['2026-13-01'] })).toEqual(['holidays.0: must be a date YYYY-MM-DD']);
    expect(problems({ timeZone: 'UTC', holidays: ['25.12.2026'] })).toEqual(['holidays.0: must be a date YYYY-MM-DD']);
    expect(problems({ timeZone: 'UTC', holidays: '2026-12-25' })[0]).toMatch(/^holidays: /);
  });
  it('wallMinutes reads HH:MM', () => {
    expect(wallMinutes('00:00')).toBe(0);
    expect(wallMinutes('17:30')).toBe(1050);
    expect(wallMinutes('24:00')).toBeNull();
    expect(wallMinutes('24:00', true)).toBe(1440);
  });
});
