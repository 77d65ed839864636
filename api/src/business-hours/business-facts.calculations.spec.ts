import { type BusinessHours, BusinessHoursRequestSchema } from '@parley/shared';
import fc from 'fast-check';
import { type FactInstants, businessDuration, businessMicros, businessSpan, businessTimes } from './business-facts.calculations.js';
import { businessSeconds } from './business-hours.calculations.js';

const schedule = (body: Record<string, unknown>): BusinessHours => BusinessHoursRequestSchema.parse(body);
/** µs of an ISO instant with an explicit offset; `extraUs` adds the sub-millisecond part. */
const us = (iso: string, extraUs = 0) => Date.parse(iso) * 1000 + extraUs;
const H = 3600;

// Weekdays 09:00–17:00 in Berlin, Friday until midnight (24:00), Wednesday 17 June 2026 a holiday.
const OFFICE = schedule({
  timeZone: 'Europe/Berlin',
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '24:00']],
  holidays: ['2026-06-17'],
});
// Open all Sunday: the whole local date, however long the clocks make it.
const SUNDAYS = schedule({ timeZone: 'Europe/Berlin', sun: [['00:00', '24:00']] });

describe('businessSpan: hand-worked spans in Europe/Berlin', () => {
  it('an overnight closure counts only the open hours on both sides (Mon 16:00 → Tue 10:00 = 1 h + 1 h)', () => {
    expect(businessSpan(us('2026-06-15T16:00+02:00'), us('2026-06-16T10:00+02:00'), OFFICE)).toBe(2 * H);
  });
  it('a holiday closes its whole date (Tue 16:00 → Thu 09:15 = 1 h + 0 + 15 min)', () => {
    expect(businessSpan(us('2026-06-16T16:00+02:00'), us('2026-06-18T09:15+02:00'), OFFICE)).toBe(H + 15 * 60);
  });
  it('24:00 ends Friday at the next local midnight (Fri 23:00 → Sat 01:00 = 1 h)', () => {
    expect(businessSpan(us('2026-06-19T23:00+02:00'), us('2026-06-20T01:00+02:00'), OFFICE)).toBe(H);
  });
  it('a Friday-evening message answered Monday morning (Fri 18:30 → Mon 09:30 = 5.5 h + 0.5 h)', () => {
    expect(businessSpan(us('2026-06-19T18:30+02:00'), us('2026-06-22T09:30+02:00'), OFFICE)).toBe(6 * H);
  });
  it('spring forward: Sunday 29 March 2026 lasts 23 h (Sat 23:30 CET → Sun 03:30 CEST is 3 h, 2.5 h of it Sunday)', () => {
    const start = us('2026-03-28T23:30+01:00');
    const end = us('2026-03-29T03:30+02:00');
    expect((end - start) / 1e6).toBe(3 * H);
    expect(businessSpan(start, end, SUNDAYS)).toBe(2.5 * H);
    expect(businessSpan(us('2026-03-29T00:00+01:00'), us('2026-03-30T00:00+02:00'), SUNDAYS)).toBe(23 * H);
  });
  it('fall back: Sunday 25 October 2026 lasts 25 h (Sat 23:30 CEST → Sun 03:30 CET is 5 h, 4.5 h of it Sunday)', () => {
    const start = us('2026-10-24T23:30+02:00');
    const end = us('2026-10-25T03:30+01:00');
    expect((end - start) / 1e6).toBe(5 * H);
    expect(businessSpan(start, end, SUNDAYS)).toBe(4.5 * H);
    expect(businessSpan(us('2026-10-25T00:00+02:00'), us('2026-10-26T00:00+01:00'), SUNDAYS)).toBe(25 * H);
  });
  it('is null without a schedule or without an end; 0 for an empty span', () => {
    expect(businessSpan(us('2026-06-15T10:00+02:00'), us('2026-06-15T11:00+02:00'), null)).toBeNull();
    expect(businessSpan(us('2026-06-15T10:00+02:00'), null, OFFICE)).toBeNull();
    expect(businessSpan(null, us('2026-06-15T10:00+02:00'), OFFICE)).toBeNull();
    expect(businessSpan(us('2026-06-15T10:00+02:00'), us('2026-06-15T10:00+02:00'), OFFICE)).toBe(0);
  });
});

describe('businessMicros: exact to the microsecond', () => {
  it('counts the open parts of the milliseconds at either end', () => {
    // 08:59:59.9995 → 09:00:00.0015: only the 1.5 ms after 09:00 are open.
    expect(businessMicros(us('2026-06-15T08:59:59.999+02:00', 500), us('2026-06-15T09:00:00.001+02:00', 500), OFFICE)).toBe(1500);
    // 16:59:59.9995 → 17:00:00.0015: only the 0.5 ms before 17:00.
    expect(businessMicros(us('2026-06-15T16:59:59.999+02:00', 500), us('2026-06-15T17:00:00.001+02:00', 500), OFFICE)).toBe(500);
  });
  it('a span inside one millisecond is open or closed as that millisecond is', () => {
    expect(businessMicros(us('2026-06-15T10:00+02:00', 100), us('2026-06-15T10:00+02:00', 900), OFFICE)).toBe(800);
    expect(businessMicros(us('2026-06-15T08:00+02:00', 100), us('2026-06-15T08:00+02:00', 900), OFFICE)).toBe(0);
  });
  it('equals businessSeconds on whole milliseconds and adds up over any split point', () => {
    const base = us('2026-03-20T00:00+01:00');
    const span = 40 * 24 * H * 1e6; // across the spring night
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: span }), (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q).map((v) => base + v);
        expect(businessMicros(a, c, SUNDAYS)).toBe(businessMicros(a, b, SUNDAYS) + businessMicros(b, c, SUNDAYS));
        const [am, cm] = [Math.floor(a / 1000), Math.floor(c / 1000)];
        expect(businessMicros(am * 1000, cm * 1000, OFFICE)).toBe(Math.round(businessSeconds(am, cm, OFFICE) * 1000) * 1000);
      }),
      { numRuns: 300 },
    );
  });
});

describe('businessTimes: the biz_ columns of a conversation', () => {
  const facts: FactInstants = {
    startedAtUs: us('2026-06-15T08:00+02:00'),
    firstCustomerAtUs: us('2026-06-15T08:30+02:00'),
    firstResponseAtUs: us('2026-06-15T08:45+02:00'), // a bot, before opening: 0 business seconds
    agentFirstResponseAtUs: us('2026-06-15T09:20+02:00'),
    resolvedAtUs: us('2026-06-15T12:00+02:00'),
    firstAssignedAtUs: us('2026-06-15T16:59+02:00'),
    // Mon 16:59 + 16 h 2 min + 1 µs → Tue 09:01:00.000001: 1 min + 1 min + 1 µs of business time.
    assignmentResponseTime: 16 * H + 120 + 0.000001,
  };

  it('measures each duration between its instants in business time', () => {
    expect(businessTimes(facts, OFFICE)).toEqual({
      firstResponseTime: 0,
      agentFirstResponseTime: 20 * 60,
      resolutionTime: 3 * H,
      assignmentResponseTime: 120.000001,
    });
  });
  it('is null where the calendar duration is null', () => {
    const open = { ...facts, firstResponseAtUs: null, agentFirstResponseAtUs: null, resolvedAtUs: null, firstAssignedAtUs: null, assignmentResponseTime: null };
    expect(businessTimes(open, OFFICE)).toEqual({ firstResponseTime: null, agentFirstResponseTime: null, resolutionTime: null, assignmentResponseTime: null });
    expect(businessTimes({ ...facts, firstCustomerAtUs: null }, OFFICE)).toMatchObject({ firstResponseTime: null, agentFirstResponseTime: null });
  });
  it('is all null without a schedule', () => {
    expect(businessTimes(facts, null)).toEqual({ firstResponseTime: null, agentFirstResponseTime: null, resolutionTime: null, assignmentResponseTime: null });
  });
  it('a stored duration ends at start + round(seconds × 1e6) µs (a reply wait)', () => {
    // Fri 23:59:59.5 + 0.7 s → Sat 00:00:00.2: only the 0.5 s before Friday's 24:00.
    expect(businessDuration(us('2026-06-19T23:59:59.500+02:00'), 0.7, OFFICE)).toBe(0.5);
    expect(businessDuration(us('2026-06-19T23:59:59.500+02:00'), null, OFFICE)).toBeNull();
    expect(businessDuration(us('2026-06-19T23:59:59.500+02:00'), 0.7, null)).toBeNull();
  });
});
