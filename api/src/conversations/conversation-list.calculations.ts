/**
 * The keyset cursor of GET /conversations (api.md "Drill-down"): the last item's position in the
 * list's order (its sort value and conversationId), so the next page starts right after it
 * whatever was added or changed meanwhile. Opaque to clients (base64url of JSON), checked here:
 * a cursor that is not one of ours, or one of another sort or order, is a 400 naming `cursor`.
 */
import type { ConversationSort, SortOrder } from '@parley/shared';

export interface ListPosition {
  sort: ConversationSort;
  order: SortOrder;
  /** The sort value as the database writes it (instant: UTC ISO with µs; number: its text), or null (nulls sort last). */
  value: string | null;
  conversationId: string;
}

const VERSION = 1;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/;
const INTEGER = /^-?\d{1,10}$/;

/** What the sort's values look like: instants or numbers (seconds; the rating an integer). */
const VALUE: Record<ConversationSort, RegExp> = {
  startedAt: INSTANT,
  waitingSince: INSTANT,
  firstResponseTime: NUMBER,
  resolutionTime: NUMBER,
  rating: INTEGER,
};

export function encodeCursor(p: ListPosition): string {
  return Buffer.from(JSON.stringify([VERSION, p.sort, p.order, p.value, p.conversationId]), 'utf8').toString('base64url');
}

export class CursorError extends Error {}

/** The position a cursor holds, for a request with this sort and order; throws CursorError (its message names `cursor`). */
export function decodeCursor(text: string, sort: ConversationSort, order: SortOrder): ListPosition {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(text)) throw new Error();
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError("cursor: not a cursor of this list; pass the previous page's nextCursor as it is");
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === 5 &&
    parsed[0] === VERSION &&
    typeof parsed[1] === 'string' &&
    typeof parsed[2] === 'string' &&
    (parsed[3] === null || typeof parsed[3] === 'string') &&
    typeof parsed[4] === 'string' &&
    parsed[4].length > 0 &&
    [...parsed[4]].length <= 128;
  if (!ok) throw new CursorError("cursor: not a cursor of this list; pass the previous page's nextCursor as it is");
  const [, s, o, value, conversationId] = parsed as [number, string, string, string | null, string];
  if (s !== sort || o !== order) throw new CursorError(`cursor: it continues a list sorted by ${s} ${o}, not ${sort} ${order}; start again without cursor`);
  // startedAt is never null; any other value must look like the sort's values.
  if ((value === null && sort === 'startedAt') || (value !== null && !VALUE[sort].test(value)))
    throw new CursorError("cursor: not a cursor of this list; pass the previous page's nextCursor as it is");
  return { sort, order, value, conversationId };
}
