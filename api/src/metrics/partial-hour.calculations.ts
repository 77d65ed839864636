/**
 * A period that starts on a whole UTC hour and ends inside one (a running "today", GET /live's
 * windows) is answered as two disjoint parts: its whole hours from the hourly rollups and the
 * last, partial hour from the events and facts (table-decider.ts). Every figure counts things by
 * one instant each, so the two parts' counts and sums add up per bucket and group; distinct
 * contacts do not add up and are counted over both parts' contact sets together
 * (rollup-metrics.repository.ts partialHourSets). Pure: the split and the additions.
 */
import type { RevenueRow, Row } from './scope.js';

const HOUR_MS = 3_600_000;

/**
 * The start of the partial last hour of [fromMs, toMs) when the rest is whole hours the rollups
 * can answer with these bounds (every bound from fromMs on a whole hour), else null.
 */
export function partialHourStart(fromMs: number, toMs: number, bounds: number[]): number | null {
  const hour = toMs - (((toMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
  if (fromMs % HOUR_MS !== 0 || hour === toMs || hour <= fromMs) return null;
  // A bound after fromMs off the hour (a +05:30 zone's days) leaves nothing to the rollups.
  return bounds.every((b) => b < fromMs || b % HOUR_MS === 0) ? hour : null;
}

/** The rows of both parts, summed field by field per bucket and group (a pair in one part only is kept as it is). */
export function addRows<T extends Row>(a: T[], b: T[], fields: (keyof T & string)[]): T[] {
  const out = new Map<string, T>();
  for (const r of a) out.set(`${r.b}\u0000${r.g}`, { ...r });
  for (const r of b) {
    const key = `${r.b}\u0000${r.g}`;
    const row = out.get(key);
    if (!row) out.set(key, { ...r });
    else for (const f of fields) (row[f] as number) = Number(row[f]) + Number(r[f]);
  }
  return [...out.values()];
}

/** Revenue of both parts: exact decimal sums per bucket, group and currency. */
export function addRevenue(a: RevenueRow[], b: RevenueRow[]): RevenueRow[] {
  const out = new Map<string, RevenueRow>();
  for (const r of [...a, ...b]) {
    const key = `${r.b}\u0000${r.g}\u0000${r.currency}`;
    const row = out.get(key);
    if (!row) out.set(key, { ...r });
    else row.amount = addDecimal(row.amount, r.amount);
  }
  return [...out.values()];
}

/** x + y for decimal strings ("12.5", "-0.25", "3"), exactly, in the plainest form numeric text has (no exponent). */
export function addDecimal(x: string, y: string): string {
  const parse = (s: string) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
    if (!m) throw new Error(`not a decimal: '${s}'`);
    return { sign: m[1] === '-' ? -1n : 1n, int: m[2], frac: m[3] ?? '' };
  };
  const p = parse(x);
  const q = parse(y);
  const scale = Math.max(p.frac.length, q.frac.length);
  const units = (v: ReturnType<typeof parse>) => v.sign * BigInt(v.int + v.frac.padEnd(scale, '0'));
  const sum = units(p) + units(q);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale === 0 ? '' : `.${digits.slice(digits.length - scale)}`;
  return `${sum < 0n ? '-' : ''}${int}${frac}`;
}
