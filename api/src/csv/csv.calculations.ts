/**
 * CSV as api.md asks: RFC 4180 quoting, UTF-8, `null` as an empty cell, and text cells that a
 * spreadsheet would run as a formula (= + - @ tab CR at the start) prefixed with a quote.
 */
import { formatLocal } from '../metrics/period.calculations.js';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/**
 * Rows of objects → header + lines. Nested `revenue` objects become one column per currency
 * (`revenue.EUR`), arrays become `name.0`, `name.1`, … (interleaved with `interleave` arrays).
 * `template` gives the columns when there are no rows.
 */
export function toCsv(rows: Record<string, unknown>[], interleave: [string, string] | null = null, template: Record<string, unknown> = {}): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  const add = (c: string) => !seen.has(c) && (seen.add(c), columns.push(c));
  const currencies = new Set<string>();
  let longest = 0;
  for (const row of rows)
    for (const [k, v] of Object.entries(row)) {
      if (k === 'revenue' && v && typeof v === 'object') Object.keys(v).forEach((c) => currencies.add(c));
      if (Array.isArray(v)) longest = Math.max(longest, v.length);
    }
  // With no rows, the header still lists the columns (from the template row).
  const first = rows[0] ?? template;
  for (const [k, v] of Object.entries(first)) {
    if (k === 'revenue') [...currencies].sort().forEach((c) => add(`revenue.${c}`));
    else if (Array.isArray(v)) {
      if (interleave && k === interleave[0]) for (let i = 0; i < longest; i++) (add(`${interleave[0]}.${i}`), add(`${interleave[1]}.${i}`));
      else if (!(interleave && k === interleave[1])) for (let i = 0; i < longest; i++) add(`${k}.${i}`);
    } else add(k);
  }
  let out = csvLine(columns);
  for (const row of rows)
    out += csvLine(
      columns.map((c) => {
        const dot = c.indexOf('.');
        if (dot < 0) return row[c] as Cell;
        const [k, sub] = [c.slice(0, dot), c.slice(dot + 1)];
        const v = row[k] as Record<string, Cell> | Cell[] | undefined;
        if (k === 'revenue') return (v as Record<string, Cell>)?.[sub] ?? null;
        return (v as Cell[])?.[Number(sub)] ?? null;
      }),
    );
  return out;
}

/**
 * `parley-engagement_2026-10-01_2026-10-31.csv`: the report, then the local dates (in tz) of the
 * period's first and last instant. `to` is exclusive, so the last instant is the millisecond
 * before it: `to=2026-11-01` (local midnight) names October 31, the last day in the file, as a
 * person names a range; `to=2026-11-01T08:00` names November 1.
 */
export function csvFilename(report: string, fromMs: number, toMs: number, tz: string): string {
  return `parley-${report}_${formatLocal(fromMs, tz).slice(0, 10)}_${formatLocal(toMs - 1, tz).slice(0, 10)}.csv`;
}
