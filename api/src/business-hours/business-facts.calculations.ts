import type { BusinessHours } from '@parley/shared';
import { Temporal } from 'temporal-polyfill';
import type { ConversationFacts } from '../facts/facts.calculations.js';
import { openInstants } from './business-hours.calculations.js';

/*
 * The business-time twins of the facts' durations (metrics.md, "Business hours"), from the
 * conversation's instants: ingest, rebuild and the recomputation after a schedule change all call
 * these, so they cannot disagree. Instants are whole µs; a duration d seconds long ends at
 * start + round(d × 1e6) µs. Results are whole µs stored as seconds (µs / 1e6), like the calendar times.
 */

/** The instants (µs) and the one stored duration the twins are measured from. */
export interface FactInstants {
  startedAtUs: number;
  firstCustomerAtUs: number | null;
  firstResponseAtUs: number | null;
  agentFirstResponseAtUs: number | null;
  resolvedAtUs: number | null;
  firstAssignedAtUs: number | null;
  /** Seconds from firstAssignedAt to the first agent response after it. */
  assignmentResponseTime: number | null;
}

/** The biz_ columns of conversation_facts: non-null exactly where the calendar twin is and a schedule exists. */
export interface BusinessTimes {
  firstResponseTime: number | null;
  agentFirstResponseTime: number | null;
  resolutionTime: number | null;
  assignmentResponseTime: number | null;
}

/**
 * A schedule's open intervals as instants, one local year at a time, with running totals: the
 * business time up to an instant is then a binary search, where businessSeconds resolves the
 * dates of each span through the time-zone rules again (milliseconds per conversation, too slow
 * for a rebuild). Each date's intervals come from openInstants, the rules businessSeconds uses.
 */
class CompiledSchedule {
  private readonly years = new Map<number, Year>();
  /** Built years by start instant, for finding an instant's year without the zone rules. */
  private readonly spans: Year[] = [];

  constructor(private readonly schedule: BusinessHours) {}

  /** Business µs of [startUs, endUs) for endUs > startUs. */
  micros(startUs: number, endUs: number): number {
    const a = this.yearOf(startUs);
    const b = this.yearOf(endUs);
    if (a === b) return a.upTo(endUs) - a.upTo(startUs);
    let us = a.totalUs - a.upTo(startUs) + b.upTo(endUs);
    for (let y = a.year + 1; y < b.year; y++) us += this.build(y).totalUs;
    return us;
  }

  private yearOf(us: number): Year {
    for (const y of this.spans) if (us >= y.startUs && us < y.endUs) return y;
    const ms = Math.floor(us / 1000);
    return this.build(Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(this.schedule.timeZone).year);
  }

  private build(year: number): Year {
    let built = this.years.get(year);
    if (!built) {
      built = new Year(year, this.schedule);
      this.years.set(year, built);
      this.spans.push(built);
    }
    return built;
  }
}

class Year {
  readonly startUs: number;
  readonly endUs: number;
  readonly totalUs: number;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Open µs of the year before each interval. */
  private readonly before: number[] = [];

  constructor(
    readonly year: number,
    schedule: BusinessHours,
  ) {
    const tz = schedule.timeZone;
    const first = new Temporal.PlainDate(year, 1, 1);
    const next = new Temporal.PlainDate(year + 1, 1, 1);
    this.startUs = first.toZonedDateTime({ timeZone: tz }).epochMilliseconds * 1000;
    this.endUs = next.toZonedDateTime({ timeZone: tz }).epochMilliseconds * 1000;
    let total = 0;
    for (let d = first; Temporal.PlainDate.compare(d, next) < 0; d = d.add({ days: 1 })) {
      // A date's intervals are disjoint and in order (wall times map to instants monotonically).
      for (const [s, e] of openInstants(d, schedule)) {
        if (e <= s) continue;
        this.starts.push(s * 1000);
        this.ends.push(e * 1000);
        this.before.push(total);
        total += (e - s) * 1000;
      }
    }
    this.totalUs = total;
  }

  /** Open µs of the year before `us` (an instant in the year). */
  upTo(us: number): number {
    let lo = 0;
    let hi = this.starts.length; // the first interval starting after us
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= us) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const k = lo - 1;
    return this.before[k] + Math.min(this.ends[k], us) - this.starts[k];
  }
}

/** Compiled schedules by their JSON (ingest reads the schedule afresh for every batch); a few suffice. */
const compiled = new Map<string, CompiledSchedule>();
const COMPILED_KEPT = 16;
/** The same schedule object again (a batch, a page) skips the JSON. */
const byObject = new WeakMap<BusinessHours, CompiledSchedule>();

function compile(schedule: BusinessHours): CompiledSchedule {
  const known = byObject.get(schedule);
  if (known) return known;
  const key = JSON.stringify(schedule);
  let c = compiled.get(key);
  if (c) {
    compiled.delete(key); // most recently used last
  } else {
    c = new CompiledSchedule(schedule);
    if (compiled.size >= COMPILED_KEPT) compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(key, c);
  byObject.set(schedule, c);
  return c;
}

/**
 * Business µs of [startUs, endUs): exact, since every open interval starts and ends on a whole
 * millisecond (wall minutes; zone offsets are whole seconds). Equals businessSeconds × 1e6 on whole milliseconds.
 */
export function businessMicros(startUs: number, endUs: number, schedule: BusinessHours): number {
  if (!(endUs > startUs)) return 0;
  return compile(schedule).micros(startUs, endUs);
}

/** Business seconds of [startUs, endUs), or null when either end is missing or there is no schedule. */
export function businessSpan(startUs: number | null, endUs: number | null, schedule: BusinessHours | null): number | null {
  if (schedule === null || startUs === null || endUs === null) return null;
  return businessMicros(startUs, endUs, schedule) / 1e6;
}

/** Business seconds of a stored duration that began at `startUs` (a reply wait, an assignment response). */
export function businessDuration(startUs: number | null, seconds: number | null, schedule: BusinessHours | null): number | null {
  if (seconds === null || startUs === null) return null;
  return businessSpan(startUs, startUs + Math.round(seconds * 1e6), schedule);
}

/** The instants of derived facts (facts.calculations.ts). */
export function factInstants(f: ConversationFacts): FactInstants {
  return {
    startedAtUs: f.startedAtUs,
    firstCustomerAtUs: f.firstCustomerAtUs,
    firstResponseAtUs: f.any.firstResponseAtUs,
    agentFirstResponseAtUs: f.agent.firstResponseAtUs,
    resolvedAtUs: f.resolvedAtUs,
    firstAssignedAtUs: f.firstAssignedAtUs,
    assignmentResponseTime: f.assignmentResponseTime,
  };
}

/** The biz_ twins of one conversation's facts; all null without a schedule. */
export function businessTimes(f: FactInstants, schedule: BusinessHours | null): BusinessTimes {
  return {
    firstResponseTime: businessSpan(f.firstCustomerAtUs, f.firstResponseAtUs, schedule),
    agentFirstResponseTime: businessSpan(f.firstCustomerAtUs, f.agentFirstResponseAtUs, schedule),
    resolutionTime: businessSpan(f.startedAtUs, f.resolvedAtUs, schedule),
    assignmentResponseTime: businessDuration(f.firstAssignedAtUs, f.assignmentResponseTime, schedule),
  };
}
