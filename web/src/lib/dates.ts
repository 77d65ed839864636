/**
 * Calendar dates (YYYY-MM-DD) in a time zone, without a date library: the dashboard only needs
 * "what day is it in tz", day/month arithmetic on dates, and when a local midnight happens.
 * Date arithmetic runs on UTC so the browser's own zone never shifts a day.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date if it is a real calendar date written YYYY-MM-DD, else null. */
export function parseDate(text: string | null | undefined): string | null {
  const m = text ? DATE_RE.exec(text) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  // Rejects 2026-02-30 (Date.UTC would roll it over to March) and years Date cannot hold.
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || y < 1970) return null;
  return text!;
}

const toDate = (date: string) => new Date(`${date}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = toDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromDate(d);
}

/** The first day of the month `months` away from the month of `date`. */
export function monthStart(date: string, months = 0): string {
  const d = toDate(date);
  return fromDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** Whole calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function zoneParts(ms: number, tz: string): Record<string, number> {
  let f = partsFormat.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(tz, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Today's date in `tz` at instant `nowMs`. */
export function todayIn(tz: string, nowMs: number): string {
  const p = zoneParts(nowMs, tz);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
export function zoneOffsetMs(ms: number, tz: string): number {
  const p = zoneParts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant local midnight of `date` happens in `tz` (two passes settle a DST change that day). */
export function zonedMidnightMs(date: string, tz: string): number {
  const wall = toDate(date).getTime();
  let ms = wall - zoneOffsetMs(wall, tz);
  ms = wall - zoneOffsetMs(ms, tz);
  return ms;
}

/**
 * The zone's canonical name if the browser knows it as an IANA zone, else null.
 * Offsets such as "+01:00" are valid Intl zones but not for the API, so they are refused here.
 */
export function canonicalTimeZone(tz: string | null | undefined): string | null {
  if (!tz || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Every IANA zone the browser knows, with UTC (some engines leave it out of the list). */
export function allTimeZones(): string[] {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return list.includes('UTC') ? list : ['UTC', ...list];
}

/**
 * The instant wall time `minutes` after local midnight of `date` happens in tz (e.g. 14:24 the day
 * before); a wall time in a DST gap moves forward, as the API reads local times.
 */
export function zonedTimeMs(date: string, minutes: number, tz: string): number {
  const wall = toDate(date).getTime() + minutes * 60_000;
  let ms = wall - zoneOffsetMs(wall, tz);
  ms = wall - zoneOffsetMs(ms, tz);
  return ms;
}

/** The local date and minutes since local midnight of an instant in tz (wall time). */
export function zonedDateMinutes(ms: number, tz: string): { date: string; minutes: number } {
  const p = zoneParts(ms, tz);
  return { date: todayIn(tz, ms), minutes: p.hour * 60 + p.minute };
}

/** An instant on a whole minute as the API's date-time with offset in tz: 2026-11-20T14:24:00+01:00. */
export function formatZonedMinute(ms: number, tz: string): string {
  const offset = Math.round(zoneOffsetMs(ms, tz) / 60_000);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 16);
  const abs = Math.abs(offset);
  return `${local}:00${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
