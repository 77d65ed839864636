/**
 * Local time in an IANA zone, read from Intl (the runtime's tz database), so it is right for every
 * zone and year: DST rules, half-hour offsets, historical changes.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Local calendar fields of an instant. */
export interface LocalTime {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  /** The local calendar day, as days since 1970-01-01. */
  day: number;
}

export class TimeZone {
  private readonly format: Intl.DateTimeFormat;
  /** UTC hour → the offset over that whole hour, or NaN when it changes within the hour. */
  private readonly hours = new Map<number, number>();

  /** Throws a RangeError for a zone the runtime does not know. */
  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The zone's UTC offset (ms) at an instant. */
  offsetMs(utcMs: number): number {
    // Intl is slow next to the generators' arithmetic; offsets change at most once an hour.
    const hour = Math.floor(utcMs / HOUR);
    let offset = this.hours.get(hour);
    if (offset === undefined) {
      const first = this.exactOffsetMs(hour * HOUR);
      offset = first === this.exactOffsetMs(hour * HOUR + HOUR - 1) ? first : Number.NaN;
      this.hours.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.exactOffsetMs(utcMs) : offset;
  }

  local(utcMs: number): LocalTime {
    const wall = utcMs + this.offsetMs(utcMs);
    const d = new Date(wall);
    return { weekday: ((d.getUTCDay() + 6) % 7) + 1, hour: d.getUTCHours(), day: Math.floor(wall / DAY) };
  }

  /**
   * The instant of a local wall-clock time given as ms since the epoch "as if UTC". Ambiguous and
   * skipped times resolve like Temporal's 'compatible' (as the API reads local times): the earlier
   * of two, and a time in a spring-forward gap moves forward by the gap.
   */
  fromLocal(wallMs: number): number {
    const before = this.offsetMs(wallMs - DAY);
    const after = this.offsetMs(wallMs + DAY);
    const early = wallMs - before;
    const late = wallMs - after;
    const earlyFits = this.offsetMs(early) === before;
    const lateFits = this.offsetMs(late) === after;
    if (earlyFits && lateFits) return Math.min(early, late);
    if (lateFits) return late;
    // In a gap, neither fits: the offset before the change puts the time after it.
    return early;
  }

  private exactOffsetMs(utcMs: number): number {
    const f: Record<string, number> = {};
    for (const p of this.format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') f[p.type] = Number(p.value);
    const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
    return wall - Math.floor(utcMs / 1000) * 1000;
  }
}
