/**
 * Saved views (a user's named dashboard URLs): their limits, the pages they may name and the query
 * parameters they may hold. Plain values, no zod: the dashboard imports them
 * (`@parley/shared/view-params`) without bundling zod; `views.ts` builds the API's schemas on them.
 */

export const VIEW_NAME_MAX = 80;
export const VIEW_QUERY_MAX = 2000;
/** Views one user may keep: a list in a menu, not a store. */
export const MAX_VIEWS_PER_USER = 100;

/** The dashboard pages a view may open (Settings holds no view of the figures). */
export const VIEW_PATHS = ['/', '/response-times', '/engagement', '/campaigns', '/loyalty', '/channels', '/exports', '/agents', '/teams', '/tags', '/conversations', '/live'] as const;
export type ViewPath = (typeof VIEW_PATHS)[number];

/**
 * Every query parameter the dashboard's URL state writes (web/src/lib/url-state.ts serializeState;
 * its test checks this list covers them). A view holds these and nothing else.
 */
export const VIEW_QUERY_PARAMS = [
  'period',
  'from',
  'to',
  'compare',
  'tz',
  'grain',
  'channel',
  'metric',
  'volume',
  'groupBy',
  'responder',
  'sla',
  'show',
  'cohort',
  'sort',
  'dir',
  'window',
  'campaign',
  'campaignSort',
  'campaignDir',
  'groupSort',
  'groupDir',
  'groups',
  'team',
  'tag',
  'hours',
  'by',
  'status',
  'agent',
  'sortBy',
  'order',
] as const;

// A `%` not followed by two hex digits: URLSearchParams would silently keep it as text.
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
// Control characters have no place in a name or a URL a person saved.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What is wrong with a view's name (already trimmed), or null. */
export function viewNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if ([...name].length > VIEW_NAME_MAX) return `must be at most ${VIEW_NAME_MAX} characters`;
  if (CONTROL.test(name)) return 'must not contain control characters';
  if (/[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'must not contain unpaired surrogates (invalid Unicode)';
  return null;
}

/**
 * What is wrong with a view's query string (without its `?`; empty is the page's defaults), or
 * null: at most VIEW_QUERY_MAX characters, well-formed percent-escapes, only known parameters.
 */
export function viewQueryProblem(query: string): string | null {
  if (query.length > VIEW_QUERY_MAX) return `must be at most ${VIEW_QUERY_MAX} characters`;
  if (query.startsWith('?')) return "must not start with '?'";
  // A URL's query as the dashboard writes it is percent-encoded ASCII: anything else (spaces, #,
  // control characters, raw Unicode, unpaired surrogates) is not one of its URLs.
  if (/[^\x21-\x7e]|#/.test(query)) return 'must be URL-encoded (printable ASCII: no spaces, #, control or other raw characters)';
  if (BAD_ESCAPE.test(query)) return "has a '%' that is not a percent-escape";
  let params: URLSearchParams;
  try {
    // decodeURIComponent throws on escapes that are not UTF-8 (%FF); URLSearchParams would not.
    for (const part of query.split('&')) decodeURIComponent(part.replace(/\+/g, ' '));
    params = new URLSearchParams(query);
  } catch {
    return 'has an escape that is not UTF-8';
  }
  const unknown = [...new Set(params.keys())].filter((k) => !(VIEW_QUERY_PARAMS as readonly string[]).includes(k));
  if (unknown.length > 0) return `has unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`;
  return null;
}
