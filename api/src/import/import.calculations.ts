/**
 * CSV rows of events (the columns of /exports/events.csv) back into event objects, so an export can
 * be imported again. Pure; validation proper happens at ingest, like any API request.
 */

const JSON_COLUMNS = new Set(['sender', 'tags', 'attributes']);
const NUMBER_COLUMNS = new Set(['rating', 'value']);
/** Columns the export writes that are not event fields. */
const IGNORED = new Set(['receivedAt']);

/** Undoes the export's formula guard: `'+4915…` was written for `+4915…`. */
export function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function csvRecordToEvent(record: Record<string, string>): { event: Record<string, unknown> } | { error: string } {
  const event: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    if (IGNORED.has(column) || raw === '' || raw === undefined) continue;
    const cell = unguard(raw);
    if (JSON_COLUMNS.has(column)) {
      try {
        event[column] = JSON.parse(cell);
      } catch {
        return { error: `${column}: is not valid JSON` };
      }
    } else if (NUMBER_COLUMNS.has(column)) {
      const n = Number(cell);
      event[column] = cell.trim() !== '' && Number.isFinite(n) ? n : cell;
    } else event[column] = cell;
  }
  return { event };
}
