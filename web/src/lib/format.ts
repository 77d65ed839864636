/**
 * The one place numbers, percentages, durations, currencies and dates become text.
 * Everything goes through Intl with the user's locale (tests pass one explicitly), and every
 * formatter turns "no value" (null: a median of nothing) into the same dash.
 */
import type { Grain } from '@parley/shared';

export const NO_VALUE = '—';

/** undefined = the browser's locale. */
export type Locale = string | undefined;

// Intl formatters are costly to build and charts call these per tick: keep them.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || Number.isNaN(v);

/** 12,345 — up to `digits` fraction digits (for means such as messages per conversation). */
export function formatNumber(v: number | null | undefined, locale?: Locale, digits = 0): string {
  if (missing(v)) return NO_VALUE;
  return numberFormat(locale, { maximumFractionDigits: digits }).format(v);
}

/** 12K, 1.2M: for axes, where width matters more than precision. */
export function formatCompact(v: number | null | undefined, locale?: Locale): string {
  if (missing(v)) return NO_VALUE;
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

/** A fraction in [0, 1] as 42.1%. */
export function formatPercent(v: number | null | undefined, locale?: Locale, digits = 1): string {
  if (missing(v)) return NO_VALUE;
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(v);
}

/** A CSAT average on the 1–5 scale: 4.32. */
export function formatScore(v: number | null | undefined, locale?: Locale): string {
  if (missing(v)) return NO_VALUE;
  return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Seconds as the two largest units, the smaller zero-padded so columns line up:
 * 42s, 4m 12s, 1h 03m, 2d 04h. Under 10 s keeps a tenth (bots answer in 0.8s).
 * Unit letters are the same in every locale, as in most analytics tools; the digits are not.
 */
export function formatDuration(seconds: number | null | undefined, locale?: Locale): string {
  if (missing(seconds)) return NO_VALUE;
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 10) return `${sign}${numberFormat(locale, { maximumFractionDigits: 1 }).format(Math.round(s * 10) / 10)}s`;
  // Round to whole seconds first, so 59.6 s shows as 1m 00s rather than 60s.
  const total = Math.round(s);
  if (total < 60) return `${sign}${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${sign}${minutes}m ${pad2(total % 60)}s`;
  const totalMinutes = Math.round(s / 60);
  const hours = Math.floor(totalMinutes / 60);
  if (hours < 24) return `${sign}${hours}h ${pad2(totalMinutes % 60)}m`;
  const totalHours = Math.round(s / 3600);
  return `${sign}${numberFormat(locale, {}).format(Math.floor(totalHours / 24))}d ${pad2(totalHours % 24)}h`;
}

/** Short duration for axes: 45s, 4m, 1.5h, 2d. */
export function formatDurationAxis(seconds: number | null | undefined, locale?: Locale): string {
  if (missing(seconds)) return NO_VALUE;
  const f = numberFormat(locale, { maximumFractionDigits: 1 });
  const s = Math.abs(seconds);
  if (s < 60) return `${f.format(seconds)}s`;
  if (s < 3600) return `${f.format(seconds / 60)}m`;
  if (s < 86_400) return `${f.format(seconds / 3600)}h`;
  return `${f.format(seconds / 86_400)}d`;
}

/** €1,234.50. An unknown currency code (the API takes any 3 letters) falls back to "1,234.50 XYZ". */
export function formatCurrency(v: number | null | undefined, currency: string, locale?: Locale, compact = false): string {
  if (missing(v)) return NO_VALUE;
  try {
    return numberFormat(locale, { style: 'currency', currency, ...(compact ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : {}) }).format(v);
  } catch {
    return `${numberFormat(locale, { maximumFractionDigits: 2 }).format(v)} ${currency}`;
  }
}

/** Revenue per currency on one line: "€1,200.00 · $300.00"; nothing at all is a dash. */
export function formatRevenue(revenue: Record<string, number>, locale?: Locale): string {
  const parts = Object.entries(revenue)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cur, v]) => formatCurrency(v, cur, locale));
  return parts.length ? parts.join(' · ') : NO_VALUE;
}

/** A change in percentage points (for rates): +2.1 pp. */
export function formatPoints(diff: number, locale?: Locale): string {
  const v = numberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(diff * 100);
  return `${v} pp`;
}

/** A relative change: +12%, −3.4%. */
export function formatChange(ratio: number, locale?: Locale): string {
  const digits = Math.abs(ratio) < 0.1 ? 1 : 0;
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(ratio);
}

/**
 * A bucket's label in the chosen zone. Buckets arrive as local starts with their offset
 * (2026-10-25T00:00:00+02:00); formatting the instant with `timeZone: tz` gives the wall time in
 * that zone whatever the browser's own zone, including the :30 hours of Lord Howe.
 * `long` is for tooltips and tables, short for axis ticks.
 */
export function formatBucket(bucket: string, grain: Grain, tz: string, locale?: Locale, long = false): string {
  const d = new Date(bucket);
  if (Number.isNaN(d.getTime())) return bucket;
  const timeZone = tz;
  switch (grain) {
    case 'hour':
      return dateFormat(
        locale,
        long
          ? { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
          : { timeZone, hour: '2-digit', minute: '2-digit' },
      ).format(d);
    case 'day':
      return dateFormat(locale, long ? { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : { timeZone, day: 'numeric', month: 'short' }).format(d);
    case 'week': {
      const text = dateFormat(locale, long ? { timeZone, day: 'numeric', month: 'short', year: 'numeric' } : { timeZone, day: 'numeric', month: 'short' }).format(d);
      // "w/c" (week commencing): a week's tick must not read as a day.
      return long ? `Week of ${text}` : `w/c ${text}`;
    }
    case 'month':
      // A four-digit year: "Sep 26" reads as the 26th of September.
      return dateFormat(locale, long ? { timeZone, month: 'long', year: 'numeric' } : { timeZone, month: 'short', year: 'numeric' }).format(d);
  }
}

/**
 * A tick of an hourly axis over several days: every tick carries its day ("Mon 2 Nov" at
 * midnight, "Mon 2 Nov, 12:00" otherwise), since a chart library drops ticks as width requires.
 */
export function formatHourTick(bucket: string, tz: string, locale?: Locale): string {
  const d = new Date(bucket);
  if (Number.isNaN(d.getTime())) return bucket;
  const day = dateFormat(locale, { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short' }).format(d);
  const time = dateFormat(locale, { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return /^0?0\D00$/.test(time) ? day : `${day}, ${formatBucket(bucket, 'hour', tz, locale)}`;
}

/** The wall time of an instant in tz as the locale writes it: "14:24" or "2:24 PM". */
export function formatClock(ms: number, tz: string, locale?: Locale): string {
  return dateFormat(locale, { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/** A calendar date (YYYY-MM-DD, a day in the chosen zone) as "1 Nov 2026". Read at UTC so no zone shifts it. */
export function formatDay(date: string, locale?: Locale): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return dateFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

/** An instant (ISO 8601) as "20 Nov 2026, 11:00" in the browser's zone; the dash for null, the text itself if unreadable. */
export function formatInstant(iso: string | null | undefined, locale?: Locale, timeZone?: string): string {
  if (!iso) return NO_VALUE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** "1 – 30 Nov 2026": an inclusive range of calendar dates. */
export function formatDayRange(first: string, last: string, locale?: Locale): string {
  const a = new Date(`${first}T00:00:00Z`);
  const b = new Date(`${last}T00:00:00Z`);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${first} – ${last}`;
  if (first === last) return formatDay(first, locale);
  return dateFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).formatRange(a, b);
}

/** Weekday names, Monday first (the heatmap's 1 = Monday … 7 = Sunday). */
export function weekdayNames(locale?: Locale, style: 'short' | 'long' = 'short'): string[] {
  const f = dateFormat(locale, { timeZone: 'UTC', weekday: style });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** Hour of day as the locale writes it: "09" or "9 AM". */
export function hourName(hour: number, locale?: Locale): string {
  return dateFormat(locale, { timeZone: 'UTC', hour: 'numeric' }).format(new Date(Date.UTC(2024, 0, 1, hour)));
}

/** An hour as the 24-hour clock's number ("21"): the narrowest hour label, for a phone. */
export function hourShort(hour: number): string {
  return String(hour);
}

/** The kinds of value a metric can have; the metric registry maps each metric to one. */
export type ValueKind = 'count' | 'decimal' | 'percent' | 'duration' | 'score';

export function formatValue(kind: ValueKind, v: number | null | undefined, locale?: Locale): string {
  switch (kind) {
    case 'count':
      return formatNumber(v, locale);
    case 'decimal':
      return formatNumber(v, locale, 1);
    case 'percent':
      return formatPercent(v, locale);
    case 'duration':
      return formatDuration(v, locale);
    case 'score':
      return formatScore(v, locale);
  }
}

/** Axis ticks: compact counts, whole percents, short durations. */
export function formatAxis(kind: ValueKind, v: number | null | undefined, locale?: Locale): string {
  switch (kind) {
    case 'count':
    case 'decimal':
      return formatCompact(v, locale);
    case 'percent':
      return formatPercent(v, locale, 0);
    case 'duration':
      return formatDurationAxis(v, locale);
    case 'score':
      return formatNumber(v, locale, 1);
  }
}

/** A time zone as people read it: "Europe/Berlin (GMT+01:00)", the offset at `at` (now); the name alone if the runtime does not know it. */
export function formatTimeZone(tz: string, locale?: Locale, at: Date = new Date()): string {
  if (tz === 'UTC') return tz;
  try {
    const offset = dateFormat(locale, { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    return offset ? `${tz} (${offset})` : tz;
  } catch {
    return tz;
  }
}
