import { z } from 'zod';

/** The weekday keys of a schedule, Monday first (ISO order: index + 1 is Temporal's dayOfWeek). */
export const BUSINESS_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type BusinessDay = (typeof BUSINESS_DAYS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight of a `HH:MM` wall time; `24:00` only when it is an end. */
export function wallMinutes(text: string, asEnd = false): number | null {
  if (asEnd && text === '24:00') return 24 * 60;
  if (!HHMM.test(text)) return null;
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC: no zone can shift it).
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const interval = z
  .tuple([z.string(), z.string()])
  .superRefine(([start, end], ctx) => {
    const s = wallMinutes(start);
    const e = wallMinutes(end, true);
    if (s === null) ctx.addIssue({ code: 'custom', path: [0], message: `start ${JSON.stringify(start)} is not a time HH:MM from 00:00 to 23:59` });
    if (e === null) ctx.addIssue({ code: 'custom', path: [1], message: `end ${JSON.stringify(end)} is not a time HH:MM from 00:01 to 24:00` });
    if (s !== null && e !== null && s >= e) ctx.addIssue({ code: 'custom', message: `interval ${start}–${end}: start must be before end` });
  });

/** A day's open intervals: any order, touching allowed, overlapping not; sorted on the way in. */
const day = () =>
  z
    .array(interval)
    .superRefine((list, ctx) => {
      const parsed = list.map(([s, e]) => ({ s: wallMinutes(s), e: wallMinutes(e, true), text: `${s}–${e}` }));
      if (parsed.some((p) => p.s === null || p.e === null || p.s >= p.e)) return; // the interval itself was reported
      const sorted = [...parsed].sort((a, b) => a.s! - b.s!);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].s! < sorted[i - 1].e!)
          ctx.addIssue({ code: 'custom', message: `intervals ${sorted[i - 1].text} and ${sorted[i].text} overlap` });
      }
    })
    .transform((list) => [...list].sort((a, b) => wallMinutes(a[0])! - wallMinutes(b[0])!) as [string, string][])
    .optional()
    .meta({ description: 'Open intervals [start, end) as local HH:MM (24:00 only as an end); missing or [] = closed', example: [['09:00', '17:30']] });

/**
 * A workspace's business-hours schedule as written (PUT). Normalised on parse: every weekday
 * present (a missing day is closed, []), intervals sorted by start, holidays sorted with duplicates
 * collapsed (a repeated date means the same closed day, so it is accepted rather than refused).
 */
export const BusinessHoursRequestSchema = z
  .strictObject({
    timeZone: z
      .string()
      .refine(validTimeZone, { message: 'not an IANA time zone' })
      .meta({ description: 'IANA time zone the wall-clock times and holidays are read in', example: 'Europe/Berlin' }),
    mon: day(),
    tue: day(),
    wed: day(),
    thu: day(),
    fri: day(),
    sat: day(),
    sun: day(),
    holidays: z
      .array(
        z.string().refine(validDate, { message: 'must be a date YYYY-MM-DD' }),
      )
      .optional()
      .transform((list) => [...new Set(list ?? [])].sort())
      .meta({ description: 'Local dates closed all day (sorted, duplicates collapsed)', example: ['2026-12-25'] }),
  })
  .transform((v) => ({
    timeZone: v.timeZone,
    ...(Object.fromEntries(BUSINESS_DAYS.map((d) => [d, v[d] ?? []])) as Record<BusinessDay, [string, string][]>),
    holidays: v.holidays,
  }))
  .meta({ id: 'BusinessHoursRequest' });
export type BusinessHoursRequest = z.input<typeof BusinessHoursRequestSchema>;

/** A stored, normalised schedule (what GET answers and the business-time math reads). */
export const BusinessHoursSchema = z
  .object({
    timeZone: z.string(),
    mon: z.array(z.tuple([z.string(), z.string()])),
    tue: z.array(z.tuple([z.string(), z.string()])),
    wed: z.array(z.tuple([z.string(), z.string()])),
    thu: z.array(z.tuple([z.string(), z.string()])),
    fri: z.array(z.tuple([z.string(), z.string()])),
    sat: z.array(z.tuple([z.string(), z.string()])),
    sun: z.array(z.tuple([z.string(), z.string()])),
    holidays: z.array(z.string()),
  })
  .meta({ id: 'BusinessHours' });
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

/**
 * Every problem of a schedule body as "path: message" (as parseBody does: `mon: intervals … overlap`,
 * `mon.0: interval 17:00–09:00: …`, `mon.0.1: end "25:00" …`), always starting with the top-level
 * key; an unknown key is named as the path too, not as "body".
 */
export function businessHoursProblems(body: unknown): string[] {
  const r = BusinessHoursRequestSchema.safeParse(body);
  if (r.success) return [];
  return r.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${k}: unknown key (expected timeZone, mon … sun, holidays)`);
    if (!issue.path.length) return [`body: ${issue.message}`];
    return [`${issue.path.map(String).join('.')}: ${issue.message}`];
  });
}
