/**
 * The rules behind the business-hours editor, apart from the component to be tested alone. The
 * form checks a draft with the very schema the API uses (shared/src/business-hours.ts), so both
 * say the same thing, and the API's 400 ("mon.0.1: …") lands on the same fields. A value import
 * of zod: it lands in the lazily loaded Settings chunk only (as connections-logic.ts).
 */
import { BUSINESS_DAYS, type BusinessDay, type BusinessHours, type BusinessHoursRequest, businessHoursProblems, wallMinutes } from '@parley/shared/business-hours';
import { ApiError } from '../../api/client';
import { problem } from './logic';

export { BUSINESS_DAYS, type BusinessDay };

export const DAY_NAMES: Record<BusinessDay, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The schedule being edited: the request's shape, every day present. */
export type ScheduleDraft = Record<BusinessDay, [string, string][]> & { timeZone: string; holidays: string[] };

const closedWeek = () => Object.fromEntries(BUSINESS_DAYS.map((d) => [d, []])) as unknown as Record<BusinessDay, [string, string][]>;

/** A copy of a stored schedule to edit (nothing shared with the cached answer). */
export const draftFrom = (s: BusinessHours): ScheduleDraft => ({
  ...closedWeek(),
  ...Object.fromEntries(BUSINESS_DAYS.map((d) => [d, s[d].map(([a, b]) => [a, b])])),
  timeZone: s.timeZone,
  holidays: [...s.holidays],
});

/** The starter offered when there is no schedule: Monday to Friday, 09:00–17:00, in `timeZone`. */
export const starterDraft = (timeZone: string): ScheduleDraft => ({
  ...closedWeek(),
  ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])),
  timeZone,
  holidays: [],
});

/** What PUT is sent: the draft as it stands (the API sorts and checks it again). */
export const toRequest = (d: ScheduleDraft): BusinessHoursRequest => ({
  timeZone: d.timeZone,
  ...Object.fromEntries(BUSINESS_DAYS.map((day) => [day, d[day].map(([a, b]) => [a, b] as [string, string])])),
  holidays: [...d.holidays],
});

/** True when the draft says the same as the stored schedule (the API's normal form: sorted intervals and dates). */
export function sameSchedule(d: ScheduleDraft, s: BusinessHours | null): boolean {
  if (!s) return false;
  return JSON.stringify(toRequest(d)) === JSON.stringify(toRequest(draftFrom(s)));
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * A day with one more interval: 09:00–17:00 on a closed day, else the hour after the last end (up
 * to 24:00); blank after one that ends at midnight, for the person to fill in.
 */
export function withInterval(d: ScheduleDraft, day: BusinessDay): ScheduleDraft {
  const list = d[day];
  let next: [string, string] = ['09:00', '17:00'];
  if (list.length) {
    const lastEnd = wallMinutes(list[list.length - 1][1], true);
    next = lastEnd === null || lastEnd >= 24 * 60 ? ['', ''] : [hhmm(lastEnd), hhmm(Math.min(lastEnd + 60, 24 * 60))];
  }
  return { ...d, [day]: [...list, next] };
}

export const withoutInterval = (d: ScheduleDraft, day: BusinessDay, index: number): ScheduleDraft => ({ ...d, [day]: d[day].filter((_, i) => i !== index) });

export const withTime = (d: ScheduleDraft, day: BusinessDay, index: number, end: 0 | 1, value: string): ScheduleDraft => ({
  ...d,
  [day]: d[day].map((iv, i) => (i === index ? ((end === 0 ? [value, iv[1]] : [iv[0], value]) as [string, string]) : iv)),
});

/** Tuesday to Friday get Monday's hours (the weekend stays as it is). */
export const mondayToWeekdays = (d: ScheduleDraft): ScheduleDraft => ({
  ...d,
  ...Object.fromEntries(['tue', 'wed', 'thu', 'fri'].map((day) => [day, d.mon.map(([a, b]) => [a, b])])),
});

/**
 * A time as typed, in the form's HH:MM where it clearly is one: "9" → "09:00", "930" → "09:30",
 * "9.30" → "09:30", " 24:00 " → "24:00". Anything else stays as typed, for the check to name.
 */
export function tidyTime(text: string): string {
  const t = text.trim();
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?$/.exec(t);
  return m ? `${m[1].padStart(2, '0')}:${m[2] ?? '00'}` : t;
}

/** The holidays with `date` added (sorted), or why it cannot be: the API's own date rule. */
export function withHoliday(d: ScheduleDraft, date: string): { draft: ScheduleDraft } | { problem: string } {
  if (!date) return { problem: 'Choose a date first.' };
  if (businessHoursProblems({ timeZone: 'UTC', holidays: [date] }).length) return { problem: `${date} is not a date YYYY-MM-DD.` };
  if (d.holidays.includes(date)) return { problem: `${date} is already a holiday.` };
  return { draft: { ...d, holidays: [...d.holidays, date].sort() } };
}

export const withoutHoliday = (d: ScheduleDraft, date: string): ScheduleDraft => ({ ...d, holidays: d.holidays.filter((h) => h !== date) });

/**
 * Problems by the field they belong to: "mon.0.1" (an end time), "mon.0" (an interval), "mon" (a
 * day: overlaps), "timeZone", "holidays.2", and "" for what names no field of the form.
 */
export type FieldProblems = Record<string, string[]>;

const FIELD = /^((?:mon|tue|wed|thu|fri|sat|sun)(?:\.\d+){0,2}|timeZone|holidays(?:\.\d+)?): (.*)$/s;

/** The API's "path: message" lines placed on the form's fields (the path is dropped from the text). */
export function byField(lines: readonly string[]): FieldProblems {
  const out: FieldProblems = {};
  for (const line of lines) {
    const m = FIELD.exec(line);
    const [key, text] = m ? [m[1], m[2]] : ['', line];
    (out[key] ??= []).push(text);
  }
  return out;
}

/** The draft's problems by field, by the API's rules; empty when it can be saved. */
export const draftProblems = (d: ScheduleDraft): FieldProblems => byField(businessHoursProblems(toRequest(d)));

/**
 * A failed save by field: a 400's problems on their fields; anything else (no permission, no
 * connection) under "" in the person's words.
 */
export function saveProblems(error: unknown): FieldProblems {
  if (error instanceof ApiError && error.status === 400 && error.problems.length) return byField(error.problems);
  return { '': [problem(error)] };
}

export const problemCount = (p: FieldProblems) => Object.values(p).reduce((n, list) => n + list.length, 0);

/**
 * The problems an input shows: its own, its interval's and its day's (an end time shows "mon.0.1",
 * "mon.0" and "mon"), so aria-invalid and the described-by text cover every rule that names it.
 */
export function problemKeysFor(day: BusinessDay, index: number, end: 0 | 1): string[] {
  return [`${day}.${index}.${end}`, `${day}.${index}`, day];
}

/** "09:00–12:00, 13:00–17:30", or "Closed": a day in a sentence. */
export const dayText = (list: readonly (readonly [string, string])[]): string => (list.length ? list.map(([a, b]) => `${a}–${b}`).join(', ') : 'Closed');
