/**
 * The metric math that is not SQL: turning per-(bucket, group) aggregates into the answer's
 * metrics (rates, means, null for statistics of nothing), complete series and cohort triangles.
 */
import type { EngagementMetrics, LoyaltyMetrics, ResponseMetrics } from '@parley/shared';
import { compareBytes } from '../facts/facts.calculations.js';
import type { Bucket } from './period.calculations.js';
import type { AssignmentRow, AutomationRow, ContactRow, ConversationRow, MessageRow, RatingRow, ReplyRow, ResolutionRow, RevenueRow, StartedRow } from './scope.js';

/** a / b, or null when there is nothing to divide by. */
export const rate = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/**
 * The double nearest to n / d (ties to even), for integers n ≥ 0 and d > 0 of any size: what
 * IEEE division gives when both are exact doubles, also for sums past 2^53.
 */
export function ratio(n: bigint, d: bigint): number {
  if (n === 0n) return 0;
  // Scale so the integer quotient has 55 or 56 bits: 53 are kept, the rest and the remainder round.
  const shift = 55 - (bitLength(n) - bitLength(d));
  const [num, den] = shift >= 0 ? [n << BigInt(shift), d] : [n, d << BigInt(-shift)];
  const q = num / den;
  const drop = BigInt(bitLength(q) - 53);
  let kept = q >> drop;
  const rest = q - (kept << drop);
  const half = 1n << (drop - 1n);
  if (rest > half || (rest === half && (num % den !== 0n || (kept & 1n) === 1n))) kept += 1n;
  // kept ≤ 2^53 is exact as a double, and so is its product with a power of two.
  return Number(kept) * 2 ** (Number(drop) - shift);
}

const bitLength = (x: bigint) => x.toString(2).length;

/** Mean in seconds of `count` durations summing to `sumUs` whole µs (exact numeric text): divided once. */
export const meanSeconds = (sumUs: string, count: number): number => ratio(BigInt(sumUs), BigInt(count) * 1_000_000n);

/** Rows indexed by bucket and group. */
export class Cells<T extends { b: number; g: string | null }> {
  private readonly map = new Map<string, T>();
  constructor(rows: T[]) {
    for (const r of rows) this.map.set(Cells.key(r.b, r.g), r);
  }
  /** A tag may be any text but NUL (even "\u0001null"): a group's key is marked apart from null's. */
  static key(b: number, g: string | null) {
    return g === null ? `${b}\u0000-` : `${b}\u0000+${g}`;
  }
  get(b: number, g: string | null): T | undefined {
    return this.map.get(Cells.key(b, g));
  }
  groups(): (string | null)[] {
    return [...this.map.values()].map((r) => r.g);
  }
}

export function responseMetrics(c?: ConversationRow, r?: ReplyRow, s?: ResolutionRow, a?: AssignmentRow): ResponseMetrics {
  const conversations = c?.conversations ?? 0;
  const responded = c?.responded ?? 0;
  return {
    conversations,
    responded,
    responseRate: rate(responded, conversations),
    firstResponseMedian: c?.frt_median ?? null,
    firstResponseP90: c?.frt_p90 ?? null,
    firstResponseMean: responded && c?.frt_sum_us != null ? meanSeconds(c.frt_sum_us, responded) : null,
    replyMedian: r?.reply_median ?? null,
    replyP90: r?.reply_p90 ?? null,
    resolutions: s?.resolutions ?? 0,
    resolutionMedian: s?.resolution_median ?? null,
    withinSla: rate(c?.within_sla ?? 0, conversations),
    assignedConversations: a?.assigned ?? 0,
    assignmentResponseMedian: a?.assign_median ?? null,
    assignmentResponseP90: a?.assign_p90 ?? null,
  };
}

/** Exact decimal sums per currency (numeric text) → JSON numbers, currencies in order. */
export function revenueOf(rows: RevenueRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of [...rows].sort((a, b) => compareBytes(a.currency, b.currency))) out[r.currency.trim()] = Number(r.amount);
  return out;
}

export function engagementMetrics(s?: StartedRow, c?: AutomationRow, m?: MessageRow, revenue: RevenueRow[] = []): EngagementMetrics {
  const conversations = s?.conversations ?? 0;
  return {
    conversations,
    messagesIn: m?.messages_in ?? 0,
    messagesOut: m?.messages_out ?? 0,
    activeContacts: m?.active_contacts ?? 0,
    messagesPerConversation: rate(s?.messages ?? 0, conversations),
    automationRate: rate(c?.automated ?? 0, c?.with_response ?? 0),
    conversionRate: rate(s?.converted ?? 0, conversations),
    revenue: revenueOf(revenue),
  };
}

export function loyaltyMetrics(c?: ContactRow, r?: RatingRow): LoyaltyMetrics {
  const active = c?.active ?? 0;
  const fresh = c?.new ?? 0;
  return {
    activeContacts: active,
    newContacts: fresh,
    returningContacts: active - fresh,
    returningRate: rate(active - fresh, active),
    repeatContactRate: rate(c?.repeat ?? 0, active),
    csatAverage: rate(r?.rating_sum ?? 0, r?.ratings ?? 0),
    csatSatisfiedRate: rate(r?.satisfied ?? 0, r?.ratings ?? 0),
    csatResponses: r?.ratings ?? 0,
  };
}

/** Groups in answer order: byte order, null (e.g. unanswered) last. */
export function orderGroups(groups: (string | null)[]): (string | null)[] {
  const unique = [...new Set(groups)];
  return unique.sort((a, b) => (a === null ? 1 : b === null ? -1 : compareBytes(a, b)));
}

/**
 * Every bucket for every group (or once, ungrouped), in order: group, then bucket.
 * `build(b, g)` gives the metrics of bucket index b (1-based, as width_bucket) and group g.
 */
export function series<M>(buckets: Bucket[], groups: (string | null)[] | null, build: (b: number, g: string | null) => M): (M & { bucket: string; group?: string | null })[] {
  const out: (M & { bucket: string; group?: string | null })[] = [];
  for (const g of groups ?? [null])
    buckets.forEach((bucket, i) => out.push({ bucket: bucket.label, ...(groups ? { group: g } : {}), ...build(i + 1, g) }));
  return out;
}

/** Revenue rows of one (bucket, group). */
export function revenueIn(rows: RevenueRow[], b: number, g: string | null): RevenueRow[] {
  return rows.filter((r) => r.b === b && r.g === g);
}

/**
 * Cohort triangle: cohort c (1-based bucket index) has `size` = its members (activity in its own
 * bucket), retained[k] for every bucket c + k that exists (starts before `to`).
 */
export function cohortTriangle(buckets: Bucket[], cells: { c: number; b: number; contacts: number }[]) {
  const at = new Map(cells.map((x) => [`${x.c}:${x.b}`, x.contacts]));
  return buckets.map((bucket, i) => {
    const c = i + 1;
    const retained: number[] = [];
    for (let b = c; b <= buckets.length; b++) retained.push(at.get(`${c}:${b}`) ?? 0);
    const size = retained[0];
    return { cohort: bucket.label, size, retained, rate: retained.map((n) => rate(n, size)) };
  });
}
